package org.h5vds.storage;

import org.h5vds.select.SelectionPair;

/**
 * The runs of a selection pair joined where they continue one another both in the source (the
 * file, or a decoded chunk) and in the target, as (source byte offset, target byte offset, bytes)
 * triples: a frame selected row by row becomes one run, which a reader then moves with one
 * positional read or one copy instead of one per row. Collection stops at {@link #MAX} runs.
 */
final class JoinedRuns {
    /** More runs than this are not worth joining: the caller copies run by run. */
    static final int MAX = 8;

    /** Where run k starts in the source, from the run's first element in a's coordinates. */
    @FunctionalInterface
    interface SourceOffset {
        long of(long[] aStart);
    }

    private final long[] runs = new long[3 * MAX];
    private int n;
    private boolean fits = true;
    private long bytes;

    private JoinedRuns() {
    }

    /** The joined runs of {@code pair}, or null when they are more than {@link #MAX}. */
    static JoinedRuns of(SelectionPair pair, SourceOffset source, ReadTarget target, int elementSize) {
        JoinedRuns j = new JoinedRuns();
        pair.forEachRun((aStart, bStart, length) -> {
            if (j.fits) j.add(source.of(aStart), target.byteOffset(bStart), length * elementSize);
        });
        return j.fits ? j : null;
    }

    private void add(long from, long to, long length) {
        bytes += length;
        if (n > 0 && runs[3 * n - 3] + runs[3 * n - 1] == from && runs[3 * n - 2] + runs[3 * n - 1] == to) {
            runs[3 * n - 1] += length;
        } else if (n < MAX) {
            runs[3 * n] = from;
            runs[3 * n + 1] = to;
            runs[3 * n + 2] = length;
            n++;
        } else {
            fits = false;
        }
    }

    int count() {
        return n;
    }

    long source(int k) {
        return runs[3 * k];
    }

    int target(int k) {
        return (int) runs[3 * k + 1];
    }

    int length(int k) {
        return (int) runs[3 * k + 2];
    }

    /** All bytes of all runs. */
    long bytes() {
        return bytes;
    }
}
