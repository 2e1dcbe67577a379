package org.h5vds.format;

import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * Decodes and encodes the records of one v2 B-tree type, field by field as the spec's record
 * layouts list them (spec III.A.2). Knows the sizes the record size must agree with:
 * <pre>
 *   1  Huge Object Address (O), Huge Object Length (L), Huge Object ID (L)
 *   2  Filtered Huge Object Address (O), Length (L), Filter Mask (4), Memory Size (L), Huge Object ID (L)
 *   3  Huge Object Address (O), Huge Object Length (L)
 *   4  Filtered Huge Object Address (O), Length (L), Filter Mask (4), Memory Size (L)
 *   5  Hash of Name (4), ID (heap ID, the rest of the record: 7 bytes for libhdf5's group heaps)
 *   6  Creation Order (8), ID (the rest)
 *   7  Message Location (1), Hash (4), then in heap: Reference Count (4), Heap ID (8);
 *                                    or in an object header: Reserved (1), Message Type (1),
 *                                    Object Header Index (2), Object Header Address (O)
 *   8  Heap ID (8), Message Flags (1), Creation Order (4), Hash of Name (4)
 *   9  Heap ID (8), Message Flags (1), Creation Order (4)
 *   10 Address (O), Dimension 0..n-1 Scaled Offset (8 each)
 *   11 Address (O), Chunk Size (variable, 1..8), Filter Mask (4), Dimension 0..n-1 Scaled Offset (8 each)
 * </pre>
 * Immutable.
 */
public final class BTreeV2RecordFormat {
    private static final int SHARED_HEAP_ID_SIZE = 8;
    private static final int ATTRIBUTE_HEAP_ID_SIZE = 8;

    private final int type;
    private final int recordSize;
    private final int offsetSize;
    private final int lengthSize;
    private final int rank;
    private final ChunkElementFormat chunkFormat;

    private BTreeV2RecordFormat(int type, int recordSize, int offsetSize, int lengthSize, int rank, ChunkElementFormat chunkFormat) {
        this.type = type;
        this.recordSize = recordSize;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
        this.rank = rank;
        this.chunkFormat = chunkFormat;
    }

    /**
     * The format of {@code type} records of {@code recordSize} bytes.
     *
     * @param rank the dataset's rank for chunk records (types 10 and 11); ignored otherwise
     * @throws IllegalArgumentException when the record size does not fit the type
     */
    public static BTreeV2RecordFormat of(int type, int recordSize, int offsetSize, int lengthSize, int rank) {
        ChunkElementFormat chunkFormat = null;
        int expected;
        switch (type) {
            case BTreeV2Header.TYPE_INDIRECT_HUGE_OBJECT -> expected = offsetSize + 2 * lengthSize;
            case BTreeV2Header.TYPE_INDIRECT_FILTERED_HUGE_OBJECT -> expected = offsetSize + 3 * lengthSize + 4;
            case BTreeV2Header.TYPE_DIRECT_HUGE_OBJECT -> expected = offsetSize + lengthSize;
            case BTreeV2Header.TYPE_DIRECT_FILTERED_HUGE_OBJECT -> expected = offsetSize + 2 * lengthSize + 4;
            case BTreeV2Header.TYPE_LINK_NAME -> expected = recordSize >= 4 + 1 ? recordSize : -1;
            case BTreeV2Header.TYPE_LINK_CREATION_ORDER -> expected = recordSize >= 8 + 1 ? recordSize : -1;
            case BTreeV2Header.TYPE_SHARED_MESSAGE -> {
                int minimum = 1 + 4 + Math.max(4 + SHARED_HEAP_ID_SIZE, 1 + 1 + 2 + offsetSize);
                expected = recordSize >= minimum ? recordSize : minimum;
            }
            case BTreeV2Header.TYPE_ATTRIBUTE_NAME -> expected = ATTRIBUTE_HEAP_ID_SIZE + 1 + 4 + 4;
            case BTreeV2Header.TYPE_ATTRIBUTE_CREATION_ORDER -> expected = ATTRIBUTE_HEAP_ID_SIZE + 1 + 4;
            case BTreeV2Header.TYPE_CHUNK -> {
                if (rank < 1) throw new IllegalArgumentException("chunk records need the dataset rank, got " + rank);
                chunkFormat = ChunkElementFormat.unfiltered(offsetSize);
                expected = offsetSize + 8 * rank;
            }
            case BTreeV2Header.TYPE_FILTERED_CHUNK -> {
                if (rank < 1) throw new IllegalArgumentException("chunk records need the dataset rank, got " + rank);
                int width = recordSize - offsetSize - 4 - 8 * rank;
                if (width < 1 || width > 8) {
                    throw new IllegalArgumentException("a record of " + recordSize + " bytes leaves " + width
                            + " bytes for the chunk size of a rank-" + rank + " chunk (expected 1..8)");
                }
                chunkFormat = ChunkElementFormat.filtered(offsetSize, width);
                expected = recordSize;
            }
            default -> throw new IllegalArgumentException("unknown v2 B-tree type " + type);
        }
        if (expected != recordSize) {
            throw new IllegalArgumentException("type " + type + " records are " + (expected < 0 ? "larger" : expected + " bytes")
                    + ", the header says " + recordSize);
        }
        return new BTreeV2RecordFormat(type, recordSize, offsetSize, lengthSize, rank, chunkFormat);
    }

    /** The format the header describes, or a format error naming the header. */
    public static BTreeV2RecordFormat of(BTreeV2Header header, FileContext ctx, long headerAddress, int rank) {
        try {
            return of(header.type(), header.recordSize(), ctx.offsetSize(), ctx.lengthSize(), rank);
        } catch (IllegalArgumentException e) {
            throw ctx.error(headerAddress, "v2 B-tree header: " + e.getMessage());
        }
    }

    /** Type 10/11 records for a dataset of {@code rank} dimensions; {@code chunkSizeWidth} only for type 11. */
    public static BTreeV2RecordFormat forChunks(boolean filtered, int offsetSize, int lengthSize, int rank, int chunkSizeWidth) {
        int size = offsetSize + 8 * rank + (filtered ? chunkSizeWidth + 4 : 0);
        return of(filtered ? BTreeV2Header.TYPE_FILTERED_CHUNK : BTreeV2Header.TYPE_CHUNK, size, offsetSize, lengthSize, rank);
    }

    public int type() {
        return type;
    }

    public int recordSize() {
        return recordSize;
    }

    public int rank() {
        return rank;
    }

    /** Decodes one record of {@link #recordSize()} bytes at the cursor. */
    public BTreeV2Record decode(Cursor cursor) {
        Cursor c = cursor.slice(recordSize);
        switch (type) {
            case BTreeV2Header.TYPE_INDIRECT_HUGE_OBJECT: {
                long address = c.address();
                long length = c.length();
                long objectId = c.length();
                return new BTreeV2Record.IndirectHugeObject(address, length, objectId);
            }
            case BTreeV2Header.TYPE_INDIRECT_FILTERED_HUGE_OBJECT: {
                long address = c.address();
                long length = c.length();
                int filterMask = (int) c.u32();
                long memorySize = c.length();
                long objectId = c.length();
                return new BTreeV2Record.IndirectFilteredHugeObject(address, length, filterMask, memorySize, objectId);
            }
            case BTreeV2Header.TYPE_DIRECT_HUGE_OBJECT: {
                long address = c.address();
                long length = c.length();
                return new BTreeV2Record.DirectHugeObject(address, length);
            }
            case BTreeV2Header.TYPE_DIRECT_FILTERED_HUGE_OBJECT: {
                long address = c.address();
                long length = c.length();
                int filterMask = (int) c.u32();
                long memorySize = c.length();
                return new BTreeV2Record.DirectFilteredHugeObject(address, length, filterMask, memorySize);
            }
            case BTreeV2Header.TYPE_LINK_NAME: {
                int hash = (int) c.u32();
                byte[] heapId = c.bytes(recordSize - 4);
                return new BTreeV2Record.LinkName(hash, heapId);
            }
            case BTreeV2Header.TYPE_LINK_CREATION_ORDER: {
                long creationOrder = c.u64();
                byte[] heapId = c.bytes(recordSize - 8);
                return new BTreeV2Record.LinkCreationOrder(creationOrder, heapId);
            }
            case BTreeV2Header.TYPE_SHARED_MESSAGE: {
                long locationAt = c.address0();
                int messageLocation = c.u8();
                int hash = (int) c.u32();
                if (messageLocation == 0) {
                    long referenceCount = c.u32();
                    byte[] heapId = c.bytes(SHARED_HEAP_ID_SIZE);
                    return new BTreeV2Record.SharedMessageInHeap(hash, referenceCount, heapId);
                }
                if (messageLocation == 1) {
                    c.u8(); // reserved
                    int messageType = c.u8();
                    int objectHeaderIndex = c.u16();
                    long objectHeaderAddress = c.address();
                    return new BTreeV2Record.SharedMessageInObjectHeader(hash, messageType, objectHeaderIndex, objectHeaderAddress);
                }
                throw new H5FormatException(c.file(), locationAt, "shared message record: unknown message location "
                        + messageLocation + " (known: 0 heap, 1 object header)");
            }
            case BTreeV2Header.TYPE_ATTRIBUTE_NAME: {
                byte[] heapId = c.bytes(ATTRIBUTE_HEAP_ID_SIZE);
                int messageFlags = c.u8();
                long creationOrder = c.u32();
                int hash = (int) c.u32();
                return new BTreeV2Record.AttributeName(heapId, messageFlags, creationOrder, hash);
            }
            case BTreeV2Header.TYPE_ATTRIBUTE_CREATION_ORDER: {
                byte[] heapId = c.bytes(ATTRIBUTE_HEAP_ID_SIZE);
                int messageFlags = c.u8();
                long creationOrder = c.u32();
                return new BTreeV2Record.AttributeCreationOrder(heapId, messageFlags, creationOrder);
            }
            case BTreeV2Header.TYPE_CHUNK: {
                long address = c.address();
                long[] scaled = scaledOffsets(c);
                return new BTreeV2Record.Chunk(address, scaled);
            }
            case BTreeV2Header.TYPE_FILTERED_CHUNK: {
                ChunkElement e = chunkFormat.decode(c);
                long[] scaled = scaledOffsets(c);
                return new BTreeV2Record.FilteredChunk(e.address(), e.chunkSize(), e.filterMask(), scaled);
            }
            default:
                throw new IllegalStateException("type " + type);
        }
    }

    private long[] scaledOffsets(Cursor c) {
        long[] scaled = new long[rank];
        for (int d = 0; d < rank; d++) scaled[d] = c.u64();
        return scaled;
    }

    /** Encodes one record; it must be of this format's type. */
    public void encode(Cursor c, BTreeV2Record record) {
        int start = c.position();
        if (type == BTreeV2Header.TYPE_INDIRECT_HUGE_OBJECT && record instanceof BTreeV2Record.IndirectHugeObject r) {
            c.putAddress(r.address());
            c.putLength(r.length());
            c.putLength(r.objectId());
        } else if (type == BTreeV2Header.TYPE_INDIRECT_FILTERED_HUGE_OBJECT && record instanceof BTreeV2Record.IndirectFilteredHugeObject r) {
            c.putAddress(r.address());
            c.putLength(r.length());
            c.putU32(r.filterMask() & 0xFFFFFFFFL);
            c.putLength(r.memorySize());
            c.putLength(r.objectId());
        } else if (type == BTreeV2Header.TYPE_DIRECT_HUGE_OBJECT && record instanceof BTreeV2Record.DirectHugeObject r) {
            c.putAddress(r.address());
            c.putLength(r.length());
        } else if (type == BTreeV2Header.TYPE_DIRECT_FILTERED_HUGE_OBJECT && record instanceof BTreeV2Record.DirectFilteredHugeObject r) {
            c.putAddress(r.address());
            c.putLength(r.length());
            c.putU32(r.filterMask() & 0xFFFFFFFFL);
            c.putLength(r.memorySize());
        } else if (type == BTreeV2Header.TYPE_LINK_NAME && record instanceof BTreeV2Record.LinkName r) {
            c.putU32(r.hash() & 0xFFFFFFFFL);
            putHeapId(c, r.heapId(), recordSize - 4);
        } else if (type == BTreeV2Header.TYPE_LINK_CREATION_ORDER && record instanceof BTreeV2Record.LinkCreationOrder r) {
            c.putU64(r.creationOrder());
            putHeapId(c, r.heapId(), recordSize - 8);
        } else if (type == BTreeV2Header.TYPE_SHARED_MESSAGE && record instanceof BTreeV2Record.SharedMessageInHeap r) {
            c.putU8(0);
            c.putU32(r.hash() & 0xFFFFFFFFL);
            c.putU32(r.referenceCount());
            putHeapId(c, r.heapId(), SHARED_HEAP_ID_SIZE);
        } else if (type == BTreeV2Header.TYPE_SHARED_MESSAGE && record instanceof BTreeV2Record.SharedMessageInObjectHeader r) {
            c.putU8(1);
            c.putU32(r.hash() & 0xFFFFFFFFL);
            c.putU8(0); // reserved
            c.putU8(r.messageType());
            c.putU16(r.objectHeaderIndex());
            c.putAddress(r.objectHeaderAddress());
        } else if (type == BTreeV2Header.TYPE_ATTRIBUTE_NAME && record instanceof BTreeV2Record.AttributeName r) {
            putHeapId(c, r.heapId(), ATTRIBUTE_HEAP_ID_SIZE);
            c.putU8(r.messageFlags());
            c.putU32(r.creationOrder());
            c.putU32(r.hash() & 0xFFFFFFFFL);
        } else if (type == BTreeV2Header.TYPE_ATTRIBUTE_CREATION_ORDER && record instanceof BTreeV2Record.AttributeCreationOrder r) {
            putHeapId(c, r.heapId(), ATTRIBUTE_HEAP_ID_SIZE);
            c.putU8(r.messageFlags());
            c.putU32(r.creationOrder());
        } else if (type == BTreeV2Header.TYPE_CHUNK && record instanceof BTreeV2Record.Chunk r) {
            c.putAddress(r.address());
            putScaled(c, r.scaled());
        } else if (type == BTreeV2Header.TYPE_FILTERED_CHUNK && record instanceof BTreeV2Record.FilteredChunk r) {
            chunkFormat.encode(c, r.element());
            putScaled(c, r.scaled());
        } else {
            throw new IllegalArgumentException(record + " is not a record of v2 B-tree type " + type);
        }
        c.putZeros(recordSize - (c.position() - start));
    }

    private static void putHeapId(Cursor c, byte[] heapId, int size) {
        if (heapId.length != size) throw new IllegalArgumentException("heap ID of " + heapId.length + " bytes, the record holds " + size);
        c.putBytes(heapId);
    }

    private void putScaled(Cursor c, long[] scaled) {
        if (scaled.length != rank) throw new IllegalArgumentException("chunk record with " + scaled.length + " coordinates, rank is " + rank);
        for (long s : scaled) c.putU64(s);
    }
}
