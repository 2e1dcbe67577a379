package org.h5vds.format;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A whole version 1 B-tree, read lazily node by node through a bounded {@link NodeCache}. Walks
 * check what a corrupt file could break: every child sits exactly one level below its parent
 * (so a walk ends within 256 levels), no node is reached twice (cycles and shared subtrees), and
 * node types and entry counts are those of the tree (see {@link BTreeV1Node#decode}).
 *
 * <p>Safe to share between threads.
 */
public final class BTreeV1 {
    private final FileContext ctx;
    private final long rootAddress;
    private final int nodeType;
    private final int dimensionality;
    private final int k;
    private final NodeCache<BTreeV1Node> cache;

    /** Compares a search target with the key range of child {@code i} of {@code node}. */
    @FunctionalInterface
    public interface KeyRange {
        /** Negative: the target lies before child i; zero: within it; positive: after it. */
        int compare(BTreeV1Node node, int i);
    }

    @FunctionalInterface
    public interface LeafVisitor {
        /** Child {@code i} of the leaf {@code node}, in key order. */
        void visit(BTreeV1Node node, int i);
    }

    /** A chunk found in a chunk tree: its address and its key (size, filter mask, offsets). */
    public record Chunk(long address, BTreeV1Node.ChunkKey key) {
    }

    private BTreeV1(FileContext ctx, long rootAddress, int nodeType, int dimensionality, int k, NodeCache<BTreeV1Node> cache) {
        if (k < 1) throw new IllegalArgumentException("K must be positive: " + k);
        this.ctx = ctx;
        this.rootAddress = rootAddress;
        this.nodeType = nodeType;
        this.dimensionality = dimensionality;
        this.k = k;
        this.cache = cache;
    }

    /**
     * A chunk tree.
     *
     * @param dimensionality the layout message's dimensionality: dataset rank + 1
     * @param k              "Indexed Storage Internal Node K" ({@link BTreeV1Node#DEFAULT_CHUNK_K} unless the superblock says otherwise)
     */
    public static BTreeV1 chunks(FileContext ctx, long rootAddress, int dimensionality, int k) {
        if (dimensionality < 2) throw new IllegalArgumentException("chunk tree dimensionality is rank + 1, at least 2: " + dimensionality);
        return new BTreeV1(ctx, rootAddress, BTreeV1Node.CHUNK_NODE, dimensionality, k, new NodeCache<>());
    }

    /** A group tree; {@code k} is "Group Internal Node K" ({@link BTreeV1Node#DEFAULT_GROUP_K} by default). */
    public static BTreeV1 groups(FileContext ctx, long rootAddress, int k) {
        return new BTreeV1(ctx, rootAddress, BTreeV1Node.GROUP_NODE, 0, k, new NodeCache<>());
    }

    public long rootAddress() {
        return rootAddress;
    }

    public FileContext context() {
        return ctx;
    }

    /** The node at {@code address}, from the cache or the file. */
    public BTreeV1Node node(long address) {
        return cache.get(address, a -> BTreeV1Node.read(ctx, a, nodeType, dimensionality, k));
    }

    public BTreeV1Node root() {
        return node(rootAddress);
    }

    /** Visits every node of the tree (the root first, then depth first). */
    public void forEachNode(Consumer<BTreeV1Node> visitor) {
        walkNodes(root(), new HashSet<>(), visitor);
    }

    private void walkNodes(BTreeV1Node node, Set<Long> seen, Consumer<BTreeV1Node> visitor) {
        if (!seen.add(node.address())) throw ctx.error(node.address(), "v1 B-tree node is reached twice (a cycle or shared subtree)");
        visitor.accept(node);
        if (!node.isLeaf()) for (int i = 0; i < node.entriesUsed(); i++) walkNodes(node(node.child(i)), seen, visitor);
    }

    /** Visits every node's block (H5B_get_info counts the same). */
    public void forEachBlock(BlockVisitor visitor) {
        long size = BTreeV1Node.size(nodeType, ctx.offsetSize(), ctx.lengthSize(), dimensionality, k);
        forEachNode(n -> visitor.block(n.address(), size));
    }

    /** Visits every child of every leaf, in key order, checking the tree's shape on the way. */
    public void forEachLeafEntry(LeafVisitor visitor) {
        walk(root(), -1, new HashSet<>(), visitor);
    }

    private void walk(BTreeV1Node node, int expectedLevel, Set<Long> seen, LeafVisitor visitor) {
        if (expectedLevel >= 0 && node.nodeLevel() != expectedLevel) {
            throw ctx.error(node.address(), "v1 B-tree node has level " + node.nodeLevel() + ", expected " + expectedLevel
                    + " below its parent");
        }
        if (!seen.add(node.address())) {
            throw ctx.error(node.address(), "v1 B-tree node is reached twice (a cycle or shared subtree)");
        }
        if (node.isLeaf()) {
            for (int i = 0; i < node.entriesUsed(); i++) visitor.visit(node, i);
            return;
        }
        for (int i = 0; i < node.entriesUsed(); i++) walk(node(node.child(i)), node.nodeLevel() - 1, seen, visitor);
    }

    /**
     * Descends from the root to the leaf child whose key range holds the target, binary searching
     * each node as libhdf5's H5B_find does. Calls {@code found} with that leaf and index and returns
     * its result, or returns null when no child's range holds the target.
     */
    public <T> T find(KeyRange range, BiFunction<BTreeV1Node, Integer, T> found) {
        BTreeV1Node node = root();
        while (true) {
            int lo = 0;
            int hi = node.entriesUsed();
            int hit = -1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int cmp = range.compare(node, mid);
                if (cmp < 0) {
                    hi = mid;
                } else if (cmp > 0) {
                    lo = mid + 1;
                } else {
                    hit = mid;
                    break;
                }
            }
            if (hit < 0) return null;
            if (node.isLeaf()) return found.apply(node, hit);
            BTreeV1Node child = node(node.child(hit));
            if (child.nodeLevel() != node.nodeLevel() - 1) {
                throw ctx.error(child.address(), "v1 B-tree node has level " + child.nodeLevel() + ", expected "
                        + (node.nodeLevel() - 1) + " below its parent");
            }
            node = child;
        }
    }

    /**
     * The chunk whose element offsets equal {@code offsets} (dataset rank + 1 values, the last 0),
     * or null when the tree holds no such chunk.
     */
    public Chunk findChunk(long[] offsets) {
        if (nodeType != BTreeV1Node.CHUNK_NODE) throw new IllegalStateException("not a chunk tree");
        if (offsets.length != dimensionality) {
            throw new IllegalArgumentException("chunk offsets have " + offsets.length + " values, the tree's keys " + dimensionality);
        }
        // key i is the first chunk of child i: child i holds key[i] <= target < key[i+1]
        return find((node, i) -> {
            if (node.chunkKey(i).compareOffsets(offsets) > 0) return -1;
            if (node.chunkKey(i + 1).compareOffsets(offsets) <= 0) return 1;
            return 0;
        }, (leaf, i) -> leaf.chunkKey(i).compareOffsets(offsets) == 0 ? new Chunk(leaf.child(i), leaf.chunkKey(i)) : null);
    }

    /** Every chunk in offset order. */
    public void forEachChunk(Consumer<Chunk> visitor) {
        forEachLeafEntry((leaf, i) -> visitor.accept(new Chunk(leaf.child(i), leaf.chunkKey(i))));
    }
}
