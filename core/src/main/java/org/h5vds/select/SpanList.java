package org.h5vds.select;

import java.util.Arrays;

/**
 * One level of a span tree (libhdf5's H5S_hyper_span_info_t): sorted, disjoint spans
 * [low, high) of one axis, each pointing to the span list of the next axis that holds for every
 * coordinate of the span. Adjacent spans with equal lists below are always merged, and equal lists
 * are shared (interned by {@link SpanTreeBuilder}), so the tree is canonical for its element set.
 * Immutable.
 */
final class SpanList {
    final long[] low;
    final long[] high;
    /** Lists of the next axis, or null at the last axis. */
    final SpanList[] down;
    /** before[k]: elements in spans 0..k-1 (with everything below them). */
    final long[] before;
    final long total;
    private final int hash;

    SpanList(long[] low, long[] high, SpanList[] down) {
        this.low = low;
        this.high = high;
        this.down = down;
        this.before = new long[low.length];
        long t = 0;
        int h = 1;
        for (int k = 0; k < low.length; k++) {
            before[k] = t;
            long per = down == null ? 1 : down[k].total;
            try {
                t = Math.addExact(t, Math.multiplyExact(high[k] - low[k], per));
            } catch (ArithmeticException e) {
                throw new SelectionTooComplexException("selection has more than 2^63 elements");
            }
            h = 31 * h + Long.hashCode(low[k]);
            h = 31 * h + Long.hashCode(high[k]);
            h = 31 * h + (down == null ? 0 : down[k].hash);
        }
        this.total = t;
        this.hash = h;
    }

    int size() {
        return low.length;
    }

    /** Elements per coordinate of span k. */
    long per(int k) {
        return down == null ? 1 : down[k].total;
    }

    /** Index of the span containing {@code c}, or -1. */
    int find(long c) {
        int k = firstEndingAfter(c);
        return k < low.length && low[k] <= c ? k : -1;
    }

    /** Index of the first span whose high exceeds {@code c}. */
    int firstEndingAfter(long c) {
        int lo = 0;
        int hi = high.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (high[mid] > c) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** Index of the span holding the element of rank {@code r} (0 <= r < total). */
    int spanOfRank(long r) {
        int lo = 0;
        int hi = before.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (before[mid] <= r) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SpanList s) || s.hash != hash || s.low.length != low.length) return false;
        if (!Arrays.equals(low, s.low) || !Arrays.equals(high, s.high)) return false;
        if ((down == null) != (s.down == null)) return false;
        if (down != null) {
            for (int k = 0; k < down.length; k++) {
                if (down[k] != s.down[k] && !down[k].equals(s.down[k])) return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
