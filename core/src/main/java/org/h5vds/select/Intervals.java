package org.h5vds.select;

import java.util.Arrays;

/**
 * An explicit sorted list of disjoint, non-adjacent intervals. Built only by {@link IntervalsBuilder}
 * (and the {@link DimSet} factories), which returns a {@link Regular} instead whenever the list is
 * empty-but-one or evenly spaced, so an Intervals holds at least two intervals that no Regular
 * describes — except the empty set {@link DimSet#EMPTY}.
 */
public final class Intervals implements DimSet {

    private final long[] starts;
    private final long[] ends;
    /** before[j] = number of members in intervals 0..j-1. */
    private final long[] before;
    private final long size;

    /** Takes ownership of the arrays, which the builder has checked. */
    Intervals(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
        this.before = new long[starts.length];
        long n = 0;
        for (int j = 0; j < starts.length; j++) {
            before[j] = n;
            n += ends[j] - starts[j];
        }
        this.size = n;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return starts.length == 0;
    }

    @Override
    public long intervalCount() {
        return starts.length;
    }

    @Override
    public long intervalStart(long j) {
        return starts[(int) j];
    }

    @Override
    public long intervalEnd(long j) {
        return ends[(int) j];
    }

    @Override
    public long firstIntervalEndingAfter(long x) {
        int lo = 0;
        int hi = ends.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > x) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    @Override
    public boolean contains(long i) {
        int j = (int) firstIntervalEndingAfter(i);
        return j < starts.length && starts[j] <= i;
    }

    @Override
    public long rank(long i) {
        int j = (int) firstIntervalEndingAfter(i);
        if (j == starts.length) return size;
        return before[j] + Math.max(0, i - starts[j]);
    }

    @Override
    public long at(long rank) {
        if (rank < 0 || rank >= size) throw new IndexOutOfBoundsException("rank " + rank + " outside a set of " + size);
        int lo = 0;
        int hi = before.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (before[mid] <= rank) lo = mid;
            else hi = mid - 1;
        }
        return starts[lo] + (rank - before[lo]);
    }

    @Override
    public DimSet restrict(long lo, long hi) {
        if (lo >= hi || isEmpty()) return DimSet.EMPTY;
        int j0 = (int) firstIntervalEndingAfter(lo);
        IntervalsBuilder b = new IntervalsBuilder();
        for (int j = j0; j < starts.length && starts[j] < hi; j++) {
            b.add(Math.max(starts[j], lo), Math.min(ends[j], hi));
        }
        return b.build();
    }

    @Override
    public DimSet translate(long delta) {
        if (delta == 0 || isEmpty()) return this;
        if (starts[0] + delta < 0) throw new IllegalArgumentException("translating by " + delta + " makes index " + starts[0] + " negative");
        long[] s = new long[starts.length];
        long[] e = new long[ends.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.addExact(starts[j], delta);
            e[j] = Math.addExact(ends[j], delta);
        }
        return new Intervals(s, e);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Intervals other && Arrays.equals(starts, other.starts) && Arrays.equals(ends, other.ends);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(starts) + Arrays.hashCode(ends);
    }

    @Override
    public String toString() {
        if (isEmpty()) return "{}";
        StringBuilder sb = new StringBuilder("{");
        int shown = Math.min(starts.length, 8);
        for (int j = 0; j < shown; j++) {
            if (j > 0) sb.append(", ");
            sb.append('[').append(starts[j]).append(", ").append(ends[j]).append(')');
        }
        if (shown < starts.length) sb.append(", ... ").append(starts.length - shown).append(" more");
        return sb.append('}').toString();
    }
}
