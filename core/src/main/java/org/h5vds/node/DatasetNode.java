package org.h5vds.node;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.filter.FilterPipeline;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.ExternalDataFilesMessage;
import org.h5vds.format.message.FillValueMessage;
import org.h5vds.format.message.FillValueOldMessage;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.select.ProductSelection;
import org.h5vds.storage.BTreeV1ChunkIndex;
import org.h5vds.storage.BTreeV2ChunkIndex;
import org.h5vds.storage.ChunkGeometry;
import org.h5vds.storage.ChunkIndex;
import org.h5vds.storage.ChunkIndexType;
import org.h5vds.storage.ChunkedReader;
import org.h5vds.storage.CompactReader;
import org.h5vds.storage.ContiguousReader;
import org.h5vds.storage.ExtensibleArrayChunkIndex;
import org.h5vds.storage.FillValue;
import org.h5vds.storage.FixedArrayChunkIndex;
import org.h5vds.storage.ImplicitChunkIndex;
import org.h5vds.storage.LayoutReader;
import org.h5vds.storage.SingleChunkIndex;
import org.h5vds.storage.UnallocatedChunkIndex;

/**
 * A dataset: its dataspace, datatype, layout, filters and fill value, and the reader of its data,
 * built once from the layout message and shared by every read. In a file open for writing it is
 * also written ({@link #write}) and resized ({@link #resize}); what it says then is what this
 * session made of it, and reads see what was written.
 */
public final class DatasetNode extends ObjectNode {
    /** What the header says, decoded once per header (a commit gives the record a new one). */
    private static final class Stored {
        final ObjectHeader header;
        final Dataspace space;
        final Datatype type;
        final DataLayoutMessage layout;
        final FilterPipelineMessage filters;
        volatile LayoutReader reader;
        volatile Object typeDerived;

        Stored(ObjectHeader header, String path) {
            this.header = header;
            try {
                this.space = header.require(Dataspace.class);
                this.type = header.require(Datatype.class);
                this.layout = header.require(DataLayoutMessage.class);
                this.filters = header.find(FilterPipelineMessage.class);
            } catch (H5FormatException e) {
                throw e.inObject(path);
            }
        }
    }

    private volatile Stored stored;

    DatasetNode(OpenFile file, String path, ObjectRecord record) {
        super(file, path, record);
        if (record.isWritten() && record.dataset == null) stored();
    }

    private DatasetNode(DatasetNode other, String path) {
        super(other.file, path, other.record);
        this.stored = other.stored;
    }

    /** This dataset known by another path (the decoded header and reader are shared). */
    DatasetNode at(String otherPath) {
        return otherPath.equals(path) ? this : new DatasetNode(this, otherPath);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.DATASET;
    }

    private Stored stored() {
        ObjectHeader h = record.header();
        Stored s = stored;
        if (s == null || s.header != h) {
            s = new Stored(h, path);
            stored = s;
        }
        return s;
    }

    /** The writer of this dataset when this session writes it, else null. */
    private DatasetWriter writer() {
        return record.dataset;
    }

    public Dataspace dataspace() {
        DatasetWriter w = writer();
        return w != null ? w.dataspace() : stored().space;
    }

    public Datatype datatype() {
        DatasetWriter w = writer();
        return w != null ? w.datatype() : stored().type;
    }

    /**
     * What a layer above derives from the stored datatype alone (the API's dtype and memory form),
     * built by {@code build} once per decoded header and shared by every handle of this dataset;
     * for a dataset this session writes, once per writer. What {@code build} throws is not kept.
     */
    public <T> T typeDerived(Class<T> kind, java.util.function.Function<Datatype, T> build) {
        DatasetWriter w = writer();
        if (w != null) return w.typeDerived(kind, build);
        Stored s = stored();
        Object v = s.typeDerived;
        if (!kind.isInstance(v)) {
            v = build.apply(s.type);
            s.typeDerived = v;
        }
        return kind.cast(v);
    }

    /** The layout message as stored; null for a dataset made in this session and not committed. */
    public DataLayoutMessage layout() {
        DatasetWriter w = writer();
        if (w != null && !w.isStored()) return null;
        return stored().layout;
    }

    public DataLayoutMessage.LayoutClass layoutClass() {
        DatasetWriter w = writer();
        return w != null ? w.layoutClass() : stored().layout.layoutClass();
    }

    /** The filter pipeline, or null when the dataset has none. */
    public FilterPipelineMessage filters() {
        DatasetWriter w = writer();
        return w != null ? w.filters() : stored().filters;
    }

    public boolean isVirtual() {
        return layoutClass() == DataLayoutMessage.LayoutClass.VIRTUAL;
    }

    /** The current dimensions; empty for a scalar dataspace and for a null one. */
    public long[] dims() {
        DatasetWriter w = writer();
        if (w != null) return w.dims();
        Dataspace space = stored().space;
        return space.kind() == Dataspace.Kind.SIMPLE ? space.dims() : new long[0];
    }

    /** The maximum dimensions ({@link Dataspace#UNLIMITED} for unlimited); the current ones when none are stored. */
    public long[] maxDims() {
        DatasetWriter w = writer();
        if (w != null) return w.maxDims();
        Dataspace space = stored().space;
        if (space.kind() != Dataspace.Kind.SIMPLE) return new long[0];
        return space.hasMaxDims() ? space.maxDims() : space.dims();
    }

    /** The dimensions the storage is addressed by: a scalar is stored like a one-element array. */
    public long[] storageDims() {
        return dataspace().kind() == Dataspace.Kind.SCALAR ? new long[] {1} : dims();
    }

    public int elementSize() {
        return datatype().size();
    }

    /** The chunk dimensions, or null when the dataset is not chunked. */
    public long[] chunkDims() {
        DatasetWriter w = writer();
        if (w != null) return w.chunkDims();
        DataLayoutMessage layout = stored().layout;
        return layout.layoutClass() == DataLayoutMessage.LayoutClass.CHUNKED ? layout.chunkDimensions() : null;
    }

    /** The chunk index a new dataset gets, or null (not chunked, or stored). */
    public ChunkIndexType chunkIndexType() {
        DatasetWriter w = writer();
        return w != null ? w.chunkIndexType() : null;
    }

    /** The storage a new dataset's layout is made by at commit (a virtual dataset's mappings), or null. */
    public ProvidedLayout providedLayout() {
        DatasetWriter w = writer();
        return w != null ? w.providedLayout() : null;
    }

    /** The fill value bytes in the stored type, or null when libhdf5 would use zeros. */
    public byte[] fillValue() {
        DatasetWriter w = writer();
        if (w != null) return w.fillValue();
        ObjectHeader header = stored().header;
        Datatype type = stored().type;
        FillValueMessage fv = header.find(FillValueMessage.class);
        if (fv != null) {
            byte[] v = fv.value();
            if (fv.state() == FillValueMessage.State.USER_DEFINED && v != null && v.length == type.size()) return v;
            return null;
        }
        FillValueOldMessage old = header.find(FillValueOldMessage.class);
        if (old != null && old.fillValue() != null && old.fillValue().length == type.size()) return old.fillValue();
        return null;
    }

    /**
     * What storage never written reads as, in the stored type, or null for zeros: the fill value,
     * unless the fill time is never. libhdf5 then returns nothing for storage never allocated (the
     * caller's buffer is left as it is; h5py's new arrays are zeros) and initializes new storage
     * with zeros (H5D__read, H5D__chunk_read's skipped chunks, H5D__chunk_lock).
     */
    public byte[] unwrittenValue() {
        DatasetWriter w = writer();
        if (w != null) return w.unwrittenValue();
        if (isVirtual()) return fillValue(); // H5D__virtual_read fills unmapped elements whatever the fill time
        return fillTimeNever() ? null : fillValue();
    }

    /** Whether the stored fill time is never (H5D_FILL_TIME_NEVER): storage is not initialized with the fill value. */
    boolean fillTimeNever() {
        FillValueMessage fv = stored().header.find(FillValueMessage.class);
        return fv != null && fv.fillValueWriteTime() == FillValueMessage.FILL_TIME_NEVER;
    }

    // ---- writing -------------------------------------------------------------------------------

    /** The writer of this dataset, made the first time this session writes or resizes it. */
    private DatasetWriter writing() {
        Session s = file.session();
        synchronized (s) {
            s.requireOpen(path);
            DatasetWriter w = record.dataset;
            if (w == null) {
                w = new DatasetWriter(s, record, this);
                record.dataset = w;
            }
            return w;
        }
    }

    /**
     * Stores the elements of {@code selection} (coordinates of the current extent; a scalar is
     * addressed as the one element of extent {1}) from {@code data}, a dense C-order array of
     * {@code selection.sizes()} in the stored type, which is only read.
     */
    public void write(ProductSelection selection, java.nio.ByteBuffer data) {
        writing().write(selection, data);
    }

    public void write(ProductSelection selection, byte[] data) {
        write(selection, java.nio.ByteBuffer.wrap(data));
    }

    /**
     * Stores the elements of {@code selection} from {@code memory}, elements of {@code memoryType}
     * in memory form (object values in {@code objects}, taken apart by {@code codec}), converted
     * to the stored type as libhdf5 converts; variable-length data goes to the file's global heap.
     */
    public void write(ProductSelection selection, java.nio.ByteBuffer memory, Datatype memoryType, org.h5vds.storage.ObjectTable objects,
                      org.h5vds.storage.ValueCodec codec) {
        writing().write(selection, memory, memoryType, objects, codec);
    }

    /**
     * Appends {@code frames} frames along axis 0 (the extent grows and they are written as one
     * step; see {@link DatasetWriter#append}), their values as for {@link #write(ProductSelection,
     * java.nio.ByteBuffer, Datatype, org.h5vds.storage.ObjectTable, org.h5vds.storage.ValueCodec)}.
     */
    public void append(long frames, java.nio.ByteBuffer memory, Datatype memoryType, org.h5vds.storage.ObjectTable objects,
                       org.h5vds.storage.ValueCodec codec) {
        writing().append(frames, memory, memoryType, objects, codec);
    }

    /**
     * Stores {@code bytes} as the chunk at scaled coordinates {@code scaled}, as they are (see
     * {@link DatasetWriter#writeStoredChunk}).
     */
    public void writeStoredChunk(long[] scaled, java.nio.ByteBuffer bytes, int filterMask) {
        writing().writeStoredChunk(scaled, bytes, filterMask);
    }

    /** Moves committed chunks and the chunk index to space allocated now (see {@link DatasetWriter#relocate}). */
    void relocate(List<long[]> chunks) {
        writing().relocate(chunks);
    }

    /** Changes the current extent within the maximum; only chunked datasets can, as in libhdf5. */
    public void resize(long[] newDims) {
        writing().resize(newDims);
    }

    // ---- storage as it lies in the file ---------------------------------------------------------

    /**
     * The index of a chunked dataset's allocated chunks (addresses relative to the base address,
     * as stored; see {@link #absoluteAddress}), or null when the dataset is not chunked.
     */
    public ChunkIndex chunkIndex() {
        if (layoutClass() != DataLayoutMessage.LayoutClass.CHUNKED) return null;
        return ((ChunkedReader) reader()).index();   // a dataset being written: what its chunks are now
    }

    /**
     * The file offset of a contiguous dataset's elements, or -1 when its storage was never
     * allocated or the dataset is not contiguous (libhdf5's H5Dget_offset).
     */
    public long contiguousDataOffset() {
        if (layoutClass() != DataLayoutMessage.LayoutClass.CONTIGUOUS) return -1;
        DatasetWriter w = writer();
        if (w != null && !w.isStored()) file.commit();   // a new dataset's storage is placed by its commit
        Stored s = stored();
        if (s.header.find(ExternalDataFilesMessage.class) != null) return -1;
        long a = s.layout.dataAddress();
        return a == org.h5vds.io.Cursor.UNDEFINED ? -1 : file.context().absolute(a, "contiguous data");
    }

    /**
     * The named datatype this dataset's type is (its Datatype message shared from that object), as
     * {@link ObjectNode#identity()} names objects; null when the type is stored in the dataset's own
     * header.
     */
    public Object namedTypeIdentity() {
        DatasetWriter w = writer();
        if (w != null && !w.isStored()) {
            ObjectRecord t = w.committedType();
            return t == null ? null : t.isWritten() ? identity(file, t.address()) : t;
        }
        for (org.h5vds.format.HeaderMessage m : stored().header.messages()) {
            if (m.type() == Datatype.TYPE && m.isShared() && m.message() instanceof org.h5vds.format.message.SharedMessage s
                    && s.location() == org.h5vds.format.message.SharedMessage.Location.COMMITTED) {
                return identity(file, s.address());
            }
        }
        return null;
    }

    /**
     * Whether a compact or contiguous dataset has elements stored: compact ones always, contiguous
     * ones once their storage is allocated or when it lies in external files.
     */
    public boolean storageAllocated() {
        DataLayoutMessage.LayoutClass c = layoutClass();
        if (c == DataLayoutMessage.LayoutClass.COMPACT) return true;
        if (c != DataLayoutMessage.LayoutClass.CONTIGUOUS) return false;
        return contiguousDataOffset() >= 0 || stored().header.find(ExternalDataFilesMessage.class) != null;
    }

    /** The filters of a Filter Pipeline message as the filter layer takes them, client data as stored; none for null. */
    public static List<FilterSpec> filterSpecs(FilterPipelineMessage message) {
        List<FilterSpec> specs = new ArrayList<>();
        if (message != null) {
            for (FilterPipelineMessage.Filter f : message.filters()) specs.add(new FilterSpec(f.id(), f.flags(), f.name(), f.clientData()));
        }
        return specs;
    }

    /** Whether the stored layout says partial edge chunks are stored unfiltered (H5Pset_chunk_opts). */
    public boolean edgeChunksUnfiltered() {
        if (writer() != null || layoutClass() != DataLayoutMessage.LayoutClass.CHUNKED) return false;
        return stored().layout.partialEdgeChunksUnfiltered();
    }

    /** The file offset of an address stored in this dataset's file (relative to the superblock's base address). */
    public long absoluteAddress(long stored) {
        return file.context().absolute(stored, "chunk");
    }

    /** The stored bytes of a chunk, filters not undone (checked against the file's length before anything is allocated). */
    public byte[] readStoredChunk(org.h5vds.storage.ChunkLocation loc) {
        try {
            return file.context().read(loc.address(), loc.storedSize(), "chunk at address " + loc.address()).buffer().array();
        } catch (H5FormatException e) {
            throw e.inObject(path);
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * Reads through {@link #reader()}. In a file a SWMR writer has open, a read that meets a
     * structure or chunk being rewritten is repeated as {@link SwmrReads} says (a virtual dataset's
     * sources repeat their own reads).
     */
    public void read(org.h5vds.select.SelectionPair pair, org.h5vds.storage.ReadTarget target, org.h5vds.storage.ElementConverter converter) {
        LayoutReader r = reader();
        if (isVirtual() || !file.isLive()) {
            // (no lambda: a file being created reads back through here, and its first lambda costs a fresh JVM milliseconds)
            r.read(pair, target, converter);
            return;
        }
        repeatedIfLive(() -> {
            r.read(pair, target, converter);
            return null;
        });
    }

    /** {@link LayoutReader#readRun} of {@link #reader()}, repeated as {@link #read} repeats a read. */
    public boolean readRun(long first, long count, byte[] out, int offset) {
        LayoutReader r = reader();
        if (isVirtual() || !file.isLive()) return r.readRun(first, count, out, offset);
        return repeatedIfLive(() -> r.readRun(first, count, out, offset));
    }

    /** {@link LayoutReader#readGrid} of {@link #reader()}, repeated as {@link #read} repeats a read. */
    public boolean readGrid(org.h5vds.select.DimSet[] axes, byte[] out, int offset) {
        LayoutReader r = reader();
        if (isVirtual() || !file.isLive()) return r.readGrid(axes, out, offset);
        return repeatedIfLive(() -> r.readGrid(axes, out, offset));
    }

    /**
     * The result of {@code read}, a read of this dataset's storage (elements, its chunk index,
     * stored chunks): in a file a SWMR writer has open, repeated while it meets a structure being
     * rewritten, as {@link SwmrReads} says; errors name this dataset. {@code read} may run more
     * than once, so it must have no effect but its result and the bytes it writes.
     */
    public <T> T repeatedIfLive(java.util.function.Supplier<T> read) {
        if (!file.isLive()) return read.get();
        try {
            return file.readLive(read);
        } catch (H5FormatException e) {
            throw e.inObject(path);
        }
    }

    /** The reader of this dataset's elements as they are now. */
    public LayoutReader reader() {
        DatasetWriter w = writer();
        if (w != null) {
            if (w.layoutClass() == DataLayoutMessage.LayoutClass.VIRTUAL) {
                if (!w.isStored()) {
                    file.commit();   // a new virtual dataset is read through its stored mappings
                    return stored().reader != null ? stored().reader : storedReader();
                }
            } else {
                return w.reader(file.context(), file.fileName(), record.address());
            }
        }
        return storedReader();
    }

    private LayoutReader storedReader() {
        Stored s = stored();
        LayoutReader r = s.reader;
        if (r == null) {
            synchronized (s) {
                r = s.reader;
                if (r == null) {
                    try {
                        s.reader = r = buildReader(s);
                    } catch (H5FormatException e) {
                        throw e.inObject(path);
                    }
                }
            }
        }
        return r;
    }

    private LayoutReader buildReader(Stored s) {
        Dataspace space = s.space;
        if (space.kind() == Dataspace.Kind.NULL) {
            throw new H5FormatException(file.fileName(), path, H5FormatException.NO_OFFSET, "dataset has a null dataspace and no data");
        }
        long[] dims = storageDims();
        int size = s.type.size();
        FillValue fill = FillValue.of(unwrittenValue(), size);
        var ctx = file.context();
        DataLayoutMessage layout = s.layout;
        switch (layout.layoutClass()) {
            case COMPACT:
                return new CompactReader(layout.compactData(), dims, size, file.fileName(), ctx.baseAddress() + address());
            case CONTIGUOUS:
                ExternalDataFilesMessage external = s.header.find(ExternalDataFilesMessage.class);
                if (external != null) return externalReader(external, dims, size);
                long storedSize = layout.contiguousSize();
                if (storedSize == DataLayoutMessage.SIZE_NOT_STORED) {
                    // layout versions 1 and 2 store no size: the data is exactly the dataspace's elements
                    storedSize = size;
                    for (long d : dims) storedSize = Math.multiplyExact(storedSize, d);
                }
                return new ContiguousReader(ctx, layout.dataAddress(), storedSize, dims, size, fill);
            case CHUNKED:
                return chunkedReader(s, dims, size, fill);
            case VIRTUAL:
                VirtualReaderFactory f = file.options().virtualReaders();
                if (f == null) {
                    throw new H5FormatException(file.fileName(), path, H5FormatException.NO_OFFSET, "virtual dataset, but no VDS reader is registered");
                }
                return f.open(this);
            default:
                throw new H5FormatException(file.fileName(), path, H5FormatException.NO_OFFSET, "unknown layout class " + layout.layoutClass());
        }
    }

    /**
     * Data in external raw files (H5Pset_external): the segments' names come from the local heap
     * the message points to. A relative name is looked for beside this file, then in the working
     * directory (libhdf5 uses the working directory unless an external-file prefix is set).
     */
    private LayoutReader externalReader(ExternalDataFilesMessage m, long[] dims, int size) {
        org.h5vds.format.LocalHeap heap = Heaps.local(file, m.heapAddress());
        List<org.h5vds.storage.ExternalReader.Segment> segments = new ArrayList<>();
        if (org.h5vds.io.Locations.isRemote(file.location())) {
            throw new H5FormatException(file.fileName(), path, H5FormatException.NO_OFFSET,
                    "data in external raw files (H5Pset_external) is read from local files only");
        }
        java.nio.file.Path dir = org.h5vds.io.Locations.localPath(file.location()).toAbsolutePath().getParent();
        for (ExternalDataFilesMessage.Slot s : m.slots()) {
            String name = heap.nameAt(s.nameOffset());
            java.nio.file.Path p = java.nio.file.Path.of(name);
            if (!p.isAbsolute()) {
                java.nio.file.Path beside = dir == null ? p : dir.resolve(name);
                p = java.nio.file.Files.exists(beside) ? beside : p.toAbsolutePath();
            }
            long segmentSize = org.h5vds.io.Cursor.isAllOnes(s.size(), file.context().lengthSize()) ? Long.MAX_VALUE : s.size();
            segments.add(new org.h5vds.storage.ExternalReader.Segment(p, s.fileOffset(), segmentSize));
        }
        return new org.h5vds.storage.ExternalReader(segments, dims, size, file.fileName());
    }

    /** The chunk index as stored (for a chunked dataset). */
    ChunkIndex storedChunkIndex() {
        Stored s = stored();
        long[] dims = s.space.kind() == Dataspace.Kind.SCALAR ? new long[] {1}
                : s.space.kind() == Dataspace.Kind.SIMPLE ? s.space.dims() : new long[0];
        return chunkIndex(s, dims);
    }

    private ChunkIndex chunkIndex(Stored s, long[] dims) {
        DataLayoutMessage layout = s.layout;
        long[] chunk = layout.chunkDimensions();
        long[] max = s.space.kind() == Dataspace.Kind.SCALAR ? new long[] {1} : s.space.hasMaxDims() ? s.space.maxDims() : s.space.dims();
        ChunkGeometry geometry = chunkGeometry(layout, dims, max, chunk, s.type.size(), layout.chunkIndexing());
        var ctx = file.context();
        long addr = layout.chunkIndexAddress();
        DataLayoutMessage.ChunkIndexing ix = layout.chunkIndexing();
        if (ix == null || ix instanceof DataLayoutMessage.BTreeV1) {
            return new BTreeV1ChunkIndex(ctx, addr, geometry, BTreeK.of(file).indexedStorage());
        } else if (ix instanceof DataLayoutMessage.SingleChunk sc) {
            return sc.isFiltered() ? SingleChunkIndex.filtered(geometry, addr, sc.filteredSize(), (int) sc.filterMask())
                    : SingleChunkIndex.unfiltered(geometry, addr);
        } else if (ix instanceof DataLayoutMessage.Implicit) {
            return new ImplicitChunkIndex(geometry, addr);
        } else if (addr == Cursor.UNDEFINED) {
            return new UnallocatedChunkIndex(geometry);
        } else if (ix instanceof DataLayoutMessage.FixedArray) {
            return new FixedArrayChunkIndex(ctx, addr, geometry);
        } else if (ix instanceof DataLayoutMessage.ExtensibleArray) {
            return new ExtensibleArrayChunkIndex(ctx, addr, geometry);
        }
        return new BTreeV2ChunkIndex(ctx, addr, geometry);
    }

    private LayoutReader chunkedReader(Stored s, long[] dims, int size, FillValue fill) {
        ChunkIndex index = chunkIndex(s, dims);
        long[] chunk = s.layout.chunkDimensions();
        var ctx = file.context();
        ChunkedReader.ChunkDecoder decoder = null;
        FilterPipelineMessage filters = s.filters;
        if (filters != null && !filters.filters().isEmpty()) {
            FilterPipeline pipeline = FilterPipeline.create(filterSpecs(filters), size, chunk);
            String fileName = file.fileName();
            long base = ctx.baseAddress();
            decoder = ChunkedReader.ChunkDecoder.of(pipeline, fileName, base);
        }
        boolean unfilteredEdges = s.layout.partialEdgeChunksUnfiltered();
        // chunks decoded ahead for a frame loop must stay what the file holds: not while another program writes it
        return new ChunkedReader(ctx, index, dims, chunk, size, decoder, fill, unfilteredEdges, !file.isLive());
    }

    /**
     * The chunk grid, after checking what the layout message says against the dataspace as
     * libhdf5 does when it opens a chunked dataset (H5D__chunk_init, H5D__chunk_set_info_real): a
     * chunk dimension per dataset dimension, each positive, a chunk smaller than 4 GiB, a chunk
     * count that does not overflow, and maximum dimensions the chunk index can number (fixed array
     * and implicit: all fixed; extensible array: exactly one unlimited).
     */
    private ChunkGeometry chunkGeometry(DataLayoutMessage layout, long[] dims, long[] max, long[] chunk, int size, DataLayoutMessage.ChunkIndexing ix) {
        if (chunk.length != dims.length) {
            throw layoutError("chunks of rank " + chunk.length + " for a dataset of rank " + dims.length);
        }
        if (size <= 0) throw layoutError("element size " + Integer.toUnsignedString(size) + " is not a chunk element size");
        int[] chunkInts = new int[chunk.length];
        long chunkBytes = size;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] <= 0 || chunk[i] > Integer.MAX_VALUE) throw layoutError("chunk dimension " + i + " is " + chunk[i]);
            chunkInts[i] = (int) chunk[i];
            if (chunkBytes > MAX_CHUNK_BYTES / chunk[i]) {
                throw layoutError("chunks of " + java.util.Arrays.toString(chunk) + " elements of " + size
                        + " bytes are not below libhdf5's limit of 4 GiB");
            }
            chunkBytes *= chunk[i];
        }
        int unlimited = 0;
        long maxChunks = 1, chunks = 1;
        for (int i = 0; i < dims.length; i++) {
            chunks = checkedProduct(chunks, ceilDiv(dims[i], chunk[i]), "dimensions", dims, chunk);
            if (max[i] == Dataspace.UNLIMITED) unlimited++;
            else maxChunks = checkedProduct(maxChunks, ceilDiv(max[i], chunk[i]), "maximum dimensions", max, chunk);
        }
        boolean fixedGrid = ix instanceof DataLayoutMessage.FixedArray || ix instanceof DataLayoutMessage.Implicit;
        if (fixedGrid && unlimited > 0) {
            throw layoutError(indexName(ix) + " chunk index for a dataset with " + unlimited + " unlimited dimension(s); it needs fixed maximum dimensions");
        }
        if (ix instanceof DataLayoutMessage.ExtensibleArray && unlimited != 1) {
            throw layoutError("extensible array chunk index for a dataset with " + unlimited + " unlimited dimensions; it needs exactly one");
        }
        if (ix instanceof DataLayoutMessage.Implicit && layout.chunkIndexAddress() != org.h5vds.io.Cursor.UNDEFINED) {
            long bytes = Math.multiplyHigh(maxChunks, chunkBytes) != 0 ? Long.MAX_VALUE : maxChunks * chunkBytes;
            long at = layout.chunkIndexAddress() + file.context().baseAddress();
            if (at < 0 || bytes > file.context().fileSize() || at > file.context().fileSize() - bytes) {
                throw layoutError("implicit chunk index: " + maxChunks + " chunks of " + chunkBytes + " bytes at " + at
                        + " run past the end of the file (" + file.context().fileSize() + " bytes)");
            }
        }
        return new ChunkGeometry(dims, max, chunkInts, size);
    }

    /** libhdf5 refuses chunks of 4 GiB or more (H5D__chunk_construct). */
    private static final long MAX_CHUNK_BYTES = 0xFFFF_FFFFL;

    private long checkedProduct(long acc, long n, String which, long[] extent, long[] chunk) {
        if (n != 0 && acc > Long.MAX_VALUE / n) {
            throw layoutError("chunks of " + java.util.Arrays.toString(chunk) + " over the " + which + " "
                    + java.util.Arrays.toString(extent) + " number more than 2^63");
        }
        return acc * n;
    }

    private static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    private static String indexName(DataLayoutMessage.ChunkIndexing ix) {
        return ix instanceof DataLayoutMessage.FixedArray ? "fixed array" : "implicit";
    }

    private H5FormatException layoutError(String detail) {
        ObjectHeader h = header();
        return new H5FormatException(file.fileName(), path, h == null ? H5FormatException.NO_OFFSET : h.messageAddress(DataLayoutMessage.class),
                "data layout message: " + detail);
    }
}
