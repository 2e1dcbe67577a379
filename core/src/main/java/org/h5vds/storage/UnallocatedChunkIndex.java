package org.h5vds.storage;

/**
 * The index of a chunked dataset none of whose chunks was ever written: libhdf5 (and h5vds) leave
 * the layout message's index address undefined then, whatever the index type, and every element
 * reads as the fill value.
 */
public final class UnallocatedChunkIndex implements ChunkIndex {
    private final ChunkGeometry geometry;

    public UnallocatedChunkIndex(ChunkGeometry geometry) {
        this.geometry = geometry;
    }

    @Override
    public ChunkLocation find(long[] scaled) {
        geometry.checkRank(scaled);
        return null;
    }

    @Override
    public void forEach(Visitor visitor) {
        // no chunks
    }
}
