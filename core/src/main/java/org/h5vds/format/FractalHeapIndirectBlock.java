package org.h5vds.format;

import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * A fractal heap indirect block (format spec III.G, "FHIB", version 0): the addresses of the
 * direct blocks of its first rows (with their filtered sizes and filter masks in a filtered heap)
 * and of the indirect blocks of the remaining rows. How many of each follows from the number of
 * rows, which the parent (or the header, for the root) determines. Immutable.
 */
public final class FractalHeapIndirectBlock {
    public static final String SIGNATURE = "FHIB";
    public static final int VERSION = 0;

    private final int nrows;
    private final long blockOffset;
    private final long[] childDirectBlockAddresses;
    private final long[] filteredDirectBlockSizes;
    private final int[] directBlockFilterMasks;
    private final long[] childIndirectBlockAddresses;

    /**
     * @param filteredDirectBlockSizes and {@code directBlockFilterMasks}: one per direct entry in a
     *                                 filtered heap, else null
     */
    public FractalHeapIndirectBlock(int nrows, long blockOffset, long[] childDirectBlockAddresses,
                                    long[] filteredDirectBlockSizes, int[] directBlockFilterMasks,
                                    long[] childIndirectBlockAddresses) {
        this.nrows = nrows;
        this.blockOffset = blockOffset;
        this.childDirectBlockAddresses = childDirectBlockAddresses.clone();
        this.filteredDirectBlockSizes = filteredDirectBlockSizes == null ? null : filteredDirectBlockSizes.clone();
        this.directBlockFilterMasks = directBlockFilterMasks == null ? null : directBlockFilterMasks.clone();
        this.childIndirectBlockAddresses = childIndirectBlockAddresses.clone();
    }

    /**
     * Reads the indirect block of {@code nrows} rows at the relative {@code address}, verifying its
     * checksum, owner and block offset.
     */
    public static FractalHeapIndirectBlock read(FileContext ctx, long address, FractalHeapHeader header, DoublingTable table,
                                                long heapHeaderAddress, int nrows, long expectedBlockOffset) {
        long size = header.indirectBlockSize(table, nrows, ctx.offsetSize(), ctx.lengthSize());
        Cursor c = ctx.read(address, size, "fractal heap indirect block");
        c.expectSignature(SIGNATURE, "fractal heap indirect block");
        c.version(c.u8(), "fractal heap indirect block", VERSION);
        int headerAddressAt = c.position();
        long heapHeaderAddressField = c.address();
        int blockOffsetAt = c.position();
        long blockOffset = c.uint(header.heapOffsetSize());
        int k = table.directEntries(nrows);
        int n = table.indirectEntries(nrows);
        long[] direct = new long[k];
        long[] filteredSizes = header.isFiltered() ? new long[k] : null;
        int[] masks = header.isFiltered() ? new int[k] : null;
        for (int i = 0; i < k; i++) {
            direct[i] = c.address();                    // Child Direct Block #i Address
            if (header.isFiltered()) {
                filteredSizes[i] = c.length();          // Size of Filtered Direct Block #i
                masks[i] = (int) c.u32();               // Filter Mask for Direct Block #i
            }
        }
        long[] indirect = new long[n];
        for (int i = 0; i < n; i++) {
            indirect[i] = c.address();                  // Child Indirect Block #i Address
        }
        int checksumAt = c.position();
        int computed = Checksum.lookup3(c.buffer(), 0, checksumAt);
        int stored = (int) c.u32();
        if (!Checksum.matches(stored, computed)) {
            throw c.error(checksumAt, String.format("fractal heap indirect block checksum mismatch: stored 0x%08x, computed 0x%08x",
                    stored, computed));
        }
        if (heapHeaderAddressField != heapHeaderAddress) {
            throw c.error(headerAddressAt, "fractal heap indirect block belongs to the heap at " + heapHeaderAddressField
                    + ", not to the heap at " + heapHeaderAddress);
        }
        if (blockOffset != expectedBlockOffset) {
            throw c.error(blockOffsetAt, "fractal heap indirect block has block offset " + blockOffset
                    + " where the doubling table puts " + expectedBlockOffset);
        }
        return new FractalHeapIndirectBlock(nrows, blockOffset, direct, filteredSizes, masks, indirect);
    }

    /** Encodes the block with its checksum. */
    public byte[] encode(FractalHeapHeader header, DoublingTable table, long heapHeaderAddress, int offsetSize, int lengthSize) {
        if (childDirectBlockAddresses.length != table.directEntries(nrows)
                || childIndirectBlockAddresses.length != table.indirectEntries(nrows)) {
            throw new IllegalStateException("an indirect block of " + nrows + " rows has " + table.directEntries(nrows)
                    + " direct and " + table.indirectEntries(nrows) + " indirect entries");
        }
        long size = header.indirectBlockSize(table, nrows, offsetSize, lengthSize);
        Cursor c = Cursor.forWriting(Math.toIntExact(size), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putAddress(heapHeaderAddress);
        c.putUint(blockOffset, header.heapOffsetSize());
        for (int i = 0; i < childDirectBlockAddresses.length; i++) {
            c.putAddress(childDirectBlockAddresses[i]);
            if (header.isFiltered()) {
                c.putLength(filteredDirectBlockSizes[i]);
                c.putU32(directBlockFilterMasks[i] & 0xFFFFFFFFL);
            }
        }
        for (long a : childIndirectBlockAddresses) c.putAddress(a);
        c.putU32(Checksum.lookup3(c.buffer(), 0, c.position()) & 0xFFFFFFFFL);
        return c.written();
    }

    public int nrows() {
        return nrows;
    }

    public long blockOffset() {
        return blockOffset;
    }

    /** Address of the direct block in entry {@code entry} (row * width + column), or undefined. */
    public long childDirectBlockAddress(int entry) {
        return childDirectBlockAddresses[entry];
    }

    /** Stored size of a filtered direct block; only in filtered heaps. */
    public long filteredDirectBlockSize(int entry) {
        return filteredDirectBlockSizes[entry];
    }

    public int directBlockFilterMask(int entry) {
        return directBlockFilterMasks[entry];
    }

    /** Address of the indirect block in indirect entry {@code index} (counted from the first indirect row), or undefined. */
    public long childIndirectBlockAddress(int index) {
        return childIndirectBlockAddresses[index];
    }

    public int directEntryCount() {
        return childDirectBlockAddresses.length;
    }

    public int indirectEntryCount() {
        return childIndirectBlockAddresses.length;
    }

    @Override
    public String toString() {
        return "FractalHeapIndirectBlock[rows=" + nrows + ", offset=" + blockOffset + ", direct=" + Arrays.toString(childDirectBlockAddresses)
                + ", indirect=" + Arrays.toString(childIndirectBlockAddresses) + "]";
    }
}
