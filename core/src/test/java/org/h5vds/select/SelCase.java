package org.h5vds.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A selection with its elements listed independently, in its iteration order, for brute-force
 * checks: hyperslabs and products by nested loops over their parameters, unions by collecting
 * every element of every box into a sorted set, points as given.
 */
record SelCase(Selection sel, List<long[]> elements, String how) {
    static final Comparator<long[]> C_ORDER = Arrays::compare;

    @Override
    public String toString() {
        return how + " = " + sel;
    }

    /** The elements of a selection as its own runs enumerate them. */
    static List<long[]> enumerate(Selection s) {
        List<long[]> out = new ArrayList<>();
        s.forEachRun((start, len) -> {
            for (long k = 0; k < len; k++) {
                long[] e = start.clone();
                e[e.length - 1] += k;
                out.add(e);
            }
        });
        return out;
    }

    static List<String> text(List<long[]> elements) {
        List<String> out = new ArrayList<>(elements.size());
        for (long[] e : elements) out.add(Arrays.toString(e));
        return out;
    }

    static long[] randomShape(Random rnd, int rank) {
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = 1 + rnd.nextInt(rank == 1 ? 40 : rank == 2 ? 12 : 6);
        return shape;
    }

    /** C-order product of per-axis member lists. */
    static List<long[]> product(List<long[]> axes) {
        List<long[]> out = new ArrayList<>();
        int r = axes.size();
        if (r == 0) {
            out.add(new long[0]);
            return out;
        }
        for (long[] a : axes) if (a.length == 0) return out;
        int[] idx = new int[r];
        while (true) {
            long[] e = new long[r];
            for (int i = 0; i < r; i++) e[i] = axes.get(i)[idx[i]];
            out.add(e);
            int i = r - 1;
            while (i >= 0 && ++idx[i] == axes.get(i).length) {
                idx[i] = 0;
                i--;
            }
            if (i < 0) return out;
        }
    }

    /** A random selection inside {@code shape}. */
    static SelCase random(Random rnd, long[] shape) {
        int r = shape.length;
        int kind = rnd.nextInt(10);
        if (kind <= 2) {
            long[] start = new long[r];
            long[] stride = new long[r];
            long[] count = new long[r];
            long[] block = new long[r];
            List<long[]> axes = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                start[i] = rnd.nextInt((int) shape[i]);
                long room = shape[i] - start[i];
                stride[i] = 1 + rnd.nextInt(4);
                block[i] = 1 + rnd.nextInt((int) Math.min(stride[i], room));
                count[i] = 1 + (room - block[i]) / stride[i];
                count[i] = 1 + rnd.nextInt((int) count[i]);
                axes.add(DimCase.regularMembers(start[i], stride[i], count[i], block[i]).stream().mapToLong(Long::longValue).toArray());
            }
            return new SelCase(new Hyperslab(start, stride, count, block), product(axes),
                    "Hyperslab(" + Arrays.toString(start) + "," + Arrays.toString(stride) + "," + Arrays.toString(count) + "," + Arrays.toString(block) + ")");
        }
        if (kind <= 4) {
            DimSet[] axes = new DimSet[r];
            List<long[]> members = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                DimCase c = DimCase.random(rnd);
                long limit = shape[i];
                DimSet d = c.set().restrict(0, limit);
                long[] m = Arrays.stream(c.members()).filter(x -> x < limit).toArray();
                axes[i] = d;
                members.add(m);
            }
            return new SelCase(Selection.product(axes), product(members), "product" + Arrays.toString(axes));
        }
        if (kind <= 7) {
            int n = 1 + rnd.nextInt(5);
            List<Box> boxes = new ArrayList<>();
            TreeSet<long[]> all = new TreeSet<>(C_ORDER);
            for (int b = 0; b < n; b++) {
                long[] s = new long[r];
                long[] c = new long[r];
                List<long[]> axes = new ArrayList<>();
                for (int i = 0; i < r; i++) {
                    s[i] = rnd.nextInt((int) shape[i]);
                    c[i] = 1 + rnd.nextInt((int) Math.min(shape[i] - s[i], 6));
                    long[] m = new long[(int) c[i]];
                    for (int k = 0; k < m.length; k++) m[k] = s[i] + k;
                    axes.add(m);
                }
                boxes.add(new Box(s, c));
                all.addAll(product(axes));
            }
            return new SelCase(BlockUnion.of(r, boxes), new ArrayList<>(all), "union" + boxes);
        }
        if (kind <= 8) {
            int n = 1 + rnd.nextInt(12);
            List<long[]> pts = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                long[] p = new long[r];
                for (int i = 0; i < r; i++) p[i] = rnd.nextInt((int) shape[i]);
                if (k > 0 && rnd.nextInt(3) == 0) {
                    p = pts.get(k - 1).clone();
                    p[r - 1] = Math.min(p[r - 1] + 1, shape[r - 1] - 1);
                }
                pts.add(p);
            }
            return new SelCase(Points.of(pts.toArray(new long[0][])), pts, "points");
        }
        return new SelCase(new All(r).resolve(shape), product(allAxes(shape)), "all" + Arrays.toString(shape));
    }

    private static List<long[]> allAxes(long[] shape) {
        List<long[]> axes = new ArrayList<>();
        for (long l : shape) {
            long[] m = new long[(int) l];
            for (int k = 0; k < m.length; k++) m[k] = k;
            axes.add(m);
        }
        return axes;
    }

    /** A random product (region/request) inside {@code shape}, with its per-axis member lists. */
    static SelCase randomProduct(Random rnd, long[] shape) {
        SelCase c;
        do {
            c = random(rnd, shape);
        } while (!(c.sel() instanceof ProductSelection));
        return c;
    }

    boolean isCOrdered() {
        return !(sel instanceof Points);
    }
}
