package org.h5vds.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.h5vds.node.OpenFile;
import org.h5vds.vds.VirtualReaders;

/**
 * An HDF5 file, like h5py's {@code File}: open it, then reach groups and datasets by path.
 *
 * <pre>{@code
 * try (H5File f = H5File.open(Path.of("data.h5"))) {
 *     Dataset d = f.dataset("entry/data");
 *     NdArray a = d.read("0:10, ::2");
 * }
 * }</pre>
 * An open file is safe to use from many threads at once; closing it while reads are under way
 * makes those reads fail.
 */
public final class H5File implements AutoCloseable {
    private final OpenFile open;
    private final Group root;
    private final VirtualReaders virtualReaders; // null when the file was not opened for reading virtual datasets

    private H5File(OpenFile open) {
        this(open, null);
    }

    private H5File(OpenFile open, VirtualReaders virtualReaders) {
        this.open = open;
        this.virtualReaders = virtualReaders;
        this.root = new Group(this, open.root());
    }

    /**
     * Opens an existing file for reading, with {@link ReadOptions#defaults()}.
     *
     * @throws org.h5vds.io.H5Exception when the file cannot be opened or is not HDF5, naming the file
     */
    public static H5File open(Path path) {
        return open(path, ReadOptions.defaults());
    }

    /**
     * Opens an existing file for reading; {@code options} say how its virtual datasets are read
     * (view, printf gap, source prefix, missing sources, open source files).
     *
     * @throws org.h5vds.io.H5Exception when the file cannot be opened or is not HDF5, naming the file
     */
    public static H5File open(Path path, ReadOptions options) {
        VirtualReaders vds = new VirtualReaders(options.toVirtualOptions());
        try {
            return new H5File(vds.openFile(path), vds);
        } catch (RuntimeException e) {
            vds.close();
            throw e;
        }
    }

    public Path path() {
        return open.path();
    }

    /** The root group, {@code "/"}. */
    public Group root() {
        return root;
    }

    /** The superblock version (0-3): what the file's format requires of a reader. */
    public int formatVersion() {
        return open.superblock().version();
    }

    public List<String> keys() {
        return root.keys();
    }

    public boolean contains(String path) {
        return root.contains(path);
    }

    public H5Object get(String path) {
        return root.get(path);
    }

    public Dataset dataset(String path) {
        return root.dataset(path);
    }

    public Group group(String path) {
        return root.group(path);
    }

    public Map<String, Attribute> attrs() {
        return root.attrs();
    }

    public void visit(BiConsumer<String, H5Object> visitor) {
        root.visit(visitor);
    }

    @Override
    public void close() {
        try {
            open.close();
        } finally {
            if (virtualReaders != null) virtualReaders.close();
        }
    }

    @Override
    public String toString() {
        return "H5File[" + open.path() + "]";
    }
}
