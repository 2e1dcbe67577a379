package org.h5vds.format;

import org.h5vds.io.SpaceAllocator;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * Builds a version 1 B-tree (spec III.A.1) from its leaf entries in key order: nodes of at most
 * 2K children each, as few levels as the entries need, siblings linked level by level. The root
 * may be given an address of its own (libhdf5 keeps a group's B-tree root where it was created, and
 * caches that address in symbol table entries), so a rebuilt tree is switched to by rewriting its
 * root in place.
 *
 * <p>Keys follow libhdf5: in a chunk tree, key i of a node is the first chunk of child i and the
 * last key lies one chunk past the last chunk (H5D__btree_new_node: each offset advanced by one
 * chunk, the element dimension by one element, size and mask 0); in a group tree, key i+1 is the
 * local heap offset of the greatest name below child i and key 0 that of the empty name, 0.
 */
public final class BTreeV1Builder {
    /** One leaf entry: the child address and its left key (chunk trees) or its greatest name's heap offset (group trees). */
    public record ChunkEntry(long address, BTreeV1Node.ChunkKey key) {
    }

    private final int nodeType;
    private final int k;
    private final int dimensionality;
    private final int offsetSize;
    private final int lengthSize;

    private BTreeV1Builder(int nodeType, int k, int dimensionality, int offsetSize, int lengthSize) {
        if (k < 1) throw new IllegalArgumentException("K must be positive: " + k);
        this.nodeType = nodeType;
        this.k = k;
        this.dimensionality = dimensionality;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
    }

    /** A chunk tree of a dataset of {@code rank} dimensions with indexed storage internal node K {@code k}. */
    public static BTreeV1Builder chunks(int k, int rank, int offsetSize, int lengthSize) {
        return new BTreeV1Builder(BTreeV1Node.CHUNK_NODE, k, rank + 1, offsetSize, lengthSize);
    }

    /** A group tree with group internal node K {@code k}. */
    public static BTreeV1Builder groups(int k, int offsetSize, int lengthSize) {
        return new BTreeV1Builder(BTreeV1Node.GROUP_NODE, k, 0, offsetSize, lengthSize);
    }

    public int nodeSize() {
        return BTreeV1Node.size(nodeType, offsetSize, lengthSize, dimensionality, k);
    }

    /**
     * A chunk tree over {@code chunks} (in increasing offset order).
     *
     * @param rightKey the key past the last chunk
     * @param root     the root's address, or {@link Cursor#UNDEFINED} to allocate one
     */
    public EncodedStructure buildChunks(List<ChunkEntry> chunks, BTreeV1Node.ChunkKey rightKey, long root, SpaceAllocator allocator) {
        if (nodeType != BTreeV1Node.CHUNK_NODE) throw new IllegalStateException("not a chunk tree");
        List<Level> level = new ArrayList<>();
        for (ChunkEntry c : chunks) level.add(new Level(c.address(), null, c.key()));
        return build(level, null, rightKey, root, allocator);
    }

    /**
     * A group tree whose leaves point to symbol table nodes.
     *
     * @param nodes      the symbol table nodes' addresses, in name order
     * @param lastNames  for each, the heap offset of its greatest name
     * @param root       the root's address, or {@link Cursor#UNDEFINED} to allocate one
     */
    public EncodedStructure buildGroups(List<Long> nodes, List<Long> lastNames, long root, SpaceAllocator allocator) {
        if (nodeType != BTreeV1Node.GROUP_NODE) throw new IllegalStateException("not a group tree");
        List<Level> level = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) level.add(new Level(nodes.get(i), lastNames.get(i), null));
        return build(level, 0L, null, root, allocator);
    }

    /** A child of the level being built: its address and the key to its right (groups) or its first key (chunks). */
    private record Level(long address, Long groupRightKey, BTreeV1Node.ChunkKey chunkLeftKey) {
    }

    private EncodedStructure build(List<Level> entries, Long groupLeft, BTreeV1Node.ChunkKey chunkRight, long root, SpaceAllocator allocator) {
        List<EncodedBlock> blocks = new ArrayList<>();
        int level = 0;
        List<Level> current = entries;
        while (true) {
            int n = current.size();
            int nodes = Math.max(1, (n + 2 * k - 1) / (2 * k));
            boolean isRoot = nodes == 1;
            long[] addresses = new long[nodes];
            for (int i = 0; i < nodes; i++) addresses[i] = isRoot && root != Cursor.UNDEFINED ? root : allocator.allocate(nodeSize());
            List<Level> parents = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                int from = (int) ((long) n * i / nodes);
                int to = (int) ((long) n * (i + 1) / nodes);
                List<Level> mine = current.subList(from, to);
                long[] children = new long[mine.size()];
                for (int j = 0; j < children.length; j++) children[j] = mine.get(j).address();
                long left = isRoot || i == 0 ? Cursor.UNDEFINED : addresses[i - 1];
                long right = isRoot || i == nodes - 1 ? Cursor.UNDEFINED : addresses[i + 1];
                BTreeV1Node node;
                if (nodeType == BTreeV1Node.GROUP_NODE) {
                    long[] keys = new long[children.length + 1];
                    keys[0] = from == 0 ? groupLeft : current.get(from - 1).groupRightKey();
                    for (int j = 0; j < children.length; j++) keys[j + 1] = mine.get(j).groupRightKey();
                    node = BTreeV1Node.group(addresses[i], level, left, right, children, keys);
                    parents.add(new Level(addresses[i], keys[children.length], null));
                } else {
                    BTreeV1Node.ChunkKey[] keys = new BTreeV1Node.ChunkKey[children.length + 1];
                    for (int j = 0; j < children.length; j++) keys[j] = mine.get(j).chunkLeftKey();
                    keys[children.length] = to == n ? chunkRight : current.get(to).chunkLeftKey();
                    node = BTreeV1Node.chunk(addresses[i], level, left, right, children, keys);
                    parents.add(new Level(addresses[i], null, keys[0]));
                }
                blocks.add(new EncodedBlock(addresses[i], node.encode(offsetSize, lengthSize, dimensionality, k)));
            }
            if (isRoot) return new EncodedStructure(addresses[0], blocks);
            current = parents;
            level++;
            if (level > 255) throw new IllegalStateException("v1 B-tree deeper than 255 levels");
        }
    }
}
