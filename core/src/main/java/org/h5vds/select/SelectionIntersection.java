package org.h5vds.select;

import java.util.Arrays;

/** Intersection of two selections of any kinds (the dispatch behind {@link Selection#intersect(Selection)}). */
final class SelectionIntersection {
    private SelectionIntersection() {
    }

    static void requireRank(Selection s, int rank) {
        if (s.rank() != -1 && s.rank() != rank) {
            throw new IllegalArgumentException("rank " + rank + " used with a rank " + s.rank() + " selection");
        }
    }

    static Selection of(Selection x, Selection y) {
        if (x instanceof All || y instanceof All) {
            throw new IllegalStateException("an ALL selection has no extent: resolve it against the dataspace extent first");
        }
        if (y.rank() != -1) requireRank(x, y.rank());
        if (x.isEmpty()) return x;
        if (y.isEmpty()) return new NoneSelection(x.rank());
        if (x instanceof Points p) return p.filter(y::contains);
        if (y instanceof Points q) return pointsInOrder(x, q);
        if (x instanceof ProductSelection a && y instanceof ProductSelection b) {
            DimSet[] axes = new DimSet[a.rank()];
            for (int i = 0; i < axes.length; i++) axes[i] = a.axis(i).intersect(b.axis(i));
            return Selection.product(axes);
        }
        if (x instanceof ProductSelection a && y instanceof BlockUnion u) return u.intersectAxes(a.axes());
        if (x instanceof BlockUnion u && y instanceof ProductSelection b) return u.intersectAxes(b.axes());
        return ((BlockUnion) x).intersectTree((BlockUnion) y);
    }

    /** The points of q inside x, as a set in C order. */
    private static Selection pointsInOrder(Selection x, Points q) {
        int rank = q.rank();
        long[][] kept = new long[q.size()][];
        int m = 0;
        for (int k = 0; k < q.size(); k++) {
            long[] p = q.point(k);
            if (x.contains(p)) kept[m++] = p;
        }
        if (m == 0) return new NoneSelection(rank);
        long[][] sorted = Arrays.copyOf(kept, m);
        Arrays.sort(sorted, Arrays::compare);
        SpanTreeBuilder b = new SpanTreeBuilder(rank);
        for (int k = 0; k < m; k++) {
            if (k > 0 && Arrays.equals(sorted[k], sorted[k - 1])) continue;
            b.addRun(sorted[k], 1);
        }
        return BlockUnion.fromTree(rank, b.build());
    }
}
