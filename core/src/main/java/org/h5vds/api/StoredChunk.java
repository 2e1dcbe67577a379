package org.h5vds.api;

import java.util.Arrays;

/**
 * One allocated chunk of a chunked dataset as it lies in the file, like h5py's {@code StoreInfo}
 * ({@code DatasetID.get_chunk_info}): the offset of its first element in the dataset, the filter
 * mask it was stored with (bit i set: filter i of {@link Dataset#filters()} was skipped for this
 * chunk), the byte offset of its stored bytes in the file and their length (after filters).
 */
public final class StoredChunk {
    private final long[] offset;
    private final int filterMask;
    private final long byteOffset;
    private final long size;

    StoredChunk(long[] offset, int filterMask, long byteOffset, long size) {
        this.offset = offset.clone();
        this.filterMask = filterMask;
        this.byteOffset = byteOffset;
        this.size = size;
    }

    /**
     * The dataset coordinates of the chunk's first element (h5py's {@code chunk_offset}), a multiple of the chunk shape.
     *
     * @return a new array of the chunk's first element's coordinates
     */
    public long[] offset() {
        return offset.clone();
    }

    /**
     * Bit i set: filter i of the pipeline was not applied to this chunk (h5py's {@code filter_mask}).
     *
     * @return the filter mask; 0 when every filter was applied
     */
    public int filterMask() {
        return filterMask;
    }

    /**
     * Where the stored bytes begin in the file (h5py's {@code byte_offset}).
     *
     * @return the file offset of the stored bytes
     */
    public long byteOffset() {
        return byteOffset;
    }

    /**
     * How many bytes are stored, after filters (h5py's {@code size}).
     *
     * @return the stored size in bytes
     */
    public long size() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredChunk c && Arrays.equals(c.offset, offset) && c.filterMask == filterMask && c.byteOffset == byteOffset
                && c.size == size;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offset) * 31 + Long.hashCode(byteOffset);
    }

    @Override
    public String toString() {
        return "StoredChunk[offset=" + Shape.format(offset) + ", filterMask=" + filterMask + ", byteOffset=" + byteOffset + ", size=" + size + "]";
    }
}
