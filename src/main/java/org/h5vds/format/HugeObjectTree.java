package org.h5vds.format;

/**
 * The default {@link HugeObjectIndex}: the fractal heap's v2 B-tree of huge objects, searched by
 * object ID (record type 1, or 2 for filtered heaps; spec III.A.2). Stateless, so one instance
 * serves every heap.
 */
public final class HugeObjectTree implements HugeObjectIndex {
    public static final HugeObjectTree INSTANCE = new HugeObjectTree();

    private HugeObjectTree() {
    }

    @Override
    public HugeObject find(FileContext ctx, long btreeAddress, long objectId, boolean filtered) {
        BTreeV2 tree = BTreeV2.open(ctx, btreeAddress, 0);
        BTreeV2Record r = tree.find(rec -> Long.compareUnsigned(objectId, idOf(rec, ctx, btreeAddress)));
        if (r == null) {
            throw ctx.error(btreeAddress, "huge object " + objectId + " is not in the fractal heap's huge object B-tree");
        }
        if (r instanceof BTreeV2Record.IndirectHugeObject h) return new HugeObject(h.address(), h.length(), 0, h.length());
        BTreeV2Record.IndirectFilteredHugeObject h = (BTreeV2Record.IndirectFilteredHugeObject) r;
        return new HugeObject(h.address(), h.length(), h.filterMask(), h.memorySize());
    }

    private static long idOf(BTreeV2Record rec, FileContext ctx, long btreeAddress) {
        if (rec instanceof BTreeV2Record.IndirectHugeObject h) return h.objectId();
        if (rec instanceof BTreeV2Record.IndirectFilteredHugeObject h) return h.objectId();
        throw ctx.error(btreeAddress, "huge object B-tree holds a record of another type: " + rec);
    }
}
