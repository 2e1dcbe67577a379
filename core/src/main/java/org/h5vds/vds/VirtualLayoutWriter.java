package org.h5vds.vds;

import java.util.List;
import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.io.Cursor;
import org.h5vds.node.ProvidedLayout;
import org.h5vds.storage.RawSpace;

/**
 * The storage of a new virtual dataset, as libhdf5 1.10 writes it (H5D__virtual_store_layout):
 * the mapping list encoded as a heap block of version 0 (selections in the 1.10 encodings, lookup3
 * checksum) and stored as the only object of a global heap collection of its own, whose Object
 * Size is the block's exact length; the Data Layout message (version 4, class 3) points at it. A
 * dataset without mappings stores no block and an undefined address, as libhdf5 does; it reads as
 * its fill value.
 */
public final class VirtualLayoutWriter implements ProvidedLayout {
    private final LayoutMappings mappings;

    /**
     * The mappings in the order they apply (later ones win where they overlap), kept as they are:
     * the caller hands them over and adds no more.
     */
    public VirtualLayoutWriter(LayoutMappings mappings) {
        this.mappings = mappings;
    }

    public List<VirtualMapping> mappings() {
        return mappings.asList();
    }

    @Override
    public DataLayoutMessage write(RawSpace sink, int lengthSize) {
        return write(sink, lengthSize, BlockOutput.BUFFER);
    }

    /** {@link #write(RawSpace, int)} through a buffer of at least {@code bufferAtLeast} bytes (tests give small ones). */
    DataLayoutMessage write(RawSpace sink, int lengthSize, int bufferAtLeast) {
        if (mappings.size() == 0) return DataLayoutMessage.virtual(Cursor.UNDEFINED, 0);
        // the block in its own heap collection, written out through a buffer of at most 1 MiB
        // (unless one entry needs more): 100,000 mappings take 8 MB, never made whole
        VirtualHeapBlock.LayoutBlock block = new VirtualHeapBlock.LayoutBlock(mappings, lengthSize);
        GlobalHeapCollection.OneObject heap = new GlobalHeapCollection.OneObject(lengthSize, block.size());
        byte[] tail = heap.tail();
        long address = sink.allocate(heap.size());
        int buffer = (int) Math.min(heap.size(), Math.max(bufferAtLeast, 2L * Math.max(block.largestEntry(), tail.length) + heap.headSize()));
        BlockOutput out = BlockOutput.writtenTo(sink, address, buffer, lengthSize);
        heap.putHead(out.room(heap.headSize()));
        block.writeTo(out);
        out.room(tail.length).putBytes(tail);
        out.finish();
        return DataLayoutMessage.virtual(address, GlobalHeapCollection.OneObject.INDEX);
    }

    @Override
    public DataLayoutMessage.LayoutClass layoutClass() {
        return DataLayoutMessage.LayoutClass.VIRTUAL;
    }
}
