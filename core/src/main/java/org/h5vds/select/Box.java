package org.h5vds.select;

import java.util.Arrays;

/**
 * An axis-aligned block of a dataspace: {@code count[i]} indices from {@code start[i]} along each
 * axis (a chunk, a bounding box). Immutable: the arrays are copied in and out.
 */
public record Box(long[] start, long[] count) {

    public Box {
        if (start.length != count.length) throw new IllegalArgumentException("start has rank " + start.length + " but count has rank " + count.length);
        start = Arrays.copyOf(start, start.length);
        count = Arrays.copyOf(count, count.length);
        for (int i = 0; i < start.length; i++) {
            if (start[i] < 0) throw new IllegalArgumentException("box start " + start[i] + " on axis " + i + " is negative");
            if (count[i] < 0) throw new IllegalArgumentException("box count " + count[i] + " on axis " + i + " is negative");
            if (start[i] + count[i] < 0) throw new IllegalArgumentException("box on axis " + i + " extends beyond 2^63");
        }
    }

    /** The box [0, extent) of a whole dataspace. */
    public static Box of(long[] extent) {
        return new Box(new long[extent.length], extent);
    }

    @Override
    public long[] start() {
        return Arrays.copyOf(start, start.length);
    }

    @Override
    public long[] count() {
        return Arrays.copyOf(count, count.length);
    }

    public long start(int axis) {
        return start[axis];
    }

    public long count(int axis) {
        return count[axis];
    }

    /** The coordinates of the last element in C order (start + count - 1 on each axis); the box must not be empty. */
    public long[] last() {
        long[] l = new long[start.length];
        for (int i = 0; i < l.length; i++) l[i] = start[i] + count[i] - 1;
        return l;
    }

    /** One past the last index along {@code axis}. */
    public long end(int axis) {
        return start[axis] + count[axis];
    }

    public int rank() {
        return start.length;
    }

    public boolean isEmpty() {
        for (long c : count) if (c == 0) return true;
        return false;
    }

    /** Number of elements (saturating at {@link Long#MAX_VALUE}). */
    public long size() {
        long n = 1;
        for (long c : count) {
            if (c == 0) return 0;
            n = n > Long.MAX_VALUE / c ? Long.MAX_VALUE : n * c;
        }
        return n;
    }

    public boolean contains(long[] coord) {
        if (coord.length != start.length) return false;
        for (int i = 0; i < coord.length; i++) {
            if (coord[i] < start[i] || coord[i] >= start[i] + count[i]) return false;
        }
        return true;
    }

    /** Whether every element of {@code other} lies in this box (an empty box lies in any). */
    public boolean contains(Box other) {
        if (other.isEmpty()) return true;
        if (other.rank() != rank()) return false;
        for (int i = 0; i < start.length; i++) {
            if (other.start[i] < start[i] || other.end(i) > end(i)) return false;
        }
        return true;
    }

    /** The common part (a box with a zero count when they do not meet). */
    public Box intersect(Box other) {
        if (other.rank() != rank()) throw new IllegalArgumentException("rank " + other.rank() + " box intersected with rank " + rank() + " box");
        long[] s = new long[rank()];
        long[] c = new long[rank()];
        for (int i = 0; i < s.length; i++) {
            long lo = Math.max(start[i], other.start[i]);
            long hi = Math.min(end(i), other.end(i));
            s[i] = lo;
            c[i] = Math.max(0, hi - lo);
        }
        return new Box(s, c);
    }

    /** The per-axis intervals of this box. */
    public DimSet axis(int i) {
        return DimSet.interval(start[i], count[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(start, b.start) && Arrays.equals(count, b.count);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(start) + Arrays.hashCode(count);
    }

    @Override
    public String toString() {
        return "Box(start=" + Arrays.toString(start) + ", count=" + Arrays.toString(count) + ")";
    }
}
