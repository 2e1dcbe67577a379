package org.h5vds.format;

import org.h5vds.io.Cursor;

/**
 * A global heap ID (format spec III.E, "Global Heap ID"): the collection's address and the object's
 * index in it. Variable-length data elements and the VDS layout message refer to heap objects this
 * way.
 *
 * @param collectionAddress relative address of the collection, {@link Cursor#UNDEFINED} for none
 * @param objectIndex       heap object index; 0 never names an object
 */
public record GlobalHeapId(long collectionAddress, long objectIndex) {

    /** Encoded size: an address and a 4-byte index. */
    public static int size(int offsetSize) {
        return offsetSize + 4;
    }

    public static GlobalHeapId read(Cursor c) {
        long collectionAddress = c.address();   // Collection Address
        long objectIndex = c.u32();             // Object Index
        return new GlobalHeapId(collectionAddress, objectIndex);
    }

    public void write(Cursor c) {
        c.putAddress(collectionAddress);
        c.putU32(objectIndex);
    }

    /** Fetches the object, reading its collection. */
    public java.nio.ByteBuffer resolve(FileContext ctx) {
        GlobalHeapCollection collection = GlobalHeapCollection.read(ctx, collectionAddress);
        if (objectIndex > GlobalHeapCollection.MAXIMUM_INDEX) {
            throw ctx.error(collectionAddress, "global heap object index " + objectIndex + " exceeds "
                    + GlobalHeapCollection.MAXIMUM_INDEX);
        }
        return collection.object((int) objectIndex);
    }
}
