package org.h5vds.format;

/**
 * Finds a fractal heap's huge objects: those larger than the heap's maximum managed object size,
 * stored on their own and tracked by a v2 B-tree (format spec III.G; B-tree record types 1 and 2
 * in III.A.2). The v2 B-tree reader lives beside this class in the format layer; whoever opens a
 * heap that may hold huge objects passes an implementation backed by it.
 */
@FunctionalInterface
public interface HugeObjectIndex {

    /**
     * Where a huge object is stored.
     *
     * @param address        relative address of the object's (possibly filtered) bytes
     * @param length         stored length in bytes
     * @param filterMask     filters skipped for this object (filtered heaps only)
     * @param defilteredSize length after undoing the filters (filtered heaps only; else equal to length)
     */
    record HugeObject(long address, long length, int filterMask, long defilteredSize) {
    }

    /**
     * Looks up the record with this huge object ID in the v2 B-tree at {@code btreeAddress}:
     * record type 1 ("indirectly accessed, non-filtered") or, when {@code filtered}, type 2.
     *
     * @throws org.h5vds.io.H5FormatException when the tree holds no such ID or is corrupt
     */
    HugeObject find(FileContext ctx, long btreeAddress, long objectId, boolean filtered);
}
