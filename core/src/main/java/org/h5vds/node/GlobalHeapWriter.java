package org.h5vds.node;

import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.format.GlobalHeapId;
import org.h5vds.storage.FileObjects;

/**
 * Puts the variable-length data of a file open for writing (strings and sequences of datasets and
 * attributes) into global heap collections (III.E), in fresh space.
 * Objects go into the current collection while it has room; libhdf5's smallest collection
 * (4 KiB) is the usual size, and an object too large for one gets a collection of its own. A
 * collection's address is reserved when it is started, so heap IDs are known at once; its bytes
 * are written when it is full or at {@link #finish()} (before the commit that makes anything point
 * to it durable). Objects of finished collections, and of stored ones, read through the file.
 */
final class GlobalHeapWriter implements FileObjects {
    private final WritePlan sink;
    private final OpenFile file;
    private GlobalHeapCollection.Builder current;
    private long address;
    private long capacity;

    GlobalHeapWriter(WritePlan sink, OpenFile file) {
        this.sink = sink;
        this.file = file;
    }

    @Override
    public String fileName() {
        return file.fileName();
    }

    @Override
    public int offsetSize() {
        return sink.offsetSize();
    }

    @Override
    public byte[] heapObject(long collectionAddress, long index) {
        synchronized (this) {
            // an object of the collection being filled: written out first, so that it reads as stored
            if (current != null && collectionAddress == address) finish();
        }
        return file.storedObjects().heapObject(collectionAddress, index);
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
            current = new GlobalHeapCollection.Builder(sink.lengthSize());
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
