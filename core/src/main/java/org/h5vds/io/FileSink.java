package org.h5vds.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a new HDF5 file is written: a temporary file in the target's own folder
 * ({@code .NAME.h5vds-XXXX.tmp}), filled with positional writes only, and renamed to the target
 * by {@link #commit()} once complete. Until then nothing exists under the target name, and a file
 * already there is untouched; {@link #discard()} deletes the temporary file instead.
 *
 * <p>Addresses are file offsets (the writer uses base address 0); the node layer hands out space
 * ({@link FileSpace}). Writes and reads are safe from many threads at once: there is no shared
 * file pointer.
 *
 * <p>Temporary files of sinks still open when the JVM shuts down normally (an uncaught
 * exception, {@code System.exit}) are deleted by a shutdown hook; a killed JVM leaves its hidden
 * temporary file behind, never a partial file under the target name, and the next sink for the
 * same target removes it ({@link TemporaryFile}).
 */
public final class FileSink implements WritableStore {
    /**
     * Whether a finished file is forced to disk before it takes its name, so that it is complete
     * even after a power cut, not just after a crash of the program (which the rename alone
     * covers). On by default; {@code -Dh5vds.fsync=false} trades that for speed, as libhdf5 does.
     */
    static final boolean DURABLE = !"false".equals(System.getProperty("h5vds.fsync"));

    /**
     * Bytes written after which a durable file's data is synced in the background (fdatasync on
     * a thread of its own): the disk then writes the data while the program goes on producing
     * it, and the sync before the rename, which must wait for every byte still in memory, finds
     * little left instead of the whole file. Only the data: the metadata is forced once, at the end.
     */
    static final long BACKGROUND_SYNC_BYTES = 64L << 20;

    /** The most bytes of a heap buffer passed to one write (see {@link #write}). */
    private static final int HEAP_WRITE_SLICE = 1 << 20;

    /**
     * The thread of the background syncs, shared by every sink, started on first use and ended
     * when idle; made when a sink first needs it (a holder class: most files written never reach
     * {@link #BACKGROUND_SYNC_BYTES}, and a program's first file should not pay for a pool).
     */
    private static final class Syncs {
        static final ThreadPoolExecutor SYNCS = backgroundSyncs();

        private static ThreadPoolExecutor backgroundSyncs() {
            ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "h5vds-sync");
                t.setDaemon(true);
                return t;
            });
            e.allowCoreThreadTimeOut(true);
            return e;
        }
    }

    /** PUBLISHED: in place under the target name before it is complete, still written (a SWMR writer's file, see {@link #publish}). */
    private enum State { OPEN, PUBLISHED, COMMITTED, DISCARDED }

    private final Path target;
    private final TemporaryFile temporaryFile;
    private final Path temporary;
    private final boolean replace;
    private final FileChannel channel;
    private final AtomicLong size = new AtomicLong();
    private volatile State state = State.OPEN;
    /** Bytes written since the last background sync started. */
    private final AtomicLong unsynced = new AtomicLong();
    /** The background sync under way or last done (null before the first). */
    private volatile CompletableFuture<Void> backgroundSync;
    /**
     * A background sync's failure: reported by the next sync the caller asks for, since the
     * kernel reports a failed writeback once per open file, to whichever sync comes first.
     */
    private volatile IOException backgroundFailure;
    private final AtomicLong backgroundSyncs = new AtomicLong();
    /** Positional writes and reads made so far (statistics: what a SWMR writer's flush costs, for tests). */
    private final AtomicLong writeCalls = new AtomicLong();
    private final AtomicLong readCalls = new AtomicLong();

    private FileSink(Path target, TemporaryFile temporary, boolean replace) {
        this.target = target;
        this.temporaryFile = temporary;
        this.temporary = temporary.path();
        this.replace = replace;
        this.channel = temporary.channel();
    }

    /**
     * Starts a new file that will appear as {@code target}.
     *
     * @param replace  true to replace an existing file at {@code target} when committed (h5py's
     *                 'w'); false to refuse if one exists, now and at commit (h5py's 'x' / 'w-')
     * @throws H5Exception naming the target when it exists (and {@code replace} is false) or its folder is not writable
     */
    public static FileSink create(Path target, boolean replace) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (!replace && Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new H5Exception(target + ": already exists (create it with CreateMode.TRUNCATE to replace it)");
        }
        if (Files.isDirectory(abs)) throw new H5Exception(target + ": is a directory");
        if (dir == null || !Files.isDirectory(dir)) throw new H5Exception(target + ": the folder " + dir + " does not exist");
        return new FileSink(abs, TemporaryFile.create(abs, "tmp"), replace);
    }

    /** Temporary files of the same target that killed writers left, removed when this one was created. */
    public java.util.List<Path> staleTemporariesRemoved() {
        return temporaryFile.staleRemoved();
    }

    /** The name the file gets when committed. */
    public Path target() {
        return target;
    }

    /** The temporary file being written. */
    public Path temporary() {
        return temporary;
    }

    public boolean isOpen() {
        return state == State.OPEN || state == State.PUBLISHED;
    }

    /** Whether the file was put in place before it was complete ({@link #publish}). */
    public boolean isPublished() {
        return state == State.PUBLISHED;
    }

    /** The target, the name errors give. */
    public Path path() {
        return target;
    }

    @Override
    public String location() {
        return target.toString();
    }

    /** The end of the furthest write. */
    @Override
    public long size() {
        return size.get();
    }

    @Override
    public void read(long position, ByteBuffer dst, String what) {
        checkRange(position, dst.remaining(), what);
        read(position, dst);
    }

    @Override
    public void sync() {
        requireOpen();
        try {
            if (DURABLE) force();
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot force writes to the disk: " + FileStore.describe(e), e);
        }
    }

    @Override
    public void truncate(long length) {
        requireOpen();
        try {
            if (channel.size() > length) channel.truncate(length);
            else if (channel.size() < length) channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
            size.set(length);
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot set the length to " + length + ": " + FileStore.describe(e), e);
        }
    }

    /** Writes the bytes of {@code src} from its position to its limit at {@code position}. */
    @Override
    public void write(long position, ByteBuffer src) {
        requireOpen();
        writeCalls.incrementAndGet();
        ByteBuffer b = src.duplicate();
        long pos = position;
        try {
            while (b.hasRemaining()) {
                // the JDK writes a heap buffer through a direct buffer as large as what one write
                // passes, fresh memory the first time (an 8 MB VDS block costs a young JVM some
                // 2,000 page faults): slices keep that buffer at HEAP_WRITE_SLICE, reused
                int limit = b.limit();
                if (!b.isDirect() && b.remaining() > HEAP_WRITE_SLICE) b.limit(b.position() + HEAP_WRITE_SLICE);
                pos += channel.write(b, pos);
                b.limit(limit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": write of " + src.remaining() + " bytes at " + position
                    + " failed: " + FileStore.describe(e), e);
        }
        for (long known = size.get(); known < pos && !size.compareAndSet(known, pos); ) known = size.get();
        if (DURABLE && unsynced.addAndGet(pos - position) >= BACKGROUND_SYNC_BYTES) startBackgroundSync();
    }

    /** Starts a background sync of the data written so far, unless one is under way. */
    private synchronized void startBackgroundSync() {
        CompletableFuture<Void> last = backgroundSync;
        if (last != null && !last.isDone()) return;
        unsynced.set(0);
        backgroundSyncs.incrementAndGet();
        CompletableFuture<Void> sync = new CompletableFuture<>();
        backgroundSync = sync;
        try {
            Syncs.SYNCS.execute(() -> {
                try {
                    channel.force(false);
                } catch (ClosedChannelException e) {
                    // discarded or finished meanwhile: nothing left to sync here
                } catch (IOException e) {
                    backgroundFailure = e;
                } finally {
                    sync.complete(null);
                }
            });
        } catch (RuntimeException e) {
            sync.complete(null); // no thread for it: the sync at the end does it all
        }
    }

    /** How many times {@link #write} was called: the writes a program made here, however the JDK split them. */
    public long writesMade() {
        return writeCalls.get();
    }

    /** How many times {@link #read(long, ByteBuffer)} was called (every read of a written file goes through it). */
    public long readsMade() {
        return readCalls.get();
    }

    /** How many background syncs were started (for tests). */
    long backgroundSyncsStarted() {
        return backgroundSyncs.get();
    }

    /** Forces data and metadata to the disk, after the background sync under way, and reports that one's failure too. */
    private void force() throws IOException {
        CompletableFuture<Void> last = backgroundSync;
        if (last != null) last.join();
        channel.force(true);
        IOException failed = backgroundFailure;
        if (failed != null) throw failed;
    }

    /** Reads back {@code dst.remaining()} bytes written earlier at {@code position}; unwritten bytes read as zero. */
    public void read(long position, ByteBuffer dst) {
        requireOpen();
        readCalls.incrementAndGet();
        long pos = position;
        try {
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    while (dst.hasRemaining()) dst.put((byte) 0);
                    return;
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": read at " + position + " failed: " + FileStore.describe(e), e);
        }
    }

    /**
     * Finishes the file: extends it to {@code length} bytes (the end of allocation), forces it to
     * disk, and renames it to the target (atomically; with {@code replace} false, failing if a file
     * appeared there meanwhile). A {@linkplain #publish published} file is already in place: it is
     * extended, forced and closed.
     */
    public void commit(long length) {
        requireOpen();
        complete(length, false);
    }

    /**
     * Puts the file in place under the target name now, before it is complete, and goes on
     * writing it there: what a SWMR writer needs, whose readers open the target while it grows.
     * The caller has written a file libhdf5 can open, {@code length} bytes long; from now on it is
     * changed in place (a crash leaves the file there) and {@link #discard()} no longer deletes it.
     */
    public void publish(long length) {
        if (state != State.OPEN) throw new IllegalStateException(target + ": the file is already in place or closed");
        complete(length, true);
    }

    /** Extends the file to {@code length}, forces it, puts it in place (unless it is) and closes it, or keeps it open with {@code stayOpen}. */
    private void complete(long length, boolean stayOpen) {
        try {
            if (channel.size() < length) channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
            if (DURABLE) force();
            if (state == State.OPEN) moveIntoPlace();
            if (stayOpen) {
                state = State.PUBLISHED;
                temporaryFile.renamed();
            } else {
                state = State.COMMITTED;
                temporaryFile.close();
            }
            if (DURABLE) forceDirectory();
        } catch (FileAlreadyExistsException e) {
            discard();
            throw new H5Exception(target + ": already exists (it appeared while the file was being written); nothing was written", e);
        } catch (IOException e) {
            discard();
            throw new UncheckedIOException(target + ": cannot " + (stayOpen ? "put the file in place" : "finish the file") + ": "
                    + FileStore.describe(e), e);
        }
    }

    /** Renames the temporary file to the target, while still locked, so that no other writer's stale check can take it meanwhile. */
    private void moveIntoPlace() throws IOException {
        if (replace) {
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            // a hard link fails when the name exists, so no file that appeared since creation is replaced
            try {
                Files.createLink(target, temporary);
                Files.delete(temporary);
            } catch (UnsupportedOperationException e) {
                Files.move(temporary, target);
            }
        }
    }

    /** Syncs the folder so the rename itself survives a crash; not every platform allows it. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the data is on disk; only the durability of the rename is not guaranteed here
        }
    }

    /**
     * Abandons the file: closes and deletes the temporary file. Does nothing once committed or
     * discarded; a {@linkplain #publish published} file is closed and stays as written.
     */
    public void discard() {
        if (state == State.COMMITTED) return;
        if (state == State.PUBLISHED) {
            // in place already: closed, kept as written so far
            state = State.COMMITTED;
            try {
                temporaryFile.close();
            } catch (IOException ignored) {
                // the channel is gone either way
            }
            return;
        }
        state = State.DISCARDED;
        temporaryFile.delete();
    }

    /** Same as {@link #discard()}: a sink closed without {@link #commit()} leaves nothing. */
    @Override
    public void close() {
        discard();
    }

    private void requireOpen() {
        State s = state;
        if (s != State.OPEN && s != State.PUBLISHED) {
            throw new IllegalStateException(target + ": the file is " + (s == State.COMMITTED ? "already closed" : "discarded") + "; nothing more can be written");
        }
    }

    @Override
    public String toString() {
        return "FileSink[" + target + " via " + temporary.getFileName() + "]";
    }
}
