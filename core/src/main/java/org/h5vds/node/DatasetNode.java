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
import org.h5vds.io.H5FormatException;
import org.h5vds.storage.BTreeV1ChunkIndex;
import org.h5vds.storage.BTreeV2ChunkIndex;
import org.h5vds.storage.ChunkGeometry;
import org.h5vds.storage.ChunkIndex;
import org.h5vds.storage.ChunkedReader;
import org.h5vds.storage.CompactReader;
import org.h5vds.storage.ContiguousReader;
import org.h5vds.storage.ExtensibleArrayChunkIndex;
import org.h5vds.storage.FillValue;
import org.h5vds.storage.FixedArrayChunkIndex;
import org.h5vds.storage.ImplicitChunkIndex;
import org.h5vds.storage.LayoutReader;
import org.h5vds.storage.SingleChunkIndex;

/**
 * A dataset: its dataspace, datatype, layout, filters and fill value, and the reader of its data,
 * built once from the layout message and shared by every read.
 */
public final class DatasetNode extends ObjectNode {
    /** libhdf5's default "Indexed Storage Internal Node K" for chunk B-trees. */
    private static final int DEFAULT_ISTORE_K = 32;

    private final Dataspace space;
    private final Datatype type;
    private final DataLayoutMessage layout;
    private final FilterPipelineMessage filters;
    private volatile LayoutReader reader;

    DatasetNode(OpenFile file, String path, ObjectHeader header) {
        super(file, path, header);
        try {
            this.space = header.require(Dataspace.class);
            this.type = header.require(Datatype.class);
            this.layout = header.require(DataLayoutMessage.class);
            this.filters = header.find(FilterPipelineMessage.class);
        } catch (H5FormatException e) {
            throw e.inObject(path);
        }
    }

    @Override
    public NodeKind kind() {
        return NodeKind.DATASET;
    }

    public Dataspace dataspace() {
        return space;
    }

    public Datatype datatype() {
        return type;
    }

    public DataLayoutMessage layout() {
        return layout;
    }

    /** The filter pipeline, or null when the dataset has none. */
    public FilterPipelineMessage filters() {
        return filters;
    }

    public boolean isVirtual() {
        return layout.layoutClass() == DataLayoutMessage.LayoutClass.VIRTUAL;
    }

    /** The current dimensions; empty for a scalar dataspace and for a null one. */
    public long[] dims() {
        return space.kind() == Dataspace.Kind.SIMPLE ? space.dims() : new long[0];
    }

    /** The maximum dimensions ({@link Dataspace#UNLIMITED} for unlimited); the current ones when none are stored. */
    public long[] maxDims() {
        if (space.kind() != Dataspace.Kind.SIMPLE) return new long[0];
        return space.hasMaxDims() ? space.maxDims() : space.dims();
    }

    /** The dimensions the storage is addressed by: a scalar is stored like a one-element array. */
    public long[] storageDims() {
        return space.kind() == Dataspace.Kind.SCALAR ? new long[] {1} : dims();
    }

    public int elementSize() {
        return type.size();
    }

    /** The chunk dimensions, or null when the dataset is not chunked. */
    public long[] chunkDims() {
        return layout.layoutClass() == DataLayoutMessage.LayoutClass.CHUNKED ? layout.chunkDimensions() : null;
    }

    /** The fill value bytes in the stored type, or null when libhdf5 would use zeros. */
    public byte[] fillValue() {
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
     * The index of a chunked dataset's allocated chunks (addresses relative to the base address,
     * as stored; see {@link #absoluteAddress}), or null when the dataset is not chunked.
     */
    public ChunkIndex chunkIndex() {
        if (layout.layoutClass() != DataLayoutMessage.LayoutClass.CHUNKED) return null;
        return ((ChunkedReader) reader()).index();
    }

    /**
     * The file offset of a contiguous dataset's elements, or -1 when its storage was never
     * allocated or the dataset is not contiguous (libhdf5's H5Dget_offset).
     */
    public long contiguousDataOffset() {
        if (layout.layoutClass() != DataLayoutMessage.LayoutClass.CONTIGUOUS) return -1;
        if (header.find(ExternalDataFilesMessage.class) != null) return -1;
        long a = layout.dataAddress();
        return a == org.h5vds.io.Cursor.UNDEFINED ? -1 : file.context().absolute(a, "contiguous data");
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

    /** The reader of this dataset's stored elements, built on first use. */
    public LayoutReader reader() {
        LayoutReader r = reader;
        if (r == null) {
            synchronized (this) {
                r = reader;
                if (r == null) {
                    try {
                        reader = r = buildReader();
                    } catch (H5FormatException e) {
                        throw e.inObject(path);
                    }
                }
            }
        }
        return r;
    }

    private LayoutReader buildReader() {
        if (space.kind() == Dataspace.Kind.NULL) {
            throw new H5FormatException(file.fileName(), path, H5FormatException.NO_OFFSET, "dataset has a null dataspace and no data");
        }
        long[] dims = storageDims();
        int size = type.size();
        FillValue fill = FillValue.of(fillValue(), size);
        var ctx = file.context();
        switch (layout.layoutClass()) {
            case COMPACT:
                return new CompactReader(layout.compactData(), dims, size, file.fileName(), ctx.baseAddress() + address());
            case CONTIGUOUS:
                ExternalDataFilesMessage external = header.find(ExternalDataFilesMessage.class);
                if (external != null) return externalReader(external, dims, size);
                long stored = layout.contiguousSize();
                if (stored == DataLayoutMessage.SIZE_NOT_STORED) {
                    // layout versions 1 and 2 store no size: the data is exactly the dataspace's elements
                    stored = size;
                    for (long d : dims) stored = Math.multiplyExact(stored, d);
                }
                return new ContiguousReader(ctx, layout.dataAddress(), stored, dims, size, fill);
            case CHUNKED:
                return chunkedReader(dims, size, fill);
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

    private LayoutReader chunkedReader(long[] dims, int size, FillValue fill) {
        long[] chunk = layout.chunkDimensions();
        long[] max = space.kind() == Dataspace.Kind.SCALAR ? new long[] {1} : maxDims();
        ChunkGeometry geometry = chunkGeometry(dims, max, chunk, size, layout.chunkIndexing());
        var ctx = file.context();
        long addr = layout.chunkIndexAddress();
        ChunkIndex index;
        DataLayoutMessage.ChunkIndexing ix = layout.chunkIndexing();
        if (ix == null || ix instanceof DataLayoutMessage.BTreeV1) {
            int k = file.superblock().version() == 1 ? file.superblock().indexedStorageInternalNodeK() : DEFAULT_ISTORE_K;
            index = new BTreeV1ChunkIndex(ctx, addr, geometry, k);
        } else if (ix instanceof DataLayoutMessage.SingleChunk s) {
            index = s.isFiltered() ? SingleChunkIndex.filtered(geometry, addr, s.filteredSize(), (int) s.filterMask())
                    : SingleChunkIndex.unfiltered(geometry, addr);
        } else if (ix instanceof DataLayoutMessage.Implicit) {
            index = new ImplicitChunkIndex(geometry, addr);
        } else if (addr == org.h5vds.io.Cursor.UNDEFINED) {
            index = new org.h5vds.storage.UnallocatedChunkIndex(geometry);
        } else if (ix instanceof DataLayoutMessage.FixedArray) {
            index = new FixedArrayChunkIndex(ctx, addr, geometry);
        } else if (ix instanceof DataLayoutMessage.ExtensibleArray) {
            index = new ExtensibleArrayChunkIndex(ctx, addr, geometry);
        } else {
            index = new BTreeV2ChunkIndex(ctx, addr, geometry);
        }
        ChunkedReader.ChunkDecoder decoder = null;
        if (filters != null && !filters.filters().isEmpty()) {
            List<FilterSpec> specs = new ArrayList<>();
            for (FilterPipelineMessage.Filter f : filters.filters()) {
                specs.add(new FilterSpec(f.id(), f.flags(), f.name(), f.clientData()));
            }
            FilterPipeline pipeline = FilterPipeline.create(specs, size, chunk);
            String fileName = file.fileName();
            long base = ctx.baseAddress();
            decoder = (stored, mask, expected, address) -> {
                var out = pipeline.decode(java.nio.ByteBuffer.wrap(stored), mask, expected, fileName, base + address);
                if (out.hasArray() && out.arrayOffset() == 0 && out.position() == 0 && out.remaining() == out.array().length) return out.array();
                byte[] b = new byte[out.remaining()];
                out.get(b);
                return b;
            };
        }
        boolean unfilteredEdges = layout.version() >= 4
                && (layout.chunkFlags() & DataLayoutMessage.FLAG_DONT_FILTER_PARTIAL_BOUND_CHUNKS) != 0;
        return new ChunkedReader(ctx, index, dims, chunk, size, decoder, fill, unfilteredEdges);
    }

    /**
     * The chunk grid, after checking what the layout message says against the dataspace as
     * libhdf5 does when it opens a chunked dataset (H5D__chunk_init, H5D__chunk_set_info_real): a
     * chunk dimension per dataset dimension, each positive, a chunk smaller than 4 GiB, a chunk
     * count that does not overflow, and maximum dimensions the chunk index can number (fixed array
     * and implicit: all fixed; extensible array: exactly one unlimited).
     */
    private ChunkGeometry chunkGeometry(long[] dims, long[] max, long[] chunk, int size, DataLayoutMessage.ChunkIndexing ix) {
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
        return new H5FormatException(file.fileName(), path, header.messageAddress(DataLayoutMessage.class), "data layout message: " + detail);
    }
}
