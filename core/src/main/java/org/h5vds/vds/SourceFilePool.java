package org.h5vds.vds;

import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.h5vds.io.H5Exception;
import org.h5vds.io.Stores;
import org.h5vds.node.OpenFile;

/**
 * The source files of the virtual datasets of one open file: each opened once (keyed by its
 * identity: a local file's real path, a remote object's normalized URI), lazily, and kept open while a read holds a {@link Lease} on it. When more than
 * {@code capacity} files are open, the least recently used idle ones are closed; a file that is
 * needed again is reopened. If the operating system runs out of file descriptors anyway (a lower
 * {@code ulimit -n} than the capacity), idle files are closed, the limit is lowered and the open is
 * retried. Files {@linkplain #pin pinned} (the virtual file itself) are never closed by the pool.
 * Thread-safe.
 */
final class SourceFilePool implements AutoCloseable {
    private final Function<String, OpenFile> opener;
    private final Map<String, OpenFile> pinned = new ConcurrentHashMap<>();
    /** In access order: iteration starts at the least recently used entry. Guarded by {@code this}. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** Files pinned by {@link #pinLater} whose identity is not known yet, and their stores; guarded by {@code this}. */
    private final List<OpenFile> pending = new ArrayList<>(1);
    private Stores pendingStores;
    /** Whether {@link #pending} may hold files (read without the lock on every lease). */
    private volatile boolean anyPending;
    private int limit;
    private int open;
    private boolean closed;
    private long opens;

    SourceFilePool(int capacity, Function<String, OpenFile> opener) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity + " < 1");
        this.limit = capacity;
        this.opener = opener;
    }

    /** An open file held for the duration of one use; close it to let the pool close the file. */
    interface Lease extends AutoCloseable {
        OpenFile file();

        @Override
        default void close() {
        }
    }

    /** Registers a file that is open elsewhere (and closed by its owner) under its identity {@code key}. */
    void pin(String key, OpenFile file) {
        pinned.put(key, file);
    }

    /**
     * Registers a file open elsewhere whose identity is worked out when a source lookup first needs
     * it ({@code stores.identify(file.location())}; not pinned when that gives null): a file
     * opened to read a small dataset reads no virtual dataset, and a local file's real path costs a
     * system call per path component (11-14 µs of an open that takes ~80).
     */
    void pinLater(OpenFile file, Stores stores) {
        synchronized (this) {
            pending.add(file);
            pendingStores = stores;
            anyPending = true;
        }
    }

    /** Works out the identities of the files pinned for later, so that lookups see them. */
    private void pinPending() {
        if (!anyPending) return;
        synchronized (this) {
            for (OpenFile f : pending) {
                String key = pendingStores.identify(f.location());
                if (key != null) pinned.putIfAbsent(key, f);
            }
            pending.clear();
            anyPending = false;
        }
    }

    /** The identity {@code file} was {@linkplain #pin pinned} under, or null when it was not pinned. */
    String pinnedKey(OpenFile file) {
        pinPending();
        for (Map.Entry<String, OpenFile> e : pinned.entrySet()) if (e.getValue() == file) return e.getKey();
        return null;
    }

    /**
     * The file whose identity is {@code key} (what {@link org.h5vds.io.Stores#identify} gave),
     * opened at that location if needed.
     *
     * @throws H5Exception when it cannot be opened or is not an HDF5 file
     */
    Lease lease(String key) {
        pinPending();
        OpenFile p = pinned.get(key);
        if (p != null) return () -> p;
        Entry e;
        synchronized (this) {
            if (closed) throw new H5Exception(key + ": the file that opened this virtual dataset is closed");
            e = entries.get(key);
            if (e == null) {
                e = new Entry(key);
                entries.put(key, e);
            }
            e.leases++;
        }
        try {
            e.ensureOpen();
        } catch (RuntimeException ex) {
            release(e);
            synchronized (this) {
                if (e.file == null && e.leases == 0 && entries.get(key) == e) entries.remove(key);
            }
            throw ex;
        }
        trim();
        Entry held = e;
        return new Lease() {
            private boolean done;

            @Override
            public OpenFile file() {
                return held.file;
            }

            @Override
            public synchronized void close() {
                if (done) return;
                done = true;
                release(held);
            }
        };
    }

    /**
     * Closes every idle file and makes files in use close once released, so that the next lease
     * reads them afresh (sources that grew since they were opened).
     */
    void invalidate() {
        List<Entry> toClose = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries.values()) {
                e.stale = true;
                if (e.leases == 0) toClose.add(e);
            }
            entries.clear();
        }
        closeAll(toClose);
    }

    /** Number of files open now (for tests and diagnostics). */
    synchronized int openCount() {
        return open;
    }

    /** Number of times a file was opened (for tests: each source file once while it stays in the pool). */
    synchronized long openings() {
        return opens;
    }

    @Override
    public void close() {
        List<Entry> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(entries.values());
            entries.clear();
        }
        closeAll(toClose);
    }

    private void release(Entry e) {
        boolean closeNow;
        synchronized (this) {
            e.leases--;
            closeNow = e.stale && e.leases == 0;
        }
        if (closeNow) closeAll(List.of(e));
        trim();
    }

    /** Closes least recently used idle files while more than the limit are open. */
    private void trim() {
        List<Entry> toClose = new ArrayList<>();
        synchronized (this) {
            int excess = open - limit;
            for (Iterator<Entry> it = entries.values().iterator(); excess > 0 && it.hasNext(); ) {
                Entry e = it.next();
                if (e.leases == 0 && e.file != null) {
                    it.remove();
                    e.stale = true;
                    toClose.add(e);
                    excess--;
                }
            }
        }
        closeAll(toClose);
    }

    /** After the system refused a file descriptor: close idle files and keep the pool smaller from now on. */
    private void shrinkAfterExhaustion() {
        synchronized (this) {
            limit = Math.max(1, Math.min(limit, open * 3 / 4));
        }
        trim();
    }

    private void closeAll(List<Entry> list) {
        H5Exception first = null;
        for (Entry e : list) {
            try {
                e.closeFile();
            } catch (H5Exception ex) {
                if (first == null) first = ex;
            }
        }
        if (first != null) throw first;
    }

    private static boolean outOfDescriptors(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FileSystemException fse && fse.getReason() != null && fse.getReason().contains("Too many open files")) return true;
            if (c.getMessage() != null && c.getMessage().contains("Too many open files")) return true;
        }
        return false;
    }

    private final class Entry {
        final String key;
        volatile OpenFile file;
        int leases;      // guarded by the pool
        boolean stale;   // guarded by the pool
        private boolean fileClosed;

        Entry(String key) {
            this.key = key;
        }

        synchronized void ensureOpen() {
            if (file != null) return;
            if (fileClosed) throw new H5Exception(key + ": the file was closed while in use");
            OpenFile f;
            try {
                f = opener.apply(key);
            } catch (H5Exception ex) {
                if (!outOfDescriptors(ex)) throw ex;
                shrinkAfterExhaustion();
                try {
                    f = opener.apply(key);
                } catch (H5Exception again) {
                    throw new H5Exception(key + ": cannot open: the process has no file descriptors left (ulimit -n);"
                            + " read with fewer open files (the open-files option)", again);
                }
            }
            synchronized (SourceFilePool.this) {
                open++;
                opens++;
            }
            file = f;
        }

        synchronized void closeFile() {
            if (fileClosed) return;
            fileClosed = true;
            OpenFile f = file;
            if (f == null) return;
            synchronized (SourceFilePool.this) {
                open--;
            }
            f.close();
        }
    }
}
