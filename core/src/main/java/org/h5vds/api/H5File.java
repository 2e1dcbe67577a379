package org.h5vds.api;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.h5vds.io.Locations;
import org.h5vds.node.OpenFile;
import org.h5vds.vds.VirtualOptions;
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
 * <p>The {@link Mode}s are h5py's: {@code r} reads; {@code r+} changes an existing file in place;
 * {@code a} does the same, creating the file if missing; {@code w} and {@code w-}/{@code x} make a
 * new file. A new file is written under a temporary name in the same folder and appears under its
 * own name only when {@link #close()} completes it; a program that fails or is killed before
 * leaves nothing there (and an existing file untouched):
 * <pre>{@code
 * try (H5File f = H5File.create(Path.of("out.h5"))) {
 *     f.createDataset("entry/data", NdArray.of(new int[] {1, 2, 3, 4}, 2, 2));
 *     Dataset frames = f.createDataset("entry/frames", DType.UINT16, Shape.of(0, 512, 512),
 *             DatasetOptions.chunked(1, 512, 512).maxShape(Shape.UNLIMITED, 512, 512).deflate(4).shuffle());
 *     frames.append(frame);
 *     f.group("entry").attrs().put("NX_class", "NXentry");
 * }
 * }</pre>
 * An existing file opened for writing is locked against other programs (libhdf5 included) and
 * flagged as open for writing in its superblock, as libhdf5 does, until closed; changes become
 * durable at {@link #flush()} and {@link #close()}, in an order that leaves a file libhdf5 can
 * open whenever the program stops (see the README on crash safety):
 * <pre>{@code
 * try (H5File f = H5File.open(Path.of("master.h5"), H5File.Mode.APPEND)) {
 *     f.createVirtualDataset("entry/data/data", layout, 0);
 *     f.dataset("entry/frames").append(frame);
 *     f.group("entry").attrs().put("processed", "2024-06-11");
 * }
 * }</pre>
 */
public final class H5File implements AutoCloseable {
    /** How a file is opened, with h5py's names for the modes. */
    public enum Mode {
        /** {@code 'r'}: read only; the file must exist. */
        READ("r"),
        /** {@code 'r+'}: read and write; the file must exist. */
        READ_WRITE("r+"),
        /** {@code 'a'}: read and write if the file exists, create it otherwise. */
        APPEND("a"),
        /** {@code 'w'}: create, replacing a file of that name once the new one is complete. */
        TRUNCATE("w"),
        /** {@code 'w-'} or {@code 'x'}: create, failing if the file exists. */
        EXCLUSIVE("w-");

        private final String h5py;

        Mode(String h5py) {
            this.h5py = h5py;
        }

        /**
         * h5py's name of the mode.
         *
         * @return the mode string h5py's {@code File} takes, such as {@code "r+"}
         */
        public String h5py() {
            return h5py;
        }

        /**
         * The mode h5py names {@code r}, {@code r+}, {@code a}, {@code w}, {@code w-} or {@code x}.
         *
         * @param h5pyMode h5py's mode string: {@code r}, {@code r+}, {@code a}, {@code w}, {@code w-} or {@code x}
         * @return the matching mode
         * @throws IllegalArgumentException for any other string
         */
        public static Mode of(String h5pyMode) {
            try {
                for (Mode m : values()) if (m.h5py.equals(h5pyMode)) return m;
                if ("x".equals(h5pyMode)) return EXCLUSIVE;
                throw new IllegalArgumentException("unknown file mode \"" + h5pyMode + "\"; use r, r+, a, w, w- or x (as h5py)");
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }
    }

    private final OpenFile open;
    private final Group root;
    private final VirtualReaders virtualReaders;
    private final RemoteTarget remoteTarget;     // where a new file goes when complete, when not a local path
    private volatile boolean finished;           // closed or discarded: a later close does nothing (remote files)

    private H5File(OpenFile open, VirtualReaders virtualReaders) {
        this.open = open;
        this.virtualReaders = virtualReaders;
        this.remoteTarget = null;
        this.root = new Group(this, open.root());
    }

    private H5File(OpenFile open, VirtualReaders virtualReaders, RemoteTarget remoteTarget) {
        this.open = open;
        this.virtualReaders = virtualReaders;
        this.remoteTarget = remoteTarget;
        this.root = new Group(this, open.root());
    }

    /**
     * Opens an existing file for reading, with {@link ReadOptions#defaults()}.
     *
     * @param path the local HDF5 file
     * @return the open file, read-only; close it when done
     * @throws H5Exception when the file cannot be opened or is not HDF5, naming the file
     */
    public static H5File open(Path path) {
        try {
            return open(path, Mode.READ, ReadOptions.defaults());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Opens an existing file for reading; {@code options} say how its virtual datasets are read
     * (view, printf gap, source prefix, missing sources, open source files).
     *
     * @param path the local HDF5 file
     * @param options how virtual datasets are read; see {@link ReadOptions}
     * @return the open file, read-only; close it when done
     * @throws H5Exception when the file cannot be opened or is not HDF5, naming the file
     */
    public static H5File open(Path path, ReadOptions options) {
        try {
            return open(path, Mode.READ, options);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Opens the file at {@code location} for reading, with {@link ReadOptions#defaults()}: a local
     * path, or a URI such as {@code s3://bucket/key} or {@code https://host/data.h5}.
     *
     * @param location a local path or a {@code file:}, {@code s3:} or {@code http(s):} URI
     * @return the open file, read-only; close it when done
     * @throws H5Exception when the file cannot be opened or is not HDF5, naming the location and the cause
     */
    public static H5File open(String location) {
        try {
            return open(location, ReadOptions.defaults());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Opens the file at {@code location} (a local path or a URI) for reading. Its virtual
     * datasets' relative source names resolve against the same location's folder (the same
     * bucket and prefix for an object), through the providers of {@code options}.
     *
     * @param location a local path or a {@code file:}, {@code s3:} or {@code http(s):} URI
     * @param options how virtual datasets are read, and the providers that open remote bytes
     * @return the open file, read-only; close it when done
     * @throws H5Exception when the file cannot be opened or is not HDF5, naming the location and the cause
     */
    public static H5File open(String location, ReadOptions options) {
        try {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(options, "options");
            VirtualReaders vds = new VirtualReaders(options.toVirtualOptions(), options.stores(), options.ignoreWriterFlags());
            try {
                return new H5File(vds.openFile(location), vds);
            } catch (RuntimeException e) {
                vds.close();
                throw e;
            }
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Opens the file {@code uri} names ({@code file:}, {@code s3:}, {@code https:}, ...), with {@link ReadOptions#defaults()}.
     *
     * @param uri the file's URI, of a scheme a {@link ByteSourceProvider} serves
     * @return the open file, read-only; close it when done
     * @throws H5Exception when the file cannot be opened or is not HDF5
     */
    public static H5File open(URI uri) {
        try {
            return open(uri, ReadOptions.defaults());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Opens the file {@code uri} names; see {@link #open(String, ReadOptions)}.
     *
     * @param uri the file's URI, of a scheme a {@link ByteSourceProvider} serves
     * @param options how virtual datasets are read, and the providers that open remote bytes
     * @return the open file, read-only; close it when done
     * @throws H5Exception when the file cannot be opened or is not HDF5
     */
    public static H5File open(URI uri, ReadOptions options) {
        try {
            return open(Objects.requireNonNull(uri, "uri").toString(), options);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Opens or creates a file in {@code mode} (h5py's {@code File(path, mode)}), with default read options.
     *
     * @param path the local file
     * @param mode h5py's open mode; see {@link Mode}
     * @return the open file; close it to complete what was written
     * @throws H5Exception when the file cannot be opened or created in that mode
     */
    public static H5File open(Path path, Mode mode) {
        try {
            return open(path, mode, ReadOptions.defaults());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Opens or creates a file in {@code mode}; {@code options} say how its virtual datasets are
     * read. Opening for writing fails, naming the file, when it is read-only, locked by another
     * program (libhdf5 locks the files it opens), flagged as open for writing by another program
     * (or left so by one that crashed: {@code h5clear -s} clears it), open for reading elsewhere in
     * this JVM, or keeps free space in a way h5vds does not update.
     *
     * @param path the local file
     * @param mode h5py's open mode; see {@link Mode}
     * @param options how virtual datasets are read
     * @return the open file; close it to complete what was written
     * @throws H5Exception when the file cannot be opened or created in that mode
     */
    public static H5File open(Path path, Mode mode, ReadOptions options) {
        try {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(path, "path");
            if (mode == Mode.READ) return open(path.toString(), options);
            if (mode == Mode.TRUNCATE || mode == Mode.EXCLUSIVE) return create(path, mode == Mode.TRUNCATE ? CreateMode.TRUNCATE : CreateMode.EXCLUSIVE);
            VirtualReaders vds = new VirtualReaders(options.toVirtualOptions(), options.stores(), options.ignoreWriterFlags());
            try {
                OpenFile f = switch (mode) {
                    case APPEND -> Files.exists(path) ? vds.openForWriting(path) : vds.create(path, false);
                    default -> vds.openForWriting(path);
                };
                return new H5File(f, vds);
            } catch (RuntimeException e) {
                vds.close();
                throw e;
            }
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a new file, replacing an existing one of that name when it is complete
     * ({@link CreateMode#TRUNCATE}, h5py's {@code 'w'}).
     *
     * @param path the new file; its folder must exist
     * @return the new file, open for writing; close it to complete it
     * @throws H5Exception when the folder does not exist or is not writable
     */
    public static H5File create(Path path) {
        try {
            return create(path, CreateMode.TRUNCATE);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a new file; with {@link CreateMode#EXCLUSIVE} it fails if the file exists (h5py's
     * {@code 'x'}), checked now and again when the new file is put in place.
     *
     * @param path the new file; its folder must exist
     * @param mode {@link CreateMode#TRUNCATE} (h5py's {@code 'w'}) or {@link CreateMode#EXCLUSIVE} ({@code 'x'})
     * @return the new file, open for writing; close it to complete it
     * @throws H5Exception when the file exists in exclusive mode, or cannot be written
     */
    public static H5File create(Path path, CreateMode mode) {
        try {
            return create(path, mode, GroupOptions.defaults());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a new file whose root group is made as {@code root} says (h5py's
     * {@code File(name, 'w', track_order=True)}: the root lists its members and attributes in the
     * order they were made).
     *
     * @param path the new file; its folder must exist
     * @param mode {@link CreateMode#TRUNCATE} (h5py's {@code 'w'}) or {@link CreateMode#EXCLUSIVE} ({@code 'x'})
     * @param root how the root group is made
     * @return the new file, open for writing; close it to complete it
     * @throws H5Exception when the file exists in exclusive mode, or cannot be written
     */
    public static H5File create(Path path, CreateMode mode, GroupOptions root) {
        try {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(root, "root");
            // the engine's defaults straight, the same as ReadOptions.defaults().toVirtualOptions(): a
            // program's first create need not load the read and remote options (some 15 classes)
            VirtualReaders vds = new VirtualReaders(VirtualOptions.defaults());
            H5File f = null;
            try {
                f = new H5File(vds.create(path, mode == CreateMode.TRUNCATE), vds);
                if (root.tracksOrder()) f.root.writable().trackOrderWhileEmpty();
                return f;
            } catch (RuntimeException e) {
                if (f != null) f.discard();
                else vds.close();
                throw e;
            }
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a new file at {@code location}: a local path, or a URI of a kind that takes uploads
     * ({@code s3://bucket/key}), replacing an existing one when complete.
     *
     * @param location a local path or an {@code s3://bucket/key} URI
     * @return the new file, open for writing; close it to complete (and upload) it
     * @throws H5Exception when the file cannot be created
     */
    public static H5File create(String location) {
        try {
            return create(location, CreateMode.TRUNCATE, RemoteOptions.defaults());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a new file at {@code location}. A remote file is written to a local temporary file
     * (as a local one is) and uploaded when {@link #close()} completes it, in parts for a large
     * file, so that nothing appears under the key until the upload is complete; with
     * {@link CreateMode#EXCLUSIVE} an existing object is refused when the file is created and
     * again before the upload.
     *
     * @param location a local path or an {@code s3://bucket/key} URI
     * @param mode whether an existing file is replaced or refused
     * @param remote the upload's settings (part size, client); ignored for a local path
     * @return the new file, open for writing; close it to complete (and upload) it
     * @throws H5Exception when the file cannot be created or, exclusive, already exists
     */
    public static H5File create(String location, CreateMode mode, RemoteOptions remote) {
        try {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(remote, "remote");
            if (!Locations.isRemote(location)) return create(Locations.localPath(location), mode);
            RemoteTarget target = RemoteTarget.start(location, mode, ReadOptions.defaults().remote(remote).stores());
            VirtualReaders vds = new VirtualReaders(ReadOptions.defaults().toVirtualOptions());
            try {
                return new H5File(vds.create(target.staging(), true), vds, target);
            } catch (RuntimeException e) {
                vds.close();
                target.abandon();
                throw e;
            }
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * For a file being written: the hidden temporary files ({@code .NAME.h5vds-N.tmp}) that writers
     * of the same name killed before they finished had left, removed when this one was created.
     * Files a live writer holds (locked) are never removed. Empty for a file opened for reading or
     * an existing file opened for writing.
     *
     * @return the removed temporary files' paths; empty when none
     */
    public List<Path> removedTemporaryFiles() {
        try {
            return open.staleTemporariesRemoved();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** The object whose header is at {@code address} (a reference's target). */
    H5Object objectAt(long address) {
        String p = open.pathOf(address);
        return H5Object.wrap(this, open.node(p == null ? "/@" + address : p, address));
    }

    /** A path of the object whose header is at {@code address}, as h5py names an object opened by reference; null when no hard link reaches it. */
    String pathOf(long address) {
        return open.pathOf(address);
    }

    /**
     * Whether this file can be changed (open for writing, and not closed).
     *
     * @return true while the file is open for writing and not closed
     */
    public boolean isWritable() {
        try {
            return open.isWritable();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Makes every change so far durable, as libhdf5's {@code H5Fflush}: for an existing file, the
     * changes are on the disk in an order that keeps the file readable, and a crash later loses
     * nothing written before; a new file still takes its name only at {@link #close()}.
     */
    public void flush() {
        try {
            open.requireWritable("/");
            open.commit();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Switches to SWMR (single writer, multiple readers) write mode, as h5py's
     * {@code f.swmr_mode = True} (libhdf5's {@code H5Fstart_swmr_write}): libhdf5 readers
     * ({@code h5py.File(path, 'r', swmr=True)}, {@code Dataset.refresh()}) and h5vds readers may
     * then open the file and follow the datasets this writer appends to; each
     * {@link Dataset#flush()} makes the frames appended so far visible to them. Everything written
     * so far is committed first. A new file is put in place now (with a version 3 superblock,
     * as libhdf5's {@code libver='latest'}); an existing one must have a version 3 superblock
     * already, as libhdf5 requires. From then on the file's objects, links and attributes stay as
     * they are (creating or changing one is refused, as HDF5's SWMR rules say) and the datasets
     * are written, appended to and resized; {@link #close()} ends SWMR mode. See the README,
     * "Writing a file SWMR readers follow".
     *
     * @throws IllegalStateException for a file open for reading, closed, or already in SWMR mode
     * @throws H5Exception naming the file when its superblock is older than version 3, when it
     *         keeps free space across sessions or in pages, or for a new file created at a remote
     *         location (uploaded only when closed)
     */
    public void startSwmrWrite() {
        if (remoteTarget != null) {
            throw new H5Exception(remoteTarget.location() + ": is written locally and uploaded when closed; SWMR readers "
                    + "cannot follow it (SWMR needs a local file)");
        }
        try {
            open.startSwmrWrite();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether this file is in SWMR write mode, as h5py's {@code f.swmr_mode} says.
     *
     * @return true between {@link #startSwmrWrite()} and {@link #close()}
     */
    public boolean isSwmrWrite() {
        return open.isSwmrWriting();
    }

    /**
     * Creates a group (and the missing groups above it); see {@link Group#createGroup}.
     *
     * @param path the group's path, absolute or from the root, such as {@code "a/b"}
     * @return the new group
     */
    public Group createGroup(String path) {
        try {
            return root.createGroup(path);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a group as {@code options} say; see {@link Group#createGroup(String, GroupOptions)}.
     *
     * @param path    the group's path, absolute or from the root
     * @param options how the group is made
     * @return the new group
     */
    public Group createGroup(String path, GroupOptions options) {
        try {
            return root.createGroup(path, options);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a dataset holding {@code data}; see {@link Group#createDataset(String, NdArray)}.
     *
     * @param path the new dataset's path from the root
     * @param data the dataset's shape, dtype and values
     * @return the new dataset
     */
    public Dataset createDataset(String path, NdArray data) {
        try {
            return root.createDataset(path, data);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a dataset holding {@code data}, stored as {@code options} say.
     *
     * @param path the new dataset's path from the root
     * @param data the dataset's shape, dtype and values
     * @param options layout, chunks, filters, fill value and maximum shape
     * @return the new dataset
     */
    public Dataset createDataset(String path, NdArray data, DatasetOptions options) {
        try {
            return root.createDataset(path, data, options);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates an empty dataset; see {@link Group#createDataset(String, DType, Shape, DatasetOptions)}.
     *
     * @param path the new dataset's path from the root
     * @param dtype the element type
     * @param shape the dataset's current shape
     * @param options layout, chunks, filters, fill value and maximum shape
     * @return the new dataset, every element the fill value
     */
    public Dataset createDataset(String path, DType dtype, Shape shape, DatasetOptions options) {
        try {
            return root.createDataset(path, dtype, shape, options);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a dataset of a named datatype; see {@link Group#createDataset(String, NamedDatatype, Shape, DatasetOptions)}.
     *
     * @param path an absolute path or one relative to the root
     * @param type a named datatype of this file
     * @param shape the current shape
     * @param options layout, chunks, filters, fill value and maximum shape
     * @return the new dataset
     */
    public Dataset createDataset(String path, NamedDatatype type, Shape shape, DatasetOptions options) {
        return root.createDataset(path, type, shape, options);
    }

    /**
     * Stores a named datatype; see {@link Group#commitDatatype(String, DType)}.
     *
     * @param path an absolute path or one relative to the root
     * @param dtype the type
     * @return the named datatype
     */
    public NamedDatatype commitDatatype(String path, DType dtype) {
        return root.commitDatatype(path, dtype);
    }

    /**
     * Creates a dataset with a null dataspace (h5py's {@code Empty}); see {@link Group#createEmptyDataset}.
     *
     * @param path an absolute path or one relative to the root
     * @param dtype the element type
     * @return the new dataset
     */
    public Dataset createEmptyDataset(String path, DType dtype) {
        return root.createEmptyDataset(path, dtype);
    }

    /**
     * Creates a virtual dataset; see {@link Group#createVirtualDataset(String, VirtualLayout)}.
     *
     * @param path the new dataset's path from the root
     * @param layout the virtual dataset's shape, dtype and mappings
     * @return the new virtual dataset
     */
    public Dataset createVirtualDataset(String path, VirtualLayout layout) {
        try {
            return root.createVirtualDataset(path, layout);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a virtual dataset with a fill value; see {@link Group#createVirtualDataset(String, VirtualLayout, Number)}.
     *
     * @param path the new dataset's path from the root
     * @param layout the virtual dataset's shape, dtype and mappings
     * @param fillValue the value where no mapping covers; null for the dtype's zero
     * @return the new virtual dataset
     */
    public Dataset createVirtualDataset(String path, VirtualLayout layout, Number fillValue) {
        try {
            return root.createVirtualDataset(path, layout, fillValue);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Builds and creates a virtual dataset; see {@link Group#buildVirtualDataset(String, Shape, DType, java.util.function.Consumer)}.
     *
     * @param path the new dataset's path from the root
     * @param shape the virtual dataset's shape
     * @param dtype the element type
     * @param mappings adds the mappings to the layout it is given
     * @return the new virtual dataset
     */
    public Dataset buildVirtualDataset(String path, Shape shape, DType dtype, java.util.function.Consumer<VirtualLayout> mappings) {
        try {
            return root.buildVirtualDataset(path, shape, dtype, mappings);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * As {@link #buildVirtualDataset(String, Shape, DType, java.util.function.Consumer)}, with a maximum shape and a fill value (each may be null).
     *
     * @param path the new dataset's path from the root
     * @param shape the virtual dataset's shape
     * @param dtype the element type
     * @param maxShape the maximum shape ({@link Shape#UNLIMITED} axes allowed), or null for {@code shape}
     * @param fillValue the value where no mapping covers, or null for the dtype's zero
     * @param mappings adds the mappings to the layout it is given
     * @return the new virtual dataset
     */
    public Dataset buildVirtualDataset(String path, Shape shape, DType dtype, Shape maxShape, Number fillValue,
                                       java.util.function.Consumer<VirtualLayout> mappings) {
        try {
            return root.buildVirtualDataset(path, shape, dtype, maxShape, fillValue, mappings);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Deletes the link at {@code path}; see {@link Group#delete}.
     *
     * @param path the link's path from the root
     */
    public void delete(String path) {
        try {
            root.delete(path);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Moves or renames a link; see {@link Group#move}.
     *
     * @param from the link's current path from the root
     * @param to its new path from the root
     */
    public void move(String from, String to) {
        try {
            root.move(from, to);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
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
     * @param out the new file
     * @param mode whether an existing {@code out} is replaced or refused
     * @return what was left out of the copy, one line each; empty when nothing was
     * @param progress told the bytes of data copied so far
     * @throws IllegalStateException if this file is open for writing
     */
    public List<String> copyFlattened(Path out, CreateMode mode, java.util.function.LongConsumer progress) {
        try {
            if (open.isWritable()) throw new IllegalStateException(path() + " is being written; close it and open it to copy it");
            return FlatCopy.copy(this, out, java.util.Objects.requireNonNull(mode, "mode"), java.util.Objects.requireNonNull(progress, "progress"));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@link #copyFlattened(Path, CreateMode, java.util.function.LongConsumer)}, replacing {@code out} if it exists, without progress.
     *
     * @param out the new file, replaced if it exists
     * @return what was left out of the copy, one line each; empty when nothing was
     */
    public List<String> copyFlattened(Path out) {
        try {
            return copyFlattened(out, CreateMode.TRUNCATE, done -> { });
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Abandons what was not committed: a new file leaves nothing under its name and an existing
     * file there untouched; an existing file opened for writing keeps what the last
     * {@link #flush()} wrote. Closing afterwards does nothing.
     */
    public void discard() {
        try {
            if (!open.isWritable() && !open.wasOpenedForWriting()) {
                throw new IllegalStateException(location() + " is open for reading; there is nothing to discard");
            }
            finished = true;
            try {
                open.discard();
            } finally {
                try {
                    virtualReaders.close();
                } finally {
                    if (remoteTarget != null) remoteTarget.abandon();
                }
            }
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The local file: the path it was opened or created with.
     *
     * @return the local path given to {@code open} or {@code create}
     * @throws UnsupportedOperationException for a file opened at a remote location (see {@link #location()})
     */
    public Path path() {
        try {
            if (remoteTarget != null) throw new UnsupportedOperationException(remoteTarget.location() + " is not a local file; use location()");
            if (Locations.isRemote(open.location())) {
                throw new UnsupportedOperationException(open.location() + " is not a local file; use location()");
            }
            return open.path();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Where the file is: the path or URI it was opened or created with.
     *
     * @return the path or URI as given to {@code open} or {@code create}
     */
    public String location() {
        try {
            if (remoteTarget != null) return remoteTarget.location();
            return open.location();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The root group, {@code "/"}.
     *
     * @return the root group
     */
    public Group root() {
        return root;
    }

    /** Who has a file open for writing, as the file's superblock flags say. */
    public enum WriterState {
        /** No writer has the file open (or its format keeps no such flags). */
        NONE,
        /** A writer has it open (or left it so when it stopped): libhdf5 refuses to read such a version 3 file; h5vds too unless asked ({@link ReadOptions#ignoreWriterFlags}). */
        WRITING,
        /** A SWMR writer has it open: readers follow it with {@link Dataset#refresh()}. */
        SWMR_WRITING
    }

    /**
     * Who has the file open for writing now, read again from its superblock: a reader following
     * a SWMR writer knows the writer has finished when this is {@link WriterState#NONE} (libhdf5
     * clears the flags when it closes the file). For a file this program is writing, {@link WriterState#WRITING}.
     *
     * @return the writer flags' state now; {@link WriterState#WRITING} for a file this program writes
     */
    public WriterState writerState() {
        try {
            return WriterState.valueOf(open.writerStateNow().name());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The superblock version (0-3): what the file's format requires of a reader.
     *
     * @return the superblock version, 0 to 3
     */
    public int formatVersion() {
        try {
            return open.superblock().version();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The names of the root group's links (h5py's {@code keys()}).
     *
     * @return the names, in h5py's order
     */
    public List<String> keys() {
        try {
            return root.keys();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether {@code path} names an object (h5py's {@code path in file}); a dangling link is not one.
     *
     * @param path an absolute path or one relative to the root
     * @return true when an object is there
     */
    public boolean contains(String path) {
        try {
            return root.contains(path);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The object at {@code path}.
     *
     * @param path an absolute path or one relative to the root
     * @return the group, dataset or named datatype there
     * @throws NoSuchObjectException when nothing is there
     */
    public H5Object get(String path) {
        try {
            return root.get(path);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The dataset at {@code path}.
     *
     * @param path an absolute path or one relative to the root
     * @return the dataset
     * @throws NoSuchObjectException when nothing is there
     */
    public Dataset dataset(String path) {
        try {
            return root.dataset(path);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The group at {@code path}.
     *
     * @param path an absolute path or one relative to the root
     * @return the group
     * @throws NoSuchObjectException when nothing is there
     */
    public Group group(String path) {
        try {
            return root.group(path);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The group at {@code path}, created when nothing is there (h5py's {@code require_group}); see
     * {@link Group#requireGroup}.
     *
     * @param path an absolute path or one relative to the root
     * @return the group there, found or new
     */
    public Group requireGroup(String path) {
        return root.requireGroup(path);
    }

    /**
     * Copies the object at {@code source} and everything below it to {@code dest} (h5py's
     * {@code File.copy}); see {@link Group#copy(H5Object, String, CopyOptions)}.
     *
     * @param source an absolute path or one relative to the root; links are followed
     * @param dest the copy's path, which must not exist
     * @return the copy
     */
    public H5Object copy(String source, String dest) {
        return root.copy(source, dest);
    }

    /**
     * {@link #copy(String, String)} as {@code options} say.
     *
     * @param source an absolute path or one relative to the root; links are followed
     * @param dest the copy's path, which must not exist
     * @param options h5py's shallow, expand_soft, expand_external and without_attrs
     * @return the copy
     */
    public H5Object copy(String source, String dest, CopyOptions options) {
        return root.copy(source, dest, options);
    }

    /**
     * Copies {@code source}, of this file or another open one, to {@code dest} in this file; see
     * {@link Group#copy(H5Object, String, CopyOptions)}.
     *
     * @param source a group or dataset of any open file
     * @param dest the copy's path, which must not exist
     * @return the copy
     */
    public H5Object copy(H5Object source, String dest) {
        return root.copy(source, dest);
    }

    /**
     * {@link #copy(H5Object, String)} as {@code options} say.
     *
     * @param source a group or dataset of any open file
     * @param dest the copy's path, which must not exist
     * @param options h5py's shallow, expand_soft, expand_external and without_attrs
     * @return the copy
     */
    public H5Object copy(H5Object source, String dest, CopyOptions options) {
        return root.copy(source, dest, options);
    }

    /**
     * Copies the object at {@code source} into group {@code dest} (of any file open for writing)
     * under the name it has here; see {@link Group#copy(String, Group)}.
     *
     * @param source an absolute path or one relative to the root; links are followed
     * @param dest the group the copy goes into
     * @return the copy
     */
    public H5Object copy(String source, Group dest) {
        return root.copy(source, dest);
    }

    /**
     * {@link #copy(String, Group)} as {@code options} say.
     *
     * @param source an absolute path or one relative to the root; links are followed
     * @param dest the group the copy goes into
     * @param options h5py's shallow, expand_soft, expand_external and without_attrs
     * @return the copy
     */
    public H5Object copy(String source, Group dest, CopyOptions options) {
        return root.copy(source, dest, options);
    }

    /**
     * The dataset at {@code path}, created when nothing is there (h5py's {@code require_dataset});
     * see {@link Group#requireDataset(String, DType, Shape)}.
     *
     * @param path an absolute path or one relative to the root
     * @param dtype the element type wanted
     * @param shape the shape wanted
     * @return the dataset there, found or new
     */
    public Dataset requireDataset(String path, DType dtype, Shape shape) {
        return root.requireDataset(path, dtype, shape);
    }

    /**
     * The dataset at {@code path}, created with {@code options} when nothing is there (h5py's
     * {@code require_dataset(name, shape, dtype, exact)}); see
     * {@link Group#requireDataset(String, DType, Shape, DatasetOptions, boolean)}.
     *
     * @param path an absolute path or one relative to the root
     * @param dtype the element type wanted
     * @param shape the shape wanted
     * @param options how a new dataset is stored
     * @param exact whether a dataset found must have exactly {@code dtype}
     * @return the dataset there, found or new
     */
    public Dataset requireDataset(String path, DType dtype, Shape shape, DatasetOptions options, boolean exact) {
        return root.requireDataset(path, dtype, shape, options, exact);
    }

    /**
     * The root group's attributes (h5py's {@code file.attrs}).
     *
     * @return the attributes
     */
    public Attributes attrs() {
        try {
            return root.attrs();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Calls {@code visitor} with every object reachable by hard links, once each (h5py's {@code visititems}).
     *
     * @param visitor takes the path relative to the root and the object
     */
    public void visit(BiConsumer<String, H5Object> visitor) {
        try {
            root.visit(visitor);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Closes the file. A file open for writing commits every change first: a new file takes its
     * name, an existing one has its open-for-write flag cleared and is unlocked.
     */
    @Override
    public void close() {
        try {
            if (remoteTarget != null) {
                if (finished) return;
                finished = true;
                try {
                    try {
                        open.close();
                    } finally {
                        virtualReaders.close();
                    }
                    remoteTarget.upload();
                } finally {
                    remoteTarget.abandon();
                }
                return;
            }
            try {
                open.close();
            } finally {
                virtualReaders.close();
            }
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    @Override
    public String toString() {
        try {
            return "H5File[" + location() + (isWritable() ? ", open for writing" : "") + "]";
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }
}
