package org.h5vds.select;

import java.util.Arrays;

/**
 * Collects increasing intervals, merging touching ones, and yields the canonical {@link DimSet}:
 * empty, one interval, an evenly spaced {@link Regular}, or an {@link Intervals} list. Refuses to
 * grow beyond {@link DimSet#MAX_INTERVALS}.
 */
final class IntervalsBuilder {
    private long[] starts = new long[8];
    private long[] ends = new long[8];
    private int n;

    /** Adds [start, end); must not begin before the previous interval ends. Empty intervals are ignored. */
    void add(long start, long end) {
        if (start >= end) return;
        if (n > 0) {
            if (start < ends[n - 1]) throw new IllegalArgumentException("interval [" + start + ", " + end + ") overlaps or precedes [" + starts[n - 1] + ", " + ends[n - 1] + ")");
            if (start == ends[n - 1]) {
                ends[n - 1] = end;
                return;
            }
        }
        if (n == starts.length) {
            if (n >= DimSet.MAX_INTERVALS) throw new SelectionTooComplexException("a set along one axis would need more than " + DimSet.MAX_INTERVALS + " separate intervals");
            int cap = (int) Math.min((long) n * 2, DimSet.MAX_INTERVALS);
            starts = Arrays.copyOf(starts, cap);
            ends = Arrays.copyOf(ends, cap);
        }
        starts[n] = start;
        ends[n] = end;
        n++;
    }

    int size() {
        return n;
    }

    DimSet build() {
        if (n == 0) return DimSet.EMPTY;
        if (n == 1) return new Regular(starts[0], 1, 1, ends[0] - starts[0]);
        long len = ends[0] - starts[0];
        long stride = starts[1] - starts[0];
        boolean regular = true;
        for (int j = 1; j < n && regular; j++) {
            regular = ends[j] - starts[j] == len && starts[j] - starts[j - 1] == stride;
        }
        if (regular) return new Regular(starts[0], stride, n, len);
        return new Intervals(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
    }
}
