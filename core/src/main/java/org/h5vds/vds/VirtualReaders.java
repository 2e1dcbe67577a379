package org.h5vds.vds;

import java.nio.file.Path;
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
    private final SourceFilePool pool;

    public VirtualReaders(VirtualOptions options) {
        this(options, false);
    }

    /** @param ignoreWriterFlags read files flagged as open for writing (see {@link NodeOptions#ignoreWriterFlags()}) */
    public VirtualReaders(VirtualOptions options, boolean ignoreWriterFlags) {
        this.options = options;
        this.nodeOptions = NodeOptions.defaults().withVirtualReaders(this).withIgnoreWriterFlags(ignoreWriterFlags);
        this.pool = new SourceFilePool(options.openFiles(), path -> OpenFile.open(path, nodeOptions));
    }

    /** Opens a file whose virtual datasets this engine reads; the caller closes it (before closing this). */
    public OpenFile openFile(Path path) {
        OpenFile f = OpenFile.open(path, nodeOptions);
        try {
            pool.pin(f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** Opens an existing file for writing, its virtual datasets read by this engine; the caller closes it (before closing this). */
    public OpenFile openForWriting(Path path) {
        return pinned(OpenFile.openForWriting(path, nodeOptions));
    }

    /** Starts a new file, its virtual datasets read by this engine; the caller closes it (before closing this). */
    public OpenFile create(Path path, boolean replace) {
        return OpenFile.create(path, replace, nodeOptions);
    }

    private OpenFile pinned(OpenFile f) {
        try {
            pool.pin(f);
        } catch (RuntimeException e) {
            f.discardQuietly();
            throw e;
        }
        return f;
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
        return pool.openCount();
    }

    SourceFilePool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
