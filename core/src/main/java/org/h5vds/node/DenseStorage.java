package org.h5vds.node;

import java.nio.ByteBuffer;
import org.h5vds.format.BTreeV2;
import org.h5vds.format.FractalHeap;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.io.Cursor;

/**
 * Links or attributes stored densely: each one a message in a fractal heap, found through a v2
 * B-tree of name hashes (the creation-order index, when present, is not needed to read).
 */
final class DenseStorage {
    private final OpenFile file;
    private final FractalHeap heap;
    private final BTreeV2 names;
    private final long heapAddress;

    private DenseStorage(OpenFile file, long heapAddress, long nameIndexAddress) {
        this.file = file;
        this.heapAddress = heapAddress;
        this.heap = Heaps.fractal(file, heapAddress);
        this.names = file.cached("btree2", nameIndexAddress, () -> BTreeV2.open(file.context(), nameIndexAddress, 0));
    }

    static DenseStorage links(OpenFile file, LinkInfoMessage info) {
        return new DenseStorage(file, info.fractalHeapAddress(), info.nameIndexAddress());
    }

    static DenseStorage attributes(OpenFile file, AttributeInfoMessage info) {
        return new DenseStorage(file, info.fractalHeapAddress(), info.nameIndexAddress());
    }

    BTreeV2 names() {
        return names;
    }

    /** The bytes of the heap object {@code heapId}: an encoded link or attribute message. */
    byte[] objectBytes(byte[] heapId) {
        return heap.get(heapId);
    }

    private Cursor object(byte[] heapId) {
        byte[] bytes = heap.get(heapId);
        return new Cursor(ByteBuffer.wrap(bytes), file.fileName(), file.context().baseAddress() + heapAddress,
                file.context().offsetSize(), file.context().lengthSize());
    }

    LinkMessage linkMessage(byte[] heapId) {
        return LinkMessage.decode(object(heapId));
    }

    AttributeMessage attributeMessage(byte[] heapId) {
        return AttributeMessage.decode(object(heapId));
    }
}
