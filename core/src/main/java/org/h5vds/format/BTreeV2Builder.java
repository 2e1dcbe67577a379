package org.h5vds.format;

import org.h5vds.io.SpaceAllocator;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * Builds a complete version 2 B-tree from records already in key order: a header and as many
 * levels of nodes as the records need (spec III.A.2). The tree is bulk-loaded with the smallest
 * depth that holds the records, and every level's records spread evenly over its nodes, so no
 * node is more than full or (except the root) much below half full; libhdf5 reads such trees and
 * can keep inserting into or removing from them.
 *
 * <p>As libhdf5 does, an empty tree is not written at all: {@link #build} then returns the
 * undefined address and no blocks (libhdf5 creates chunk and dense link indexes with their first
 * record).
 */
public final class BTreeV2Builder {
    /** H5G_NAME_BT2_NODE_SIZE: node size of a group's link name index. */
    public static final int LINK_NAME_NODE_SIZE = 512;
    /** H5D_BT2_NODE_SIZE: node size of a chunk index. */
    public static final int CHUNK_NODE_SIZE = 2048;
    /** libhdf5's split percent for both (H5G_NAME_BT2_SPLIT_PERC, H5D_BT2_SPLIT_PERC). */
    public static final int SPLIT_PERCENT = 100;
    /** libhdf5's merge percent for both (H5G_NAME_BT2_MERGE_PERC, H5D_BT2_MERGE_PERC). */
    public static final int MERGE_PERCENT = 40;
    /** Length of the heap IDs libhdf5's dense link storage heaps hand out (H5G_DENSE_FHEAP_ID_LEN). */
    public static final int LINK_HEAP_ID_LENGTH = 7;

    private final BTreeV2RecordFormat format;
    private final long nodeSize;
    private final int splitPercent;
    private final int mergePercent;
    private final int offsetSize;
    private final int lengthSize;

    public BTreeV2Builder(BTreeV2RecordFormat format, long nodeSize, int splitPercent, int mergePercent, int offsetSize, int lengthSize) {
        this.format = format;
        this.nodeSize = nodeSize;
        this.splitPercent = splitPercent;
        this.mergePercent = mergePercent;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
        BTreeV2NodeSizes.of(nodeSize, format.recordSize(), offsetSize, 0);
    }

    /** A group's link name index (type 5) with libhdf5's defaults. */
    public static BTreeV2Builder forLinkNames(int offsetSize, int lengthSize) {
        BTreeV2RecordFormat f = BTreeV2RecordFormat.of(BTreeV2Header.TYPE_LINK_NAME, 4 + LINK_HEAP_ID_LENGTH, offsetSize, lengthSize, 0);
        return new BTreeV2Builder(f, LINK_NAME_NODE_SIZE, SPLIT_PERCENT, MERGE_PERCENT, offsetSize, lengthSize);
    }

    /** An object's dense attribute name index (type 8) with libhdf5's defaults (H5A_NAME_BT2_NODE_SIZE, same split and merge). */
    public static BTreeV2Builder forAttributeNames(int offsetSize, int lengthSize) {
        BTreeV2RecordFormat f = BTreeV2RecordFormat.of(BTreeV2Header.TYPE_ATTRIBUTE_NAME, 8 + 1 + 4 + 4, offsetSize, lengthSize, 0);
        return new BTreeV2Builder(f, LINK_NAME_NODE_SIZE, SPLIT_PERCENT, MERGE_PERCENT, offsetSize, lengthSize);
    }

    /** A chunk index without filters (type 10) with libhdf5's defaults. */
    public static BTreeV2Builder forChunks(int offsetSize, int lengthSize, int rank) {
        return new BTreeV2Builder(BTreeV2RecordFormat.forChunks(false, offsetSize, lengthSize, rank, 0), CHUNK_NODE_SIZE, SPLIT_PERCENT,
                MERGE_PERCENT, offsetSize, lengthSize);
    }

    /** A chunk index with filters (type 11) with libhdf5's defaults; see {@link ChunkElementFormat#chunkSizeWidth}. */
    public static BTreeV2Builder forFilteredChunks(int offsetSize, int lengthSize, int rank, int chunkSizeWidth) {
        return new BTreeV2Builder(BTreeV2RecordFormat.forChunks(true, offsetSize, lengthSize, rank, chunkSizeWidth), CHUNK_NODE_SIZE,
                SPLIT_PERCENT, MERGE_PERCENT, offsetSize, lengthSize);
    }

    public BTreeV2RecordFormat recordFormat() {
        return format;
    }

    /**
     * Builds the tree.
     *
     * @param records the records in the tree's key order; checked for link names (non-decreasing
     *                unsigned hash) and chunks (strictly increasing scaled coordinates)
     */
    public EncodedStructure build(List<? extends BTreeV2Record> records, SpaceAllocator allocator) {
        checkOrder(records);
        if (records.isEmpty()) return new EncodedStructure(Cursor.UNDEFINED, List.of());
        int depth = 0;
        BTreeV2NodeSizes sizes = BTreeV2NodeSizes.of(nodeSize, format.recordSize(), offsetSize, 0);
        while (sizes.cumulativeMaxRecords(depth) < records.size()) {
            depth++;
            sizes = BTreeV2NodeSizes.of(nodeSize, format.recordSize(), offsetSize, depth);
        }
        long headerAddress = allocator.allocate(BTreeV2Header.size(offsetSize, lengthSize));
        List<EncodedBlock> blocks = new ArrayList<>();
        BTreeV2Node.ChildPointer root = subtree(records, depth, sizes, allocator, blocks);
        BTreeV2Header header = new BTreeV2Header(format.type(), nodeSize, format.recordSize(), depth, splitPercent, mergePercent,
                root.address(), root.numberOfRecords(), root.totalNumberOfRecords());
        blocks.add(0, new EncodedBlock(headerAddress, header.encode(offsetSize, lengthSize)));
        return new EncodedStructure(headerAddress, blocks);
    }

    private BTreeV2Node.ChildPointer subtree(List<? extends BTreeV2Record> records, int depth, BTreeV2NodeSizes sizes,
                                             SpaceAllocator allocator, List<EncodedBlock> blocks) {
        int n = records.size();
        List<BTreeV2Record> own = new ArrayList<>();
        List<BTreeV2Node.ChildPointer> children = new ArrayList<>();
        if (depth == 0) {
            own.addAll(records);
        } else {
            // the fewest children that can hold the records, the records spread evenly over them
            long below = sizes.cumulativeMaxRecords(depth - 1);
            int k = (int) Math.max(2, (n + below + 1) / (below + 1));
            if (k - 1 > sizes.maxRecords(depth) || n < 2 * k - 1) {
                // cannot happen for a tree of minimal depth unless nodes hold fewer than 2 records
                throw new IllegalStateException(n + " records cannot be spread over a subtree of depth " + depth
                        + " without empty nodes");
            }
            int perChild = (n - (k - 1)) / k;
            int extra = (n - (k - 1)) % k;
            int from = 0;
            for (int i = 0; i < k; i++) {
                int count = perChild + (i < extra ? 1 : 0);
                children.add(subtree(records.subList(from, from + count), depth - 1, sizes, allocator, blocks));
                from += count;
                if (i < k - 1) own.add(records.get(from++));
            }
        }
        long address = allocator.allocate(nodeSize);
        BTreeV2Node node = new BTreeV2Node(address, depth, own, children);
        blocks.add(new EncodedBlock(address, node.encode(format.type(), sizes, format, offsetSize, lengthSize)));
        return new BTreeV2Node.ChildPointer(address, own.size(), n);
    }

    private void checkOrder(List<? extends BTreeV2Record> records) {
        for (int i = 1; i < records.size(); i++) {
            BTreeV2Record a = records.get(i - 1);
            BTreeV2Record b = records.get(i);
            if (a instanceof BTreeV2Record.LinkName x && b instanceof BTreeV2Record.LinkName y) {
                if (Integer.compareUnsigned(x.hash(), y.hash()) > 0) {
                    throw new IllegalArgumentException("link name records out of hash order at " + i + ": " + x + ", " + y);
                }
            } else if (a instanceof BTreeV2Record.ChunkRecord x && b instanceof BTreeV2Record.ChunkRecord y) {
                if (x.compareScaled(y.scaled()) >= 0) {
                    throw new IllegalArgumentException("chunk records out of order or repeated at " + i + ": " + x + ", " + y);
                }
            }
        }
    }
}
