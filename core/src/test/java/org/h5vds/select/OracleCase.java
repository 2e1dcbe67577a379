package org.h5vds.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A dataspace selection described as the H5S calls that make it (create_simple, select_hyperslab
 * SET/OR, select_elements, select_all/none), so that libhdf5 (through h5py or the JNI binding)
 * and h5vds can each build it and compare encodings. JSON form, shared with the oracle programs:
 * {"shape": [...], "maxshape": [... or null], "ops": [["hyper", "set"|"or", start, stride, count, block], ["points", [[...]...]], ["all"], ["none"]]},
 * an UNLIMITED count or block written as -1.
 */
record OracleCase(long[] shape, long[] maxshape, List<long[][]> hypers, List<String> kinds) {
    static final long U = DimSet.UNLIMITED;

    /** Our selection, built from the same calls. */
    Selection build() {
        int rank = shape.length;
        Selection cur = new All(rank);
        for (int k = 0; k < kinds.size(); k++) {
            String kind = kinds.get(k);
            long[][] a = hypers.get(k);
            switch (kind) {
                case "all" -> cur = new All(rank);
                case "none" -> cur = new NoneSelection(rank);
                case "points" -> cur = Points.of(a);
                case "set" -> cur = Selection.hyperslab(a[0], a[1], a[2], a[3]);
                case "or" -> {
                    List<Box> boxes = boxes(cur);
                    boxes.addAll(boxes(Selection.hyperslab(a[0], a[1], a[2], a[3])));
                    cur = BlockUnion.of(rank, boxes);
                }
                default -> throw new IllegalStateException(kind);
            }
        }
        return cur;
    }

    static List<Box> boxes(Selection s) {
        List<Box> out = new ArrayList<>();
        if (s.isEmpty()) return out;
        if (s instanceof BlockUnion u) {
            u.forEachBlock((start, end) -> {
                long[] c = new long[start.length];
                for (int i = 0; i < c.length; i++) c[i] = end[i] - start[i] + 1;
                out.add(new Box(start, c));
            });
            return out;
        }
        ProductSelection p = (ProductSelection) s;
        List<long[]> starts = new ArrayList<>();
        List<long[]> lens = new ArrayList<>();
        for (int i = 0; i < p.rank(); i++) {
            DimSet d = p.axis(i);
            long[] st = new long[(int) d.intervalCount()];
            long[] ln = new long[st.length];
            for (int j = 0; j < st.length; j++) {
                st[j] = d.intervalStart(j);
                ln[j] = d.intervalEnd(j) - st[j];
            }
            starts.add(st);
            lens.add(ln);
        }
        List<long[]> idx = new ArrayList<>();
        for (long[] st : starts) {
            long[] ix = new long[st.length];
            for (int j = 0; j < ix.length; j++) ix[j] = j;
            idx.add(ix);
        }
        for (long[] combo : SelCase.product(idx)) {
            long[] s0 = new long[combo.length];
            long[] c0 = new long[combo.length];
            for (int i = 0; i < combo.length; i++) {
                s0[i] = starts.get(i)[(int) combo[i]];
                c0[i] = lens.get(i)[(int) combo[i]];
            }
            out.add(new Box(s0, c0));
        }
        return out;
    }

    ObjectNode json(ObjectMapper m) {
        ObjectNode o = m.createObjectNode();
        ArrayNode sh = o.putArray("shape");
        for (long x : shape) sh.add(x);
        if (maxshape == null) {
            o.putNull("maxshape");
        } else {
            ArrayNode mx = o.putArray("maxshape");
            for (long x : maxshape) mx.add(x);
        }
        ArrayNode ops = o.putArray("ops");
        for (int k = 0; k < kinds.size(); k++) {
            ArrayNode op = ops.addArray();
            String kind = kinds.get(k);
            long[][] a = hypers.get(k);
            switch (kind) {
                case "all", "none" -> op.add(kind);
                case "points" -> {
                    op.add("points");
                    ArrayNode pts = op.addArray();
                    for (long[] p : a) {
                        ArrayNode pn = pts.addArray();
                        for (long x : p) pn.add(x);
                    }
                }
                default -> {
                    op.add("hyper");
                    op.add(kind);
                    for (long[] v : a) {
                        ArrayNode vn = op.addArray();
                        for (long x : v) vn.add(x);
                    }
                }
            }
        }
        return o;
    }

    /** The elements a libhdf5 description ({type, npoints, blocks | points | regular}) denotes, sorted (or in order for points). */
    static List<String> elementsOf(JsonNode desc, int rank) {
        List<long[]> out = new ArrayList<>();
        if (desc.has("points")) {
            for (JsonNode p : desc.get("points")) out.add(longs(p));
            return SelCase.text(out);
        }
        TreeSet<long[]> cells = new TreeSet<>(SelCase.C_ORDER);
        if (desc.has("blocks")) {
            for (JsonNode b : desc.get("blocks")) {
                long[] lo = longs(b.get(0));
                long[] hi = longs(b.get(1));
                List<long[]> axes = new ArrayList<>();
                for (int i = 0; i < rank; i++) {
                    long[] m = new long[(int) (hi[i] - lo[i] + 1)];
                    for (int k = 0; k < m.length; k++) m[k] = lo[i] + k;
                    axes.add(m);
                }
                cells.addAll(SelCase.product(axes));
            }
        }
        return SelCase.text(new ArrayList<>(cells));
    }

    static long[] longs(JsonNode a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asLong();
        return v;
    }

    // ---- random cases ----------------------------------------------------------------------

    static long[][] randomHyper(Random rnd, long[] shape) {
        int r = shape.length;
        long[] start = new long[r];
        long[] stride = new long[r];
        long[] count = new long[r];
        long[] block = new long[r];
        for (int i = 0; i < r; i++) {
            start[i] = rnd.nextInt((int) shape[i]);
            long room = shape[i] - start[i];
            stride[i] = 1 + rnd.nextInt(4);
            block[i] = 1 + rnd.nextInt((int) Math.min(stride[i], room));
            count[i] = 1 + rnd.nextInt((int) (1 + (room - block[i]) / stride[i]));
        }
        return new long[][] {start, stride, count, block};
    }

    static OracleCase random(Random rnd) {
        int rank = 1 + rnd.nextInt(3);
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = 1 + rnd.nextInt(12);
        List<long[][]> args = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        int kind = rnd.nextInt(12);
        long[] maxshape = null;
        if (kind <= 3) {
            kinds.add("set");
            args.add(randomHyper(rnd, shape));
        } else if (kind <= 7) {
            kinds.add("set");
            args.add(randomHyper(rnd, shape));
            int n = 1 + rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                kinds.add("or");
                long[][] h = randomHyper(rnd, shape);
                if (rnd.nextBoolean()) {
                    h[2] = h[2].clone();
                    java.util.Arrays.fill(h[2], 1);
                }
                args.add(h);
            }
        } else if (kind <= 8) {
            int n = 1 + rnd.nextInt(10);
            long[][] pts = new long[n][];
            for (int k = 0; k < n; k++) {
                pts[k] = new long[rank];
                for (int i = 0; i < rank; i++) pts[k][i] = rnd.nextInt((int) shape[i]);
            }
            kinds.add("points");
            args.add(pts);
        } else if (kind == 9) {
            kinds.add(rnd.nextBoolean() ? "all" : "none");
            args.add(null);
        } else if (kind == 10) {
            // an unlimited count or block on one axis
            maxshape = shape.clone();
            int ax = rnd.nextInt(rank);
            maxshape[ax] = U;
            long[][] h = randomHyper(rnd, shape);
            if (rnd.nextBoolean()) {
                h[2][ax] = U;
            } else {
                h[2][ax] = 1;
                h[3][ax] = U;
            }
            kinds.add("set");
            args.add(h);
        } else {
            // large coordinates: beyond 2^32 libhdf5 1.10 switches a regular hyperslab to version 2;
            // beyond 2^16 version 3 needs 4-byte fields
            boolean beyond32 = rnd.nextBoolean();
            long base = beyond32 ? 1L << 33 : 70_000;
            shape = new long[] {1L << 40, 20};
            if (!beyond32 && rnd.nextInt(3) == 0) {
                long[][] pts = new long[1 + rnd.nextInt(5)][];
                for (int k = 0; k < pts.length; k++) pts[k] = new long[] {base + rnd.nextInt(1000), rnd.nextInt(20)};
                kinds.add("points");
                args.add(pts);
            } else {
                long[][] h = {{base + rnd.nextInt(100), rnd.nextInt(5)}, {1 + rnd.nextInt(5), 4}, {1 + rnd.nextInt(4), 1 + rnd.nextInt(4)}, {1, 1 + rnd.nextInt(4)}};
                kinds.add("set");
                args.add(h);
                if (!beyond32 && rnd.nextBoolean()) {
                    kinds.add("or");
                    args.add(new long[][] {{base + 500 + rnd.nextInt(100), rnd.nextInt(10)}, {1, 1}, {1, 1}, {1 + rnd.nextInt(3), 1 + rnd.nextInt(5)}});
                }
            }
        }
        return new OracleCase(shape, maxshape, args, kinds);
    }
}
