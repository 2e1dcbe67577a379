package org.h5vds.storage;

import org.h5vds.select.Box;
import org.h5vds.select.ProductSelection;
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
        if (isOneRun(pair, source, target, elementSize, j)) return j;
        BoxRuns box = BoxRuns.of(pair, source, elementSize, target);
        if (box != null) {
            // the runs are known without walking them: a tile's hundreds of rows are not visited
            if (box.runs() > MAX) return null;
            box.forEach((from, to, elements) -> j.add(from, to, (long) elements * elementSize));
            return j;
        }
        try {
            pair.forEachRun((aStart, bStart, length) -> {
                j.add(source.of(aStart), target.byteOffset(bStart), length * elementSize);
                if (!j.fits) throw StopWalk.INSTANCE; // the rest of a tile's hundreds of rows need not be seen
            });
        } catch (StopWalk e) {
            return null;
        }
        return j;
    }

    /**
     * Whether the pair is one run, which it then adds without visiting its rows: products are
     * visited in increasing offset order in both a C-order source (the file's row-major layout, a
     * chunk's block) and the dense C-order target, and n increasing offsets whose first and last
     * lie n - 1 elements apart are consecutive. A 512 x 512 frame was 512 row runs to join.
     */
    private static boolean isOneRun(SelectionPair pair, SourceOffset source, ReadTarget target, int elementSize, JoinedRuns j) {
        if (!(pair.a() instanceof ProductSelection a) || !(pair.b() instanceof ProductSelection b)) return false;
        long n = pair.count();
        if (n == 0) return false;
        Box inA = a.bounds();
        Box inB = b.bounds();
        long from = source.of(inA.start());
        long to = target.byteOffset(inB.start());
        long span = (n - 1) * elementSize;
        if (source.of(inA.last()) - from != span || target.byteOffset(inB.last()) - to != span) return false;
        j.add(from, to, n * elementSize);
        return true;
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
