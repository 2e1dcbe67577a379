package org.h5vds.storage;

import org.h5vds.format.ChunkElement;
import org.h5vds.format.FileContext;
import org.h5vds.format.FixedArray;

/**
 * The "fixed array" chunk index of layout message version 4 (fixed maximum dimensions): one entry
 * per chunk of the maximum chunk grid, numbered by {@link ChunkGeometry#fixedArrayIndex}. A lookup
 * is O(1): at most one page read once the data block is known.
 */
public final class FixedArrayChunkIndex implements ChunkIndex {
    private final ChunkGeometry geometry;
    private final FixedArray array;

    /** @param headerAddress the layout message's index address (the fixed array header) */
    public FixedArrayChunkIndex(FileContext ctx, long headerAddress, ChunkGeometry geometry) {
        this.geometry = geometry;
        this.array = FixedArray.open(ctx, headerAddress);
        if (array.header().maxNumEntries() != geometry.maxChunks()) {
            throw ctx.error(headerAddress, "fixed array holds " + array.header().maxNumEntries() + " entries, the dataset's maximum chunk grid "
                    + geometry.maxChunks());
        }
    }

    public FixedArray array() {
        return array;
    }

    private ChunkLocation location(ChunkElement e) {
        return array.elementFormat().filtered() ? new ChunkLocation(e.address(), e.chunkSize(), e.filterMask())
                : new ChunkLocation(e.address(), geometry.chunkBytes(), 0);
    }

    @Override
    public ChunkLocation find(long[] scaled) {
        if (!geometry.inMaxGrid(scaled)) return null;
        ChunkElement e = array.get(geometry.fixedArrayIndex(scaled));
        return e == null ? null : location(e);
    }

    @Override
    public void forEachBlock(org.h5vds.format.BlockVisitor visitor) {
        if (array != null) array.forEachBlock(visitor);
    }

    @Override
    public void forEach(Visitor visitor) {
        array.forEach((index, e) -> visitor.chunk(geometry.fixedArrayScaled(index), location(e)));
    }
}
