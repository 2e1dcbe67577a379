package org.h5vds.storage;

import org.h5vds.io.Cursor;

/**
 * The "implicit" index of layout message version 4 (no filters, fixed maximum dimensions, space
 * allocated early): all chunks lie in one block at the layout's address, chunk i at
 * {@code address + i × chunk bytes}, numbered like the fixed array over the maximum chunk grid
 * (spec VII.B; H5Dnone.c uses {@code max_down_chunks}). Chunks are reported within the current
 * dimensions, as libhdf5 lists them.
 */
public final class ImplicitChunkIndex implements ChunkIndex {
    private final ChunkGeometry geometry;
    private final long address;

    /** @param address the layout message's index address; undefined when storage was never allocated */
    public ImplicitChunkIndex(ChunkGeometry geometry, long address) {
        this.geometry = geometry;
        this.address = address;
    }

    @Override
    public ChunkLocation find(long[] scaled) {
        return geometry.inCurrentGrid(scaled) ? place(scaled) : null;
    }

    /**
     * Where chunk {@code scaled} has its place in the index's block, whatever the current extent
     * (the block holds every chunk of the maximum grid); null outside that grid or when no block
     * was allocated.
     */
    public ChunkLocation place(long[] scaled) {
        if (address == Cursor.UNDEFINED || !geometry.inMaxGrid(scaled)) return null;
        long offset = Math.multiplyExact(geometry.implicitIndex(scaled), geometry.chunkBytes());
        return new ChunkLocation(Math.addExact(address, offset), geometry.chunkBytes(), 0);
    }

    @Override
    public void forEach(Visitor visitor) {
        if (address == Cursor.UNDEFINED) return;
        long[] extent = geometry.scaledDims();
        for (long n : extent) if (n == 0) return;
        long[] scaled = new long[extent.length];
        while (true) {
            visitor.chunk(scaled, find(scaled));
            int d = extent.length - 1;
            while (d >= 0 && ++scaled[d] == extent[d]) scaled[d--] = 0;
            if (d < 0) return;
        }
    }
}
