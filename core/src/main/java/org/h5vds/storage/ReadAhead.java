package org.h5vds.storage;

import java.util.Arrays;
import java.util.List;
import org.h5vds.io.Store;

/**
 * Runs the pieces of one read (chunks, slabs) on a store that wants to be told what is coming
 * (a remote object): in batches of about {@link Store#prefetchWindow()} bytes, announcing the
 * next batch's byte ranges while the current one is decoded, so that requests for many pieces
 * run at once and adjacent pieces share one request, while no more than two batches are held.
 */
final class ReadAhead {
    private ReadAhead() {
    }

    /** Whether reads of {@code store} go through {@link #run}: it prefetches, and there is more than one piece. */
    static boolean wanted(Store store, int pieces) {
        return pieces > 1 && store.prefetchWindow() > 0;
    }

    /**
     * Runs {@code pieces} (in parallel within a batch), piece k reading
     * {@code [positions[k], positions[k] + lengths[k])} (length 0: reads nothing).
     */
    static void run(Store store, List<Runnable> pieces, long[] positions, long[] lengths) {
        long window = Math.max(1, store.prefetchWindow());
        int n = pieces.size();
        int start = 0;
        int end = batchEnd(lengths, 0, window);
        store.prefetch(Arrays.copyOfRange(positions, 0, end), Arrays.copyOfRange(lengths, 0, end));
        while (start < n) {
            int next = end < n ? batchEnd(lengths, end, window) : n;
            if (end < n) store.prefetch(Arrays.copyOfRange(positions, end, next), Arrays.copyOfRange(lengths, end, next));
            ParallelWork.runAll(pieces.subList(start, end));
            start = end;
            end = next;
        }
    }

    private static int batchEnd(long[] lengths, int from, long window) {
        long bytes = 0;
        int k = from;
        while (k < lengths.length && (k == from || bytes + lengths[k] <= window)) bytes += lengths[k++];
        return k;
    }
}
