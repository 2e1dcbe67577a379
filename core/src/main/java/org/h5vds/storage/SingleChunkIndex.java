package org.h5vds.storage;

import org.h5vds.io.Cursor;

/**
 * The "single chunk" index of layout message version 4 (the chunk is the whole dataset): the
 * layout message itself holds the chunk's address, and for filtered datasets its size and filter
 * mask.
 */
public final class SingleChunkIndex implements ChunkIndex {
    private final ChunkGeometry geometry;
    private final ChunkLocation location;

    /** For a dataset without filters: the chunk's size is the chunk byte size. */
    public static SingleChunkIndex unfiltered(ChunkGeometry geometry, long address) {
        return new SingleChunkIndex(geometry, address, geometry.chunkBytes(), 0);
    }

    /** For a filtered dataset: "Size of Filtered Chunk" and "Filters for Chunk" from the layout message. */
    public static SingleChunkIndex filtered(ChunkGeometry geometry, long address, long filteredSize, int filterMask) {
        return new SingleChunkIndex(geometry, address, filteredSize, filterMask);
    }

    private SingleChunkIndex(ChunkGeometry geometry, long address, long size, int filterMask) {
        this.geometry = geometry;
        this.location = address == Cursor.UNDEFINED ? null : new ChunkLocation(address, size, filterMask);
    }

    @Override
    public ChunkLocation find(long[] scaled) {
        geometry.checkRank(scaled);
        for (long s : scaled) if (s != 0) return null;
        return location;
    }

    @Override
    public void forEach(Visitor visitor) {
        if (location != null) visitor.chunk(new long[geometry.rank()], location);
    }
}
