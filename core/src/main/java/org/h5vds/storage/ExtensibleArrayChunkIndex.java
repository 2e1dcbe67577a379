package org.h5vds.storage;

import org.h5vds.format.ChunkElement;
import org.h5vds.format.ExtensibleArray;
import org.h5vds.format.FileContext;

/**
 * The "extensible array" chunk index of layout message version 4 (exactly one unlimited
 * dimension): chunks numbered by {@link ChunkGeometry#extensibleArrayIndex}. A lookup is O(1): at
 * most three block reads, cached.
 */
public final class ExtensibleArrayChunkIndex implements ChunkIndex {
    private final ChunkGeometry geometry;
    private final ExtensibleArray array;

    /** @param headerAddress the layout message's index address (the extensible array header) */
    public ExtensibleArrayChunkIndex(FileContext ctx, long headerAddress, ChunkGeometry geometry) {
        if (geometry.unlimitedDim() < 0) throw new IllegalArgumentException("an extensible array index needs an unlimited dimension: " + geometry);
        this.geometry = geometry;
        this.array = ExtensibleArray.open(ctx, headerAddress);
    }

    /** The index over {@code array} as it is in memory (the array a SWMR writer's in-place update left, see {@link ChunkIndexUpdate#appendInPlace}). */
    ExtensibleArrayChunkIndex(ChunkGeometry geometry, ExtensibleArray array) {
        this.geometry = geometry;
        this.array = array;
    }

    public ExtensibleArray array() {
        return array;
    }

    private ChunkLocation location(ChunkElement e) {
        return array.elementFormat().filtered() ? new ChunkLocation(e.address(), e.chunkSize(), e.filterMask())
                : new ChunkLocation(e.address(), geometry.chunkBytes(), 0);
    }

    @Override
    public ChunkLocation find(long[] scaled) {
        if (!geometry.inMaxGrid(scaled)) return null;
        long index;
        try {
            index = geometry.extensibleArrayIndex(scaled);
        } catch (ArithmeticException e) {
            return null; // beyond any index the array can hold
        }
        ChunkElement e = array.get(index);
        return e == null ? null : location(e);
    }

    @Override
    public void forEachBlock(org.h5vds.format.BlockVisitor visitor) {
        if (array != null) array.forEachBlock(visitor);
    }

    @Override
    public void forEach(Visitor visitor) {
        array.forEach((index, e) -> visitor.chunk(geometry.extensibleArrayScaled(index), location(e)));
    }
}
