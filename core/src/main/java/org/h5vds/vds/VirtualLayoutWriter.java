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
        if (mappings.size() == 0) return DataLayoutMessage.virtual(Cursor.UNDEFINED, 0);
        // the block written straight into its collection (8 MB for 100,000 mappings: made once)
        VirtualHeapBlock.LayoutBlock block = new VirtualHeapBlock.LayoutBlock(mappings, lengthSize);
        GlobalHeapCollection.Single heap = new GlobalHeapCollection.Single(lengthSize, block.size());
        block.writeTo(heap.object());
        byte[] collection = heap.encode();
        long address = sink.allocate(collection.length);
        sink.write(address, collection);
        return DataLayoutMessage.virtual(address, 1);
    }

    @Override
    public DataLayoutMessage.LayoutClass layoutClass() {
        return DataLayoutMessage.LayoutClass.VIRTUAL;
    }
}
