package org.h5vds.vds;

import java.nio.file.Path;
import org.h5vds.io.Locations;
import org.h5vds.io.NoSuchFileException;
import org.h5vds.io.Stores;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.NodeOptions;
import org.h5vds.node.OpenFile;
import org.h5vds.node.VirtualReaderFactory;
import org.h5vds.storage.LayoutReader;

/**
 * The VDS engine of one opened file: builds the {@link VirtualReader} of each virtual dataset the
 * node layer meets (in that file, in its source files and in theirs) and owns the pool of source
 * files they share. Open the file with {@link #openFile}; closing this closes the source files.
 */
public final class VirtualReaders implements VirtualReaderFactory, AutoCloseable {
    private final VirtualOptions options;
    private final NodeOptions nodeOptions;
    /**
     * Made on first use (written under {@code this}): a file that is only created, or whose virtual
     * datasets are never read, needs none, and a program's first create would load it for nothing.
     */
    private volatile SourceFilePool pool;
    /** Set by {@link #close} (guarded by {@code this}): a pool made after it is closed at once, so that its leases fail as a closed pool's do. */
    private boolean closed;

    /** An engine for local files only. */
    public VirtualReaders(VirtualOptions options) {
        this(options, Stores.local(), false);
    }

    /** An engine that opens files, and finds source files, through {@code stores}. */
    public VirtualReaders(VirtualOptions options, Stores stores) {
        this(options, stores, false);
    }

    /**
     * An engine that opens files, and finds source files, through {@code stores}.
     *
     * @param ignoreWriterFlags read files flagged as open for writing (see {@link NodeOptions#ignoreWriterFlags()})
     */
    public VirtualReaders(VirtualOptions options, Stores stores, boolean ignoreWriterFlags) {
        this.options = options;
        this.nodeOptions = NodeOptions.defaults().withStores(stores).withVirtualReaders(this).withIgnoreWriterFlags(ignoreWriterFlags);
    }

    /**
     * Opens a source file with the engine's options. A class rather than a lambda: every program
     * that opens or creates a file makes an engine, and a lambda's call site costs 1-2 ms to link
     * the first time in a fresh JVM (CreateStartupWorkTest).
     */
    private static final class Opener implements java.util.function.Function<String, OpenFile> {
        private final NodeOptions options;

        Opener(NodeOptions options) {
            this.options = options;
        }

        @Override
        public OpenFile apply(String location) {
            return OpenFile.open(location, options);
        }
    }

    /** Opens a file whose virtual datasets this engine reads; the caller closes it (before closing this). */
    public OpenFile openFile(Path path) {
        return openFile(path.toString());
    }

    /** Opens the file at {@code location} (a path or a URI); the caller closes it (before closing this). */
    public OpenFile openFile(String location) {
        OpenFile f = OpenFile.open(location, nodeOptions);
        try {
            if (!Locations.isRemote(location)) {
                // a local file's real path is worked out when a virtual dataset first looks for a source
                pool().pinLater(f, stores());
                return f;
            }
            String key = stores().identify(location);
            if (key == null) throw new NoSuchFileException(location);
            pool().pin(key, f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** Opens an existing file for writing, its virtual datasets read by this engine; the caller closes it (before closing this). */
    public OpenFile openForWriting(Path path) {
        OpenFile f = OpenFile.openForWriting(path, nodeOptions);
        try {
            String key = stores().identify(path.toString());
            if (key == null) throw new NoSuchFileException(path.toString());
            pool().pin(key, f);
        } catch (RuntimeException e) {
            f.discardQuietly();
            throw e;
        }
        return f;
    }

    /** Starts a new file, its virtual datasets read by this engine; the caller closes it (before closing this). */
    public OpenFile create(Path path, boolean replace) {
        return OpenFile.create(path, replace, nodeOptions);
    }

    /** How files are opened by location. */
    public Stores stores() {
        return nodeOptions.stores();
    }

    @Override
    public LayoutReader open(DatasetNode dataset) {
        return new VirtualReader(dataset, this);
    }

    public VirtualOptions options() {
        return options;
    }

    /** Source files open now (for diagnostics). */
    public int openSourceFiles() {
        SourceFilePool p = pool;
        return p == null ? 0 : p.openCount();
    }

    SourceFilePool pool() {
        SourceFilePool p = pool;
        if (p != null) return p;
        synchronized (this) {
            if (pool == null) {
                p = new SourceFilePool(options.openFiles(), new Opener(nodeOptions));
                if (closed) p.close();
                pool = p;
            }
            return pool;
        }
    }

    @Override
    public void close() {
        SourceFilePool p;
        synchronized (this) {
            closed = true;
            p = pool;
        }
        if (p != null) p.close();
    }
}
