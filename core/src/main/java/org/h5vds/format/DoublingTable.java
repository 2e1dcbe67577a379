package org.h5vds.format;

/**
 * The geometry of a fractal heap's doubling table (format spec III.G, and libhdf5's
 * {@code H5HF__dtable_init}): how big the blocks of each row are, where each row starts in the
 * heap's linear address space, which rows of an indirect block hold direct blocks and how many
 * rows a child indirect block has. Pure arithmetic on the header's creation parameters; immutable.
 *
 * <p>Rows 0 and 1 hold blocks of the starting block size; each later row doubles. An indirect
 * block's rows below {@link #maxDirectRows()} point to direct blocks, the others to indirect
 * blocks, each of which has {@link #rowsForSize(long)} rows of its own.
 */
public final class DoublingTable {
    /** Largest direct block we buffer whole. libhdf5 keeps sizes in 32-bit variables too. */
    public static final long MAX_SUPPORTED_DIRECT_BLOCK_SIZE = 1L << 30;
    /** Largest "Maximum Heap Size" whose offsets fit in a signed long. */
    public static final int MAX_SUPPORTED_HEAP_SIZE_BITS = 63;

    private final int width;
    private final long startingBlockSize;
    private final long maxDirectBlockSize;
    private final int maxHeapSizeBits;
    private final int startBits;
    private final int firstRowBits;
    private final int maxRootRows;
    private final int maxDirectRows;
    private final long[] rowBlockSize;
    private final long[] rowBlockOffset;

    /**
     * @throws IllegalArgumentException naming the parameter when the table is not one the format
     *                                  allows (sizes not powers of two, heap too small for one row)
     */
    public DoublingTable(int width, long startingBlockSize, long maxDirectBlockSize, int maxHeapSizeBits) {
        if (width <= 0 || Integer.bitCount(width) != 1) {
            throw new IllegalArgumentException("table width " + width + " is not a power of two");
        }
        if (startingBlockSize <= 0 || Long.bitCount(startingBlockSize) != 1) {
            throw new IllegalArgumentException("starting block size " + startingBlockSize + " is not a power of two");
        }
        if (maxDirectBlockSize <= 0 || Long.bitCount(maxDirectBlockSize) != 1) {
            throw new IllegalArgumentException("maximum direct block size " + maxDirectBlockSize + " is not a power of two");
        }
        if (maxDirectBlockSize < startingBlockSize) {
            throw new IllegalArgumentException("maximum direct block size " + maxDirectBlockSize
                    + " is smaller than the starting block size " + startingBlockSize);
        }
        if (maxDirectBlockSize > MAX_SUPPORTED_DIRECT_BLOCK_SIZE) {
            throw new IllegalArgumentException("maximum direct block size " + maxDirectBlockSize + " is larger than supported ("
                    + MAX_SUPPORTED_DIRECT_BLOCK_SIZE + ")");
        }
        this.width = width;
        this.startingBlockSize = startingBlockSize;
        this.maxDirectBlockSize = maxDirectBlockSize;
        this.maxHeapSizeBits = maxHeapSizeBits;
        this.startBits = log2(startingBlockSize);
        this.firstRowBits = startBits + log2(width);
        if (maxHeapSizeBits < firstRowBits || maxHeapSizeBits > MAX_SUPPORTED_HEAP_SIZE_BITS) {
            throw new IllegalArgumentException("maximum heap size of " + maxHeapSizeBits + " bits is outside ["
                    + firstRowBits + ", " + MAX_SUPPORTED_HEAP_SIZE_BITS + "] for width " + width
                    + " and starting block size " + startingBlockSize);
        }
        this.maxRootRows = maxHeapSizeBits - firstRowBits + 1;
        this.maxDirectRows = log2(maxDirectBlockSize) - startBits + 2;
        this.rowBlockSize = new long[maxRootRows];
        this.rowBlockOffset = new long[maxRootRows];
        rowBlockSize[0] = startingBlockSize;
        rowBlockOffset[0] = 0;
        for (int r = 1; r < maxRootRows; r++) {
            rowBlockSize[r] = startingBlockSize << (r - 1);
            rowBlockOffset[r] = (startingBlockSize * width) << (r - 1);
        }
    }

    static int log2(long powerOfTwo) {
        return 63 - Long.numberOfLeadingZeros(powerOfTwo);
    }

    public int width() {
        return width;
    }

    public long startingBlockSize() {
        return startingBlockSize;
    }

    public long maxDirectBlockSize() {
        return maxDirectBlockSize;
    }

    public int maxHeapSizeBits() {
        return maxHeapSizeBits;
    }

    /** Rows of the root indirect block when it addresses the whole heap. */
    public int maxRootRows() {
        return maxRootRows;
    }

    /** Rows of any indirect block that point to direct blocks. */
    public int maxDirectRows() {
        return maxDirectRows;
    }

    /** Size of the blocks in row {@code row} (direct, or the span of an indirect block). */
    public long rowBlockSize(int row) {
        return rowBlockSize[row];
    }

    /** Offset of row {@code row} from the start of the indirect block that holds it. */
    public long rowBlockOffset(int row) {
        return rowBlockOffset[row];
    }

    /** Whether entries in this row point to direct blocks. */
    public boolean isDirectRow(int row) {
        return row < maxDirectRows;
    }

    /** Rows of an indirect block that spans {@code size} bytes ({@code H5HF__dtable_size_to_rows}). */
    public int rowsForSize(long size) {
        return log2(size) - firstRowBits + 1;
    }

    /** Entries pointing to direct blocks in an indirect block of {@code nrows} rows (K in the spec). */
    public int directEntries(int nrows) {
        return Math.min(nrows, maxDirectRows) * width;
    }

    /** Entries pointing to indirect blocks in an indirect block of {@code nrows} rows (N in the spec). */
    public int indirectEntries(int nrows) {
        return nrows > maxDirectRows ? (nrows - maxDirectRows) * width : 0;
    }

    /** Bytes of heap address space an indirect block of {@code nrows} rows covers; saturates at Long.MAX_VALUE. */
    public long span(int nrows) {
        if (nrows <= 0) return 0;
        int bits = firstRowBits + nrows - 1;
        return bits >= 63 ? Long.MAX_VALUE : 1L << bits;
    }

    /** Row of the entry covering {@code offset} bytes into an indirect block ({@code H5HF__dtable_lookup}). */
    public int row(long offset) {
        if (offset < startingBlockSize * width) return 0;
        return log2(offset) - firstRowBits + 1;
    }

    /** Column of the entry covering {@code offset} bytes into an indirect block. */
    public int column(long offset) {
        int row = row(offset);
        if (row == 0) return (int) (offset / startingBlockSize);
        long rowStart = Long.highestOneBit(offset);
        return (int) ((offset - rowStart) / rowBlockSize[row]);
    }

    /** Size of the direct block whose slot covers heap {@code offset}, following indirect rows down. */
    public long directBlockSizeAt(long offset) {
        long rel = offset;
        for (int depth = 0; depth <= maxRootRows; depth++) {
            int row = row(rel);
            if (row >= maxRootRows) {
                throw new IllegalArgumentException("heap offset " + offset + " is beyond the maximum heap size of 2^" + maxHeapSizeBits);
            }
            if (isDirectRow(row)) return rowBlockSize[row];
            rel -= rowBlockOffset[row] + column(rel) * rowBlockSize[row];
        }
        throw new IllegalStateException("doubling table deeper than its row count");
    }
}
