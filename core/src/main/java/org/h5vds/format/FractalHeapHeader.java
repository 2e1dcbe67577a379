package org.h5vds.format;

import java.util.Arrays;
import java.util.Objects;
import org.h5vds.io.Cursor;

/**
 * The fractal heap header (format spec III.G, "FRHP", version 0), every field in spec order, with
 * the sizes libhdf5 derives from them ({@code H5HF__hdr_finish_init_phase1}, {@code H5HF__tiny_init},
 * {@code H5HF__huge_init}). Decoding verifies the checksum.
 *
 * @param heapIdLength                         length in bytes of this heap's IDs
 * @param ioFiltersEncodedLength               size of the I/O filter information; 0 when unfiltered
 * @param flags                                bit 0: huge IDs wrapped; bit 1: direct blocks checksummed
 * @param maximumSizeOfManagedObjects          larger objects are "huge"
 * @param nextHugeObjectId                     next key for a huge object
 * @param hugeObjectsBTreeAddress              v2 B-tree tracking huge objects, or undefined
 * @param freeSpaceInManagedBlocks             free bytes in managed direct blocks
 * @param freeSpaceManagerAddress              free-space manager for managed blocks, or undefined
 * @param managedSpace                         size of the managed linear address space
 * @param allocatedManagedSpace                bytes of that space in allocated direct blocks
 * @param directBlockAllocationIteratorOffset  where the next direct block goes
 * @param managedObjectCount                   number of managed objects
 * @param hugeObjectsSize                      total size of huge objects
 * @param hugeObjectCount                      number of huge objects
 * @param tinyObjectsSize                      total size of tiny objects
 * @param tinyObjectCount                      number of tiny objects
 * @param tableWidth                           columns of the doubling table
 * @param startingBlockSize                    size of blocks in rows 0 and 1
 * @param maximumDirectBlockSize               largest direct block
 * @param maximumHeapSize                      log2 of the managed address space (bits)
 * @param startingRootRows                     rows of a new root indirect block (0: the maximum)
 * @param rootBlockAddress                     root direct or indirect block, or undefined when empty
 * @param currentRootRows                      rows of the root indirect block; 0 when the root is a direct block
 * @param filteredRootDirectBlockSize          stored size of a filtered root direct block (filtered heaps only)
 * @param rootDirectBlockFilterMask            filter mask of the root direct block (filtered heaps only)
 * @param ioFilterInformation                  the filter pipeline message's bytes (filtered heaps only)
 */
public record FractalHeapHeader(
        int heapIdLength,
        int ioFiltersEncodedLength,
        int flags,
        long maximumSizeOfManagedObjects,
        long nextHugeObjectId,
        long hugeObjectsBTreeAddress,
        long freeSpaceInManagedBlocks,
        long freeSpaceManagerAddress,
        long managedSpace,
        long allocatedManagedSpace,
        long directBlockAllocationIteratorOffset,
        long managedObjectCount,
        long hugeObjectsSize,
        long hugeObjectCount,
        long tinyObjectsSize,
        long tinyObjectCount,
        int tableWidth,
        long startingBlockSize,
        long maximumDirectBlockSize,
        int maximumHeapSize,
        int startingRootRows,
        long rootBlockAddress,
        int currentRootRows,
        long filteredRootDirectBlockSize,
        int rootDirectBlockFilterMask,
        byte[] ioFilterInformation) {

    public static final String SIGNATURE = "FRHP";
    public static final int VERSION = 0;
    public static final int FLAG_HUGE_IDS_WRAPPED = 0x01;
    public static final int FLAG_CHECKSUM_DIRECT_BLOCKS = 0x02;
    static final int CHECKSUM_SIZE = 4;
    /** Tiny objects whose length fits the low nibble of the ID's first byte ({@code H5HF_TINY_LEN_SHORT}). */
    static final int TINY_LENGTH_SHORT = 16;

    public FractalHeapHeader {
        ioFilterInformation = ioFilterInformation == null ? new byte[0] : ioFilterInformation.clone();
    }

    @Override
    public byte[] ioFilterInformation() {
        return ioFilterInformation.clone();
    }

    /** Equal when every field is, the filter information compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FractalHeapHeader h
                && heapIdLength == h.heapIdLength
                && ioFiltersEncodedLength == h.ioFiltersEncodedLength
                && flags == h.flags
                && maximumSizeOfManagedObjects == h.maximumSizeOfManagedObjects
                && nextHugeObjectId == h.nextHugeObjectId
                && hugeObjectsBTreeAddress == h.hugeObjectsBTreeAddress
                && freeSpaceInManagedBlocks == h.freeSpaceInManagedBlocks
                && freeSpaceManagerAddress == h.freeSpaceManagerAddress
                && managedSpace == h.managedSpace
                && allocatedManagedSpace == h.allocatedManagedSpace
                && directBlockAllocationIteratorOffset == h.directBlockAllocationIteratorOffset
                && managedObjectCount == h.managedObjectCount
                && hugeObjectsSize == h.hugeObjectsSize
                && hugeObjectCount == h.hugeObjectCount
                && tinyObjectsSize == h.tinyObjectsSize
                && tinyObjectCount == h.tinyObjectCount
                && tableWidth == h.tableWidth
                && startingBlockSize == h.startingBlockSize
                && maximumDirectBlockSize == h.maximumDirectBlockSize
                && maximumHeapSize == h.maximumHeapSize
                && startingRootRows == h.startingRootRows
                && rootBlockAddress == h.rootBlockAddress
                && currentRootRows == h.currentRootRows
                && filteredRootDirectBlockSize == h.filteredRootDirectBlockSize
                && rootDirectBlockFilterMask == h.rootDirectBlockFilterMask
                && Arrays.equals(ioFilterInformation, h.ioFilterInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(heapIdLength, flags, maximumSizeOfManagedObjects, managedSpace, managedObjectCount,
                tinyObjectCount, tableWidth, startingBlockSize, maximumDirectBlockSize, maximumHeapSize,
                rootBlockAddress, currentRootRows, Arrays.hashCode(ioFilterInformation));
    }

    /** Encoded size: the fixed fields, the optional filter fields, the checksum. */
    public static int size(int offsetSize, int lengthSize, int ioFiltersEncodedLength) {
        int fixed = 4 + 1 + 2 + 2 + 1 + 4          // signature .. maximum size of managed objects
                + lengthSize + offsetSize            // next huge ID, huge B-tree address
                + lengthSize + offsetSize            // free space, free-space manager address
                + 8 * lengthSize                     // managed space .. number of tiny objects
                + 2 + lengthSize + lengthSize + 2 + 2 // table width .. starting # of rows
                + offsetSize + 2;                    // root block address, current # of rows
        int filters = ioFiltersEncodedLength > 0 ? lengthSize + 4 + ioFiltersEncodedLength : 0;
        return fixed + filters + CHECKSUM_SIZE;
    }

    /**
     * Reads and checks the header at the relative {@code address}: signature, version, checksum,
     * and that the doubling table and ID sizes are ones the format allows.
     */
    public static FractalHeapHeader read(FileContext ctx, long address) {
        int fixedSize = size(ctx.offsetSize(), ctx.lengthSize(), 0);
        Cursor peek = ctx.read(address, fixedSize, "fractal heap header");
        peek.expectSignature(SIGNATURE, "fractal heap header");
        peek.version(peek.u8(), "fractal heap header", VERSION);
        peek.u16();
        int filterLength = peek.u16();
        Cursor c = ctx.read(address, size(ctx.offsetSize(), ctx.lengthSize(), filterLength), "fractal heap header");
        return decode(c);
    }

    /** Decodes a header from a cursor holding exactly its bytes. */
    static FractalHeapHeader decode(Cursor c) {
        c.expectSignature(SIGNATURE, "fractal heap header");
        c.version(c.u8(), "fractal heap header", VERSION);
        int heapIdLength = c.u16();
        int ioFiltersEncodedLength = c.u16();
        int flags = c.u8();
        long maximumSizeOfManagedObjects = c.u32();
        long nextHugeObjectId = c.length();
        long hugeObjectsBTreeAddress = c.address();
        long freeSpaceInManagedBlocks = c.length();
        long freeSpaceManagerAddress = c.address();
        long managedSpace = c.length();
        long allocatedManagedSpace = c.length();
        long directBlockAllocationIteratorOffset = c.length();
        long managedObjectCount = c.length();
        long hugeObjectsSize = c.length();
        long hugeObjectCount = c.length();
        long tinyObjectsSize = c.length();
        long tinyObjectCount = c.length();
        int tableWidthAt = c.position();
        int tableWidth = c.u16();
        long startingBlockSize = c.length();
        long maximumDirectBlockSize = c.length();
        int maximumHeapSize = c.u16();
        int startingRootRows = c.u16();
        long rootBlockAddress = c.address();
        int currentRootRowsAt = c.position();
        int currentRootRows = c.u16();
        long filteredRootDirectBlockSize = 0;
        int rootDirectBlockFilterMask = 0;
        byte[] ioFilterInformation = new byte[0];
        if (ioFiltersEncodedLength > 0) {
            filteredRootDirectBlockSize = c.length();
            rootDirectBlockFilterMask = (int) c.u32();
            ioFilterInformation = c.bytes(ioFiltersEncodedLength);
        }
        int checksumAt = c.position();
        int computed = Checksum.lookup3(c.buffer(), 0, checksumAt);
        int stored = (int) c.u32();
        if (!Checksum.matches(stored, computed)) {
            throw c.error(checksumAt, String.format("fractal heap header checksum mismatch: stored 0x%08x, computed 0x%08x",
                    stored, computed));
        }
        if ((flags & ~(FLAG_HUGE_IDS_WRAPPED | FLAG_CHECKSUM_DIRECT_BLOCKS)) != 0) {
            throw c.error(4 + 1 + 2 + 2, "fractal heap header has unknown flag bits 0x" + Integer.toHexString(flags));
        }
        FractalHeapHeader h = new FractalHeapHeader(heapIdLength, ioFiltersEncodedLength, flags,
                maximumSizeOfManagedObjects, nextHugeObjectId, hugeObjectsBTreeAddress, freeSpaceInManagedBlocks,
                freeSpaceManagerAddress, managedSpace, allocatedManagedSpace, directBlockAllocationIteratorOffset,
                managedObjectCount, hugeObjectsSize, hugeObjectCount, tinyObjectsSize, tinyObjectCount, tableWidth,
                startingBlockSize, maximumDirectBlockSize, maximumHeapSize, startingRootRows, rootBlockAddress,
                currentRootRows, filteredRootDirectBlockSize, rootDirectBlockFilterMask, ioFilterInformation);
        DoublingTable table;
        try {
            table = h.doublingTable();
        } catch (IllegalArgumentException e) {
            throw c.error(tableWidthAt, "fractal heap doubling table: " + e.getMessage());
        }
        if (maximumSizeOfManagedObjects > maximumDirectBlockSize) {
            throw c.error(4 + 1 + 2 + 2 + 1, "fractal heap maximum managed object size " + maximumSizeOfManagedObjects
                    + " exceeds the maximum direct block size " + maximumDirectBlockSize);
        }
        if (heapIdLength < h.managedIdLength()) {
            throw c.error(4 + 1, "fractal heap ID length " + heapIdLength + " is too short for managed object IDs ("
                    + h.managedIdLength() + " bytes)");
        }
        if (startingRootRows > table.maxRootRows() || currentRootRows > table.maxRootRows()) {
            throw c.error(currentRootRowsAt, "fractal heap root indirect block rows (starting " + startingRootRows
                    + ", current " + currentRootRows + ") exceed the maximum of " + table.maxRootRows());
        }
        if (Long.compareUnsigned(managedSpace, table.span(table.maxRootRows())) > 0) {
            throw c.error(4 + 1 + 2 + 2 + 1 + 4 + 2 * c.lengthSize() + 2 * c.offsetSize(), "fractal heap managed space "
                    + Long.toUnsignedString(managedSpace) + " exceeds the maximum heap size of 2^" + maximumHeapSize);
        }
        if (rootBlockAddress != Cursor.UNDEFINED && currentRootRows == 0 && ioFiltersEncodedLength > 0
                && (filteredRootDirectBlockSize <= 0 || filteredRootDirectBlockSize > DoublingTable.MAX_SUPPORTED_DIRECT_BLOCK_SIZE)) {
            throw c.error(checksumAt - ioFiltersEncodedLength - 4 - c.lengthSize(), "fractal heap filtered root direct block size "
                    + Long.toUnsignedString(filteredRootDirectBlockSize) + " is not a usable size");
        }
        return h;
    }

    /** Encodes the header with its checksum. */
    public byte[] encode(int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(size(offsetSize, lengthSize, ioFiltersEncodedLength), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU16(heapIdLength);
        c.putU16(ioFiltersEncodedLength);
        c.putU8(flags);
        c.putU32(maximumSizeOfManagedObjects);
        c.putLength(nextHugeObjectId);
        c.putAddress(hugeObjectsBTreeAddress);
        c.putLength(freeSpaceInManagedBlocks);
        c.putAddress(freeSpaceManagerAddress);
        c.putLength(managedSpace);
        c.putLength(allocatedManagedSpace);
        c.putLength(directBlockAllocationIteratorOffset);
        c.putLength(managedObjectCount);
        c.putLength(hugeObjectsSize);
        c.putLength(hugeObjectCount);
        c.putLength(tinyObjectsSize);
        c.putLength(tinyObjectCount);
        c.putU16(tableWidth);
        c.putLength(startingBlockSize);
        c.putLength(maximumDirectBlockSize);
        c.putU16(maximumHeapSize);
        c.putU16(startingRootRows);
        c.putAddress(rootBlockAddress);
        c.putU16(currentRootRows);
        if (ioFiltersEncodedLength > 0) {
            c.putLength(filteredRootDirectBlockSize);
            c.putU32(rootDirectBlockFilterMask & 0xFFFFFFFFL);
            c.putBytes(ioFilterInformation);
        }
        c.putU32(Checksum.lookup3(c.buffer(), 0, c.position()) & 0xFFFFFFFFL);
        return c.written();
    }

    // ---- derived values ---------------------------------------------------------------------

    /** The doubling table these parameters describe. */
    public DoublingTable doublingTable() {
        return new DoublingTable(tableWidth, startingBlockSize, maximumDirectBlockSize, maximumHeapSize);
    }

    public boolean checksumsDirectBlocks() {
        return (flags & FLAG_CHECKSUM_DIRECT_BLOCKS) != 0;
    }

    public boolean isFiltered() {
        return ioFiltersEncodedLength > 0;
    }

    /** Whether the root block is a direct block (no root indirect block yet). */
    public boolean rootIsDirect() {
        return currentRootRows == 0;
    }

    /**
     * Bytes of a heap offset: in managed IDs and in the blocks' Block Offset field
     * ({@code H5HF_SIZEOF_OFFSET_BITS(max_index)}).
     */
    public int heapOffsetSize() {
        return (maximumHeapSize + 7) / 8;
    }

    /**
     * Bytes of a managed object's length in its ID: the smaller of the bytes for an offset within
     * the largest direct block and the bytes to encode the largest managed object
     * ({@code H5VM_limit_enc_size}).
     */
    public int heapLengthSize() {
        int maxDirectBlockOffsetSize = (DoublingTable.log2(Math.max(1, maximumDirectBlockSize)) + 7) / 8;
        int managedSizeEncoding = DoublingTable.log2(Math.max(1, maximumSizeOfManagedObjects)) / 8 + 1;
        return Math.min(maxDirectBlockOffsetSize, managedSizeEncoding);
    }

    /** Bytes a managed ID needs: the version/type byte, offset and length. */
    public int managedIdLength() {
        return 1 + heapOffsetSize() + heapLengthSize();
    }

    /** Whether tiny IDs use the two-byte ("extended") length form. */
    public boolean tinyLengthExtended() {
        return heapIdLength - 1 > TINY_LENGTH_SHORT + 1;
    }

    /** The longest object stored inside its own ID. */
    public int tinyMaxLength() {
        if (heapIdLength - 1 <= TINY_LENGTH_SHORT) return heapIdLength - 1;
        if (heapIdLength - 1 == TINY_LENGTH_SHORT + 1) return TINY_LENGTH_SHORT;
        return heapIdLength - 2;
    }

    /** Whether huge object IDs hold the object's address and length rather than a B-tree key. */
    public boolean hugeIdsDirect(int offsetSize, int lengthSize) {
        if (isFiltered()) return heapIdLength - 1 >= offsetSize + lengthSize + 4 + lengthSize;
        return heapIdLength - 1 >= offsetSize + lengthSize;
    }

    /** Bytes of the B-tree key in an indirectly accessed huge object ID. */
    public int hugeIdKeySize() {
        return Math.min(heapIdLength - 1, 8);
    }

    /** Size of a direct block's fields before its object data. */
    public int directBlockOverhead(int offsetSize) {
        return 4 + 1 + offsetSize + heapOffsetSize() + (checksumsDirectBlocks() ? CHECKSUM_SIZE : 0);
    }

    /** Encoded size of an indirect block of {@code nrows} rows ({@code H5HF_MAN_INDIRECT_SIZE}). */
    public long indirectBlockSize(DoublingTable t, int nrows, int offsetSize, int lengthSize) {
        long directEntry = offsetSize + (isFiltered() ? lengthSize + 4L : 0);
        return 4 + 1 + offsetSize + heapOffsetSize()
                + t.directEntries(nrows) * directEntry
                + (long) t.indirectEntries(nrows) * offsetSize
                + CHECKSUM_SIZE;
    }
}
