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

    /**
     * Looks huge objects up in the heap's v2 B-tree itself: type 1 or 2 records, ordered by
     * object ID (H5HF__huge_bt2_indir_compare).
     */
    static HugeObjectIndex fromBTree() {
        return (ctx, btreeAddress, objectId, filtered) -> {
            BTreeV2 tree = BTreeV2.open(ctx, btreeAddress, 0);
            BTreeV2Record r = tree.find(rec -> {
                long id = rec instanceof BTreeV2Record.IndirectHugeObject h ? h.objectId()
                        : rec instanceof BTreeV2Record.IndirectFilteredHugeObject h ? h.objectId() : -1;
                if (id == -1) {
                    throw ctx.error(btreeAddress, "v2 B-tree of huge objects holds a " + rec.getClass().getSimpleName() + " record");
                }
                return Long.compareUnsigned(objectId, id);
            });
            if (r instanceof BTreeV2Record.IndirectHugeObject h && !filtered) {
                return new HugeObject(h.address(), h.length(), 0, h.length());
            }
            if (r instanceof BTreeV2Record.IndirectFilteredHugeObject h && filtered) {
                return new HugeObject(h.address(), h.length(), h.filterMask(), h.memorySize());
            }
            throw ctx.error(btreeAddress, "the heap's huge object B-tree has no " + (filtered ? "filtered " : "") + "object with ID " + objectId);
        };
    }
}
