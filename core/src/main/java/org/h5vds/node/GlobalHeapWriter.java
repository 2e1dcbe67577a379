package org.h5vds.node;

import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.format.GlobalHeapId;

/**
 * Puts the variable-length strings of a file's attributes into global heap collections (III.E).
 * Strings go into the current collection while it has room; libhdf5's smallest collection
 * (4 KiB) is the usual size, and a string too large for one gets a collection of its own. A
 * collection's address is reserved when it is started, so heap IDs are known at once; its bytes
 * are written when it is full or at {@link #finish()}.
 */
final class GlobalHeapWriter {
    private final WritePlan sink;
    private GlobalHeapCollection.Builder current;
    private long address;
    private long capacity;

    GlobalHeapWriter(WritePlan sink) {
        this.sink = sink;
    }

    /** Stores {@code object} (at least one byte) and returns its heap ID. */
    GlobalHeapId add(byte[] object) {
        if (current != null && (current.count() >= GlobalHeapCollection.MAXIMUM_INDEX || current.collectionSizeWith(object.length) > capacity)) {
            finish();
        }
        if (current == null) {
            current = new GlobalHeapCollection.Builder(sink.lengthSize());
            capacity = current.collectionSizeWith(object.length);
            address = sink.allocate(capacity);
        }
        int index = current.add(object);
        return new GlobalHeapId(address, index);
    }

    /** Writes the collection being filled. */
    void finish() {
        if (current == null) return;
        byte[] bytes = current.encode();
        if (bytes.length != capacity) throw new IllegalStateException("global heap collection came to " + bytes.length + " bytes, " + capacity + " were reserved");
        sink.write(address, bytes);
        current = null;
    }
}
