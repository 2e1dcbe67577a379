package org.h5vds.format;

import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * The header of a version 2 B-tree (spec III.A.2, signature "BTHD").
 * <pre>
 *   Signature                          "BTHD"
 *   Version                            0
 *   Type                               1 byte   record type, 1..11
 *   Node Size                          4 bytes  every node, internal or leaf
 *   Record Size                        2 bytes
 *   Depth                              2 bytes  0: the root is a leaf
 *   Split Percent                      1 byte
 *   Merge Percent                      1 byte
 *   Root Node Address                  Size of Offsets, undefined for an empty tree
 *   Number of Records in Root Node     2 bytes
 *   Total Number of Records in B-tree  Size of Lengths
 *   Checksum                           4 bytes, lookup3 of all bytes before it
 * </pre>
 */
public record BTreeV2Header(int type, long nodeSize, int recordSize, int depth, int splitPercent, int mergePercent,
                            long rootNodeAddress, int numberOfRecordsInRoot, long totalNumberOfRecords) {
    public static final String SIGNATURE = "BTHD";
    public static final int VERSION = 0;

    public static final int TYPE_INDIRECT_HUGE_OBJECT = 1;
    public static final int TYPE_INDIRECT_FILTERED_HUGE_OBJECT = 2;
    public static final int TYPE_DIRECT_HUGE_OBJECT = 3;
    public static final int TYPE_DIRECT_FILTERED_HUGE_OBJECT = 4;
    public static final int TYPE_LINK_NAME = 5;
    public static final int TYPE_LINK_CREATION_ORDER = 6;
    public static final int TYPE_SHARED_MESSAGE = 7;
    public static final int TYPE_ATTRIBUTE_NAME = 8;
    public static final int TYPE_ATTRIBUTE_CREATION_ORDER = 9;
    public static final int TYPE_CHUNK = 10;
    public static final int TYPE_FILTERED_CHUNK = 11;

    public static int size(int offsetSize, int lengthSize) {
        return 4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + offsetSize + 2 + lengthSize + 4;
    }

    public boolean isEmpty() {
        return rootNodeAddress == Cursor.UNDEFINED;
    }

    public static BTreeV2Header read(FileContext ctx, long address) {
        Cursor c = ctx.read(address, size(ctx.offsetSize(), ctx.lengthSize()), "v2 B-tree header");
        return decode(c);
    }

    public static BTreeV2Header decode(Cursor c) {
        int start = c.position();
        c.expectSignature(SIGNATURE, "v2 B-tree header");
        c.version(c.u8(), "v2 B-tree header", VERSION);
        long typeAt = c.address0();
        int type = c.u8();
        long nodeSize = c.u32();
        int recordSize = c.u16();
        int depth = c.u16();
        int splitPercent = c.u8();
        int mergePercent = c.u8();
        long rootNodeAddress = c.address();
        int numberOfRecordsInRoot = c.u16();
        long totalAt = c.address0();
        long totalNumberOfRecords = c.length();
        Checksum.verify(c, start, "v2 B-tree header");
        if (type < TYPE_INDIRECT_HUGE_OBJECT || type > TYPE_FILTERED_CHUNK) {
            throw new H5FormatException(c.file(), typeAt, "v2 B-tree header: unknown B-tree type " + type + " (known: 1..11)");
        }
        if (recordSize == 0) throw new H5FormatException(c.file(), typeAt + 5, "v2 B-tree header: record size is 0");
        if (splitPercent < 1 || splitPercent > 100 || mergePercent < 1 || mergePercent > 100) {
            throw new H5FormatException(c.file(), typeAt + 9, "v2 B-tree header: split/merge percent " + splitPercent + "/"
                    + mergePercent + " outside 1..100");
        }
        if (rootNodeAddress == Cursor.UNDEFINED && (totalNumberOfRecords != 0 || numberOfRecordsInRoot != 0)) {
            throw new H5FormatException(c.file(), totalAt, "v2 B-tree header: " + Long.toUnsignedString(totalNumberOfRecords)
                    + " records but no root node");
        }
        return new BTreeV2Header(type, nodeSize, recordSize, depth, splitPercent, mergePercent, rootNodeAddress,
                numberOfRecordsInRoot, totalNumberOfRecords);
    }

    public byte[] encode(int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(size(offsetSize, lengthSize), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(type);
        c.putU32(nodeSize);
        c.putU16(recordSize);
        c.putU16(depth);
        c.putU8(splitPercent);
        c.putU8(mergePercent);
        c.putAddress(rootNodeAddress);
        c.putU16(numberOfRecordsInRoot);
        c.putLength(totalNumberOfRecords);
        Checksum.append(c, 0);
        return c.written();
    }
}
