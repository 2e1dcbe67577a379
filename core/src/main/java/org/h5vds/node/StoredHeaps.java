package org.h5vds.node;

import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.io.H5FormatException;
import org.h5vds.storage.FileObjects;

/** The global heap objects of an open file, for reading variable-length data and references; collections are decoded once and cached. */
final class StoredHeaps implements FileObjects {
    private final OpenFile file;

    StoredHeaps(OpenFile file) {
        this.file = file;
    }

    @Override
    public String fileName() {
        return file.fileName();
    }

    @Override
    public int offsetSize() {
        return file.context().offsetSize();
    }

    @Override
    public byte[] heapObject(long collectionAddress, long index) {
        GlobalHeapCollection c = Heaps.global(file, collectionAddress);
        requireObject(c, collectionAddress, index);
        return c.objectBytes((int) index);
    }

    @Override
    public HeapObjects heapObjects(long collectionAddress) {
        GlobalHeapCollection c = Heaps.global(file, collectionAddress);
        return (index, dst, off, len) -> {
            requireObject(c, collectionAddress, index);
            return c.copyObject((int) index, dst, off, len);
        };
    }

    private void requireObject(GlobalHeapCollection c, long collectionAddress, long index) {
        if (index < 1 || index > GlobalHeapCollection.MAXIMUM_INDEX || !c.contains((int) index)) {
            throw new H5FormatException(file.fileName(), file.context().baseAddress() + collectionAddress,
                    "global heap collection has no object " + index);
        }
    }

    @Override
    public long heapObjectOffset(long collectionAddress, long index) {
        heapObject(collectionAddress, index);             // the same checks
        return Heaps.global(file, collectionAddress).info((int) index).dataFileOffset();
    }
}
