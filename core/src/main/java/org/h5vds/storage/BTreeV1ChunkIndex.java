package org.h5vds.storage;

import java.util.Arrays;
import org.h5vds.format.BTreeV1;
import org.h5vds.format.BTreeV1Node;
import org.h5vds.format.FileContext;
import org.h5vds.io.Cursor;

/**
 * The chunk index of data layout messages before version 4 (and of version 4 with the "v1 B-tree"
 * index type): a v1 B-tree of node type 1 keyed by element offsets. Lookups descend the tree in
 * O(log n) node reads, cached.
 */
public final class BTreeV1ChunkIndex implements ChunkIndex {
    private final ChunkGeometry geometry;
    private final BTreeV1 btree;
    /** What key offsets are divided by: the chunk dimensions, then the element size (the "datatype dimension"). */
    private final long[] keyDims;

    /** With libhdf5's default "Indexed Storage Internal Node K" (32). */
    public BTreeV1ChunkIndex(FileContext ctx, long btreeAddress, ChunkGeometry geometry) {
        this(ctx, btreeAddress, geometry, BTreeV1Node.DEFAULT_CHUNK_K);
    }

    /**
     * @param btreeAddress the layout message's B-tree address; undefined when no chunk was written
     * @param k            the superblock's "Indexed Storage Internal Node K"
     */
    public BTreeV1ChunkIndex(FileContext ctx, long btreeAddress, ChunkGeometry geometry, int k) {
        this.geometry = geometry;
        this.keyDims = new long[geometry.rank() + 1];
        for (int d = 0; d < geometry.rank(); d++) keyDims[d] = geometry.chunkDim(d);
        keyDims[geometry.rank()] = geometry.elementSize();
        this.btree = btreeAddress == Cursor.UNDEFINED ? null : BTreeV1.chunks(ctx, btreeAddress, geometry.rank() + 1, k);
    }

    /** The tree, or null when no chunk was written. */
    public BTreeV1 btree() {
        return btree;
    }

    @Override
    public ChunkLocation find(long[] scaled) {
        geometry.checkRank(scaled);
        if (btree == null) return null;
        BTreeV1.Chunk hit = btree.findChunk(scaled, keyDims);
        return hit == null ? null : new ChunkLocation(hit.address(), hit.key().chunkSize(), hit.key().filterMask());
    }

    /**
     * Every chunk in key order, at the scaled coordinates libhdf5 gives it when it iterates the
     * index (H5D__btree_idx_iterate_cb): each key's offsets divided by the chunk dimensions,
     * remainders dropped.
     */
    @Override
    public void forEachBlock(org.h5vds.format.BlockVisitor visitor) {
        if (btree != null) btree.forEachBlock(visitor);
    }

    @Override
    public void forEach(Visitor visitor) {
        if (btree == null) return;
        btree.forEachLeafEntry((leaf, i) -> {
            BTreeV1Node.ChunkKey key = leaf.chunkKey(i);
            long[] scaled = Arrays.copyOf(key.scaled(keyDims), geometry.rank());
            visitor.chunk(scaled, new ChunkLocation(leaf.child(i), key.chunkSize(), key.filterMask()));
        });
    }
}
