package org.h5vds.storage;

/**
 * The chunk index libhdf5 1.10 picks for a new dataset when the latest format is allowed
 * (H5D__layout_set_latest_indexing): with one unlimited dimension an extensible array, with more a
 * version 2 B-tree; without any, a single chunk when the dataset is exactly one chunk (current,
 * maximum and chunk dimensions all equal), else a fixed array. (The implicit index needs early
 * allocation, which the writer never uses.)
 */
public enum ChunkIndexType {
    SINGLE_CHUNK, FIXED_ARRAY, EXTENSIBLE_ARRAY, BTREE_V2;

    /** @param maxDims {@link ChunkGeometry#UNLIMITED} for unlimited dimensions */
    public static ChunkIndexType choose(long[] dims, long[] maxDims, long[] chunkDims) {
        int unlimited = 0;
        boolean single = true;
        for (int d = 0; d < dims.length; d++) {
            if (maxDims[d] == ChunkGeometry.UNLIMITED) unlimited++;
            if (dims[d] != maxDims[d] || dims[d] != chunkDims[d]) single = false;
        }
        if (unlimited == 1) return EXTENSIBLE_ARRAY;
        if (unlimited > 1) return BTREE_V2;
        return single ? SINGLE_CHUNK : FIXED_ARRAY;
    }
}
