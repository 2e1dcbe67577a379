package org.h5vds.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.h5vds.io.Locations;
import org.h5vds.node.FileWriter;
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
 *
 * <p>{@link #create} makes a new file, like h5py's {@code File(name, 'w')}:
 * <pre>{@code
 * try (H5File f = H5File.create(Path.of("out.h5"))) {
 *     f.createDataset("entry/data", NdArray.of(new int[] {1, 2, 3, 4}, 2, 2));
 *     Dataset frames = f.createDataset("entry/frames", DType.UINT16, Shape.of(0, 512, 512),
 *             DatasetOptions.chunked(1, 512, 512).maxShape(Shape.UNLIMITED, 512, 512).deflate(4).shuffle());
 *     frames.append(frame);
 *     f.group("entry").setAttribute("NX_class", "NXentry");
 * }
 * }</pre>
 * The file is written under a temporary name in the same folder and appears under its own name
 * only when {@link #close()} completes it; a program that fails or is killed before leaves
 * nothing there (and an existing file untouched). Raw data is written as it comes; chunks are
 * compressed on all cores. Reading the values of a file being written needs it closed and
 * reopened.
 */
public final class H5File implements AutoCloseable {
    private final OpenFile open;
    private final FileWriter writer;
    private final Group root;
    private final VirtualReaders virtualReaders; // null when the file was not opened for reading virtual datasets
    private final RemoteTarget remoteTarget;     // where a file being written goes when complete, when not a local path
    private volatile boolean finished;           // closed or discarded: a later close does nothing

    private H5File(OpenFile open) {
        this(open, null);
    }

    private H5File(OpenFile open, VirtualReaders virtualReaders) {
        this.open = open;
        this.virtualReaders = virtualReaders;
        this.remoteTarget = null;
        this.writer = null;
        this.root = new Group(this, open.root());
    }

    private H5File(FileWriter writer, RemoteTarget remoteTarget) {
        this.open = null;
        this.virtualReaders = null;
        this.remoteTarget = remoteTarget;
        this.writer = writer;
        this.root = new Group(this, writer.root());
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
        return open(Objects.requireNonNull(path, "path").toString(), options);
    }

    /**
     * Opens the file at {@code location} for reading, with {@link ReadOptions#defaults()}: a local
     * path, or a URI such as {@code s3://bucket/key} or {@code https://host/data.h5}.
     *
     * @throws org.h5vds.io.H5Exception when the file cannot be opened or is not HDF5, naming the location and the cause
     */
    public static H5File open(String location) {
        return open(location, ReadOptions.defaults());
    }

    /**
     * Opens the file at {@code location} (a local path or a URI) for reading. Its virtual
     * datasets' relative source names resolve against the same location's folder (the same
     * bucket and prefix for an object), through the providers of {@code options}.
     *
     * @throws org.h5vds.io.H5Exception when the file cannot be opened or is not HDF5, naming the location and the cause
     */
    public static H5File open(String location, ReadOptions options) {
        Objects.requireNonNull(location, "location");
        VirtualReaders vds = new VirtualReaders(options.toVirtualOptions(), options.stores());
        try {
            return new H5File(vds.openFile(location), vds);
        } catch (RuntimeException e) {
            vds.close();
            throw e;
        }
    }

    /** Opens the file {@code uri} names ({@code file:}, {@code s3:}, {@code https:}, ...), with {@link ReadOptions#defaults()}. */
    public static H5File open(URI uri) {
        return open(uri, ReadOptions.defaults());
    }

    /** Opens the file {@code uri} names; see {@link #open(String, ReadOptions)}. */
    public static H5File open(URI uri, ReadOptions options) {
        return open(Objects.requireNonNull(uri, "uri").toString(), options);
    }

    /**
     * Creates a new file, replacing an existing one of that name when it is complete
     * ({@link CreateMode#TRUNCATE}, h5py's {@code 'w'}).
     *
     * @throws org.h5vds.io.H5Exception when the folder does not exist or is not writable
     */
    public static H5File create(Path path) {
        return create(path, CreateMode.TRUNCATE);
    }

    /**
     * Creates a new file; with {@link CreateMode#EXCLUSIVE} it fails if the file exists (h5py's
     * {@code 'x'}), checked now and again when the new file is put in place.
     */
    public static H5File create(Path path, CreateMode mode) {
        java.util.Objects.requireNonNull(mode, "mode");
        return new H5File(FileWriter.create(path, mode == CreateMode.TRUNCATE), null);
    }

    /**
     * Creates a new file at {@code location}: a local path, or a URI of a kind that takes uploads
     * ({@code s3://bucket/key}), replacing an existing one when complete.
     */
    public static H5File create(String location) {
        return create(location, CreateMode.TRUNCATE, RemoteOptions.defaults());
    }

    /**
     * Creates a new file at {@code location}. A remote file is written to a local temporary file
     * (as a local one is) and uploaded when {@link #close()} completes it, in parts for a large
     * file, so that nothing appears under the key until the upload is complete; with
     * {@link CreateMode#EXCLUSIVE} an existing object is refused when the file is created and
     * again before the upload.
     */
    public static H5File create(String location, CreateMode mode, RemoteOptions remote) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(remote, "remote");
        if (!Locations.isRemote(location)) return create(Locations.localPath(location), mode);
        RemoteTarget target = RemoteTarget.start(location, mode, ReadOptions.defaults().remote(remote).stores());
        try {
            return new H5File(FileWriter.create(target.staging(), true), target);
        } catch (RuntimeException e) {
            target.abandon();
            throw e;
        }
    }

    /**
     * For a file being written: the hidden temporary files ({@code .NAME.h5vds-N.tmp}) that writers
     * of the same name killed before they finished had left, removed when this one was created.
     * Files a live writer holds (locked) are never removed. Empty for a file opened for reading.
     */
    public List<Path> removedTemporaryFiles() {
        return writer == null ? List.of() : writer.staleTemporariesRemoved();
    }

    /** The object whose header is at {@code address} (a reference's target). */
    H5Object objectAt(long address) {
        if (open == null) throw new IllegalStateException(path() + " is being written; references resolve once it is closed and reopened");
        String p = open.pathOf(address);
        return H5Object.wrap(this, open.node(p == null ? "/@" + address : p, address));
    }

    /** A path of the object whose header is at {@code address}, as h5py names an object opened by reference; null when no hard link reaches it. */
    String pathOf(long address) {
        if (open == null) throw new IllegalStateException(path() + " is being written; references resolve once it is closed and reopened");
        return open.pathOf(address);
    }

    /** Whether this file is being written (made with {@link #create}). */
    public boolean isWritable() {
        return writer != null;
    }

    /** Creates a group (and the missing groups above it); see {@link Group#createGroup}. */
    public Group createGroup(String path) {
        return root.createGroup(path);
    }

    /** Creates a dataset holding {@code data}; see {@link Group#createDataset(String, NdArray)}. */
    public Dataset createDataset(String path, NdArray data) {
        return root.createDataset(path, data);
    }

    /** Creates a dataset holding {@code data}, stored as {@code options} say. */
    public Dataset createDataset(String path, NdArray data, DatasetOptions options) {
        return root.createDataset(path, data, options);
    }

    /** Creates an empty dataset; see {@link Group#createDataset(String, DType, Shape, DatasetOptions)}. */
    public Dataset createDataset(String path, DType dtype, Shape shape, DatasetOptions options) {
        return root.createDataset(path, dtype, shape, options);
    }

    /** Creates a virtual dataset; see {@link Group#createVirtualDataset(String, VirtualLayout)}. */
    public Dataset createVirtualDataset(String path, VirtualLayout layout) {
        return root.createVirtualDataset(path, layout);
    }

    /** Creates a virtual dataset with a fill value; see {@link Group#createVirtualDataset(String, VirtualLayout, Number)}. */
    public Dataset createVirtualDataset(String path, VirtualLayout layout, Number fillValue) {
        return root.createVirtualDataset(path, layout, fillValue);
    }

    /** Builds and creates a virtual dataset; see {@link Group#buildVirtualDataset(String, Shape, DType, java.util.function.Consumer)}. */
    public Dataset buildVirtualDataset(String path, Shape shape, DType dtype, java.util.function.Consumer<VirtualLayout> mappings) {
        return root.buildVirtualDataset(path, shape, dtype, mappings);
    }

    /** As {@link #buildVirtualDataset(String, Shape, DType, java.util.function.Consumer)}, with a maximum shape and a fill value (each may be null). */
    public Dataset buildVirtualDataset(String path, Shape shape, DType dtype, Shape maxShape, Number fillValue,
                                       java.util.function.Consumer<VirtualLayout> mappings) {
        return root.buildVirtualDataset(path, shape, dtype, maxShape, fillValue, mappings);
    }

    /**
     * Copies this file into a new file {@code out} with every virtual dataset replaced by its data
     * (as read with the options this file was opened with): groups, soft and external links and
     * attributes as they are, plain datasets stored as they are (layout, chunks, filters, fill
     * value, maximum shape), virtual datasets as {@link Dataset#materializeStorage} chooses. The
     * copy needs none of the sources. A second hard link to an object becomes a soft link to its
     * first path. What cannot be copied (named datatypes, variable-length or reference data and
     * attributes, which point into this file) is left out and listed in the result, one line each.
     *
     * @param progress told the bytes of data copied so far
     */
    public List<String> copyFlattened(Path out, CreateMode mode, java.util.function.LongConsumer progress) {
        if (writer != null) throw new IllegalStateException(path() + " is being written; close it and open it to copy it");
        return FlatCopy.copy(this, out, java.util.Objects.requireNonNull(mode, "mode"), java.util.Objects.requireNonNull(progress, "progress"));
    }

    /** {@link #copyFlattened(Path, CreateMode, java.util.function.LongConsumer)}, replacing {@code out} if it exists, without progress. */
    public List<String> copyFlattened(Path out) {
        return copyFlattened(out, CreateMode.TRUNCATE, done -> { });
    }

    /**
     * Abandons a file being written: nothing appears under its name and an existing file there is
     * untouched. Closing afterwards does nothing.
     */
    public void discard() {
        if (writer == null) throw new IllegalStateException(location() + " was opened for reading; there is nothing to discard");
        finished = true;
        try {
            writer.discard();
        } finally {
            if (remoteTarget != null) remoteTarget.abandon();
        }
    }

    /**
     * The local file: the path it was opened or created with.
     *
     * @throws UnsupportedOperationException for a file opened at a remote location (see {@link #location()})
     */
    public Path path() {
        if (remoteTarget != null) throw new UnsupportedOperationException(remoteTarget.location() + " is not a local file; use location()");
        if (writer != null) return writer.path();
        if (Locations.isRemote(open.location())) {
            throw new UnsupportedOperationException(open.location() + " is not a local file; use location()");
        }
        return Locations.localPath(open.location());
    }

    /** Where the file is: the path or URI it was opened or created with. */
    public String location() {
        if (remoteTarget != null) return remoteTarget.location();
        return writer != null ? writer.path().toString() : open.location();
    }

    /** The root group, {@code "/"}. */
    public Group root() {
        return root;
    }

    /** The superblock version (0-3): what the file's format requires of a reader. */
    public int formatVersion() {
        if (writer != null) return 2;
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

    /** Closes the file; a file being written is completed and put in place first (see {@link #create}). */
    @Override
    public void close() {
        if (writer != null) {
            if (remoteTarget == null) {
                writer.close();
                return;
            }
            if (finished) return;
            finished = true;
            try {
                writer.close();
                remoteTarget.upload();
            } finally {
                remoteTarget.abandon();
            }
            return;
        }
        try {
            open.close();
        } finally {
            if (virtualReaders != null) virtualReaders.close();
        }
    }

    @Override
    public String toString() {
        return "H5File[" + location() + (writer != null ? ", being written" : "") + "]";
    }
}
