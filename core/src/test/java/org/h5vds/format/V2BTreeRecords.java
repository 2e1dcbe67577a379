package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * Just enough of the version 2 B-tree (format spec III.A.2) to list the records of the small
 * trees these tests meet (depth 0 or 1), so that heap tests can get the heap IDs libhdf5 stored.
 * The real reader is another task's; the lead will switch these tests to it.
 */
final class V2BTreeRecords {
    private V2BTreeRecords() {
    }

    static List<byte[]> read(FileContext ctx, long address) {
        Cursor h = ctx.read(address, 4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + 8 + 2 + 8 + 4, "v2 B-tree header");
        h.expectSignature("BTHD", "v2 B-tree header");
        h.u8();                       // version
        h.u8();                       // type
        long nodeSize = h.u32();      // Node Size
        int recordSize = h.u16();     // Record Size
        int depth = h.u16();          // Depth
        h.u8();                       // Split Percent
        h.u8();                       // Merge Percent
        long root = h.address();      // Root Node Address
        int rootRecords = h.u16();    // Number of Records in Root Node
        List<byte[]> out = new ArrayList<>();
        if (depth == 0) {
            leaf(ctx, root, nodeSize, recordSize, rootRecords, out);
            return out;
        }
        if (depth != 1) throw new AssertionError("this test walker reads v2 B-trees of depth 0 or 1, not " + depth);
        // a leaf is signature, version, type, records, checksum: that bounds its record count,
        // whose encoding width sizes the child record counts in the internal node (H5VM_limit_enc_size)
        long maxLeafRecords = (nodeSize - 10) / recordSize;
        int countSize = DoublingTable.log2(maxLeafRecords) / 8 + 1;
        Cursor n = ctx.read(root, nodeSize, "v2 B-tree internal node");
        n.expectSignature("BTIN", "v2 B-tree internal node");
        n.u8();
        n.u8();
        byte[][] records = new byte[rootRecords][];
        for (int i = 0; i < rootRecords; i++) records[i] = n.bytes(recordSize);
        for (int i = 0; i <= rootRecords; i++) {
            long child = n.address();
            int childRecords = (int) n.uint(countSize);
            leaf(ctx, child, nodeSize, recordSize, childRecords, out);
            if (i < rootRecords) out.add(records[i]);
        }
        return out;
    }

    private static void leaf(FileContext ctx, long address, long nodeSize, int recordSize, int count, List<byte[]> out) {
        Cursor l = ctx.read(address, nodeSize, "v2 B-tree leaf");
        l.expectSignature("BTLF", "v2 B-tree leaf");
        l.u8();
        l.u8();
        for (int i = 0; i < count; i++) out.add(l.bytes(recordSize));
    }
}
