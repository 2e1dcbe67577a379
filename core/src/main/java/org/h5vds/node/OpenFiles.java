package org.h5vds.node;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.h5vds.io.H5Exception;

/**
 * Every HDF5 file this JVM has open, by file identity (device and inode where the platform says,
 * else the real path), so that it is written through one handle at a time and read consistently,
 * as libhdf5 shares one open file between the handles of a process (H5F_open):
 * <ul>
 * <li>a file open for writing cannot be opened for writing again: the second writer is refused;</li>
 * <li>opening for reading a file that is open for writing shares the writer's {@link OpenFile}, so
 *     the reader sees the writer's objects as they are now, never a half-changed file;</li>
 * <li>a file open for reading through its own handles cannot be opened for writing (libhdf5:
 *     "file is already open for read-only"), since those handles cache what the writer is about
 *     to change;</li>
 * <li>opening for reading a file already open for reading shares that opening's decoded headers
 *     and structures when the file has not changed since (same modification time and length):
 *     an open + small read in a loop, while another handle holds the file, decodes nothing again.</li>
 * </ul>
 */
final class OpenFiles {
    private static final class Entry {
        OpenFile writer;
        boolean writerOpening;
        int readers;
        /**
         * What the latest reader opened, offered to later readers; weakly held, since handles
         * dropped without a close must leave it to the garbage collector (which gives back its
         * reader count).
         */
        WeakReference<Object> reader;
    }

    /** A file's identity and, from the same look at it, its version: modification time and length. */
    record Identity(Object key, String version) {
    }

    private static final Map<Object, Entry> FILES = new HashMap<>();

    private OpenFiles() {
    }

    /** The identity of the file at {@code path}, or null when it does not exist. */
    static Object key(Path path) {
        Identity id = identify(path);
        return id == null ? null : id.key();
    }

    /** The identity and version of the file at {@code path} (one stat), or null when it does not exist. */
    static Identity identify(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            Object k = a.fileKey();
            String version = a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "-" + a.size();
            return new Identity(k != null ? k : path.toRealPath(), version);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What a new reader of {@code key} opens: the writer's file when it is open for writing
     * (counted as one more sharer), else an earlier reader's opening that {@code joins} accepts
     * (and counts), else null after counting a new reader.
     */
    static synchronized Object readerOpened(Object key, Predicate<Object> joins) {
        if (key == null) return null;
        Entry e = FILES.computeIfAbsent(key, k -> new Entry());
        if (e.writer != null) return e.writer;
        if (e.writerOpening) throw new H5Exception("the file is being opened for writing in this program; open it for reading once that is done");
        Object earlier = e.reader == null ? null : e.reader.get();
        if (earlier != null && joins.test(earlier)) return earlier;
        e.readers++;
        return null;
    }

    /** Offers {@code opening}, a new reader's, to the readers of {@code key} that follow. */
    static synchronized void readerOpening(Object key, Object opening) {
        Entry e = FILES.get(key);
        if (e != null) e.reader = new WeakReference<>(opening);
    }

    static synchronized void readerClosed(Object key) {
        if (key == null) return;
        Entry e = FILES.get(key);
        if (e == null) return;
        e.readers--;
        if (e.readers <= 0 && e.writer == null) FILES.remove(key);
    }

    /** Reserves {@code key} for a writer about to open it; fails when the file is open here already. */
    static synchronized void writerOpening(Object key, Path path) {
        Entry e = FILES.computeIfAbsent(key, k -> new Entry());
        if (e.writer != null || e.writerOpening) {
            throw new H5Exception(path + ": is already open for writing in this program; a file is written through one handle at a time "
                    + "(open it once and share that handle)");
        }
        if (e.readers > 0) {
            throw new H5Exception(path + ": is open for reading elsewhere in this program (" + e.readers + " handle"
                    + (e.readers == 1 ? "" : "s") + ", virtual dataset sources included); close " + (e.readers == 1 ? "it" : "them")
                    + " before opening the file for writing, as libhdf5 requires");
        }
        e.writerOpening = true;
    }

    /** The reserved file is open for writing through {@code writer}. */
    static synchronized void writerOpened(Object key, OpenFile writer) {
        Entry e = FILES.get(key);
        e.writerOpening = false;
        e.writer = writer;
    }

    /** The writer (or, with null, the reservation) of {@code key} is gone. */
    static synchronized void writerClosed(Object key, OpenFile writer) {
        Entry e = FILES.get(key);
        if (e == null) return;
        if (writer == null) {
            e.writerOpening = false;
        } else {
            if (e.writer != writer) return;
            e.writer = null;
        }
        if (e.readers <= 0 && e.writer == null && !e.writerOpening) FILES.remove(key);
    }
}
