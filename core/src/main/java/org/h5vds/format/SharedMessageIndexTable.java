package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * The shared object header message table ("SMTB", format spec III.D): one entry per index of
 * messages shared through the shared-message heaps, saying which message types the index holds
 * and where its fractal heap is. A file has one only when created with H5Pset_shared_mesg_nindexes;
 * the superblock extension's shared message table message points at it.
 */
public final class SharedMessageIndexTable {

    /**
     * One index.
     *
     * @param indexType 0 = list, 1 = v2 B-tree
     */
    public record Index(int version, int indexType, int messageTypeFlags, long minimumMessageSize, int listCutoff,
                        int btreeCutoff, int numberOfMessages, long indexAddress, long fractalHeapAddress) {
        /**
         * Whether this index holds messages of the given header message type: the flags have bit
         * {@code 1 << type} set for each type (libhdf5's H5O_SHMESG_*_FLAG values, as stored); the
         * old fill value message (type 4) shares the new one's index (H5SM__type_to_flag).
         */
        public boolean holds(int messageType) {
            int type = messageType == 0x04 ? 0x05 : messageType;
            return type < 16 && (messageTypeFlags & (1 << type)) != 0;
        }
    }

    private final long address;
    private final List<Index> indexes;

    private SharedMessageIndexTable(long address, List<Index> indexes) {
        this.address = address;
        this.indexes = List.copyOf(indexes);
    }

    /** Reads the table of {@code numberOfIndices} entries at {@code address}, checksum verified. */
    public static SharedMessageIndexTable read(FileContext ctx, long address, int numberOfIndices) {
        int entrySize = 1 + 1 + 2 + 4 + 2 + 2 + 2 + 2 * ctx.offsetSize();
        int size = 4 + numberOfIndices * entrySize + 4;
        Cursor c = ctx.read(address, size, "shared object header message table");
        c.expectSignature("SMTB", "shared object header message table");
        List<Index> out = new ArrayList<>();
        for (int i = 0; i < numberOfIndices; i++) {
            int version = c.version(c.u8(), "shared message index", 0);
            int indexType = c.u8();
            if (indexType > 1) throw c.error(c.position() - 1, "shared message index " + i + ": unknown index type " + indexType);
            int flags = c.u16();
            long minSize = c.u32();
            int listCutoff = c.u16();
            int btreeCutoff = c.u16();
            int messages = c.u16();
            long indexAddress = c.address();
            long heapAddress = c.address();
            out.add(new Index(version, indexType, flags, minSize, listCutoff, btreeCutoff, messages, indexAddress, heapAddress));
        }
        Checksum.verify(c, 0, "shared object header message table");
        return new SharedMessageIndexTable(address, out);
    }

    public long address() {
        return address;
    }

    public List<Index> indexes() {
        return indexes;
    }

    /** The index holding messages of this type, or null. */
    public Index indexFor(int messageType) {
        for (Index x : indexes) if (x.holds(messageType)) return x;
        return null;
    }
}
