package org.h5vds.format;

import org.h5vds.io.Cursor;

/**
 * One chunk as the array indexes and the chunk v2 B-tree records store it: its address and, for
 * filtered datasets, its size on disk and filter mask. For datasets without filters the size is
 * not stored (it is the chunk's byte size, known from the layout) and reads as 0 here.
 *
 * @param address    file address, or {@link Cursor#UNDEFINED} for a chunk never written
 * @param chunkSize  bytes on disk after filtering (0 when not stored)
 * @param filterMask bit i set: filter i of the pipeline was skipped for this chunk
 */
public record ChunkElement(long address, long chunkSize, int filterMask) {
    /** The fill value libhdf5 writes for elements of chunks never written (H5D_FARRAY_FILT_FILL and friends). */
    public static final ChunkElement UNALLOCATED = new ChunkElement(Cursor.UNDEFINED, 0, 0);

    public boolean isAllocated() {
        return address != Cursor.UNDEFINED;
    }
}
