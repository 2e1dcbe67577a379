package org.h5vds.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h5vds.format.Superblock;
import org.h5vds.io.Cursor;
import org.h5vds.io.FileSink;
import org.h5vds.io.H5Exception;

/**
 * A new HDF5 file being written. Raw data goes to the file as datasets are written; the metadata
 * (object headers, heaps, indexes) is written at {@link #close()}, children before parents, then
 * the version 2 superblock (8-byte offsets and lengths, base address 0) at byte 0, and only then
 * does the file appear under its name (see {@link FileSink}).
 *
 * <p>A writer is open, closed, or failed: once a write could not be carried out (an I/O error, a
 * chunk that could not be encoded) the file cannot be completed, every further call says so, and
 * closing it deletes the temporary file. Errors in what the caller asked (a bad shape, an existing
 * name) are reported without harming the file.
 */
public final class FileWriter implements AutoCloseable {
    private static final int SUPERBLOCK_VERSION = 2;
    private static final int OFFSET_SIZE = 8;
    private static final int LENGTH_SIZE = 8;

    private enum State { OPEN, CLOSING, CLOSED, FAILED }

    private final FileSink sink;
    private final GroupWriter root;
    private final GlobalHeapWriter heap;
    private final List<DatasetWriter> datasets = new ArrayList<>();
    private volatile State state = State.OPEN;
    private volatile Throwable failure;
    private ExecutorService executor;

    private FileWriter(FileSink sink) {
        this.sink = sink;
        this.heap = new GlobalHeapWriter(sink);
        this.root = new GroupWriter(this, "/");
    }

    /**
     * Starts a file that will appear at {@code target} when closed.
     *
     * @param replace whether an existing file there is replaced (else it is an error, now and at close)
     */
    public static FileWriter create(Path target, boolean replace) {
        return new FileWriter(FileSink.create(target, replace, Superblock.encodedSize(SUPERBLOCK_VERSION, OFFSET_SIZE, LENGTH_SIZE)));
    }

    public GroupWriter root() {
        return root;
    }

    /** The path the file will have. */
    public Path path() {
        return sink.target();
    }

    /** Temporary files of the same target that killed writers left, removed when this file was started. */
    public java.util.List<Path> staleTemporariesRemoved() {
        return sink.staleTemporariesRemoved();
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    FileSink sink() {
        return sink;
    }

    /** Where variable-length data written to this file goes (its global heap). */
    public org.h5vds.storage.FileObjects objects() {
        return heap;
    }

    /** How many threads encode and write chunks: one per core (the system property h5vds.threads overrides it). */
    int threads() {
        return Math.max(1, Integer.getInteger("h5vds.threads", Runtime.getRuntime().availableProcessors()));
    }

    /** The threads that encode and write chunks, started on first use. */
    synchronized Executor executor() {
        if (executor == null) {
            int n = threads();
            AtomicInteger count = new AtomicInteger();
            executor = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "h5vds-write-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        }
        return executor;
    }

    synchronized void register(DatasetWriter d) {
        datasets.add(d);
    }

    /** Throws unless the file can still be written. */
    void requireOpen() {
        requireOpen(null);
    }

    /** Throws unless the file can still be written; the error names {@code object} (a path) when given. */
    void requireOpen(String object) {
        String where = object == null ? path().toString() : path() + ": " + object;
        switch (state) {
            case OPEN -> {
            }
            case FAILED -> throw new IllegalStateException(where + ": an earlier write failed, so the file cannot be written"
                    + (failure == null ? "" : " (" + failure.getMessage() + ")"));
            default -> throw new IllegalStateException(where + ": the file is closed; nothing more can be written to it");
        }
    }

    /** Marks the file failed because of {@code cause}; returns the exception to throw. */
    RuntimeException fail(RuntimeException cause) {
        if (failure == null) failure = cause;
        state = State.FAILED;
        return cause;
    }

    /**
     * Completes the file: finishes every dataset's storage, writes all metadata and the
     * superblock, and moves the file to its name. A failed writer deletes its temporary file and
     * throws; closing a closed writer does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) return;
            if (state == State.FAILED) {
                discardQuietly();
                state = State.CLOSED;
                throw new H5Exception(path() + ": not written, because an earlier write failed"
                        + (failure == null ? "" : ": " + failure.getMessage()), failure);
            }
            state = State.CLOSING;
        }
        try {
            synchronized (this) {
                for (DatasetWriter d : datasets) d.finish();
                long rootAddress = root.writeHeader(sink, heap);
                heap.finish();
                Superblock sb = Superblock.v2(SUPERBLOCK_VERSION, OFFSET_SIZE, LENGTH_SIZE, 0, 0, Cursor.UNDEFINED,
                        sink.endOfAllocation(), rootAddress);
                sink.write(0, sb.encode());
                sink.commit();
                state = State.CLOSED;
            }
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                failure = e;
                discardQuietly();
                state = State.CLOSED;
            }
            if (e instanceof H5Exception h && h.getMessage().startsWith(path().toString())) throw h;
            throw new H5Exception(path() + ": not written: " + e.getMessage(), e);
        } finally {
            shutdownExecutor();
        }
    }

    /** Abandons the file: nothing appears under its name, an existing file there is untouched. */
    public void discard() {
        synchronized (this) {
            if (state == State.CLOSED) return;
            discardQuietly();
            state = State.CLOSED;
        }
        shutdownExecutor();
    }

    private void discardQuietly() {
        for (DatasetWriter d : datasets) {
            try {
                d.abandon();
            } catch (RuntimeException ignored) {
                // the file is being thrown away
            }
        }
        sink.discard();
    }

    private synchronized void shutdownExecutor() {
        if (executor != null) executor.shutdown();
    }

    @Override
    public String toString() {
        return "FileWriter[" + path() + ", " + state + "]";
    }
}
