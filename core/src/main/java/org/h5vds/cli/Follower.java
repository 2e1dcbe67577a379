package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.H5Exception;

/**
 * {@code h5vds read --follow}: follows a dataset a SWMR writer is growing, like {@code tail -f}.
 * Each round asks who is writing (the superblock flags), then refreshes the dataset and hands on
 * the rows along axis 0 that appeared since the last round, in batches of at most
 * {@link ReadCommand#SLAB_BYTES}, every row once and in order. Asking before refreshing means that
 * the round which finds the writer gone has seen the writer's last flush, so it is the last round.
 * A virtual dataset ends once a SWMR writer was seen on one of its sources and none has one any
 * more; one whose sources are never written by a SWMR writer (printf files that appear complete)
 * is followed until Ctrl-C.
 */
final class Follower {
    private final Dataset dataset;
    private final PrintWriter out;
    private final Path npyDir;
    private final long intervalMs;
    private volatile boolean interrupted;

    Follower(Dataset dataset, PrintWriter out, Path npyDir, long intervalMs) {
        this.dataset = dataset;
        this.out = out;
        this.npyDir = npyDir;
        this.intervalMs = intervalMs;
    }

    /** Follows until the writer ends or Ctrl-C; returns the exit status, 0. */
    int run() {
        if (npyDir != null && !Files.isDirectory(npyDir)) throw new H5Exception(npyDir + ": --npy-dir is not a folder");
        Runnable restore = onCtrlC(() -> interrupted = true);
        try {
            long done = 0;
            boolean writerSeen = false;
            while (true) {
                H5File.WriterState writer = dataset.writerState();
                writerSeen |= writer != H5File.WriterState.NONE;
                dataset.refresh();
                long rows = dataset.shape().get(0);
                if (rows > done) {
                    emit(done, rows);
                    done = rows;
                }
                boolean finished = writer == H5File.WriterState.NONE && (writerSeen || !dataset.isVirtual());
                if (finished || interrupted) return 0;
                sleep();
            }
        } finally {
            restore.run();
        }
    }

    /** Hands on rows [from, to) in batches of at most about {@link ReadCommand#SLAB_BYTES}. */
    private void emit(long from, long to) {
        long rowBytes = dataset.dtype().size();
        long[] shape = dataset.shape().toArray();
        for (int i = 1; i < shape.length; i++) rowBytes = Math.multiplyExact(rowBytes, shape[i]);
        long perBatch = Math.max(1, ReadCommand.SLAB_BYTES / Math.max(1, rowBytes));
        for (long start = from; start < to; start += perBatch) {
            long stop = Math.min(to, start + perBatch);
            NdArray batch = dataset.read(Index.parse(start + ":" + stop));
            if (npyDir != null) {
                Npy.write(npyDir.resolve(start + "-" + stop + ".npy"), batch);
            } else {
                out.println(batch);
            }
            out.flush();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(intervalMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
        }
    }

    /**
     * Makes Ctrl-C (SIGINT) end the following at the next round, with exit status 0, instead of
     * killing the JVM in the middle of a batch; returns what puts the previous handler back. Where
     * the JVM offers no signal handling, Ctrl-C ends the program as usual.
     */
    private static Runnable onCtrlC(Runnable action) {
        try {
            sun.misc.Signal sigint = new sun.misc.Signal("INT");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(sigint, s -> action.run());
            return () -> sun.misc.Signal.handle(sigint, previous);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return () -> { };
        }
    }
}
