package org.h5vds.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system lock a writer holds on its file, so that no other program writes (or, for
 * libhdf5, reads) it meanwhile.
 *
 * <p>libhdf5 1.10 and later lock the files they open with {@code flock()}: exclusive for writing,
 * shared for reading (unless {@code HDF5_USE_FILE_LOCKING=FALSE}). Java's {@link FileLock} takes
 * {@code fcntl()} record locks, which Linux keeps apart from {@code flock()} locks: neither sees the
 * other. So two locks are taken:
 * <ul>
 * <li>an exclusive {@code flock()}, held by a small child process, util-linux's {@code flock(1)}
 *     running {@code cat} on a pipe from this JVM. It excludes libhdf5 (h5py, h5dump, ...) writers
 *     and readers exactly as libhdf5 excludes its own, needs no native code, and ends with the JVM
 *     whatever the way: when the pipe closes, {@code cat} exits and the kernel drops the lock;</li>
 * <li>an {@code fcntl()} lock through {@link FileLock}, which other h5vds processes see, and which
 *     is all there is where {@code flock(1)} is missing (then libhdf5 is not excluded: the
 *     superblock's open-for-write flag remains, which libhdf5 honours in superblock version 3).</li>
 * </ul>
 */
public final class OsFileLock implements AutoCloseable {
    /** util-linux's flock; looked up on the usual paths (not through a shell). */
    private static final Path[] FLOCK = {Path.of("/usr/bin/flock"), Path.of("/bin/flock"), Path.of("/usr/local/bin/flock")};
    private static final int CONFLICT_EXIT = 75;

    private final Path path;
    private final FileChannel channel;
    private final FileLock fcntl;
    private volatile Process flock;

    private OsFileLock(Path path, FileChannel channel, FileLock fcntl, Process flock) {
        this.path = path;
        this.channel = channel;
        this.fcntl = fcntl;
        this.flock = flock;
    }

    /** The flock(1) executable, or null where there is none. */
    public static Path flockCommand() {
        for (Path p : FLOCK) if (Files.isExecutable(p)) return p;
        return null;
    }

    /**
     * Locks {@code path} for writing.
     *
     * @throws H5Exception naming the file when another program holds a lock on it, or it cannot be opened
     */
    public static OsFileLock acquire(Path path) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new H5Exception(path + ": cannot open for writing: " + FileStore.describe(e), e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new H5Exception(path + ": cannot lock the file: " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietly(ch);
            throw new H5Exception(path + ": is locked by another program (another h5vds writer has it open)");
        }
        Process child;
        try {
            child = flock(path);
        } catch (RuntimeException e) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel goes too
            }
            closeQuietly(ch);
            throw e;
        }
        return new OsFileLock(path, ch, lock, child);
    }

    private static Process flock(Path path) {
        Path cmd = flockCommand();
        if (cmd == null) return null;
        ProcessBuilder pb = new ProcessBuilder(cmd.toString(), "--exclusive", "--nonblock", "--conflict-exit-code", String.valueOf(CONFLICT_EXIT),
                path.toString(), "/bin/sh", "-c", "echo locked; exec cat");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return null; // the fcntl lock still stands
        }
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        } catch (IOException e) {
            line = null;
        }
        if ("locked".equals(line)) return p;
        int exit;
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            exit = p.exitValue();
        } catch (InterruptedException | IllegalThreadStateException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new H5Exception(path + ": interrupted while locking the file");
        }
        if (exit == CONFLICT_EXIT) {
            throw new H5Exception(path + ": is locked by another program: libhdf5 (h5py, h5dump, HDFView, ...) or an h5vds writer has it "
                    + "open; close it there first (libhdf5 locks every file it opens unless HDF5_USE_FILE_LOCKING=FALSE)");
        }
        throw new H5Exception(path + ": cannot lock the file (" + cmd + " exited with " + exit + ")");
    }

    public Path path() {
        return path;
    }

    /** Whether the flock() that excludes libhdf5 is held (false where flock(1) is missing). */
    public boolean excludesLibhdf5() {
        Process p = flock;
        return p != null && p.isAlive();
    }

    /**
     * Drops the {@code flock()} that excludes libhdf5 and keeps the {@code fcntl()} lock that
     * excludes other h5vds writers: what a SWMR writer does, since libhdf5's SWMR readers take a
     * shared {@code flock()} when they open the file (libhdf5's own SWMR writer unlocks the file
     * in {@code H5Fstart_swmr_write} too).
     */
    public void releaseLibhdf5Lock() {
        Process p = flock;
        flock = null;
        if (p != null) endFlock(p);
    }

    /** Releases both locks. */
    @Override
    public void close() {
        Process flock = this.flock;
        this.flock = null;
        if (flock != null) endFlock(flock);
        try {
            if (fcntl.isValid()) fcntl.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    /** Ends the flock(1) child (closing its pipe ends {@code cat}); the kernel drops its lock. */
    private static void endFlock(Process flock) {
        try {
            flock.getOutputStream().close();
            if (!flock.waitFor(10, TimeUnit.SECONDS)) flock.destroyForcibly();
        } catch (IOException e) {
            flock.destroyForcibly();
        } catch (InterruptedException e) {
            flock.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
