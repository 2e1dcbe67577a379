package org.h5vds.select;

import java.util.Arrays;
import java.util.Objects;

/**
 * Two selections with the same number of elements, element k of {@code a} (in a's iteration
 * order) corresponding to element k of {@code b}: a VDS mapping (virtual selection, source
 * selection), or a read (file selection, memory selection). Both must be resolved.
 *
 * <p>When a and b are products whose non-trivial axes (more than one member) have equal sizes in
 * order, the correspondence is per axis and {@link #restrictA} works axis by axis in O(rank);
 * otherwise it pairs the runs of a ∩ region with the partner ranges of b.
 */
public record SelectionPair(Selection a, Selection b) {

    public SelectionPair {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!a.isResolved() || !b.isResolved()) throw new IllegalArgumentException("resolve ALL and unlimited selections before pairing them: " + a + ", " + b);
        long na = a.count();
        long nb = b.count();
        if (na != nb) throw new IllegalArgumentException("paired selections have different numbers of elements: " + na + " and " + nb);
    }

    /** Number of corresponding element pairs. */
    public long count() {
        return a.count();
    }

    public SelectionPair swap() {
        return new SelectionPair(b, a);
    }

    /** The elements of a inside {@code region}, each still paired with its partner in b. */
    public SelectionPair restrictA(Box region) {
        return restrictA(Selection.box(region));
    }

    /** The elements of a inside {@code region} (a product or any resolved selection), each still paired with its partner in b. */
    public SelectionPair restrictA(Selection region) {
        if (!region.isResolved()) throw new IllegalArgumentException("resolve the region first: " + region);
        SelectionIntersection.requireRank(a, region.rank());
        if (a.isEmpty()) return this;
        if (region instanceof ProductSelection pr && isBox(pr) && pr.bounds().contains(a.bounds())) return this; // nothing cut away
        if (a instanceof ProductSelection pa && b instanceof ProductSelection pb && region instanceof ProductSelection pr && aligned(pa, pb)) {
            return restrictAligned(pa, pb, pr);
        }
        Selection a2 = a.intersect(region);
        if (a2.isEmpty()) return empty();
        Partners partners = new Partners(b);
        if (a instanceof Points pa) {
            long runStart = -1;
            for (int k = 0; k < pa.size(); k++) {
                boolean in = region.contains(pa.point(k));
                if (in && runStart < 0) runStart = k;
                if (!in && runStart >= 0) {
                    partners.add(runStart, k);
                    runStart = -1;
                }
            }
            if (runStart >= 0) partners.add(runStart, pa.size());
        } else {
            a2.forEachRun((x, len) -> {
                long k = Order.rankOf(a, x);
                partners.add(k, k + len);
            });
        }
        return new SelectionPair(a2, partners.build());
    }

    /** The elements of b inside {@code region}, each still paired with its partner in a. */
    public SelectionPair restrictB(Selection region) {
        return swap().restrictA(region).swap();
    }

    /**
     * This pair with b rewritten in the rank space of {@code space}: each coordinate replaced by
     * its rank within that axis of {@code space}, i.e. by its position in the dense array that
     * {@code space} fills. Every element of b must lie in {@code space}.
     */
    public SelectionPair mapB(ProductSelection space) {
        return new SelectionPair(a, toRankSpace(b, space));
    }

    /** This pair with a rewritten in the rank space of {@code space} (see {@link #mapB}). */
    public SelectionPair mapA(ProductSelection space) {
        return new SelectionPair(toRankSpace(a, space), b);
    }

    /** Visits runs of corresponding elements that are contiguous along the last axis in both a and b, in order. */
    public void forEachRun(PairVisitor visitor) {
        long n = count();
        if (n == 0) return;
        RunCursor ca = Order.cursor(a, 0, n);
        RunCursor cb = Order.cursor(b, 0, n);
        int ra = Math.max(a.rank(), 0);
        int rb = Math.max(b.rank(), 0);
        long[] as = new long[ra];
        long[] bs = new long[rb];
        long remA = 0;
        long remB = 0;
        long offA = 0;
        long offB = 0;
        while (true) {
            if (remA == 0) {
                if (!ca.next()) break;
                remA = ca.length();
                offA = 0;
            }
            if (remB == 0) {
                if (!cb.next()) break;
                remB = cb.length();
                offB = 0;
            }
            long len = Math.min(remA, remB);
            System.arraycopy(ca.start(), 0, as, 0, ra);
            System.arraycopy(cb.start(), 0, bs, 0, rb);
            if (ra > 0) as[ra - 1] += offA;
            if (rb > 0) bs[rb - 1] += offB;
            visitor.run(as, bs, len);
            remA -= len;
            remB -= len;
            offA += len;
            offB += len;
        }
    }

    private SelectionPair empty() {
        return new SelectionPair(new NoneSelection(a.rank()), new NoneSelection(b.rank()));
    }

    /** True when every axis of the product is one interval. */
    private static boolean isBox(ProductSelection p) {
        for (int i = 0; i < p.rank(); i++) if (p.axis(i).intervalCount() != 1) return false;
        return true;
    }

    /** True when the non-trivial axes of a and b have the same sizes in the same order. */
    static boolean aligned(ProductSelection a, ProductSelection b) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.rank() && a.axis(i).size() == 1) i++;
            while (j < b.rank() && b.axis(j).size() == 1) j++;
            if (i == a.rank() || j == b.rank()) return i == a.rank() && j == b.rank();
            if (a.axis(i).size() != b.axis(j).size()) return false;
            i++;
            j++;
        }
    }

    private SelectionPair restrictAligned(ProductSelection pa, ProductSelection pb, ProductSelection region) {
        DimSet[] na = new DimSet[pa.rank()];
        for (int i = 0; i < na.length; i++) {
            na[i] = pa.axis(i).intersect(region.axis(i));
            if (na[i].isEmpty()) return empty();
        }
        DimSet[] nb = pb.axes();
        int j = 0;
        for (int i = 0; i < na.length; i++) {
            if (pa.axis(i).size() == 1) continue;
            while (pb.axis(j).size() == 1) j++;
            nb[j] = pb.axis(j).atRanks(pa.axis(i).ranksOf(na[i]));
            j++;
        }
        return new SelectionPair(Selection.product(na), Selection.product(nb));
    }

    /** Collects the elements of b with given iteration ranks, in increasing rank order. */
    private static final class Partners {
        private final Selection b;
        private final SpanTreeBuilder tree;
        private long[] points;
        private int used;

        Partners(Selection b) {
            this.b = b;
            if (b instanceof Points) {
                tree = null;
                points = new long[16];
            } else {
                tree = new SpanTreeBuilder(b.rank());
            }
        }

        /** Rank range not yet looked up: consecutive ranges are joined first, so b is walked once per range. */
        private long pendingFrom = -1;
        private long pendingTo = -1;

        void add(long fromRank, long toRank) {
            if (fromRank == pendingTo) {
                pendingTo = toRank;
                return;
            }
            flush();
            pendingFrom = fromRank;
            pendingTo = toRank;
        }

        private void flush() {
            if (pendingFrom < 0) return;
            long fromRank = pendingFrom;
            long toRank = pendingTo;
            pendingFrom = -1;
            pendingTo = -1;
            if (b instanceof Points p) {
                int r = p.rank();
                for (long k = fromRank; k < toRank; k++) {
                    if (used + r > points.length) points = Arrays.copyOf(points, Math.max(points.length * 2, used + r));
                    for (int i = 0; i < r; i++) points[used + i] = p.coord((int) k, i);
                    used += r;
                }
                return;
            }
            RunCursor c = Order.cursor(b, fromRank, toRank);
            while (c.next()) tree.addRun(c.start(), c.length());
        }

        Selection build() {
            flush();
            if (tree == null) return Points.ofOwned(b.rank(), Arrays.copyOf(points, used));
            return BlockUnion.fromTree(b.rank(), tree.build());
        }
    }

    /** A selection inside a product, with every coordinate replaced by its rank along that axis of the product. */
    static Selection toRankSpace(Selection s, ProductSelection space) {
        if (!space.isResolved()) throw new IllegalArgumentException("resolve the space first: " + space);
        SelectionIntersection.requireRank(s, space.rank());
        if (s.isEmpty()) return new NoneSelection(space.rank());
        if (s instanceof ProductSelection p) {
            DimSet[] axes = new DimSet[p.rank()];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = space.axis(i).ranksOf(p.axis(i));
                if (axes[i].size() != p.axis(i).size()) throw notInside(s, space, i);
            }
            return Selection.product(axes);
        }
        if (s instanceof BlockUnion u) {
            return u.mapTree((d, lo, hi) -> {
                DimSet axis = space.axis(d);
                long r0 = axis.rank(lo);
                if (axis.rank(hi) - r0 != hi - lo || !axis.contains(lo)) throw notInside(s, space, d);
                return r0;
            });
        }
        if (s instanceof Points p) {
            int r = p.rank();
            long[] out = new long[p.size() * r];
            for (int k = 0; k < p.size(); k++) {
                for (int i = 0; i < r; i++) {
                    long c = p.coord(k, i);
                    if (!space.axis(i).contains(c)) throw notInside(s, space, i);
                    out[k * r + i] = space.axis(i).rank(c);
                }
            }
            return Points.ofOwned(r, out);
        }
        throw new IllegalStateException("an ALL selection has no extent: resolve it against the dataspace extent first");
    }

    private static IllegalArgumentException notInside(Selection s, Selection space, int axis) {
        return new IllegalArgumentException("selection " + s + " is not inside " + space + " along axis " + axis);
    }
}
