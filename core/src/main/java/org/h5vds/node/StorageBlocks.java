package org.h5vds.node;

import org.h5vds.format.BTreeV1;
import org.h5vds.format.BTreeV1Node;
import org.h5vds.format.BTreeV2;
import org.h5vds.format.BlockVisitor;
import org.h5vds.format.FileContext;
import org.h5vds.format.FractalHeap;
import org.h5vds.format.LocalHeap;
import org.h5vds.format.SymbolTableNode;
import org.h5vds.format.message.SymbolTableMessage;
import org.h5vds.io.Cursor;

/**
 * The blocks of the structures links and attributes live in, for giving them back when a commit
 * replaces them. The sums per kind are what {@code h5stat -F} reports as the "B-tree/List" and
 * "Heap" of groups and attributes (StorageBlocksTest holds them to it).
 */
final class StorageBlocks {
    private StorageBlocks() {
    }

    /** The symbol table's B-tree nodes and symbol table nodes (spec III.A.1, III.B). */
    static void symbolTableIndex(OpenFile file, SymbolTableMessage stab, BlockVisitor visitor) {
        FileContext ctx = file.context();
        BTreeK k = BTreeK.of(file);
        int nodeSize = BTreeV1Node.size(BTreeV1Node.GROUP_NODE, ctx.offsetSize(), ctx.lengthSize(), 0, k.groupInternal());
        int snodSize = SymbolTableNode.size(ctx.offsetSize(), ctx.lengthSize(), 2 * k.groupLeaf());
        BTreeV1.groups(ctx, stab.btreeAddress(), k.groupInternal()).forEachNode(node -> {
            visitor.block(node.address(), nodeSize);
            if (node.isLeaf()) for (int i = 0; i < node.entriesUsed(); i++) visitor.block(node.child(i), snodSize);
        });
    }

    /** The symbol table's local heap: its header and data segment (spec III.D). */
    static void symbolTableHeap(OpenFile file, SymbolTableMessage stab, BlockVisitor visitor) {
        FileContext ctx = file.context();
        LocalHeap heap = LocalHeap.read(ctx, stab.localHeapAddress());
        // libhdf5 allocates the header aligned to 8 bytes (H5HL_SIZEOF_HDR), the data segment right after it or elsewhere
        long header = LocalHeap.headerSize(ctx.offsetSize(), ctx.lengthSize(), true);
        long segment = heap.addressOfDataSegment();
        if (segment > stab.localHeapAddress() && segment < stab.localHeapAddress() + header) header = segment - stab.localHeapAddress();
        visitor.block(stab.localHeapAddress(), header);
        visitor.block(heap.addressOfDataSegment(), heap.dataSegmentSize());
    }

    /** The v2 B-trees of dense links or attributes: by name, and by creation order when indexed. */
    static void denseIndexes(FileContext ctx, long nameIndex, long orderIndex, BlockVisitor visitor) {
        if (nameIndex != Cursor.UNDEFINED) BTreeV2.open(ctx, nameIndex, 0).forEachBlock(visitor);
        if (orderIndex != Cursor.UNDEFINED) BTreeV2.open(ctx, orderIndex, 0).forEachBlock(visitor);
    }

    /** The fractal heap of dense links or attributes (its managed blocks; see {@link FractalHeap#forEachBlock}). */
    static void denseHeap(FileContext ctx, long heapAddress, BlockVisitor visitor) {
        if (heapAddress != Cursor.UNDEFINED) FractalHeap.read(ctx, heapAddress).forEachBlock(visitor);
    }

    /** Everything of a dense link or attribute storage. */
    static void dense(FileContext ctx, long heapAddress, long nameIndex, long orderIndex, BlockVisitor visitor) {
        denseHeap(ctx, heapAddress, visitor);
        denseIndexes(ctx, nameIndex, orderIndex, visitor);
    }

    /** Everything of a symbol table. */
    static void symbolTable(OpenFile file, SymbolTableMessage stab, BlockVisitor visitor) {
        symbolTableIndex(file, stab, visitor);
        symbolTableHeap(file, stab, visitor);
    }
}
