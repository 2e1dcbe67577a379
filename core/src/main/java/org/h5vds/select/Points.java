package org.h5vds.select;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * HDF5's point selection: an ordered list of elements, iterated in the order given (as
 * H5Sselect_elements keeps it). Repeated points are kept and counted, like libhdf5 does.
 */
public final class Points implements Selection {
    private final int rank;
    /** Point k occupies coords[k * rank .. k * rank + rank - 1]. */
    private final long[] coords;
    private final int n;
    private volatile Set<Coordinate> members;

    private Points(int rank, long[] coords) {
        if (rank < 1 || rank > SelectionCodec.MAX_RANK) throw new IllegalArgumentException("point rank " + rank + " outside 1.." + SelectionCodec.MAX_RANK);
        if (coords.length % rank != 0) throw new IllegalArgumentException(coords.length + " coordinates do not make points of rank " + rank);
        for (long c : coords) if (c < 0) throw new IllegalArgumentException("negative point coordinate " + c);
        this.rank = rank;
        this.coords = coords;
        this.n = coords.length / rank;
    }

    /** Points from one coordinate array per point. */
    public static Points of(long[]... points) {
        if (points.length == 0) throw new IllegalArgumentException("no points: use NoneSelection for an empty selection");
        int r = points[0].length;
        long[] flat = new long[points.length * r];
        for (int k = 0; k < points.length; k++) {
            if (points[k].length != r) throw new IllegalArgumentException("point " + k + " has rank " + points[k].length + ", expected " + r);
            System.arraycopy(points[k], 0, flat, k * r, r);
        }
        return new Points(r, flat);
    }

    /** Points from a flat array, {@code rank} coordinates per point (the array is copied). */
    public static Points ofFlat(int rank, long[] flat) {
        return new Points(rank, flat.clone());
    }

    /**
     * Points from a flat array, {@code rank} coordinates per point, that the caller hands over: it
     * is not copied (as {@link java.nio.ByteBuffer#wrap} does not copy), so the caller must never
     * write it again. For readers that build a list of many points for one read (a virtual
     * dataset's small mappings): a copy of it would double what the read allocates.
     */
    public static Points wrapFlat(int rank, long[] flat) {
        return new Points(rank, flat);
    }

    static Selection ofOwned(int rank, long[] flat) {
        return flat.length == 0 ? new NoneSelection(rank) : new Points(rank, flat);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public long count() {
        return n;
    }

    public int size() {
        return n;
    }

    /** Coordinates of point k. */
    public long[] point(int k) {
        return Arrays.copyOfRange(coords, k * rank, k * rank + rank);
    }

    public long coord(int k, int axis) {
        return coords[k * rank + axis];
    }

    @Override
    public Box bounds() {
        long[] lo = new long[rank];
        long[] hi = new long[rank];
        Arrays.fill(lo, Long.MAX_VALUE);
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < rank; i++) {
                long c = coords[k * rank + i];
                lo[i] = Math.min(lo[i], c);
                hi[i] = Math.max(hi[i], c);
            }
        }
        long[] count = new long[rank];
        for (int i = 0; i < rank; i++) count[i] = hi[i] - lo[i] + 1;
        return new Box(lo, count);
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public DimSet[] axes() {
        return null;
    }

    @Override
    public boolean contains(long[] coord) {
        if (coord.length != rank) return false;
        if (n <= 16) {
            for (int k = 0; k < n; k++) if (Arrays.equals(coords, k * rank, k * rank + rank, coord, 0, rank)) return true;
            return false;
        }
        Set<Coordinate> m = members;
        if (m == null) {
            m = new HashSet<>();
            for (int k = 0; k < n; k++) m.add(new Coordinate(point(k)));
            members = m;
        }
        return m.contains(new Coordinate(coord));
    }

    private record Coordinate(long[] c) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Coordinate other && Arrays.equals(c, other.c);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(c);
        }
    }

    /** The points satisfying {@code keep}, in order. */
    Selection filter(Predicate<long[]> keep) {
        long[] out = new long[coords.length];
        int m = 0;
        long[] p = new long[rank];
        for (int k = 0; k < n; k++) {
            System.arraycopy(coords, k * rank, p, 0, rank);
            if (keep.test(p)) {
                System.arraycopy(coords, k * rank, out, m * rank, rank);
                m++;
            }
        }
        if (m == n) return this;
        return ofOwned(rank, Arrays.copyOf(out, m * rank));
    }

    @Override
    public Selection intersect(Box box) {
        SelectionIntersection.requireRank(this, box.rank());
        return filter(box::contains);
    }

    @Override
    public Selection intersect(Selection other) {
        return SelectionIntersection.of(this, other);
    }

    @Override
    public void forEachRun(RunVisitor visitor) {
        RunCursor c = cursor(0, n);
        while (c.next()) visitor.run(c.start(), c.length());
    }

    /** Runs over points [from, to): consecutive points that continue each other along the last axis merge. */
    RunCursor cursor(long from, long to) {
        return new RunCursor() {
            private int k = (int) Math.max(0, from);
            private final int end = (int) Math.min(n, to);
            private final long[] start = new long[rank];
            private long length;

            @Override
            public boolean next() {
                if (k >= end) return false;
                System.arraycopy(coords, k * rank, start, 0, rank);
                int j = k + 1;
                while (j < end && continues(j)) j++;
                length = j - k;
                k = j;
                return true;
            }

            private boolean continues(int j) {
                int b = j * rank;
                int a = (j - 1) * rank;
                for (int i = 0; i < rank - 1; i++) if (coords[a + i] != coords[b + i]) return false;
                return coords[b + rank - 1] == coords[a + rank - 1] + 1;
            }

            @Override
            public long[] start() {
                return start;
            }

            @Override
            public long length() {
                return length;
            }
        };
    }

    @Override
    public Selection resolve(long[] extent) {
        SelectionIntersection.requireRank(this, extent.length);
        return this;
    }

    @Override
    public Selection translate(long[] delta) {
        SelectionIntersection.requireRank(this, delta.length);
        long[] out = new long[coords.length];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < rank; i++) {
                long c = Math.addExact(coords[k * rank + i], delta[i]);
                if (c < 0) throw new IllegalArgumentException("translating point " + k + " by " + Arrays.toString(delta) + " makes a coordinate negative");
                out[k * rank + i] = c;
            }
        }
        return new Points(rank, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Points p && p.rank == rank && Arrays.equals(coords, p.coords);
    }

    @Override
    public int hashCode() {
        return 31 * rank + Arrays.hashCode(coords);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Points[");
        for (int k = 0; k < Math.min(n, 8); k++) {
            if (k > 0) sb.append(", ");
            sb.append(Arrays.toString(point(k)));
        }
        if (n > 8) sb.append(", ... ").append(n - 8).append(" more");
        return sb.append(']').toString();
    }
}
