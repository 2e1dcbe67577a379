package org.h5vds.node;

import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.format.GlobalHeapId;
import org.h5vds.io.FileSink;
import org.h5vds.storage.FileObjects;

/**
 * Puts the variable-length data of a file being written (strings and sequences of datasets and
 * attributes) into global heap collections (III.E).
 * Strings go into the current collection while it has room; libhdf5's smallest collection
 * (4 KiB) is the usual size, and a string too large for one gets a collection of its own. A
 * collection's address is reserved when it is started, so heap IDs are known at once; its bytes
 * are written when it is full or at {@link #finish()}.
 */
final class GlobalHeapWriter implements FileObjects {
    private static final int LENGTH_SIZE = 8;

    private final FileSink sink;
    private GlobalHeapCollection.Builder current;
    private long address;
    private long capacity;

    GlobalHeapWriter(FileSink sink) {
        this.sink = sink;
    }

    @Override
    public String fileName() {
        return sink.target().toString();
    }

    @Override
    public int offsetSize() {
        return 8;
    }

    @Override
    public byte[] heapObject(long collectionAddress, long index) {
        throw new UnsupportedOperationException(fileName() + " is being written; its heap is read once it is closed");
    }

    @Override
    public GlobalHeapId storeHeapObject(byte[] object) {
        return add(object);
    }

    /** Stores {@code object} (0 bytes for an empty string) and returns its heap ID. */
    synchronized GlobalHeapId add(byte[] object) {
        if (current != null && (current.count() >= GlobalHeapCollection.MAXIMUM_INDEX || current.collectionSizeWith(object.length) > capacity)) {
            finish();
        }
        if (current == null) {
            current = new GlobalHeapCollection.Builder(LENGTH_SIZE);
            capacity = current.collectionSizeWith(object.length);
            address = sink.allocate(capacity);
        }
        int index = current.add(object);
        return new GlobalHeapId(address, index);
    }

    /** Writes the collection being filled. */
    synchronized void finish() {
        if (current == null) return;
        byte[] bytes = current.encode();
        if (bytes.length != capacity) throw new IllegalStateException("global heap collection came to " + bytes.length + " bytes, " + capacity + " were reserved");
        sink.write(address, bytes);
        current = null;
    }
}
