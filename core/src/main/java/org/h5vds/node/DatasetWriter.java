package org.h5vds.node;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.filter.FilterPipeline;
import org.h5vds.filter.FilterRegistry;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.FileContext;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.FillValueMessage;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.format.message.Messages;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5Exception;
import org.h5vds.select.Box;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.storage.ChunkIndex;
import org.h5vds.storage.ChunkIndexType;
import org.h5vds.storage.ChunkedReader;
import org.h5vds.storage.ChunkedWriter;
import org.h5vds.storage.CompactReader;
import org.h5vds.storage.CompactWriter;
import org.h5vds.storage.ContiguousReader;
import org.h5vds.storage.ContiguousWriter;
import org.h5vds.storage.FillValue;
import org.h5vds.storage.LayoutReader;
import org.h5vds.storage.LayoutWriter;

/**
 * The writing side of a dataset: a new one (its definition checked as libhdf5 checks a dataset
 * creation property list, and the header messages libhdf5 1.10 writes for it: dataspace with
 * maximum dimensions, datatype, fill value version 3 with libhdf5's allocation and fill times for
 * the layout — h5py's for chunked data —, filter pipeline version 2, layout version 3 for compact
 * and contiguous storage and 4 for chunked), or one already in the file, written where its
 * storage is and resized along its unlimited axes.
 *
 * <p>Writes and resizes of one dataset are serialised; different datasets may be written from
 * different threads.
 */
final class DatasetWriter {
    private final Session session;
    final ObjectRecord record;
    private final String where;
    private final String path;
    private final Datatype type;
    private final boolean scalar;
    /** The named datatype a new dataset's header points to, or null: the type is stored in the header. */
    private ObjectRecord committedType;
    /** A dataset with a null dataspace (h5py's {@code Empty}): no elements, no storage. */
    private final boolean nullSpace;
    private final long[] maxDims;
    private final DataLayoutMessage.LayoutClass layoutClass;
    private final long[] chunkDims;
    private final FilterPipelineMessage filterMessage;
    private final FilterPipeline pipeline;
    private final byte[] fill;
    /**
     * What storage never written holds, in the stored type (null: zeros): the fill value, but zeros
     * for an existing dataset whose fill time is never (libhdf5 then neither fills new storage nor
     * returns the fill value for storage never allocated).
     */
    private final byte[] unwritten;
    private final FillValueMessage fillMessage;
    private final LayoutWriter storage;
    private final ProvidedLayout provided;
    /** For a stored dataset: its layout message as stored (what a commit rewrites). */
    private final DataLayoutMessage storedLayout;
    private final ChunkIndexType indexType;
    private long[] dims;
    private long[] committedDims;
    private DataLayoutMessage layout;
    /** The chunk index a SWMR flush left in memory, until its commit is done (see {@link #indexUpdatedInPlace}). */
    private ChunkIndex advanced;
    /** The header chunk a SWMR flush wrote last, for the next one to patch (see {@link HeaderPatch}); null when none. */
    private HeaderPatch headerPatch;

    /** A new dataset. */
    DatasetWriter(Session session, ObjectRecord record, String path, DatasetDefinition def) {
        this.session = session;
        this.record = record;
        this.provided = null;
        this.storedLayout = null;
        this.where = session.path() + ": " + path;
        this.path = path;
        if (def.type() == null) throw new IllegalArgumentException(where + ": a dataset needs a datatype");
        this.type = def.type();
        // a header message gives its size in 2 bytes (IV.A.1.b): libhdf5 refuses a larger datatype message at creation
        int typeSize = type.encodedSize(session.context().offsetSize(), session.context().lengthSize());
        if (typeSize > 0xFFFF) {
            throw new IllegalArgumentException(where + ": the datatype takes " + typeSize + " bytes to describe; an object header "
                    + "message holds at most 65535 (libhdf5 refuses it too: \"object header message is too large\")");
        }
        int elementSize = type.size();
        this.scalar = def.dims() == null;
        this.nullSpace = false;
        DatasetDefinition.Layout kind = def.layout() == null ? DatasetDefinition.Layout.CONTIGUOUS : def.layout();
        // (compared, not Enum.valueOf by name: valueOf's first use calls the enum's values() by reflection)
        this.layoutClass = kind == DatasetDefinition.Layout.COMPACT ? DataLayoutMessage.LayoutClass.COMPACT
                : kind == DatasetDefinition.Layout.CHUNKED ? DataLayoutMessage.LayoutClass.CHUNKED : DataLayoutMessage.LayoutClass.CONTIGUOUS;
        if (scalar) {
            if (def.maxDims() != null) throw new IllegalArgumentException(where + ": a scalar dataset has no maximum shape");
            if (kind == DatasetDefinition.Layout.CHUNKED) throw new IllegalArgumentException(where + ": a scalar dataset cannot be chunked");
            this.dims = new long[0];
            this.maxDims = new long[0];
        } else {
            this.dims = def.dims().clone();
            if (dims.length == 0 || dims.length > Dataspace.MAX_RANK) {
                throw new IllegalArgumentException(where + ": rank " + dims.length + " is outside 1.." + Dataspace.MAX_RANK);
            }
            this.maxDims = def.maxDims() == null ? dims.clone() : def.maxDims().clone();
            checkExtent(where, dims, maxDims);
        }
        this.committedDims = dims.clone();
        if (def.fillValue() != null && def.fillValue().length != elementSize) {
            throw new IllegalArgumentException(where + ": fill value of " + def.fillValue().length + " bytes for elements of " + elementSize);
        }
        this.fill = def.fillValue();
        this.unwritten = fill;
        long[] storageDims = scalar ? new long[] {1} : dims;
        if (kind == DatasetDefinition.Layout.CHUNKED) {
            this.chunkDims = checkChunks(where, def.chunkDims(), dims, maxDims, elementSize);
            List<FilterSpec> specs;
            try {
                specs = def.filtersAsStored() ? def.filters() : FilterPipeline.forWriting(def.filters(), elementSize, chunkDims, FilterRegistry.standard());
                this.pipeline = specs.isEmpty() ? null : FilterPipeline.create(specs, elementSize, chunkDims);
            } catch (H5Exception e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            List<FilterPipelineMessage.Filter> filters = new ArrayList<>();
            for (FilterSpec s : specs) filters.add(FilterPipelineMessage.Filter.of(s.id(), s.flags(), s.name(), s.clientData()));
            this.filterMessage = filters.isEmpty() ? null : new FilterPipelineMessage(2, filters);
            this.fillMessage = fillMessage(FillValueMessage.ALLOC_TIME_INCREMENTAL, FillValueMessage.FILL_TIME_ON_ALLOCATION);
            this.indexType = ChunkIndexType.choose(dims, maxDims, chunkDims);
            this.storage = new ChunkedWriter(session.raw(), null, where, dims, maxDims, chunkDims, elementSize, fill, pipeline, indexType,
                    session.executor(), def.chunkCacheBytes() > 0 ? def.chunkCacheBytes() : ChunkedWriter.DEFAULT_CACHE_BYTES,
                    ChunkedWriter.defaultInFlightBytes(chunkBytes(chunkDims, elementSize), session.threads()))
                    .sizes(session.context().offsetSize(), session.context().lengthSize());
        } else {
            if (def.chunkDims() != null) throw new IllegalArgumentException(where + ": chunk shape " + shape(def.chunkDims()) + " given for " + layoutName() + " storage");
            if (!def.filters().isEmpty()) throw new IllegalArgumentException(where + ": filters need chunked storage, not " + layoutName());
            if (!Arrays.equals(dims, maxDims)) {
                throw new IllegalArgumentException(where + ": only a chunked dataset can have a maximum shape " + shape(maxDims)
                        + " other than its shape " + shape(dims));
            }
            this.chunkDims = null;
            this.filterMessage = null;
            this.pipeline = null;
            this.indexType = null;
            if (kind == DatasetDefinition.Layout.COMPACT) {
                long bytes = elementCount(storageDims) * elementSize;
                if (bytes > CompactWriter.MAX_BYTES) {
                    throw new IllegalArgumentException(where + ": " + bytes + " bytes of data are too many for compact storage (at most "
                            + CompactWriter.MAX_BYTES + ")");
                }
                this.fillMessage = fillMessage(FillValueMessage.ALLOC_TIME_EARLY, FillValueMessage.FILL_TIME_IF_SET);
                this.storage = new CompactWriter(storageDims, elementSize, fill);
            } else {
                this.fillMessage = fillMessage(FillValueMessage.ALLOC_TIME_LATE, FillValueMessage.FILL_TIME_IF_SET);
                this.storage = new ContiguousWriter(session.raw(), storageDims, elementSize, fill);
            }
        }
    }

    /**
     * A new dataset whose storage {@code layout} writes at commit (a virtual dataset; a dataset with
     * a null dataspace, {@code nullSpace}, whose {@code dims} are null and whose storage is none).
     */
    DatasetWriter(Session session, ObjectRecord record, String path, Datatype type, long[] dims, long[] maxDims, byte[] fillValue,
                  ProvidedLayout layout, boolean nullSpace) {
        this.session = session;
        this.record = record;
        this.storedLayout = null;
        this.where = session.path() + ": " + path;
        this.path = path;
        if (type == null) throw new IllegalArgumentException(where + ": a dataset needs a datatype");
        this.type = type;
        if (nullSpace && (dims != null || maxDims != null)) throw new IllegalArgumentException(where + ": a null dataspace has no shape");
        this.nullSpace = nullSpace;
        this.scalar = dims == null && !nullSpace;
        this.dims = dims == null ? new long[0] : dims.clone();
        this.maxDims = dims == null ? new long[0] : maxDims == null ? dims.clone() : maxDims.clone();
        if (dims != null) {
            if (this.dims.length == 0 || this.dims.length > Dataspace.MAX_RANK) {
                throw new IllegalArgumentException(where + ": rank " + this.dims.length + " is outside 1.." + Dataspace.MAX_RANK);
            }
            checkExtent(where, this.dims, this.maxDims);
        }
        this.committedDims = this.dims.clone();
        if (fillValue != null && fillValue.length != type.size()) {
            throw new IllegalArgumentException(where + ": fill value of " + fillValue.length + " bytes for elements of " + type.size());
        }
        this.fill = fillValue == null ? null : fillValue.clone();
        this.unwritten = fill;
        this.layoutClass = layout.layoutClass();
        this.chunkDims = null;
        this.filterMessage = null;
        this.pipeline = null;
        this.indexType = null;
        this.provided = layout;
        this.fillMessage = fillMessage(FillValueMessage.ALLOC_TIME_LATE, FillValueMessage.FILL_TIME_IF_SET);
        this.storage = null;
    }

    /** A dataset stored in the file, to be written where it is and resized. */
    DatasetWriter(Session session, ObjectRecord record, DatasetNode stored) {
        this.session = session;
        this.record = record;
        this.provided = null;
        this.where = session.path() + ": " + stored.path();
        this.path = stored.path();
        this.type = stored.datatype();
        Dataspace space = stored.dataspace();
        if (space.kind() == Dataspace.Kind.NULL) throw new IllegalArgumentException(where + ": the dataset has a null dataspace (no elements to write)");
        this.scalar = space.kind() == Dataspace.Kind.SCALAR;
        this.nullSpace = false;
        this.dims = stored.dims();
        this.committedDims = dims.clone();
        this.maxDims = stored.maxDims();
        this.storedLayout = stored.layout();
        this.layoutClass = storedLayout.layoutClass();
        this.fill = stored.fillValue();
        this.unwritten = stored.unwrittenValue();
        this.fillMessage = null;
        this.filterMessage = stored.filters();
        long[] storageDims = scalar ? new long[] {1} : dims;
        int elementSize = type.size();
        switch (layoutClass) {
            case CHUNKED -> {
                this.chunkDims = stored.chunkDims();
                if (storedLayout.partialEdgeChunksUnfiltered() && filterMessage != null && !filterMessage.filters().isEmpty()) {
                    throw new IllegalArgumentException(where + ": its partial edge chunks are stored unfiltered (H5Pset_chunk_opts), which h5vds "
                            + "reads but does not write");
                }
                FilterPipeline p = null;
                if (filterMessage != null && !filterMessage.filters().isEmpty()) {
                    p = FilterPipeline.create(DatasetNode.filterSpecs(filterMessage), elementSize, chunkDims);
                }
                this.pipeline = p;
                this.indexType = null;
                long[] max = scalar ? new long[] {1} : maxDims;
                ChunkedWriter w = new ChunkedWriter(session.raw(), stored.storedChunkIndex(), where, storageDims, max, chunkDims, elementSize,
                        unwritten, pipeline, null, session.executor(), ChunkedWriter.DEFAULT_CACHE_BYTES,
                        ChunkedWriter.defaultInFlightBytes(chunkBytes(chunkDims, elementSize), session.threads()))
                        .sizes(session.context().offsetSize(), session.context().lengthSize());
                this.storage = stored.fillTimeNever() ? w.fillTimeNever(fill) : w;
            }
            case CONTIGUOUS -> {
                this.chunkDims = null;
                this.pipeline = null;
                this.indexType = null;
                if (stored.header().find(org.h5vds.format.message.ExternalDataFilesMessage.class) != null) {
                    throw new IllegalArgumentException(where + ": its data is in external raw files (H5Pset_external), which h5vds reads "
                            + "but does not write");
                }
                long need = elementCount(storageDims) * elementSize;
                long have = storedLayout.contiguousSize();
                if (have != DataLayoutMessage.SIZE_NOT_STORED && have < need && storedLayout.dataAddress() != Cursor.UNDEFINED) {
                    throw new H5Exception(where + ": contiguous storage of " + have + " bytes is smaller than the " + need + " its elements take");
                }
                this.storage = new ContiguousWriter(session.raw(), storageDims, elementSize, unwritten, storedLayout.dataAddress());
            }
            case COMPACT -> {
                this.chunkDims = null;
                this.pipeline = null;
                this.indexType = null;
                CompactWriter c = new CompactWriter(storageDims, elementSize, unwritten);
                c.load(storedLayout.compactData());
                this.storage = c;
            }
            default -> {
                this.chunkDims = null;
                this.pipeline = null;
                this.indexType = null;
                this.storage = null;
            }
        }
    }

    private FillValueMessage fillMessage(int allocation, int write) {
        return fill == null ? FillValueMessage.defaultValue(allocation, write) : FillValueMessage.userDefined(allocation, write, fill);
    }

    private String layoutName() {
        return layoutClass.name().toLowerCase();
    }

    private static void checkExtent(String where, long[] dims, long[] maxDims) {
        if (maxDims.length != dims.length) {
            throw new IllegalArgumentException(where + ": maximum shape " + shape(maxDims) + " has another rank than the shape " + shape(dims));
        }
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] < 0) throw new IllegalArgumentException(where + ": axis " + d + " of shape " + shape(dims) + " is negative");
            if (maxDims[d] != Dataspace.UNLIMITED && maxDims[d] < dims[d]) {
                throw new IllegalArgumentException(where + ": axis " + d + " of shape " + shape(dims) + " exceeds the maximum shape " + shape(maxDims));
            }
        }
        elementCount(dims);
    }

    private static long[] checkChunks(String where, long[] chunks, long[] dims, long[] maxDims, int elementSize) {
        if (chunks == null) throw new IllegalArgumentException(where + ": chunked storage needs a chunk shape");
        if (chunks.length != dims.length) {
            throw new IllegalArgumentException(where + ": chunk shape " + shape(chunks) + " has rank " + chunks.length + ", the dataset " + dims.length);
        }
        long bytes = elementSize;
        for (int d = 0; d < chunks.length; d++) {
            if (chunks[d] <= 0) {
                throw new IllegalArgumentException(where + ": chunk shape " + shape(chunks) + " has " + chunks[d] + " on axis " + d
                        + "; every chunk dimension must be at least 1");
            }
            // libhdf5 (H5D__chunk_construct) lets a chunk exceed a fixed axis that is empty now
            if (dims[d] != 0 && maxDims[d] != Dataspace.UNLIMITED && chunks[d] > maxDims[d]) {
                throw new IllegalArgumentException(where + ": chunk shape " + shape(chunks) + " is larger than the maximum shape "
                        + shape(maxDims) + " on axis " + d);
            }
            bytes = multiply(where, bytes, chunks[d]);
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(where + ": chunks of " + shape(chunks) + " take " + bytes + " bytes; a chunk must be under 2 GiB");
        }
        return chunks.clone();
    }

    private static long multiply(String where, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + ": size overflows", e);
        }
    }

    private static long chunkBytes(long[] chunks, int elementSize) {
        long n = elementSize;
        for (long c : chunks) n *= c;
        return n;
    }

    private static long elementCount(long[] dims) {
        long n = 1;
        for (long d : dims) n = Math.multiplyExact(n, d);
        return n;
    }

    /** A shape as NumPy prints it, None for unlimited. */
    static String shape(long[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i] == Dataspace.UNLIMITED ? "None" : Long.toString(dims[i]));
        }
        if (dims.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    // ---- what the dataset is now -------------------------------------------------------------

    Datatype datatype() {
        return type;
    }

    private volatile Object typeDerived;

    /** As {@link DatasetNode#typeDerived}: derived from the type once (the type of a writer never changes). */
    <T> T typeDerived(Class<T> kind, java.util.function.Function<Datatype, T> build) {
        Object v = typeDerived;
        if (!kind.isInstance(v)) {
            v = build.apply(type);
            typeDerived = v;
        }
        return kind.cast(v);
    }

    boolean isScalar() {
        return scalar;
    }

    /** The current extent; empty for a scalar. */
    synchronized long[] dims() {
        return Arrays.copyOf(dims, dims.length);
    }

    /** The maximum extent, {@link Dataspace#UNLIMITED} on unlimited axes; empty for a scalar. */
    long[] maxDims() {
        return Arrays.copyOf(maxDims, maxDims.length);
    }

    Dataspace dataspace() {
        return nullSpace ? Dataspace.nullSpace() : scalar ? Dataspace.scalar() : Dataspace.simple(dims(), maxDims);
    }

    DataLayoutMessage.LayoutClass layoutClass() {
        return layoutClass;
    }

    /** The storage another layer lays out at commit (a new virtual dataset's mappings), or null. */
    ProvidedLayout providedLayout() {
        return provided;
    }

    boolean isStored() {
        return storedLayout != null;
    }

    /** The chunk shape, or null when not chunked. */
    long[] chunkDims() {
        return chunkDims == null ? null : chunkDims.clone();
    }

    /** The chunk index of a new dataset, or null. */
    ChunkIndexType chunkIndexType() {
        return indexType;
    }

    /** The filter pipeline as stored (client data completed), or null without filters. */
    FilterPipelineMessage filters() {
        return filterMessage;
    }

    /** What storage never written holds, in the stored type, or null for zeros (see {@link #unwritten}). */
    byte[] unwrittenValue() {
        return unwritten == null ? null : unwritten.clone();
    }

    /** The user-defined fill value in the stored type, or null for the default (zeros). */
    byte[] fillValue() {
        return fill == null ? null : fill.clone();
    }

    // ---- writing -----------------------------------------------------------------------------

    /**
     * Stores the elements of {@code selection} (coordinates of the current extent; a scalar is
     * addressed as the one element of extent {1}) from {@code data}, a dense C-order array of
     * {@code selection.sizes()} in the stored type; {@code data} is only read.
     */
    /**
     * Stores the elements of {@code selection} from {@code memory}, elements of {@code memoryType}
     * in memory form (object values in {@code objects}, taken apart by {@code codec}), converted
     * to the stored type as libhdf5 converts; variable-length data goes to the file's global heap.
     */
    void write(ProductSelection selection, ByteBuffer memory, Datatype memoryType, org.h5vds.storage.ObjectTable objects,
               org.h5vds.storage.ValueCodec codec) {
        write(selection, stored(selection.count(), memory, memoryType, objects, codec));
    }

    /**
     * Appends {@code frames} frames along axis 0 from {@code memory} (as for {@link #write}): the
     * extent grows and the frames are written under one lock, so that appends from several
     * threads each get frames of their own. The values are converted first, so that values that
     * cannot be stored leave the extent as it was.
     */
    void append(long frames, ByteBuffer memory, Datatype memoryType, org.h5vds.storage.ObjectTable objects,
                org.h5vds.storage.ValueCodec codec) {
        long perFrame = 1;
        long[] now = dims();
        for (int d = 1; d < now.length; d++) perFrame *= now[d];
        ByteBuffer data = stored(Math.multiplyExact(frames, perFrame), memory, memoryType, objects, codec);
        synchronized (this) {
            if (dims.length == 0) throw new IllegalArgumentException(where + ": a scalar dataset cannot grow");
            long[] grown = Arrays.copyOf(dims, dims.length);
            long[] start = new long[grown.length];
            start[0] = dims[0];
            grown[0] = Math.addExact(dims[0], frames);
            long[] count = Arrays.copyOf(grown, grown.length);
            count[0] = frames;
            long need = type.size();
            for (long n : count) need = Math.multiplyExact(need, n);
            if (need != data.remaining()) {
                throw new IllegalArgumentException(where + ": " + frames + " frames of shape " + shape(Arrays.copyOfRange(dims, 1, dims.length))
                        + " need " + need + " bytes, got " + data.remaining());
            }
            resize(grown);
            if (!writeChunkAligned(start, count, data)) write(Selection.box(start, count), data);
        }
    }

    /**
     * Writes the box from {@code start} of {@code count} elements, inside the extent, when the
     * chunked storage takes it as whole chunks with no selection built (the box of frames an
     * append adds, once per frame); false, nothing written, otherwise.
     */
    private boolean writeChunkAligned(long[] start, long[] count, ByteBuffer data) {
        if (!(storage instanceof ChunkedWriter c)) return false;
        session.requireOpen(record);
        boolean written;
        try {
            written = c.writeBox(start, count, data);
        } catch (RuntimeException e) {
            throw session.fail(named(e));
        }
        if (written) session.changed(record);
        return written;
    }

    /** {@code n} elements of {@code memoryType} in {@code memory} converted to the stored type: {@code memory} itself when they are stored as they are. */
    private ByteBuffer stored(long n, ByteBuffer memory, Datatype memoryType, org.h5vds.storage.ObjectTable objects,
                              org.h5vds.storage.ValueCodec codec) {
        if (memoryType.equals(type) && !type.pointsIntoFile()) return memory;
        session.requireOpen(record);
        org.h5vds.storage.ElementConverter c = org.h5vds.storage.Conversions.writing(memoryType, type, objects, codec, session.objects());
        if (memory.remaining() != n * memoryType.size()) {
            throw new IllegalArgumentException(where + ": " + n + " elements need " + n * memoryType.size() + " bytes, got " + memory.remaining());
        }
        byte[] src = new byte[memory.remaining()];
        memory.duplicate().get(src);
        byte[] out = new byte[Math.toIntExact(Math.multiplyExact(n, (long) type.size()))];
        try {
            c.convert(src, 0, out, 0, (int) n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return ByteBuffer.wrap(out);
    }

    /** As above, the elements being the remaining bytes of {@code data} in the stored type, which is only read. */
    synchronized void write(ProductSelection selection, ByteBuffer data) {
        session.requireOpen(record);
        long[] extent = scalar ? new long[] {1} : dims;
        if (nullSpace) throw new IllegalArgumentException(where + ": the dataset has a null dataspace (no elements to write)");
        if (storage == null) {
            throw new IllegalArgumentException(where + ": a " + layoutName() + " dataset's elements are not written one by one"
                    + (layoutClass == DataLayoutMessage.LayoutClass.VIRTUAL ? " (h5vds does not write through a virtual dataset into its sources)" : ""));
        }
        if (selection.rank() != extent.length) {
            throw new IllegalArgumentException(where + ": a selection of rank " + selection.rank() + " for a dataset of rank " + extent.length);
        }
        if (!selection.isEmpty()) {
            Box b = selection.bounds();
            for (int d = 0; d < extent.length; d++) {
                if (b.start(d) < 0 || b.end(d) > extent[d]) {
                    throw new IllegalArgumentException(where + ": the selection reaches " + (b.end(d) - 1) + " on axis " + d
                            + ", outside the shape " + shape(extent) + "; resize the dataset first");
                }
            }
        }
        long need = selection.count() * type.size();
        if (data.remaining() != need) {
            throw new IllegalArgumentException(where + ": " + selection.count() + " elements need " + need + " bytes, got " + data.remaining());
        }
        boolean contiguousUnallocated = storage instanceof ContiguousWriter c && c.address() == Cursor.UNDEFINED;
        try {
            storage.write(selection, data);
        } catch (RuntimeException e) {
            throw session.fail(named(e));
        }
        if (contiguousUnallocated || storage instanceof CompactWriter || storage instanceof ChunkedWriter) session.changed(record);
    }

    /**
     * Stores {@code bytes} as the chunk at {@code scaled} as they are, filters not applied
     * ({@link ChunkedWriter#writeStored}); the chunk lies inside the current extent (checked by the caller).
     */
    synchronized void writeStoredChunk(long[] scaled, ByteBuffer bytes, int filterMask) {
        session.requireOpen(record);
        if (!(storage instanceof ChunkedWriter chunked)) {
            throw new IllegalArgumentException(where + ": only a chunked dataset's chunks are written as stored; this one is " + layoutName());
        }
        try {
            chunked.writeStored(scaled, bytes, filterMask);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw session.fail(named(e));
        }
        session.changed(record);
    }

    /** Changes the current extent within the maximum; only chunked datasets can, as in libhdf5. */
    synchronized void resize(long[] newDims) {
        session.requireOpen(record);
        if (layoutClass != DataLayoutMessage.LayoutClass.CHUNKED || storage == null) {
            throw new IllegalArgumentException(where + ": only chunked datasets can be resized; this one is " + layoutName());
        }
        if (newDims.length != dims.length) {
            throw new IllegalArgumentException(where + ": new shape " + shape(newDims) + " has rank " + newDims.length + ", the dataset " + dims.length);
        }
        for (int d = 0; d < dims.length; d++) {
            if (newDims[d] < 0 || (maxDims[d] != Dataspace.UNLIMITED && newDims[d] > maxDims[d])) {
                throw new IllegalArgumentException(where + ": new shape " + shape(newDims) + " is outside the maximum shape "
                        + shape(maxDims) + " on axis " + d);
            }
        }
        try {
            storage.resize(newDims);
        } catch (RuntimeException e) {
            throw session.fail(named(e));
        }
        dims = Arrays.copyOf(newDims, newDims.length);
        session.changed(record);
    }

    /**
     * Moves the committed chunks at {@code chunks} (scaled coordinates) to blocks allocated now and
     * has the next commit write the chunk index anew: how a session compacts the end of the file.
     */
    synchronized void relocate(List<long[]> chunks) {
        session.requireOpen(record);
        if (!(storage instanceof ChunkedWriter c)) return;
        try {
            for (long[] scaled : chunks) c.relocate(scaled);
            c.rebuildIndex();
        } catch (RuntimeException e) {
            throw session.fail(named(e));
        }
        session.changed(record);
    }

    /** A failure underneath, its message naming this dataset. */
    private RuntimeException named(RuntimeException e) {
        String m = e.getMessage();
        return m != null && m.contains(where) ? e : new H5Exception(where + ": the data could not be written: " + m, e);
    }

    /** Reads the dataset's elements as they are now: what was written is flushed to the file first. */
    synchronized LayoutReader reader(FileContext ctx, String fileName, long headerAddress) {
        long[] storageDims = scalar ? new long[] {1} : dims;
        int size = type.size();
        FillValue fv = FillValue.of(unwritten, size);
        if (storage instanceof ChunkedWriter c) {
            try {
                c.flush();
            } catch (RuntimeException e) {
                throw session.fail(named(e));
            }
            ChunkedReader.ChunkDecoder decoder = null;
            if (pipeline != null) {
                long base = ctx.baseAddress();
                decoder = ChunkedReader.ChunkDecoder.of(pipeline, fileName, base);
            }
            ChunkIndex view = c.view();
            return new ChunkedReader(ctx, view, storageDims, chunkDims, size, decoder, fv);
        }
        if (storage instanceof ContiguousWriter c) {
            return new ContiguousReader(ctx, c.address(), c.size(), storageDims, size, fv);
        }
        if (storage instanceof CompactWriter c) {
            return new CompactReader(c.data(), storageDims, size, fileName, headerAddress);
        }
        throw new IllegalStateException(where + ": its storage is laid out when it is committed");
    }

    // ---- commit ------------------------------------------------------------------------------

    /** Writes what the storage holds (and a new dataset's index or mappings): the layout message as it will be stored. */
    synchronized DataLayoutMessage finishNew(WritePlan plan) {
        if (provided != null) {
            layout = provided.write(session.raw(), plan.lengthSize());
            if (layout == null) throw new IllegalStateException(where + ": the provided layout returned no layout message");
        } else {
            layout = storage.finish();
        }
        return layout;
    }

    /** The header messages of a new dataset, after {@link #finishNew}. */
    synchronized List<HeaderMessage> newHeaderMessages(int offsetSize, int lengthSize) {
        if (layout == null) throw new IllegalStateException(where + ": storage not finished");
        List<HeaderMessage> messages = new ArrayList<>();
        messages.add(HeaderMessage.of(dataspace(), offsetSize, lengthSize));
        if (committedType != null) {
            if (!committedType.isWritten()) throw new IllegalStateException(where + ": its named datatype is not written yet");
            messages.add(HeaderMessage.of(org.h5vds.format.message.SharedMessage.committed(Datatype.TYPE, committedType.address()),
                    Messages.FLAG_CONSTANT | Messages.FLAG_SHARED, 0, offsetSize, lengthSize));
        } else {
            messages.add(HeaderMessage.of(type, Messages.FLAG_CONSTANT, 0, offsetSize, lengthSize));
        }
        messages.add(HeaderMessage.of(fillMessage, Messages.FLAG_CONSTANT, 0, offsetSize, lengthSize));
        if (filterMessage != null) messages.add(HeaderMessage.of(filterMessage, Messages.FLAG_CONSTANT, 0, offsetSize, lengthSize));
        messages.add(HeaderMessage.of(layout, offsetSize, lengthSize));
        return messages;
    }

    /** Makes a new dataset's header point to the named datatype {@code type} (whose type is this dataset's). */
    synchronized void committedType(ObjectRecord type) {
        this.committedType = type;
    }

    /** The named datatype a new dataset's header points to, or null. */
    synchronized ObjectRecord committedType() {
        return committedType;
    }

    /** The storage writer (for the commit of a stored dataset). */
    LayoutWriter storage() {
        return storage;
    }

    DataLayoutMessage storedLayout() {
        return storedLayout;
    }

    /** Whether the extent changed since the last commit. */
    synchronized boolean extentChanged() {
        return !Arrays.equals(dims, committedDims);
    }

    synchronized void extentCommitted() {
        committedDims = dims.clone();
    }

    /**
     * A SWMR flush updated this dataset's stored chunk index in place and left {@code index}, the
     * index as now stored, in memory: once the commit is done the writer goes on from it
     * ({@link #committedInPlace()}) instead of being dropped and made again, from a header and an
     * index read back, for the next frame.
     */
    synchronized void indexUpdatedInPlace(ChunkIndex index) {
        advanced = index;
    }

    synchronized HeaderPatch headerPatch() {
        return headerPatch;
    }

    synchronized void headerPatch(HeaderPatch patch) {
        headerPatch = patch;
    }

    /** Whether this writer goes on after the commit under way (its index was updated in place, see {@link #indexUpdatedInPlace}). */
    synchronized boolean goesOnAfterCommit() {
        return advanced != null;
    }

    /**
     * The commit is done: the extent and the chunks written so far are the stored ones, and the
     * index left by {@link #indexUpdatedInPlace} is what later writes look chunks up in. The
     * layout message is unchanged (same index, same address).
     */
    synchronized void committedInPlace() {
        ((ChunkedWriter) storage).committed(advanced);
        advanced = null;
        committedDims = dims.clone();
    }

    String where() {
        return where;
    }

    String path() {
        return path;
    }

    synchronized void abandon() {
        if (storage != null) storage.abandon();
    }
}
