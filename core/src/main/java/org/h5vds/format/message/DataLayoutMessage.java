package org.h5vds.format.message;

import java.util.Arrays;
import java.util.Objects;
import org.h5vds.io.Cursor;

/**
 * The Data Layout message (IV.A.2.i, type 0x0008): how a dataset's elements are stored.
 *
 * <ul>
 * <li>Versions 1 and 2: dimensionality, layout class, 5 reserved bytes, the data address (not for
 *     compact storage), 32-bit dimension sizes (for chunked storage the last one is the element
 *     size), then for compact storage a 32-bit size and the data.</li>
 * <li>Version 3: compact (16-bit size + data), contiguous (address + size), chunked
 *     (dimensionality, v1 B-tree address, 32-bit chunk dimensions whose last one is the element
 *     size).</li>
 * <li>Versions 4 and 5 (identical messages; version 5 changes only the filtered chunk records of
 *     the indexes): chunked storage adds flags, a variable width for the chunk dimensions, and a
 *     chunk indexing type with its parameters; layout class 3 (virtual) stores the global heap
 *     collection address and object index of the VDS mappings.</li>
 * </ul>
 */
public final class DataLayoutMessage implements Message {
    public static final int TYPE = 0x0008;
    /** libhdf5's H5O_LAYOUT_NDIMS: the largest rank plus the element-size dimension. */
    public static final int MAX_DIMENSIONALITY = Dataspace.MAX_RANK + 1;
    /** Size of contiguous storage that versions 1 and 2 do not record (compute it from the dataspace). */
    public static final long SIZE_NOT_STORED = -1;

    public static final int FLAG_DONT_FILTER_PARTIAL_BOUND_CHUNKS = 0x01;
    public static final int FLAG_SINGLE_INDEX_WITH_FILTER = 0x02;

    public enum LayoutClass {
        COMPACT, CONTIGUOUS, CHUNKED, VIRTUAL
    }

    /** The chunk indexing type and its parameters (appendix C). */
    public sealed interface ChunkIndexing permits BTreeV1, SingleChunk, Implicit, FixedArray, ExtensibleArray, BTreeV2 {
        /** The "Chunk Indexing Type" value; 0 for the v1 B-tree of layout versions 1-3. */
        int indexType();
    }

    /** Layout versions 1-3: a version 1 B-tree. */
    public record BTreeV1() implements ChunkIndexing {
        public int indexType() {
            return 0;
        }
    }

    /** @param filteredSize size of the filtered chunk, or -1 when the chunk is not filtered; @param filterMask its filter mask */
    public record SingleChunk(long filteredSize, long filterMask) implements ChunkIndexing {
        public int indexType() {
            return 1;
        }

        public boolean isFiltered() {
            return filteredSize >= 0;
        }
    }

    public record Implicit() implements ChunkIndexing {
        public int indexType() {
            return 2;
        }
    }

    public record FixedArray(int pageBits) implements ChunkIndexing {
        public int indexType() {
            return 3;
        }
    }

    public record ExtensibleArray(int maxBits, int indexElements, int minPointers, int minElements, int pageBits) implements ChunkIndexing {
        public int indexType() {
            return 4;
        }
    }

    public record BTreeV2(long nodeSize, int splitPercent, int mergePercent) implements ChunkIndexing {
        public int indexType() {
            return 5;
        }
    }

    private final int version;
    private final LayoutClass layoutClass;
    private final long[] dimensions;
    private final byte[] compactData;
    private final long address;
    private final long size;
    private final int chunkFlags;
    private final int dimensionSizeEncodedLength;
    private final ChunkIndexing indexing;
    private final long virtualIndex;

    private DataLayoutMessage(int version, LayoutClass layoutClass, long[] dimensions, byte[] compactData, long address,
                              long size, int chunkFlags, int dimensionSizeEncodedLength, ChunkIndexing indexing, long virtualIndex) {
        this.version = version;
        this.layoutClass = layoutClass;
        this.dimensions = dimensions;
        this.compactData = compactData;
        this.address = address;
        this.size = size;
        this.chunkFlags = chunkFlags;
        this.dimensionSizeEncodedLength = dimensionSizeEncodedLength;
        this.indexing = indexing;
        this.virtualIndex = virtualIndex;
    }

    // ---- constructors for the writer (version 4 unless said otherwise) -----------------------------

    public static DataLayoutMessage compact(byte[] data) {
        return compact(4, data);
    }

    /** Compact storage in a version 3 or 4 message (identical encodings; version 3 is what libhdf5 writes by default). */
    public static DataLayoutMessage compact(int version, byte[] data) {
        requireVersion3Or4(version);
        if (data.length > 0xFFFF) throw new IllegalArgumentException("compact data of " + data.length + " bytes exceeds 65535");
        return new DataLayoutMessage(version, LayoutClass.COMPACT, null, data.clone(), Cursor.UNDEFINED, data.length, 0, 0, null, 0);
    }

    public static DataLayoutMessage contiguous(long address, long size) {
        return contiguous(4, address, size);
    }

    /** Contiguous storage in a version 3 or 4 message; {@code address} undefined while no space is allocated. */
    public static DataLayoutMessage contiguous(int version, long address, long size) {
        requireVersion3Or4(version);
        return new DataLayoutMessage(version, LayoutClass.CONTIGUOUS, null, null, address, size, 0, 0, null, 0);
    }

    private static void requireVersion3Or4(int version) {
        if (version != 3 && version != 4) throw new IllegalArgumentException("layout version must be 3 or 4 here, not " + version);
    }

    /**
     * Version 4 chunked layout.
     *
     * @param chunkDims   chunk size per dataset dimension, in elements
     * @param elementSize the dataset's element size in bytes (stored as the last dimension)
     */
    public static DataLayoutMessage chunked(int flags, long[] chunkDims, int elementSize, ChunkIndexing indexing, long indexAddress) {
        if (indexing instanceof BTreeV1) throw new IllegalArgumentException("a version 4 layout never uses a v1 B-tree");
        long[] dims = Arrays.copyOf(chunkDims, chunkDims.length + 1);
        dims[chunkDims.length] = elementSize;
        long max = 0;
        for (long d : dims) {
            if (d <= 0) throw new IllegalArgumentException("chunk dimensions must be positive: " + Arrays.toString(dims));
            max = Math.max(max, d);
        }
        int encoded = Math.max(1, (64 - Long.numberOfLeadingZeros(max) + 7) / 8);
        int f = flags;
        if (indexing instanceof SingleChunk s && s.isFiltered()) f |= FLAG_SINGLE_INDEX_WITH_FILTER;
        return new DataLayoutMessage(4, LayoutClass.CHUNKED, dims, null, indexAddress, 0, f, encoded, indexing, 0);
    }

    public static DataLayoutMessage virtual(long globalHeapAddress, long index) {
        return new DataLayoutMessage(4, LayoutClass.VIRTUAL, null, null, globalHeapAddress, 0, 0, 0, null, index);
    }

    // ---- changes of a stored message (same version and encoding, one field changed) -----------------

    /** Contiguous or chunked storage (any version) at another address: the data, or the chunk index. */
    public DataLayoutMessage withAddress(long newAddress) {
        if (layoutClass != LayoutClass.CONTIGUOUS && layoutClass != LayoutClass.CHUNKED) {
            throw new IllegalStateException("a " + layoutClass + " layout has no data or index address");
        }
        return new DataLayoutMessage(version, layoutClass, dimensions, compactData, newAddress, size, chunkFlags, dimensionSizeEncodedLength,
                indexing, virtualIndex);
    }

    /** Compact storage holding other data of the same size. */
    public DataLayoutMessage withCompactData(byte[] data) {
        require(LayoutClass.COMPACT, "compact data");
        if (data.length != compactData.length) throw new IllegalArgumentException("compact data of " + data.length + " bytes for " + compactData.length);
        return new DataLayoutMessage(version, layoutClass, dimensions, data.clone(), address, size, chunkFlags, dimensionSizeEncodedLength,
                indexing, virtualIndex);
    }

    /** A single-chunk index (layout version 4) pointing at another chunk: its address and, when filtered, size and mask. */
    public DataLayoutMessage withSingleChunk(long chunkAddress, long filteredSize, long filterMask) {
        if (!(indexing instanceof SingleChunk s)) throw new IllegalStateException("not a single-chunk index: " + indexing);
        ChunkIndexing ix = s.isFiltered() ? new SingleChunk(filteredSize, filterMask) : s;
        return new DataLayoutMessage(version, layoutClass, dimensions, compactData, chunkAddress, size, chunkFlags, dimensionSizeEncodedLength,
                ix, virtualIndex);
    }

    // ---- decoding ----------------------------------------------------------------------------------

    public static DataLayoutMessage decode(Cursor in) {
        int version = in.version(in.u8(), "data layout message", 1, 2, 3, 4, 5);
        return version < 3 ? decodeV1V2(in, version) : decodeV3Plus(in, version);
    }

    private static LayoutClass layoutClass(Cursor in, int version) {
        int at = in.position();
        int c = in.u8();
        int max = version >= 4 ? 3 : 2;
        if (c > max) throw in.error(at, "data layout message version " + version + ": unknown layout class " + c);
        return LayoutClass.values()[c];
    }

    private static DataLayoutMessage decodeV1V2(Cursor in, int version) {
        int ndimsAt = in.position();
        int ndims = in.u8();
        if (ndims == 0 || ndims > MAX_DIMENSIONALITY) throw in.error(ndimsAt, "data layout message: dimensionality " + ndims + " outside 1.." + MAX_DIMENSIONALITY);
        LayoutClass c = layoutClass(in, version);
        if (c == LayoutClass.CHUNKED && ndims < 2) throw in.error(ndimsAt, "data layout message: chunked storage needs at least 2 dimensions (incl. element size)");
        in.skip(5);
        long address = c == LayoutClass.COMPACT ? Cursor.UNDEFINED : in.address();
        long[] dims = new long[ndims];
        for (int i = 0; i < ndims; i++) dims[i] = in.u32();
        if (c == LayoutClass.CHUNKED) checkChunkDims(in, dims, ndimsAt);
        byte[] data = null;
        long size = SIZE_NOT_STORED;
        if (c == LayoutClass.COMPACT) {
            int sizeAt = in.position();
            int n = in.uintAsInt(4, "compact data size");
            if (n > in.remaining()) throw in.error(sizeAt, "data layout message: compact data of " + n + " bytes, only " + in.remaining() + " left");
            data = in.bytes(n);
            size = n;
        }
        ChunkIndexing indexing = c == LayoutClass.CHUNKED ? new BTreeV1() : null;
        return new DataLayoutMessage(version, c, dims, data, address, size, 0, 0, indexing, 0);
    }

    private static void checkChunkDims(Cursor in, long[] dims, int at) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) throw in.error(at, "data layout message: chunk dimension " + i + " is " + Long.toUnsignedString(dims[i]) + ", must be positive");
        }
    }

    private static DataLayoutMessage decodeV3Plus(Cursor in, int version) {
        LayoutClass c = layoutClass(in, version);
        switch (c) {
            case COMPACT -> {
                int sizeAt = in.position();
                int n = in.u16();
                if (n > in.remaining()) throw in.error(sizeAt, "data layout message: compact data of " + n + " bytes, only " + in.remaining() + " left");
                return new DataLayoutMessage(version, c, null, in.bytes(n), Cursor.UNDEFINED, n, 0, 0, null, 0);
            }
            case CONTIGUOUS -> {
                long address = in.address();
                long size = in.length();
                if (size < 0) throw in.error(in.position() - in.lengthSize(), "data layout message: contiguous size " + Long.toUnsignedString(size) + " is too large");
                return new DataLayoutMessage(version, c, null, null, address, size, 0, 0, null, 0);
            }
            case VIRTUAL -> {
                long address = in.address();
                long index = in.u32();
                return new DataLayoutMessage(version, c, null, null, address, 0, 0, 0, null, index);
            }
            default -> {
                return version == 3 ? decodeChunkedV3(in) : decodeChunkedV4(in, version);
            }
        }
    }

    private static DataLayoutMessage decodeChunkedV3(Cursor in) {
        int ndimsAt = in.position();
        int ndims = in.u8();
        if (ndims < 2 || ndims > MAX_DIMENSIONALITY) throw in.error(ndimsAt, "data layout message: chunk dimensionality " + ndims + " outside 2.." + MAX_DIMENSIONALITY);
        long address = in.address();
        long[] dims = new long[ndims];
        for (int i = 0; i < ndims; i++) dims[i] = in.u32();
        checkChunkDims(in, dims, ndimsAt);
        return new DataLayoutMessage(3, LayoutClass.CHUNKED, dims, null, address, 0, 0, 0, new BTreeV1(), 0);
    }

    private static DataLayoutMessage decodeChunkedV4(Cursor in, int version) {
        int flagsAt = in.position();
        int flags = in.u8();
        if ((flags & ~0x03) != 0) throw in.error(flagsAt, "data layout message: unknown chunked layout flags 0x" + Integer.toHexString(flags));
        int ndimsAt = in.position();
        int ndims = in.u8();
        if (ndims < 2 || ndims > MAX_DIMENSIONALITY) throw in.error(ndimsAt, "data layout message: chunk dimensionality " + ndims + " outside 2.." + MAX_DIMENSIONALITY);
        int encAt = in.position();
        int enc = in.u8();
        if (enc < 1 || enc > 8) throw in.error(encAt, "data layout message: dimension size encoded length " + enc + " outside 1..8");
        long[] dims = new long[ndims];
        for (int i = 0; i < ndims; i++) dims[i] = in.uint(enc);
        checkChunkDims(in, dims, ndimsAt);
        int typeAt = in.position();
        int indexType = in.u8();
        ChunkIndexing indexing = switch (indexType) {
            case 1 -> (flags & FLAG_SINGLE_INDEX_WITH_FILTER) != 0 ? new SingleChunk(nonNegative(in, in.length(), "filtered chunk size"), in.u32())
                    : new SingleChunk(-1, 0);
            case 2 -> new Implicit();
            case 3 -> new FixedArray(positive(in, in.u8(), "fixed array page bits"));
            case 4 -> new ExtensibleArray(positive(in, in.u8(), "extensible array max bits"), positive(in, in.u8(), "extensible array index elements"),
                    positive(in, in.u8(), "extensible array min pointers"), positive(in, in.u8(), "extensible array min elements"),
                    positive(in, in.u8(), "extensible array page bits"));
            case 5 -> new BTreeV2(in.u32(), in.u8(), in.u8());
            default -> throw in.error(typeAt, "data layout message: unknown chunk indexing type " + indexType
                    + (indexType == 0 ? " (the v1 B-tree never appears in a version 4 layout)" : " (known: 1-5)"));
        };
        long address = in.address();
        return new DataLayoutMessage(version, LayoutClass.CHUNKED, dims, null, address, 0, flags, enc, indexing, 0);
    }

    private static int positive(Cursor in, int v, String what) {
        if (v == 0) throw in.error(in.position() - 1, "data layout message: " + what + " is 0");
        return v;
    }

    private static long nonNegative(Cursor in, long v, String what) {
        if (v < 0) throw in.error(in.position() - in.lengthSize(), "data layout message: " + what + " " + Long.toUnsignedString(v) + " is too large");
        return v;
    }

    // ---- accessors ---------------------------------------------------------------------------------

    @Override
    public int type() {
        return TYPE;
    }

    public int version() {
        return version;
    }

    public LayoutClass layoutClass() {
        return layoutClass;
    }

    private void require(LayoutClass c, String what) {
        if (layoutClass != c) throw new IllegalStateException(what + " is not defined for " + layoutClass + " layout");
    }

    /** Versions 1 and 2: the dimension sizes as stored (for chunked storage the last is the element size). */
    public long[] storedDimensions() {
        return dimensions == null ? null : dimensions.clone();
    }

    /** The raw data of a compact dataset. */
    public byte[] compactData() {
        require(LayoutClass.COMPACT, "compact data");
        return compactData.clone();
    }

    /** The address of contiguous raw data, {@link Cursor#UNDEFINED} when not allocated. */
    public long dataAddress() {
        require(LayoutClass.CONTIGUOUS, "data address");
        return address;
    }

    /** Contiguous storage size in bytes, or {@link #SIZE_NOT_STORED} for layout versions 1 and 2. */
    public long contiguousSize() {
        require(LayoutClass.CONTIGUOUS, "contiguous size");
        return size;
    }

    /** The chunk index address (B-tree, fixed array, ...; the chunk itself for a single chunk), or undefined. */
    public long chunkIndexAddress() {
        require(LayoutClass.CHUNKED, "chunk index address");
        return address;
    }

    /** Chunk size per dataset dimension, in elements (without the element-size dimension). */
    public long[] chunkDimensions() {
        require(LayoutClass.CHUNKED, "chunk dimensions");
        return Arrays.copyOf(dimensions, dimensions.length - 1);
    }

    /** The dataset element size recorded as the last chunk dimension. */
    public long chunkElementSize() {
        require(LayoutClass.CHUNKED, "chunk element size");
        return dimensions[dimensions.length - 1];
    }

    /** Bytes of one unfiltered chunk: the product of all chunk dimensions including the element size. */
    public long chunkSizeInBytes() {
        require(LayoutClass.CHUNKED, "chunk size");
        long n = 1;
        for (long d : dimensions) n = Math.multiplyExact(n, d);
        return n;
    }

    /** Version 4+ chunked layout flags ({@link #FLAG_DONT_FILTER_PARTIAL_BOUND_CHUNKS}, {@link #FLAG_SINGLE_INDEX_WITH_FILTER}). */
    public int chunkFlags() {
        require(LayoutClass.CHUNKED, "chunk flags");
        return chunkFlags;
    }

    /** Whether partial edge chunks are stored without the filters (H5Pset_chunk_opts; version 4+ chunked layouts). */
    public boolean partialEdgeChunksUnfiltered() {
        return version >= 4 && (chunkFlags() & FLAG_DONT_FILTER_PARTIAL_BOUND_CHUNKS) != 0;
    }

    public int dimensionSizeEncodedLength() {
        require(LayoutClass.CHUNKED, "dimension size encoded length");
        return dimensionSizeEncodedLength;
    }

    public ChunkIndexing chunkIndexing() {
        require(LayoutClass.CHUNKED, "chunk indexing");
        return indexing;
    }

    /** The global heap collection holding the VDS mappings, or undefined when there are none. */
    public long globalHeapAddress() {
        require(LayoutClass.VIRTUAL, "global heap address");
        return address;
    }

    /** The object index of the VDS mappings in that collection. */
    public long globalHeapIndex() {
        require(LayoutClass.VIRTUAL, "global heap index");
        return virtualIndex;
    }

    // ---- encoding ----------------------------------------------------------------------------------

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        if (version < 3) {
            out.putU8(dimensions.length);
            out.putU8(layoutClass.ordinal());
            out.putZeros(5);
            if (layoutClass != LayoutClass.COMPACT) out.putAddress(address);
            for (long d : dimensions) out.putU32(d);
            if (layoutClass == LayoutClass.COMPACT) {
                out.putU32(compactData.length);
                out.putBytes(compactData);
            }
            return;
        }
        out.putU8(layoutClass.ordinal());
        switch (layoutClass) {
            case COMPACT -> {
                out.putU16(compactData.length);
                out.putBytes(compactData);
            }
            case CONTIGUOUS -> {
                out.putAddress(address);
                out.putLength(size);
            }
            case VIRTUAL -> {
                out.putAddress(address);
                out.putU32(virtualIndex);
            }
            case CHUNKED -> {
                if (version == 3) {
                    out.putU8(dimensions.length);
                    out.putAddress(address);
                    for (long d : dimensions) out.putU32(d);
                    return;
                }
                out.putU8(chunkFlags);
                out.putU8(dimensions.length);
                out.putU8(dimensionSizeEncodedLength);
                for (long d : dimensions) out.putUint(d, dimensionSizeEncodedLength);
                out.putU8(indexing.indexType());
                if (indexing instanceof SingleChunk s) {
                    if ((chunkFlags & FLAG_SINGLE_INDEX_WITH_FILTER) != 0) {
                        out.putLength(s.filteredSize());
                        out.putU32(s.filterMask());
                    }
                } else if (indexing instanceof FixedArray f) {
                    out.putU8(f.pageBits());
                } else if (indexing instanceof ExtensibleArray e) {
                    out.putU8(e.maxBits());
                    out.putU8(e.indexElements());
                    out.putU8(e.minPointers());
                    out.putU8(e.minElements());
                    out.putU8(e.pageBits());
                } else if (indexing instanceof BTreeV2 b) {
                    out.putU32(b.nodeSize());
                    out.putU8(b.splitPercent());
                    out.putU8(b.mergePercent());
                }
                out.putAddress(address);
            }
        }
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        if (version < 3) {
            return 8 + (layoutClass != LayoutClass.COMPACT ? offsetSize : 0) + 4 * dimensions.length
                    + (layoutClass == LayoutClass.COMPACT ? 4 + compactData.length : 0);
        }
        return 2 + switch (layoutClass) {
            case COMPACT -> 2 + compactData.length;
            case CONTIGUOUS -> offsetSize + lengthSize;
            case VIRTUAL -> offsetSize + 4;
            case CHUNKED -> version == 3 ? 1 + offsetSize + 4 * dimensions.length
                    : 3 + dimensionSizeEncodedLength * dimensions.length + 1 + indexingInfoSize(lengthSize) + offsetSize;
        };
    }

    private int indexingInfoSize(int lengthSize) {
        if (indexing instanceof SingleChunk) return (chunkFlags & FLAG_SINGLE_INDEX_WITH_FILTER) != 0 ? lengthSize + 4 : 0;
        if (indexing instanceof FixedArray) return 1;
        if (indexing instanceof ExtensibleArray) return 5;
        if (indexing instanceof BTreeV2) return 6;
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataLayoutMessage d && d.version == version && d.layoutClass == layoutClass
                && Arrays.equals(d.dimensions, dimensions) && Arrays.equals(d.compactData, compactData) && d.address == address
                && d.size == size && d.chunkFlags == chunkFlags && d.dimensionSizeEncodedLength == dimensionSizeEncodedLength
                && Objects.equals(d.indexing, indexing) && d.virtualIndex == virtualIndex;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, layoutClass, address, size, indexing) + Arrays.hashCode(dimensions);
    }

    @Override
    public String toString() {
        String detail = switch (layoutClass) {
            case COMPACT -> compactData.length + " bytes";
            case CONTIGUOUS -> "address " + address + " size " + size;
            case CHUNKED -> "chunk " + Arrays.toString(dimensions) + " flags " + chunkFlags + " " + indexing + " address " + address;
            case VIRTUAL -> "heap " + address + " index " + virtualIndex;
        };
        return "DataLayoutMessage[v" + version + " " + layoutClass + " " + detail + "]";
    }
}
