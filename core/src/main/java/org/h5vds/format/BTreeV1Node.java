package org.h5vds.format;

import java.util.Arrays;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * A version 1 B-tree node (spec III.A.1, signature "TREE"). Group trees (node type 0) key their
 * children by local-heap offsets of link names and point to symbol table nodes; chunk trees (node
 * type 1) key them by chunk offsets and point to raw data chunks. Internal and leaf nodes share the
 * layout:
 * <pre>
 *   Signature                 "TREE"
 *   Node Type                 1 byte
 *   Node Level                1 byte    0 for leaves
 *   Entries Used              2 bytes   N
 *   Address of Left Sibling   Size of Offsets
 *   Address of Right Sibling  Size of Offsets
 *   Key 0, Child 0, Key 1, ... Child N-1, Key N  (room for 2K children and 2K+1 keys)
 * </pre>
 * A group key is one "Size of Lengths" field (the name's heap offset). A chunk key is:
 * <pre>
 *   Size of chunk in bytes  4 bytes
 *   Filter mask             4 bytes
 *   Offsets                 (D + 1) x 8 bytes, element offsets of the chunk, the last always 0
 * </pre>
 * Key i of a chunk node is the first chunk of child i; key i+1 of a group node is the last name
 * of child i.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class BTreeV1Node {
    public static final String SIGNATURE = "TREE";
    public static final int GROUP_NODE = 0;
    public static final int CHUNK_NODE = 1;
    /** libhdf5's default "Group Internal Node K": group tree nodes hold up to 32 children. */
    public static final int DEFAULT_GROUP_K = 16;
    /** libhdf5's default "Indexed Storage Internal Node K": chunk tree nodes hold up to 64 children. */
    public static final int DEFAULT_CHUNK_K = 32;

    private final long address;
    private final int nodeType;
    private final int nodeLevel;
    private final long leftSibling;
    private final long rightSibling;
    private final long[] children;
    private final long[] groupKeys;
    private final ChunkKey[] chunkKeys;

    /** The key of a chunk tree: the chunk's stored size, filter mask and element offsets (D + 1 values). */
    public record ChunkKey(long chunkSize, int filterMask, long[] offsets) {
        public ChunkKey {
            offsets = offsets.clone();
        }

        @Override
        public long[] offsets() {
            return offsets.clone();
        }

        public long offset(int dim) {
            return offsets[dim];
        }

        public int dimensionality() {
            return offsets.length;
        }

        /**
         * The offsets divided by {@code dims} (chunk dimensions, then the element size), remainders
         * dropped: the scaled coordinates libhdf5 1.10+ decodes a key into (H5D__btree_decode_key).
         */
        public long[] scaled(long[] dims) {
            long[] s = new long[offsets.length];
            for (int i = 0; i < s.length; i++) s[i] = Long.divideUnsigned(offsets[i], dims[i]);
            return s;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ChunkKey k && k.chunkSize == chunkSize && k.filterMask == filterMask && Arrays.equals(k.offsets, offsets);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(chunkSize) * 31 + filterMask * 17 + Arrays.hashCode(offsets);
        }

        @Override
        public String toString() {
            return "ChunkKey[size=" + chunkSize + ", mask=" + filterMask + ", offsets=" + Arrays.toString(offsets) + "]";
        }
    }

    private BTreeV1Node(long address, int nodeType, int nodeLevel, long leftSibling, long rightSibling,
                        long[] children, long[] groupKeys, ChunkKey[] chunkKeys) {
        this.address = address;
        this.nodeType = nodeType;
        this.nodeLevel = nodeLevel;
        this.leftSibling = leftSibling;
        this.rightSibling = rightSibling;
        this.children = children;
        this.groupKeys = groupKeys;
        this.chunkKeys = chunkKeys;
    }

    /** A group node; {@code keys} has one more element than {@code children}. */
    public static BTreeV1Node group(long address, int level, long left, long right, long[] children, long[] keys) {
        if (keys.length != children.length + 1) throw new IllegalArgumentException("a node has one key more than children");
        return new BTreeV1Node(address, GROUP_NODE, level, left, right, children.clone(), keys.clone(), null);
    }

    /** A chunk node; {@code keys} has one more element than {@code children}. */
    public static BTreeV1Node chunk(long address, int level, long left, long right, long[] children, ChunkKey[] keys) {
        if (keys.length != children.length + 1) throw new IllegalArgumentException("a node has one key more than children");
        return new BTreeV1Node(address, CHUNK_NODE, level, left, right, children.clone(), null, keys.clone());
    }

    public long address() {
        return address;
    }

    public int nodeType() {
        return nodeType;
    }

    public int nodeLevel() {
        return nodeLevel;
    }

    public boolean isLeaf() {
        return nodeLevel == 0;
    }

    public int entriesUsed() {
        return children.length;
    }

    public long leftSibling() {
        return leftSibling;
    }

    public long rightSibling() {
        return rightSibling;
    }

    public long child(int i) {
        return children[i];
    }

    /** Key i (0..entriesUsed) of a group node: a local heap offset. */
    public long groupKey(int i) {
        if (groupKeys == null) throw new IllegalStateException("not a group node");
        return groupKeys[i];
    }

    /** Key i (0..entriesUsed) of a chunk node. */
    public ChunkKey chunkKey(int i) {
        if (chunkKeys == null) throw new IllegalStateException("not a chunk node");
        return chunkKeys[i];
    }

    /** Size of one key: a length for group trees, 8 + 8 × dimensionality for chunk trees. */
    public static int keySize(int nodeType, int lengthSize, int dimensionality) {
        return nodeType == GROUP_NODE ? lengthSize : 4 + 4 + 8 * dimensionality;
    }

    /** Bytes of a node with room for {@code 2K} children. */
    public static int size(int nodeType, int offsetSize, int lengthSize, int dimensionality, int k) {
        return 4 + 1 + 1 + 2 + 2 * offsetSize + 2 * k * offsetSize + (2 * k + 1) * keySize(nodeType, lengthSize, dimensionality);
    }

    /**
     * Reads the node at {@code address}.
     *
     * @param nodeType       the type the tree must have (a group tree's nodes are all type 0)
     * @param dimensionality chunk trees: the layout's dimensionality, dataset rank + 1; ignored for groups
     * @param k              the tree's K: a node holds at most 2K children
     */
    public static BTreeV1Node read(FileContext ctx, long address, int nodeType, int dimensionality, int k) {
        // libhdf5 allocates and writes every node at full size, used or not
        Cursor c = ctx.read(address, size(nodeType, ctx.offsetSize(), ctx.lengthSize(), dimensionality, k), "v1 B-tree node");
        return decode(c, address, nodeType, dimensionality, k);
    }

    public static BTreeV1Node decode(Cursor c, long address, int expectedType, int dimensionality, int k) {
        c.expectSignature(SIGNATURE, "v1 B-tree node");
        long typeAt = c.address0();
        int nodeType = c.u8();
        if (nodeType != expectedType) {
            throw new H5FormatException(c.file(), typeAt, "v1 B-tree node: node type " + nodeType + ", expected "
                    + expectedType + (expectedType == GROUP_NODE ? " (group nodes)" : " (raw data chunks)"));
        }
        int nodeLevel = c.u8();
        long usedAt = c.address0();
        int entriesUsed = c.u16();
        if (entriesUsed > 2 * k) {
            throw new H5FormatException(c.file(), usedAt, "v1 B-tree node: " + entriesUsed
                    + " entries used, more than the " + 2 * k + " a node holds (2K, K = " + k + ")");
        }
        long leftSibling = c.address();
        long rightSibling = c.address();
        long[] children = new long[entriesUsed];
        if (nodeType == GROUP_NODE) {
            long[] keys = new long[entriesUsed + 1];
            for (int i = 0; i < entriesUsed; i++) {
                keys[i] = c.length();
                children[i] = childAddress(c, i);
            }
            keys[entriesUsed] = c.length();
            return new BTreeV1Node(address, nodeType, nodeLevel, leftSibling, rightSibling, children, keys, null);
        }
        ChunkKey[] keys = new ChunkKey[entriesUsed + 1];
        for (int i = 0; i < entriesUsed; i++) {
            keys[i] = decodeChunkKey(c, dimensionality);
            children[i] = childAddress(c, i);
        }
        keys[entriesUsed] = decodeChunkKey(c, dimensionality);
        return new BTreeV1Node(address, nodeType, nodeLevel, leftSibling, rightSibling, children, null, keys);
    }

    private static long childAddress(Cursor c, int i) {
        long at = c.address0();
        long a = c.address();
        if (a == Cursor.UNDEFINED) throw new H5FormatException(c.file(), at, "v1 B-tree node: child " + i + " has the undefined address");
        return a;
    }

    private static ChunkKey decodeChunkKey(Cursor c, int dimensionality) {
        long chunkSize = c.u32();
        int filterMask = (int) c.u32();
        long[] offsets = new long[dimensionality];
        for (int d = 0; d < dimensionality; d++) offsets[d] = c.u64();
        return new ChunkKey(chunkSize, filterMask, offsets);
    }

    /** Encodes the whole node with room for 2K children; unused keys and children are zero. */
    public byte[] encode(int offsetSize, int lengthSize, int dimensionality, int k) {
        if (children.length > 2 * k) throw new IllegalArgumentException(children.length + " children exceed 2K = " + 2 * k);
        Cursor c = Cursor.forWriting(size(nodeType, offsetSize, lengthSize, dimensionality, k), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(nodeType);
        c.putU8(nodeLevel);
        c.putU16(children.length);
        c.putAddress(leftSibling);
        c.putAddress(rightSibling);
        for (int i = 0; i <= children.length; i++) {
            if (nodeType == GROUP_NODE) {
                c.putLength(groupKeys[i]);
            } else {
                ChunkKey key = chunkKeys[i];
                if (key.dimensionality() != dimensionality) throw new IllegalArgumentException("key has " + key.dimensionality() + " offsets, expected " + dimensionality);
                c.putU32(key.chunkSize());
                c.putU32(key.filterMask() & 0xFFFFFFFFL);
                for (int d = 0; d < dimensionality; d++) c.putU64(key.offset(d));
            }
            if (i < children.length) c.putAddress(children[i]);
        }
        c.putZeros(c.remaining());
        return c.written();
    }
}
