package org.h5vds.format;

/**
 * What each level of a v2 B-tree can hold, computed from the node and record sizes exactly as
 * libhdf5's H5B2__hdr_init does, because the widths of the child pointer fields in internal nodes
 * depend on it (spec III.A.2, "Number of Records in Child Node" and "Total Number of Records in
 * Child Node"):
 * <ul>
 * <li>leaf: max records = (node size - 10) / record size, where 10 is signature, version, type and
 *     checksum;
 * <li>every child pointer's record count is as wide as needed for the leaf's max records (the
 *     largest node count of any level): {@code log2(max) / 8 + 1} bytes;
 * <li>level d ≥ 1: a child pointer is address + that count + (for d > 1) the total below the child,
 *     as wide as level d-1's cumulative max; max records = (node size - 10 - pointer) / (record
 *     size + pointer), the extra pointer accounting for the one more child than records;
 * <li>cumulative max at level d = (max(d) + 1) × cumulative max(d-1) + max(d).
 * </ul>
 * Immutable.
 */
public final class BTreeV2NodeSizes {
    /** Signature, version, type and checksum of every node. */
    public static final int NODE_OVERHEAD = 4 + 1 + 1 + 4;

    private final long nodeSize;
    private final int recordSize;
    private final int offsetSize;
    private final int[] maxRecords;
    private final long[] cumulativeMaxRecords;
    private final int[] cumulativeMaxRecordsSize;
    private final int maxRecordsSize;

    private BTreeV2NodeSizes(long nodeSize, int recordSize, int offsetSize, int[] maxRecords, long[] cumulative,
                             int[] cumulativeSize, int maxRecordsSize) {
        this.nodeSize = nodeSize;
        this.recordSize = recordSize;
        this.offsetSize = offsetSize;
        this.maxRecords = maxRecords;
        this.cumulativeMaxRecords = cumulative;
        this.cumulativeMaxRecordsSize = cumulativeSize;
        this.maxRecordsSize = maxRecordsSize;
    }

    /**
     * The sizes of levels 0..depth.
     *
     * @throws IllegalArgumentException when nodes this small cannot hold a tree that deep, or the
     *                                  counts would not fit in 63 bits; callers decoding a file turn
     *                                  this into a format error
     */
    public static BTreeV2NodeSizes of(long nodeSize, int recordSize, int offsetSize, int depth) {
        if (recordSize < 1) throw new IllegalArgumentException("record size must be positive");
        if (depth < 0) throw new IllegalArgumentException("negative depth");
        int[] max = new int[depth + 1];
        long[] cum = new long[depth + 1];
        int[] cumSize = new int[depth + 1];
        long leaf = (nodeSize - NODE_OVERHEAD) / recordSize;
        if (leaf < 1) throw new IllegalArgumentException("a node of " + nodeSize + " bytes holds no record of " + recordSize + " bytes");
        if (leaf > 0xFFFF) throw new IllegalArgumentException("a leaf of " + nodeSize + " bytes would hold " + leaf + " records, more than 65535");
        max[0] = (int) leaf;
        cum[0] = leaf;
        cumSize[0] = 0;
        int maxRecordsSize = encodedSize(leaf);
        for (int d = 1; d <= depth; d++) {
            long pointer = (long) offsetSize + maxRecordsSize + cumSize[d - 1];
            long n = (nodeSize - (NODE_OVERHEAD + pointer)) / (recordSize + pointer);
            if (n < 1) throw new IllegalArgumentException("an internal node of " + nodeSize + " bytes at depth " + d + " holds no record");
            max[d] = (int) n;
            try {
                cum[d] = Math.addExact(Math.multiplyExact(n + 1, cum[d - 1]), n);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("a v2 B-tree of depth " + depth + " would hold more than 2^63 records");
            }
            cumSize[d] = encodedSize(cum[d]);
        }
        return new BTreeV2NodeSizes(nodeSize, recordSize, offsetSize, max, cum, cumSize, maxRecordsSize);
    }

    /** libhdf5's H5VM_limit_enc_size: bytes to store values up to {@code v}. */
    static int encodedSize(long v) {
        int log2 = v == 0 ? 0 : 63 - Long.numberOfLeadingZeros(v);
        return log2 / 8 + 1;
    }

    public int depth() {
        return maxRecords.length - 1;
    }

    public long nodeSize() {
        return nodeSize;
    }

    public int recordSize() {
        return recordSize;
    }

    /** Most records a node at {@code depth} holds (depth 0: leaves). */
    public int maxRecords(int depth) {
        return maxRecords[depth];
    }

    /** Most records a subtree whose root is at {@code depth} holds. */
    public long cumulativeMaxRecords(int depth) {
        return cumulativeMaxRecords[depth];
    }

    /** Width of the "Number of Records in Child Node" field. */
    public int maxRecordsSize() {
        return maxRecordsSize;
    }

    /** Width of the "Total Number of Records in Child Node" field in a node at {@code depth} (0 when depth is 1). */
    public int totalRecordsSize(int depth) {
        return depth > 1 ? cumulativeMaxRecordsSize[depth - 1] : 0;
    }

    /** Size of one child pointer in a node at {@code depth}. */
    public int pointerSize(int depth) {
        return offsetSize + maxRecordsSize + totalRecordsSize(depth);
    }
}
