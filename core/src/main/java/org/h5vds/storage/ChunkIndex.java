package org.h5vds.storage;

/**
 * Finds the chunks of one chunked dataset. Every implementation reads its on-disk index lazily and
 * is safe to share between threads.
 *
 * <p>Chunks are named by their <em>scaled</em> coordinates: the element offset of the chunk's first
 * element divided by the chunk dimensions, one value per dataset dimension.
 */
public interface ChunkIndex {
    /** The chunk at the given scaled coordinates, or null when it is not allocated (reads as fill). */
    ChunkLocation find(long[] scaled);

    /** Visits every allocated chunk. The array passed is the chunk's scaled coordinates and may be reused between calls. */
    void forEach(Visitor visitor);

    /**
     * Visits the blocks of the index itself (not the chunks'): none for indexes kept in the layout
     * message or without a structure (single chunk, implicit, nothing allocated).
     */
    default void forEachBlock(org.h5vds.format.BlockVisitor visitor) {
    }

    @FunctionalInterface
    interface Visitor {
        void chunk(long[] scaled, ChunkLocation location);
    }
}
