package org.h5vds.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.select.All;
import org.h5vds.select.DimSet;
import org.h5vds.select.NoneSelection;
import org.h5vds.select.Points;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Regular;
import org.h5vds.select.Selection;

/**
 * A readable form of a dataspace selection in NumPy index notation, as a VDS mapping shows it:
 * {@code [0, 0:100]}, {@code [1:79:4, :]}-like slices with explicit bounds,
 * {@code MultiBlockSlice(start=0, stride=10, count=UNLIMITED, block=2)} for blocks of more than one
 * index, {@code [3, 6, 20:22]} for index lists, {@code ALL}, and a list of boxes for an irregular
 * union.
 */
final class SelectionText {
    /** Boxes shown for an irregular union before the rest are counted. */
    private static final int MAX_BOXES = 8;

    private SelectionText() {
    }

    static String of(Selection s) {
        if (s instanceof All) return "ALL";
        if (s instanceof NoneSelection) return "NONE";
        if (s instanceof ProductSelection p) {
            List<String> axes = new ArrayList<>();
            for (int i = 0; i < p.rank(); i++) axes.add(axis(p.axis(i)));
            return "[" + String.join(", ", axes) + "]";
        }
        if (s instanceof Points pts) {
            List<String> out = new ArrayList<>();
            for (int k = 0; k < Math.min(pts.size(), MAX_BOXES); k++) out.add(tuple(pts.point(k)));
            return "points[" + String.join(", ", out) + (pts.size() > MAX_BOXES ? ", ... " + (pts.size() - MAX_BOXES) + " more" : "") + "]";
        }
        return union(s);
    }

    private static String axis(DimSet d) {
        if (d instanceof Regular r) {
            String count = r.count() == DimSet.UNLIMITED ? "UNLIMITED" : Long.toString(r.count());
            String block = r.block() == DimSet.UNLIMITED ? "UNLIMITED" : Long.toString(r.block());
            if (r.count() == 1) {
                if (r.block() == 1) return Long.toString(r.start());
                return r.start() + ":" + (r.block() == DimSet.UNLIMITED ? "UNLIMITED" : Long.toString(r.start() + r.block()));
            }
            if (r.block() == 1) {
                String stop = r.count() == DimSet.UNLIMITED ? "UNLIMITED" : Long.toString(r.start() + r.stride() * (r.count() - 1) + 1);
                return r.start() + ":" + stop + (r.stride() == 1 ? "" : ":" + r.stride());
            }
            return "MultiBlockSlice(start=" + r.start() + ", stride=" + r.stride() + ", count=" + count + ", block=" + block + ")";
        }
        List<String> parts = new ArrayList<>();
        d.forEachInterval((start, length) -> parts.add(length == 1 ? Long.toString(start) : start + ":" + (start + length)));
        return parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
    }

    /** The union as boxes: runs along the last axis merged across consecutive first-axis indices. */
    private static String union(Selection s) {
        int rank = s.rank();
        Map<List<Long>, long[]> open = new LinkedHashMap<>();
        List<long[][]> boxes = new ArrayList<>();
        s.forEachRun((start, length) -> {
            List<Long> key = new ArrayList<>(rank + 1);
            for (int d = 1; d < rank; d++) key.add(start[d]);
            key.add(length);
            long[] box = open.get(key);
            if (box != null && box[1] == start[0]) {
                box[1]++;
            } else {
                long[] b = {start[0], start[0] + 1};
                open.put(key, b);
                long[] rest = new long[rank + 1];
                for (int d = 1; d < rank; d++) rest[d] = start[d];
                rest[rank] = length;
                boxes.add(new long[][] {b, rest});
            }
        });
        List<String> out = new ArrayList<>();
        for (int k = 0; k < Math.min(boxes.size(), MAX_BOXES); k++) {
            long[] first = boxes.get(k)[0];
            long[] rest = boxes.get(k)[1];
            List<String> axes = new ArrayList<>();
            axes.add(first[1] - first[0] == 1 ? Long.toString(first[0]) : first[0] + ":" + first[1]);
            for (int d = 1; d < rank - 1; d++) axes.add(Long.toString(rest[d]));
            if (rank > 1) axes.add(rest[rank] == 1 ? Long.toString(rest[rank - 1]) : rest[rank - 1] + ":" + (rest[rank - 1] + rest[rank]));
            else axes.set(0, first[0] + ":" + (first[0] + rest[rank]));
            out.add("[" + String.join(", ", axes) + "]");
        }
        String more = boxes.size() > MAX_BOXES ? ", ... " + (boxes.size() - MAX_BOXES) + " more" : "";
        return "{" + String.join(", ", out) + more + "}";
    }

    private static String tuple(long[] p) {
        return "(" + String.join(", ", Arrays.stream(p).mapToObj(Long::toString).toList()) + ")";
    }
}
