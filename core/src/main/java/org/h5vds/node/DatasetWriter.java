package org.h5vds.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.filter.FilterPipeline;
import org.h5vds.filter.FilterRegistry;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.FillValueMessage;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.format.message.Messages;
import org.h5vds.io.FileSink;
import org.h5vds.io.H5Exception;
import org.h5vds.select.Box;
import org.h5vds.select.ProductSelection;
import org.h5vds.storage.ChunkIndexType;
import org.h5vds.storage.ChunkedWriter;
import org.h5vds.storage.CompactWriter;
import org.h5vds.storage.ContiguousWriter;
import org.h5vds.storage.LayoutWriter;

/**
 * A dataset of a file being written: the definition checked as libhdf5 checks a dataset creation
 * property list, the storage writer its layout needs, and the header messages libhdf5 1.10 writes
 * for it (dataspace with maximum dimensions, datatype, fill value version 3 with libhdf5's
 * allocation and fill times for the layout — h5py's for chunked data —, filter pipeline version 2,
 * layout version 3 for compact and contiguous storage and 4 for chunked).
 *
 * <p>Writes and resizes of one dataset are serialised; different datasets may be written from
 * different threads.
 */
public final class DatasetWriter extends ObjectWriter {
    private final Datatype type;
    private final boolean scalar;
    private final long[] maxDims;
    private final DatasetDefinition.Layout layoutKind;
    private final long[] chunkDims;
    private final FilterPipelineMessage filterMessage;
    private final byte[] fill;
    private final FillValueMessage fillMessage;
    private final LayoutWriter storage;
    private final ProvidedLayout provided;
    private long[] dims;
    private DataLayoutMessage layout;

    DatasetWriter(FileWriter file, String path, DatasetDefinition def) {
        super(file, path);
        this.provided = null;
        String where = file.path() + ": " + path;
        if (def.type() == null) throw new IllegalArgumentException(where + ": a dataset needs a datatype");
        this.type = def.type();
        int elementSize = type.size();
        this.scalar = def.dims() == null;
        this.layoutKind = def.layout() == null ? DatasetDefinition.Layout.CONTIGUOUS : def.layout();
        if (scalar) {
            if (def.maxDims() != null) throw new IllegalArgumentException(where + ": a scalar dataset has no maximum shape");
            if (layoutKind == DatasetDefinition.Layout.CHUNKED) throw new IllegalArgumentException(where + ": a scalar dataset cannot be chunked");
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
        if (def.fillValue() != null && def.fillValue().length != elementSize) {
            throw new IllegalArgumentException(where + ": fill value of " + def.fillValue().length + " bytes for elements of " + elementSize);
        }
        this.fill = def.fillValue();
        long[] storageDims = scalar ? new long[] {1} : dims;
        FilterPipeline pipeline = null;
        if (layoutKind == DatasetDefinition.Layout.CHUNKED) {
            this.chunkDims = checkChunks(where, def.chunkDims(), dims, maxDims, elementSize);
            List<FilterSpec> specs;
            try {
                specs = FilterPipeline.forWriting(def.filters(), elementSize, chunkDims, FilterRegistry.standard());
                pipeline = specs.isEmpty() ? null : FilterPipeline.create(specs, elementSize, chunkDims);
            } catch (H5Exception e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            List<FilterPipelineMessage.Filter> filters = new ArrayList<>();
            for (FilterSpec s : specs) filters.add(FilterPipelineMessage.Filter.of(s.id(), s.flags(), s.name(), s.clientData()));
            this.filterMessage = filters.isEmpty() ? null : new FilterPipelineMessage(2, filters);
            this.fillMessage = fillMessage(FillValueMessage.ALLOC_TIME_INCREMENTAL, FillValueMessage.FILL_TIME_ON_ALLOCATION);
            this.storage = new ChunkedWriter(file.sink(), where, dims, maxDims, chunkDims, elementSize, fill, pipeline, file.executor(),
                    def.chunkCacheBytes() > 0 ? def.chunkCacheBytes() : ChunkedWriter.DEFAULT_CACHE_BYTES,
                    ChunkedWriter.defaultInFlightBytes(chunkBytes(chunkDims, elementSize), file.threads()));
        } else {
            if (def.chunkDims() != null) throw new IllegalArgumentException(where + ": chunk shape " + shape(def.chunkDims()) + " given for " + layoutName() + " storage");
            if (!def.filters().isEmpty()) throw new IllegalArgumentException(where + ": filters need chunked storage, not " + layoutName());
            if (!Arrays.equals(dims, maxDims)) {
                throw new IllegalArgumentException(where + ": only a chunked dataset can have a maximum shape " + shape(maxDims)
                        + " other than its shape " + shape(dims));
            }
            this.chunkDims = null;
            this.filterMessage = null;
            if (layoutKind == DatasetDefinition.Layout.COMPACT) {
                long bytes = elementCount(storageDims) * elementSize;
                if (bytes > CompactWriter.MAX_BYTES) {
                    throw new IllegalArgumentException(where + ": " + bytes + " bytes of data are too many for compact storage (at most "
                            + CompactWriter.MAX_BYTES + ")");
                }
                this.fillMessage = fillMessage(FillValueMessage.ALLOC_TIME_EARLY, FillValueMessage.FILL_TIME_IF_SET);
                this.storage = new CompactWriter(storageDims, elementSize, fill);
            } else {
                this.fillMessage = fillMessage(FillValueMessage.ALLOC_TIME_LATE, FillValueMessage.FILL_TIME_IF_SET);
                this.storage = new ContiguousWriter(file.sink(), storageDims, elementSize, fill);
            }
        }
    }

    /** A dataset whose storage {@code layout} writes at close (see {@link GroupWriter#createDataset(String, Datatype, long[], long[], byte[], ProvidedLayout)}). */
    DatasetWriter(FileWriter file, String path, Datatype type, long[] dims, long[] maxDims, byte[] fillValue, ProvidedLayout layout) {
        super(file, path);
        String where = file.path() + ": " + path;
        if (type == null) throw new IllegalArgumentException(where + ": a dataset needs a datatype");
        this.type = type;
        this.scalar = dims == null;
        this.dims = scalar ? new long[0] : dims.clone();
        this.maxDims = scalar ? new long[0] : maxDims == null ? dims.clone() : maxDims.clone();
        if (!scalar) {
            if (this.dims.length == 0 || this.dims.length > Dataspace.MAX_RANK) {
                throw new IllegalArgumentException(where + ": rank " + this.dims.length + " is outside 1.." + Dataspace.MAX_RANK);
            }
            checkExtent(where, this.dims, this.maxDims);
        }
        if (fillValue != null && fillValue.length != type.size()) {
            throw new IllegalArgumentException(where + ": fill value of " + fillValue.length + " bytes for elements of " + type.size());
        }
        this.fill = fillValue == null ? null : fillValue.clone();
        this.layoutKind = null;
        this.chunkDims = null;
        this.filterMessage = null;
        this.provided = layout;
        this.fillMessage = fillMessage(FillValueMessage.ALLOC_TIME_LATE, FillValueMessage.FILL_TIME_IF_SET);
        this.storage = new LayoutWriter() {
            @Override
            public void write(ProductSelection selection, java.nio.ByteBuffer data) {
                throw new IllegalStateException(where + ": checked by DatasetWriter.write");
            }

            @Override
            public void resize(long[] newDims) {
                throw new IllegalStateException(where + ": checked by DatasetWriter.resize");
            }

            @Override
            public DataLayoutMessage finish() {
                DataLayoutMessage m = layout.write(file.sink());
                if (m == null) throw new IllegalStateException(where + ": the provided layout returned no layout message");
                return m;
            }

            @Override
            public void abandon() {
                // nothing was started
            }
        };
    }

    private FillValueMessage fillMessage(int allocation, int write) {
        return fill == null ? FillValueMessage.defaultValue(allocation, write) : FillValueMessage.userDefined(allocation, write, fill);
    }

    private String layoutName() {
        return (layoutKind != null ? layoutKind.name() : provided.layoutClass().name()).toLowerCase();
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

    @Override
    public NodeKind kind() {
        return NodeKind.DATASET;
    }

    public Datatype datatype() {
        return type;
    }

    public boolean isScalar() {
        return scalar;
    }

    /** The current extent; empty for a scalar. */
    public synchronized long[] dims() {
        return dims.clone();
    }

    /** The maximum extent, {@link Dataspace#UNLIMITED} on unlimited axes; empty for a scalar. */
    public long[] maxDims() {
        return maxDims.clone();
    }

    public DataLayoutMessage.LayoutClass layoutClass() {
        return provided != null ? provided.layoutClass() : DataLayoutMessage.LayoutClass.valueOf(layoutKind.name());
    }

    /** The storage another layer lays out at close (a virtual dataset's mappings), or null. */
    public ProvidedLayout providedLayout() {
        return provided;
    }

    /** The chunk shape, or null when not chunked. */
    public long[] chunkDims() {
        return chunkDims == null ? null : chunkDims.clone();
    }

    /** The chunk index libhdf5 would pick, or null when not chunked. */
    public ChunkIndexType chunkIndexType() {
        return storage instanceof ChunkedWriter c ? c.indexType() : null;
    }

    /** The filter pipeline as it will be stored (client data completed), or null without filters. */
    public FilterPipelineMessage filters() {
        return filterMessage;
    }

    /** The user-defined fill value in the stored type, or null for the default (zeros). */
    public byte[] fillValue() {
        return fill == null ? null : fill.clone();
    }

    /**
     * Stores the elements of {@code selection} (coordinates of the current extent; a scalar is
     * addressed as the one element of extent {1}) from {@code data}, a dense C-order array of
     * {@code selection.sizes()} in the stored type.
     */
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
        if (memoryType.equals(type) && !type.pointsIntoFile()) {
            write(selection, memory);
            return;
        }
        String where = file.path() + ": " + path;
        org.h5vds.storage.ElementConverter c;
        c = org.h5vds.storage.Conversions.writing(memoryType, type, objects, codec, file.objects());
        long n = selection.count();
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
        write(selection, java.nio.ByteBuffer.wrap(out));
    }

    /** As {@link #write(ProductSelection, byte[])}, the elements being the remaining bytes of {@code data}, which is only read. */
    public synchronized void write(ProductSelection selection, java.nio.ByteBuffer data) {
        file.requireOpen(path);
        long[] extent = scalar ? new long[] {1} : dims;
        String where = file.path() + ": " + path;
        if (provided != null) {
            throw new IllegalArgumentException(where + ": the dataset's storage is laid out when the file is closed (" + layoutName()
                    + " layout); its elements are not written one by one");
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
        try {
            storage.write(selection, data);
        } catch (RuntimeException e) {
            throw file.fail(named(where, e));
        }
    }

    /** Changes the current extent within the maximum; only chunked datasets can, as in libhdf5. */
    public synchronized void resize(long[] newDims) {
        file.requireOpen(path);
        String where = file.path() + ": " + path;
        if (layoutKind != DatasetDefinition.Layout.CHUNKED) {
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
            throw file.fail(named(where, e));
        }
        dims = newDims.clone();
    }

    /** A failure underneath, its message naming this dataset. */
    private RuntimeException named(String where, RuntimeException e) {
        String m = e.getMessage();
        return m != null && m.contains(path) ? e : new H5Exception(where + ": the data could not be written, so the file cannot be completed: " + m, e);
    }

    /** Writes what the storage still holds and its index (at close). */
    synchronized void finish() {
        layout = storage.finish();
    }

    synchronized void abandon() {
        storage.abandon();
    }

    @Override
    synchronized long writeHeader(FileSink sink, GlobalHeapWriter heap) {
        if (layout == null) throw new IllegalStateException(path + ": storage not finished");
        List<HeaderMessage> messages = new ArrayList<>();
        Dataspace space = scalar ? Dataspace.scalar() : Dataspace.simple(dims, maxDims);
        messages.add(HeaderMessage.of(space, OFFSET_SIZE, LENGTH_SIZE));
        messages.add(HeaderMessage.of(type, Messages.FLAG_CONSTANT, 0, OFFSET_SIZE, LENGTH_SIZE));
        messages.add(HeaderMessage.of(fillMessage, Messages.FLAG_CONSTANT, 0, OFFSET_SIZE, LENGTH_SIZE));
        if (filterMessage != null) messages.add(HeaderMessage.of(filterMessage, Messages.FLAG_CONSTANT, 0, OFFSET_SIZE, LENGTH_SIZE));
        messages.add(HeaderMessage.of(layout, OFFSET_SIZE, LENGTH_SIZE));
        messages.addAll(attributeMessages(sink, heap));
        return written(HeaderWriter.write(sink, messages, reservation()));
    }
}
