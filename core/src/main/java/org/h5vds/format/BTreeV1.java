package org.h5vds.format;

import java.util.Arrays;
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
     * The chunk at the scaled coordinates {@code scaled} (chunk indexes, dataset rank values), as
     * libhdf5 1.10 and later finds it (H5Dbtree.c): each key's element offsets are divided by
     * {@code dims} (the chunk dimensions and, last, the element size) with the remainder dropped,
     * so offsets off the chunk grid, and the trailing "datatype dimension" below the element size,
     * are not seen; the descent compares the target (its last value 0) with each child's two keys
     * as H5D__btree_cmp3 does (lexicographically over all values, the datatype dimension included,
     * except for one-dimensional datasets, where it counts only against the right key); and the
     * leaf's left key is the chunk unless the target lies beyond it in some dimension
     * (H5D__btree_found). A corrupt key therefore loses exactly the chunks libhdf5 loses.
     *
     * @return the chunk, or null when libhdf5 would find none (it reads the fill value there)
     */
    public Chunk findChunk(long[] scaled, long[] dims) {
        if (nodeType != BTreeV1Node.CHUNK_NODE) throw new IllegalStateException("not a chunk tree");
        if (scaled.length != dimensionality - 1 || dims.length != dimensionality) {
            throw new IllegalArgumentException(scaled.length + " coordinates and " + dims.length + " dimensions for keys of "
                    + dimensionality + " values");
        }
        long[] target = Arrays.copyOf(scaled, dimensionality);
        return find((node, i) -> compareToChild(target, node.chunkKey(i).scaled(dims), node.chunkKey(i + 1).scaled(dims)),
                (leaf, i) -> {
                    long[] left = leaf.chunkKey(i).scaled(dims);
                    for (int u = 0; u < dimensionality; u++) {
                        if (Long.compareUnsigned(target[u], left[u] + 1) >= 0) return null;
                    }
                    return new Chunk(leaf.child(i), leaf.chunkKey(i));
                });
    }

    /** H5D__btree_cmp3: negative when the target lies before the child, positive when at or after its right key. */
    private int compareToChild(long[] target, long[] left, long[] right) {
        if (dimensionality == 2) {
            int c0 = Long.compareUnsigned(target[0], right[0]);
            if (c0 > 0 || c0 == 0 && Long.compareUnsigned(target[1], right[1]) >= 0) return 1;
            return Long.compareUnsigned(target[0], left[0]) < 0 ? -1 : 0;
        }
        if (compareUnsigned(target, right) >= 0) return 1;
        return compareUnsigned(target, left) < 0 ? -1 : 0;
    }

    private static int compareUnsigned(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = Long.compareUnsigned(a[i], b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Every chunk in offset order. */
    public void forEachChunk(Consumer<Chunk> visitor) {
        forEachLeafEntry((leaf, i) -> visitor.accept(new Chunk(leaf.child(i), leaf.chunkKey(i))));
    }
}
