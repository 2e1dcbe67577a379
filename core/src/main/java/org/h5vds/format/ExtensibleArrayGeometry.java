package org.h5vds.format;

/**
 * Where each element of an extensible array lives, derived from the header's creation parameters
 * exactly as libhdf5 derives it (H5EA__hdr_init, H5EA__iblock_alloc, H5EA__sblock_alloc,
 * H5EA__dblock_sblk_idx). Elements 0 .. Index Blk Elmts - 1 live in the index block; the rest are
 * grouped into super blocks s = 0, 1, 2, ... where super block s has 2^(s/2) data blocks of
 * 2^((s+1)/2) × Data Blk Min Elmts elements each, so element i (counted after the index block's)
 * is in super block floor(log2(i / Data Blk Min Elmts + 1)).
 *
 * <p>The first 2 × log2(Secondary Blk Min Data Ptrs) super blocks exist only conceptually: their
 * 2 × (Secondary Blk Min Data Ptrs - 1) data block addresses sit in the index block. The others
 * are real super blocks whose addresses sit in the index block. A data block with more elements
 * than a page holds (2^Max Dblk Page Nelmts Bits) is split into pages, tracked by bitmaps in its
 * super block.
 *
 * <p>Immutable.
 */
public final class ExtensibleArrayGeometry {
    private final ExtensibleArrayHeader header;
    private final int superBlocks;
    private final long[] dataBlocks;
    private final long[] dataBlockElements;
    private final long[] startIndex;
    private final long[] startDataBlock;
    private final int indexBlockSuperBlocks;
    private final int indexBlockDataBlockAddresses;
    private final int indexBlockSuperBlockAddresses;
    private final int arrayOffsetSize;
    private final long pageElements;

    /** @throws IllegalArgumentException when the parameters are not ones libhdf5 accepts */
    public ExtensibleArrayGeometry(ExtensibleArrayHeader h) {
        this.header = h;
        if (h.maxNelmtsBits() < 1 || h.maxNelmtsBits() > 64) {
            throw new IllegalArgumentException("Max Nelmts Bits " + h.maxNelmtsBits() + " outside 1..64");
        }
        if (Integer.bitCount(h.dataBlockMinElements()) != 1) {
            throw new IllegalArgumentException("Data Blk Min Elmts " + h.dataBlockMinElements() + " is not a power of two");
        }
        if (h.superBlockMinDataPointers() < 2 || Integer.bitCount(h.superBlockMinDataPointers()) != 1) {
            throw new IllegalArgumentException("Secondary Blk Min Data Ptrs " + h.superBlockMinDataPointers()
                    + " is not a power of two of at least 2");
        }
        int minElementsLog2 = Integer.numberOfTrailingZeros(h.dataBlockMinElements());
        if (minElementsLog2 > h.maxNelmtsBits()) {
            throw new IllegalArgumentException("Data Blk Min Elmts " + h.dataBlockMinElements() + " exceeds 2^Max Nelmts Bits");
        }
        if (h.maxDataBlockPageNelmtsBits() > h.maxNelmtsBits()) {
            throw new IllegalArgumentException("Max Dblk Page Nelmts Bits " + h.maxDataBlockPageNelmtsBits() + " exceeds Max Nelmts Bits "
                    + h.maxNelmtsBits());
        }
        superBlocks = 1 + h.maxNelmtsBits() - minElementsLog2;
        dataBlocks = new long[superBlocks];
        dataBlockElements = new long[superBlocks];
        startIndex = new long[superBlocks];
        startDataBlock = new long[superBlocks];
        long index = 0;
        long block = 0;
        for (int s = 0; s < superBlocks; s++) {
            dataBlocks[s] = 1L << (s / 2);
            dataBlockElements[s] = (1L << ((s + 1) / 2)) * h.dataBlockMinElements();
            startIndex[s] = index;
            startDataBlock[s] = block;
            index = saturatingAdd(index, saturatingMultiply(dataBlocks[s], dataBlockElements[s]));
            block = saturatingAdd(block, dataBlocks[s]);
        }
        indexBlockSuperBlocks = 2 * Integer.numberOfTrailingZeros(h.superBlockMinDataPointers());
        indexBlockDataBlockAddresses = 2 * (h.superBlockMinDataPointers() - 1);
        if (indexBlockSuperBlocks > superBlocks) {
            throw new IllegalArgumentException("Secondary Blk Min Data Ptrs " + h.superBlockMinDataPointers()
                    + " needs more super blocks than the array has (" + superBlocks + ")");
        }
        indexBlockSuperBlockAddresses = superBlocks - indexBlockSuperBlocks;
        arrayOffsetSize = (h.maxNelmtsBits() + 7) / 8;
        pageElements = 1L << h.maxDataBlockPageNelmtsBits();
        for (int s = 0; s < indexBlockSuperBlocks; s++) {
            if (dataBlockElements[s] > pageElements) {
                throw new IllegalArgumentException("data blocks of the index block would hold " + dataBlockElements[s]
                        + " elements, more than a page of " + pageElements);
            }
        }
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatingMultiply(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    public ExtensibleArrayHeader header() {
        return header;
    }

    /** Number of super blocks, conceptual ones included. */
    public int superBlocks() {
        return superBlocks;
    }

    /** Data blocks in super block {@code s}. */
    public long dataBlocks(int s) {
        return dataBlocks[s];
    }

    /** Elements in each data block of super block {@code s}. */
    public long dataBlockElements(int s) {
        return dataBlockElements[s];
    }

    /** First element of super block {@code s}, counted after the index block's elements. */
    public long startIndex(int s) {
        return startIndex[s];
    }

    /** Number of data blocks in the super blocks before {@code s}. */
    public long startDataBlock(int s) {
        return startDataBlock[s];
    }

    /** The super blocks whose data block addresses live in the index block. */
    public int indexBlockSuperBlocks() {
        return indexBlockSuperBlocks;
    }

    public int indexBlockDataBlockAddresses() {
        return indexBlockDataBlockAddresses;
    }

    public int indexBlockSuperBlockAddresses() {
        return indexBlockSuperBlockAddresses;
    }

    /** Width of the "Block Offset" fields: enough bytes for Max Nelmts Bits. */
    public int arrayOffsetSize() {
        return arrayOffsetSize;
    }

    public long pageElements() {
        return pageElements;
    }

    /** Whether data blocks of super block {@code s} are paged. */
    public boolean isPaged(int s) {
        return dataBlockElements[s] > pageElements;
    }

    /** Pages in each data block of super block {@code s} (0 when not paged). */
    public long pagesPerDataBlock(int s) {
        return isPaged(s) ? dataBlockElements[s] / pageElements : 0;
    }

    /** Bytes of the page bitmap of one data block of super block {@code s}. */
    public long pageBitmapSize(int s) {
        return (pagesPerDataBlock(s) + 7) / 8;
    }

    /** The super block holding element {@code index}, which must be past the index block's elements. */
    public int superBlockOf(long index) {
        long i = index - header.indexBlockElements();
        long q = i / header.dataBlockMinElements() + 1;
        return 63 - Long.numberOfLeadingZeros(q);
    }

    /** Whether {@code index} is below 2^Max Nelmts Bits. */
    public boolean inRange(long index) {
        return index >= 0 && (header.maxNelmtsBits() >= 63 || index < (1L << header.maxNelmtsBits()));
    }

    /** Signature, version, client ID, header address, block offset and checksum of super and data blocks. */
    public long blockPrefixSize(int offsetSize) {
        return 4 + 1 + 1 + offsetSize + arrayOffsetSize + 4;
    }

    /** Bytes of an index block (H5EA_IBLOCK_SIZE). */
    public long indexBlockSize(int offsetSize) {
        return 4 + 1 + 1 + offsetSize + (long) header.indexBlockElements() * header.elementSize()
                + (long) (indexBlockDataBlockAddresses + indexBlockSuperBlockAddresses) * offsetSize + 4;
    }

    /** Bytes of super block {@code s} (H5EA_SBLOCK_SIZE). */
    public long superBlockSize(int s, int offsetSize) {
        return blockPrefixSize(offsetSize) + dataBlocks[s] * (pageBitmapSize(s) + offsetSize);
    }

    /** Bytes of a data block of super block {@code s} with all its pages (H5EA_DBLOCK_SIZE). */
    public long dataBlockSize(int s, int offsetSize) {
        return blockPrefixSize(offsetSize) + dataBlockElements[s] * header.elementSize() + pagesPerDataBlock(s) * 4;
    }

    /** Bytes of one data block page: its elements and checksum. */
    public long pageSize() {
        return pageElements * header.elementSize() + 4;
    }
}
