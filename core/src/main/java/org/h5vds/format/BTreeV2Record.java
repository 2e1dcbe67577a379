package org.h5vds.format;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The records of version 2 B-trees, one type per B-tree type (spec III.A.2, "Version 2 B-tree,
 * Type N Record Layout"). Heap IDs are kept as bytes: the fractal heap that resolves them decides
 * how to read them.
 */
public sealed interface BTreeV2Record {

    /** Type 1: an indirectly accessed, non-filtered huge fractal heap object. */
    record IndirectHugeObject(long address, long length, long objectId) implements BTreeV2Record {
    }

    /** Type 2: an indirectly accessed, filtered huge fractal heap object. */
    record IndirectFilteredHugeObject(long address, long length, int filterMask, long memorySize, long objectId)
            implements BTreeV2Record {
    }

    /** Type 3: a directly accessed, non-filtered huge fractal heap object. */
    record DirectHugeObject(long address, long length) implements BTreeV2Record {
    }

    /** Type 4: a directly accessed, filtered huge fractal heap object. */
    record DirectFilteredHugeObject(long address, long length, int filterMask, long memorySize) implements BTreeV2Record {
    }

    /** Type 5: a link of an indexed group, by the lookup3 hash of its name; the ID is the link's heap ID. */
    record LinkName(int hash, byte[] heapId) implements BTreeV2Record {
        public LinkName {
            heapId = heapId.clone();
        }

        @Override
        public byte[] heapId() {
            return heapId.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LinkName r && r.hash == hash && Arrays.equals(r.heapId, heapId);
        }

        @Override
        public int hashCode() {
            return hash * 31 + Arrays.hashCode(heapId);
        }

        @Override
        public String toString() {
            return "LinkName[hash=0x" + Integer.toHexString(hash) + ", heapId=" + HexFormat.of().formatHex(heapId) + "]";
        }
    }

    /** Type 6: a link of an indexed group, by creation order. */
    record LinkCreationOrder(long creationOrder, byte[] heapId) implements BTreeV2Record {
        public LinkCreationOrder {
            heapId = heapId.clone();
        }

        @Override
        public byte[] heapId() {
            return heapId.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LinkCreationOrder r && r.creationOrder == creationOrder && Arrays.equals(r.heapId, heapId);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(creationOrder) * 31 + Arrays.hashCode(heapId);
        }

        @Override
        public String toString() {
            return "LinkCreationOrder[creationOrder=" + creationOrder + ", heapId=" + HexFormat.of().formatHex(heapId) + "]";
        }
    }

    /** Type 7, sub-type 0: a shared message stored in the shared message heap. */
    record SharedMessageInHeap(int hash, long referenceCount, byte[] heapId) implements BTreeV2Record {
        public SharedMessageInHeap {
            heapId = heapId.clone();
        }

        @Override
        public byte[] heapId() {
            return heapId.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SharedMessageInHeap r && r.hash == hash && r.referenceCount == referenceCount
                    && Arrays.equals(r.heapId, heapId);
        }

        @Override
        public int hashCode() {
            return hash * 31 + Long.hashCode(referenceCount) + Arrays.hashCode(heapId);
        }

        @Override
        public String toString() {
            return "SharedMessageInHeap[hash=0x" + Integer.toHexString(hash) + ", referenceCount=" + referenceCount
                    + ", heapId=" + HexFormat.of().formatHex(heapId) + "]";
        }
    }

    /** Type 7, sub-type 1: a shared message stored in an object header. */
    record SharedMessageInObjectHeader(int hash, int messageType, int objectHeaderIndex, long objectHeaderAddress)
            implements BTreeV2Record {
    }

    /** Type 8: a densely stored attribute, by the lookup3 hash of its name. */
    record AttributeName(byte[] heapId, int messageFlags, long creationOrder, int hash) implements BTreeV2Record {
        public AttributeName {
            heapId = heapId.clone();
        }

        @Override
        public byte[] heapId() {
            return heapId.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AttributeName r && r.hash == hash && r.messageFlags == messageFlags
                    && r.creationOrder == creationOrder && Arrays.equals(r.heapId, heapId);
        }

        @Override
        public int hashCode() {
            return hash * 31 + messageFlags * 7 + Long.hashCode(creationOrder) + Arrays.hashCode(heapId);
        }

        @Override
        public String toString() {
            return "AttributeName[heapId=" + HexFormat.of().formatHex(heapId) + ", messageFlags=" + messageFlags
                    + ", creationOrder=" + creationOrder + ", hash=0x" + Integer.toHexString(hash) + "]";
        }
    }

    /** Type 9: a densely stored attribute, by creation order. */
    record AttributeCreationOrder(byte[] heapId, int messageFlags, long creationOrder) implements BTreeV2Record {
        public AttributeCreationOrder {
            heapId = heapId.clone();
        }

        @Override
        public byte[] heapId() {
            return heapId.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AttributeCreationOrder r && r.messageFlags == messageFlags && r.creationOrder == creationOrder
                    && Arrays.equals(r.heapId, heapId);
        }

        @Override
        public int hashCode() {
            return messageFlags * 7 + Long.hashCode(creationOrder) + Arrays.hashCode(heapId);
        }

        @Override
        public String toString() {
            return "AttributeCreationOrder[heapId=" + HexFormat.of().formatHex(heapId) + ", messageFlags=" + messageFlags
                    + ", creationOrder=" + creationOrder + "]";
        }
    }

    /** The chunk records, types 10 and 11, keyed by their scaled coordinates. */
    sealed interface ChunkRecord extends BTreeV2Record {
        long address();

        /** The chunk's scaled coordinates (element offset / chunk dimension), slowest dimension first. */
        long[] scaled();

        /** Address, size and mask as the array indexes carry them. */
        ChunkElement element();

        /** Compares this record's coordinates with {@code other}, as {@link #compare}. */
        int compareScaled(long[] other);

        /** Orders scaled coordinates unsigned and lexicographically, as H5D__bt2_compare does. */
        static int compare(long[] a, long[] b) {
            for (int i = 0; i < a.length; i++) {
                int c = Long.compareUnsigned(a[i], b[i]);
                if (c != 0) return c;
            }
            return 0;
        }
    }

    /** Type 10: a chunk of a dataset without filters. */
    record Chunk(long address, long[] scaled) implements ChunkRecord {
        public Chunk {
            scaled = scaled.clone();
        }

        @Override
        public long[] scaled() {
            return scaled.clone();
        }

        @Override
        public ChunkElement element() {
            return new ChunkElement(address, 0, 0);
        }

        @Override
        public int compareScaled(long[] other) {
            return ChunkRecord.compare(scaled, other);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Chunk r && r.address == address && Arrays.equals(r.scaled, scaled);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(address) * 31 + Arrays.hashCode(scaled);
        }

        @Override
        public String toString() {
            return "Chunk[address=" + address + ", scaled=" + Arrays.toString(scaled) + "]";
        }
    }

    /** Type 11: a chunk of a dataset with filters. */
    record FilteredChunk(long address, long chunkSize, int filterMask, long[] scaled) implements ChunkRecord {
        public FilteredChunk {
            scaled = scaled.clone();
        }

        @Override
        public long[] scaled() {
            return scaled.clone();
        }

        @Override
        public ChunkElement element() {
            return new ChunkElement(address, chunkSize, filterMask);
        }

        @Override
        public int compareScaled(long[] other) {
            return ChunkRecord.compare(scaled, other);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FilteredChunk r && r.address == address && r.chunkSize == chunkSize
                    && r.filterMask == filterMask && Arrays.equals(r.scaled, scaled);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(address) * 31 + Long.hashCode(chunkSize) + filterMask + Arrays.hashCode(scaled);
        }

        @Override
        public String toString() {
            return "FilteredChunk[address=" + address + ", chunkSize=" + chunkSize + ", filterMask=" + filterMask
                    + ", scaled=" + Arrays.toString(scaled) + "]";
        }
    }
}
