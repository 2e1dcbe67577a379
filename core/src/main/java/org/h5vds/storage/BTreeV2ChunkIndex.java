package org.h5vds.storage;

import org.h5vds.format.BTreeV2;
import org.h5vds.format.BTreeV2Header;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.ChunkElement;
import org.h5vds.format.FileContext;

/**
 * The "v2 B-tree" chunk index of layout message version 4 (datasets with more than one unlimited
 * dimension): records of type 10 (no filters) or 11 (filters) keyed by scaled coordinates.
 * Lookups descend the tree in O(log n) node reads, cached.
 */
public final class BTreeV2ChunkIndex implements ChunkIndex {
    private final ChunkGeometry geometry;
    private final BTreeV2 btree;
    private final boolean filtered;

    /** @param headerAddress the layout message's index address (the B-tree header) */
    public BTreeV2ChunkIndex(FileContext ctx, long headerAddress, ChunkGeometry geometry) {
        this.geometry = geometry;
        this.btree = BTreeV2.open(ctx, headerAddress, geometry.rank());
        int type = btree.header().type();
        if (type != BTreeV2Header.TYPE_CHUNK && type != BTreeV2Header.TYPE_FILTERED_CHUNK) {
            throw ctx.error(headerAddress, "v2 B-tree of type " + type + " is not a chunk index (types 10 and 11)");
        }
        this.filtered = type == BTreeV2Header.TYPE_FILTERED_CHUNK;
    }

    public BTreeV2 btree() {
        return btree;
    }

    private ChunkLocation location(BTreeV2Record.ChunkRecord r) {
        ChunkElement e = r.element();
        return filtered ? new ChunkLocation(e.address(), e.chunkSize(), e.filterMask()) : new ChunkLocation(e.address(), geometry.chunkBytes(), 0);
    }

    @Override
    public ChunkLocation find(long[] scaled) {
        geometry.checkRank(scaled);
        BTreeV2Record.ChunkRecord r = btree.findChunk(scaled);
        return r == null || !r.element().isAllocated() ? null : location(r);
    }

    @Override
    public void forEachBlock(org.h5vds.format.BlockVisitor visitor) {
        if (btree != null) btree.forEachBlock(visitor);
    }

    @Override
    public void forEach(Visitor visitor) {
        btree.forEach(record -> {
            BTreeV2Record.ChunkRecord r = (BTreeV2Record.ChunkRecord) record;
            if (r.element().isAllocated()) visitor.chunk(r.scaled(), location(r));
        });
    }
}
