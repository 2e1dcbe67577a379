package org.h5vds.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hidden file a new file is written to before it takes its name: {@code .NAME.h5vds-N.SUFFIX}
 * in the target's folder.
 *
 * <ul>
 * <li>It is created as any program creates a file (mode 0666 less the umask: 0644 under umask
 *     022), not with {@code Files.createTempFile}'s 0600, so the file renamed into place has the
 *     permissions h5py's would have.</li>
 * <li>Its writer holds an exclusive lock on it ({@code fcntl}, through {@link FileChannel#tryLock})
 *     for as long as it writes. A temporary file of the same target that nobody holds locked is
 *     what a killed writer left behind (the lock dies with its process): creating a new one
 *     removes those, and says which ({@link #staleRemoved()}). One that a live writer holds, in
 *     this JVM or another process, is left alone.</li>
 * </ul>
 */
public final class TemporaryFile {
    /** Temporaries open in this JVM: never opened by the stale check, whose close would drop their fcntl lock. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    static {
        // (a Thread subclass, not a lambda: no call site to link when a program first writes a file)
        Runtime.getRuntime().addShutdownHook(new Thread("h5vds-temporary-cleanup") {
            @Override
            public void run() {
                for (Path p : OPEN) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // the JVM is going away; nothing else can be done
                    }
                }
            }
        });
    }

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<Path> staleRemoved;

    private TemporaryFile(Path path, FileChannel channel, FileLock lock, List<Path> staleRemoved) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.staleRemoved = List.copyOf(staleRemoved);
    }

    /**
     * Creates and locks the temporary file for {@code target} (an absolute path whose folder
     * exists), first removing the stale ones of the same target.
     *
     * @param suffix "tmp" for HDF5 files, "part" for .npy files
     * @throws H5Exception naming the target when the folder is missing or not writable
     */
    public static TemporaryFile create(Path target, String suffix) {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new H5Exception(target + ": the folder " + dir + " does not exist");
        List<Path> removed = removeStale(target, suffix);
        for (int attempt = 0; ; attempt++) {
            // N need not be unguessable: the file is created only where no file of that name
            // exists (O_EXCL, which follows no link), and a name taken is tried again with another
            // N. ThreadLocalRandom rather than SecureRandom, whose first use (providers, the
            // system's entropy source) costs a program's first write tens of milliseconds
            Path p = dir.resolve("." + target.getFileName() + ".h5vds-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + "." + suffix);
            FileChannel ch;
            try {
                ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 100) continue;
                throw new H5Exception(target + ": cannot create a temporary file in " + dir + ": every name tried exists", e);
            } catch (IOException e) {
                throw new H5Exception(target + ": cannot create a temporary file in " + dir + ": " + FileStore.describe(e), e);
            }
            OPEN.add(p);
            try {
                FileLock lock = ch.tryLock();
                return new TemporaryFile(p, ch, lock, removed);
            } catch (IOException | OverlappingFileLockException e) {
                // no lock on this file system: the file is still written safely, only never judged stale
                return new TemporaryFile(p, ch, null, removed);
            }
        }
    }

    /** Deletes the temporary files of {@code target} that no live writer holds; returns them. */
    private static List<Path> removeStale(Path target, String suffix) {
        String prefix = "." + target.getFileName() + ".h5vds-";
        String end = "." + suffix;
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent())) {
            for (Path p : entries) {
                if (!isTemporaryName(p.getFileName().toString(), prefix, end) || OPEN.contains(p)) continue;
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    FileLock lock = ch.tryLock();
                    if (lock == null) continue;          // another process is writing it
                    Files.deleteIfExists(p);             // deleted while we hold the lock: no writer can take it meanwhile
                    removed.add(p);
                } catch (IOException | OverlappingFileLockException e) {
                    // in use, or not ours to remove: leave it
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // a folder we cannot list: nothing is cleaned, the new file is still written
        }
        return removed;
    }

    /**
     * Whether {@code name} is {@code prefix}, one or more ASCII digits, then {@code end}. Checked by
     * hand rather than with a regular expression: {@code java.util.regex} builds its character
     * classes from lambdas, and the first lambda of a JVM sets up method handles and generates
     * classes, which cost a program's first create 5-8 ms (CreateStartupWorkTest).
     */
    static boolean isTemporaryName(String name, String prefix, String end) {
        int digits = name.length() - prefix.length() - end.length();
        if (digits < 1 || !name.startsWith(prefix) || !name.endsWith(end)) return false;
        for (int i = prefix.length(); i < prefix.length() + digits; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    public Path path() {
        return path;
    }

    /** The channel to write through; closing it (or {@link #close()}) releases the lock. */
    public FileChannel channel() {
        return channel;
    }

    /** Stale temporary files of the same target (left by killed writers) removed on creation. */
    public List<Path> staleRemoved() {
        return staleRemoved;
    }

    /** Closes the channel (releasing the lock); the file stays, renamed or not. */
    public void close() throws IOException {
        try {
            if (lock != null && lock.isValid()) lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        channel.close();
        OPEN.remove(path);
    }

    /** Closes the channel and deletes the file. */
    public void delete() {
        try {
            close();
        } catch (IOException ignored) {
            // deleting the file is what matters
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover hidden temporary file is removed by the next write to the same target
        }
        OPEN.remove(path);
    }

    /** Forgets the file after it was renamed into place. */
    public void renamed() {
        OPEN.remove(path);
    }
}
