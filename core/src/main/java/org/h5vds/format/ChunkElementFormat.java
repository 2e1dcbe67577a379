package org.h5vds.format;

import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * The on-disk form of a chunk element (spec VII.C/VII.D "Data Block Element for Non-filtered /
 * Filtered Dataset Chunk", and the address/size/mask part of v2 B-tree record types 10 and 11):
 * <pre>
 *   Address          Size of Offsets
 *   Chunk Size       chunkSizeWidth bytes   (filtered only)
 *   Filter Mask      4 bytes                (filtered only)
 * </pre>
 */
public record ChunkElementFormat(boolean filtered, int offsetSize, int chunkSizeWidth) {
    public ChunkElementFormat {
        if (offsetSize < 1 || offsetSize > 8) throw new IllegalArgumentException("size of offsets must be 1..8: " + offsetSize);
        if (filtered && (chunkSizeWidth < 1 || chunkSizeWidth > 8)) {
            throw new IllegalArgumentException("chunk size width must be 1..8: " + chunkSizeWidth);
        }
        if (!filtered) chunkSizeWidth = 0;
    }

    public static ChunkElementFormat unfiltered(int offsetSize) {
        return new ChunkElementFormat(false, offsetSize, 0);
    }

    public static ChunkElementFormat filtered(int offsetSize, int chunkSizeWidth) {
        return new ChunkElementFormat(true, offsetSize, chunkSizeWidth);
    }

    /**
     * The width libhdf5 gives the "Chunk Size" field of filtered chunk elements and records:
     * {@code 1 + (log2(chunk bytes) + 8) / 8}, at most 8 (H5Dfarray.c, H5Dearray.c, H5Dbtree2.c),
     * where log2 is rounded down. One byte more than the chunk's unfiltered size needs, because a
     * filter may make a chunk larger than it was.
     */
    public static int chunkSizeWidth(long chunkBytes) {
        if (chunkBytes < 1) throw new IllegalArgumentException("chunk byte size must be positive: " + chunkBytes);
        int log2 = 63 - Long.numberOfLeadingZeros(chunkBytes);
        return Math.min(8, 1 + (log2 + 8) / 8);
    }

    /** The largest stored chunk size a "Chunk Size" field of {@link #chunkSizeWidth}{@code (chunkBytes)} bytes records. */
    public static long largestChunkSize(long chunkBytes) {
        return largestFor(chunkSizeWidth(chunkBytes));
    }

    private static long largestFor(int width) {
        return width < 8 ? (1L << (8 * width)) - 1 : Long.MAX_VALUE;
    }

    /** Bytes of one element. */
    public int size() {
        return filtered ? offsetSize + chunkSizeWidth + 4 : offsetSize;
    }

    public ChunkElement decode(Cursor c) {
        long address = c.address();
        if (!filtered) return new ChunkElement(address, 0, 0);
        long chunkSize = c.uint(chunkSizeWidth);
        int filterMask = (int) c.u32();
        return new ChunkElement(address, chunkSize, filterMask);
    }

    public void encode(Cursor c, ChunkElement e) {
        c.putAddress(e.address());
        if (!filtered) return;
        if (e.chunkSize() < 0 || e.chunkSize() > largestFor(chunkSizeWidth)) {
            throw new IllegalArgumentException("chunk size " + e.chunkSize() + " does not fit in " + chunkSizeWidth + " bytes");
        }
        c.putUint(e.chunkSize(), chunkSizeWidth);
        c.putU32(e.filterMask() & 0xFFFFFFFFL);
    }

    /**
     * The format of the elements of a fixed or extensible array, from its header's client ID and
     * element size; {@code clientIdAt} is the file offset of the client ID, for errors.
     */
    static ChunkElementFormat forClient(String file, long clientIdAt, int clientId, int elementSize, int offsetSize, String what) {
        switch (clientId) {
            case 0:
                if (elementSize != offsetSize) {
                    throw new H5FormatException(file, clientIdAt + 1, what + ": element size " + elementSize
                            + " for non-filtered chunks, expected " + offsetSize);
                }
                return unfiltered(offsetSize);
            case 1:
                int width = elementSize - offsetSize - 4;
                if (width < 1 || width > 8) {
                    throw new H5FormatException(file, clientIdAt + 1, what + ": element size " + elementSize
                            + " for filtered chunks leaves " + width + " bytes for the chunk size (expected 1..8)");
                }
                return filtered(offsetSize, width);
            default:
                throw new H5FormatException(file, clientIdAt, what + ": unknown client ID " + clientId
                        + " (known: 0 non-filtered chunks, 1 filtered chunks)");
        }
    }
}
