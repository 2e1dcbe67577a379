package org.h5vds.storage;

import org.h5vds.format.GlobalHeapId;

/**
 * A file's side of converting variable-length data and references: the global heap objects it
 * holds (reading) or takes (writing). Elements in a file point into that file's heap, so a
 * conversion reads or writes through the file the elements belong to (for a virtual dataset, the
 * source's file).
 */
public interface FileObjects {
    /** The file's name, for errors. */
    String fileName();

    /** "Size of Offsets" of the file (bytes of an address in a heap ID or reference). */
    int offsetSize();

    /** The bytes of heap object {@code index} of the collection at {@code collectionAddress}. */
    byte[] heapObject(long collectionAddress, long index);

    /**
     * The objects of the collection at {@code collectionAddress}: one lookup for the many objects
     * (strings) a read takes from one collection, and no array per object.
     */
    default HeapObjects heapObjects(long collectionAddress) {
        return (index, dst, off, len) -> {
            byte[] b = heapObject(collectionAddress, index);
            System.arraycopy(b, 0, dst, off, Math.min(len, b.length));
            return b.length;
        };
    }

    /** The objects of one global heap collection. */
    @FunctionalInterface
    interface HeapObjects {
        /**
         * Copies the first bytes of object {@code index}, at most {@code len}, into {@code dst} from
         * {@code off}, and returns the object's size; fails as {@link #heapObject} does when the
         * collection has no such object.
         */
        long copy(long index, byte[] dst, int off, int len);
    }

    /** The byte offset in the file of that object's data, for errors; {@code H5FormatException.NO_OFFSET} when unknown. */
    default long heapObjectOffset(long collectionAddress, long index) {
        return org.h5vds.io.H5FormatException.NO_OFFSET;
    }

    /**
     * Stores {@code object} (0 bytes for an empty string) in the file's global heap; for files being
     * written only. The array is kept until written: the caller must not change it afterwards.
     */
    default GlobalHeapId storeHeapObject(byte[] object) {
        throw new UnsupportedOperationException(fileName() + " is not being written");
    }
}
