package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * A version 2 B-tree node (spec III.A.2): a leaf ("BTLF") or an internal node ("BTIN"). A node does
 * not store its own record count nor depth; both come from the pointer that leads to it (the
 * header's root pointer or the parent's child pointer).
 * <pre>
 *   Leaf:      Signature "BTLF", Version 0, Type, Records 0..N-1, Checksum
 *   Internal:  Signature "BTIN", Version 0, Type, Records 0..N-1,
 *              then N+1 child pointers:  Child Node Pointer (O)
 *                                        Number of Records in Child Node (variable size)
 *                                        Total Number of Records in Child Node (variable size, depth > 1 only)
 *              Checksum
 * </pre>
 * The checksum covers the bytes before it; the rest of the node (up to Node Size) is unused.
 * Immutable.
 */
public final class BTreeV2Node {
    public static final String LEAF_SIGNATURE = "BTLF";
    public static final String INTERNAL_SIGNATURE = "BTIN";
    public static final int VERSION = 0;

    private final long address;
    private final int depth;
    private final List<BTreeV2Record> records;
    private final List<ChildPointer> children;

    /** A pointer to a child node: its address, its record count and the records of its whole subtree. */
    public record ChildPointer(long address, int numberOfRecords, long totalNumberOfRecords) {
    }

    public BTreeV2Node(long address, int depth, List<BTreeV2Record> records, List<ChildPointer> children) {
        if (depth == 0 ? !children.isEmpty() : children.size() != records.size() + 1) {
            throw new IllegalArgumentException("a node at depth " + depth + " with " + records.size() + " records has "
                    + children.size() + " children");
        }
        this.address = address;
        this.depth = depth;
        this.records = List.copyOf(records);
        this.children = List.copyOf(children);
    }

    public long address() {
        return address;
    }

    /** 0 for leaves. */
    public int depth() {
        return depth;
    }

    public boolean isLeaf() {
        return depth == 0;
    }

    public List<BTreeV2Record> records() {
        return records;
    }

    /** Empty for leaves; one more than the records otherwise. */
    public List<ChildPointer> children() {
        return children;
    }

    /**
     * Reads the node a pointer leads to.
     *
     * @param depth           the node's depth: 0 for leaves
     * @param numberOfRecords the record count from the pointer
     */
    public static BTreeV2Node read(FileContext ctx, long address, int type, BTreeV2NodeSizes sizes, BTreeV2RecordFormat format,
                                   int depth, int numberOfRecords) {
        Cursor c = ctx.read(address, sizes.nodeSize(), depth == 0 ? "v2 B-tree leaf node" : "v2 B-tree internal node");
        return decode(c, address, type, sizes, format, depth, numberOfRecords);
    }

    public static BTreeV2Node decode(Cursor c, long address, int type, BTreeV2NodeSizes sizes, BTreeV2RecordFormat format,
                                     int depth, int numberOfRecords) {
        String what = depth == 0 ? "v2 B-tree leaf node" : "v2 B-tree internal node";
        if (numberOfRecords > sizes.maxRecords(depth)) {
            throw c.error(what + ": " + numberOfRecords + " records, more than the " + sizes.maxRecords(depth)
                    + " a node of " + sizes.nodeSize() + " bytes holds at depth " + depth);
        }
        int start = c.position();
        c.expectSignature(depth == 0 ? LEAF_SIGNATURE : INTERNAL_SIGNATURE, what);
        c.version(c.u8(), what, VERSION);
        long typeAt = c.address0();
        int nodeType = c.u8();
        if (nodeType != type) {
            throw new H5FormatException(c.file(), typeAt, what + ": type " + nodeType + ", the tree's header says " + type);
        }
        List<BTreeV2Record> records = new ArrayList<>(numberOfRecords);
        for (int i = 0; i < numberOfRecords; i++) records.add(format.decode(c));
        List<ChildPointer> children = new ArrayList<>();
        if (depth > 0) {
            int countSize = sizes.maxRecordsSize();
            int totalSize = sizes.totalRecordsSize(depth);
            for (int i = 0; i <= numberOfRecords; i++) {
                long childAt = c.address0();
                long childAddress = c.address();
                long childRecords = c.uint(countSize);
                long total = totalSize > 0 ? c.uint(totalSize) : childRecords;
                if (childAddress == Cursor.UNDEFINED) {
                    throw new H5FormatException(c.file(), childAt, what + ": child " + i + " has the undefined address");
                }
                if (childRecords > sizes.maxRecords(depth - 1)) {
                    throw new H5FormatException(c.file(), childAt, what + ": child " + i + " has " + childRecords
                            + " records, more than the " + sizes.maxRecords(depth - 1) + " a node at depth " + (depth - 1) + " holds");
                }
                if (Long.compareUnsigned(total, sizes.cumulativeMaxRecords(depth - 1)) > 0 || total < childRecords) {
                    throw new H5FormatException(c.file(), childAt, what + ": child " + i + " claims " + Long.toUnsignedString(total)
                            + " records below it, impossible for a subtree of depth " + (depth - 1) + " with "
                            + childRecords + " records in its root");
                }
                children.add(new ChildPointer(childAddress, (int) childRecords, total));
            }
        }
        Checksum.verify(c, start, what);
        return new BTreeV2Node(address, depth, records, children);
    }

    /** Encodes the node, {@code Node Size} bytes, zero after the checksum. */
    public byte[] encode(int type, BTreeV2NodeSizes sizes, BTreeV2RecordFormat format, int offsetSize, int lengthSize) {
        if (records.size() > sizes.maxRecords(depth)) {
            throw new IllegalArgumentException(records.size() + " records exceed the " + sizes.maxRecords(depth) + " of depth " + depth);
        }
        Cursor c = Cursor.forWriting((int) sizes.nodeSize(), offsetSize, lengthSize);
        c.putSignature(depth == 0 ? LEAF_SIGNATURE : INTERNAL_SIGNATURE);
        c.putU8(VERSION);
        c.putU8(type);
        for (BTreeV2Record r : records) format.encode(c, r);
        for (ChildPointer p : children) {
            c.putAddress(p.address());
            c.putUint(p.numberOfRecords(), sizes.maxRecordsSize());
            if (sizes.totalRecordsSize(depth) > 0) c.putUint(p.totalNumberOfRecords(), sizes.totalRecordsSize(depth));
        }
        Checksum.append(c, 0);
        c.putZeros(c.remaining());
        return c.written();
    }
}
