package org.h5vds.picture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.h5vds.api.Region;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualSourceInfo;

/**
 * The axes a mapping picture draws when the user names none: the two along which the mappings
 * differ most. Drawing the last two axes by habit hides the point of many layouts: Eiger's and
 * Percival's files differ only along the frame axis, so on the last two axes every mapping covers
 * the same frame-sized square and only the last one would show.
 */
final class AxisChoice {
    /** Distinct covered sets counted per axis before an axis counts as "varies a lot" already. */
    private static final int ENOUGH = 1 << 16;

    private AxisChoice() {
    }

    /**
     * {row axis, column axis} as {@link MappingPicture#axes} returns them: for rank 1 the strip
     * {-1, 0}; for rank 2 {0, 1}; else the two axes with the most distinct covered sets among the
     * mappings (ties go to the later axis, as NumPy users expect images on the last axes), filled
     * up with the last axes when fewer than two vary, and drawn in axis order.
     */
    static int[] of(List<VirtualSourceInfo> mappings, long[] extent) {
        int rank = extent.length;
        if (rank < 1) throw new IllegalArgumentException("a scalar dataset has no axes to draw");
        if (rank == 1) return new int[] {-1, 0};
        if (rank == 2) return new int[] {0, 1};
        int[] distinct = distinctPerAxis(mappings, extent);
        List<Integer> chosen = new ArrayList<>(2);
        while (chosen.size() < 2) {
            int best = -1;
            for (int a = rank - 1; a >= 0; a--) {
                if (chosen.contains(a) || distinct[a] < 2) continue;
                if (best < 0 || distinct[a] > distinct[best]) best = a;
            }
            if (best < 0) break;
            chosen.add(best);
        }
        for (int a = rank - 1; a >= 0 && chosen.size() < 2; a--) if (!chosen.contains(a)) chosen.add(a);
        int x = chosen.get(0), y = chosen.get(1);
        return new int[] {Math.min(x, y), Math.max(x, y)};
    }

    /** For each axis, how many different sets of indices the mappings cover along it (capped). */
    private static int[] distinctPerAxis(List<VirtualSourceInfo> mappings, long[] extent) {
        int rank = extent.length;
        List<Set<Object>> seen = new ArrayList<>(rank);
        for (int a = 0; a < rank; a++) seen.add(new HashSet<>());
        Shape whole = Shape.of(extent);
        for (VirtualSourceInfo m : mappings) {
            Region s;
            try {
                s = m.virtualSelection().within(whole);
            } catch (IllegalArgumentException | IllegalStateException e) {
                continue; // the picture says why it cannot draw this one
            }
            if (s.isEmpty()) continue;
            boolean product = s.kind() == Region.Kind.HYPERSLAB;
            long[] start = product ? null : s.boundsStart();
            long[] end = product ? null : s.boundsEnd();
            for (int a = 0; a < rank; a++) {
                Set<Object> axis = seen.get(a);
                if (axis.size() >= ENOUGH) continue;
                axis.add(product ? s.axis(a) : List.of(start[a], end[a] - start[a]));
            }
        }
        int[] distinct = new int[rank];
        for (int a = 0; a < rank; a++) distinct[a] = seen.get(a).size();
        return distinct;
    }
}
