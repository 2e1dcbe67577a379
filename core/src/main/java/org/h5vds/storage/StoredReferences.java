package org.h5vds.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.h5vds.format.message.ReferenceType;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionCodec;

/**
 * Decodes references as the format stores them (appendix VIII). Original object references are
 * the object header's address; original region references a global heap ID whose object holds
 * the address and the encoded selection. HDF5 1.12's revised references start with their kind and
 * flags; an object reference to the same file then holds its reference block (token size, token)
 * in place, every other one a 4-byte size and the global heap ID of its block, which adds the
 * external file name, the region's size, rank and selection, or the attribute's name.
 */
final class StoredReferences {
    private StoredReferences() {
    }

    /** The reference at {@code off}, or null for a null (unset) reference. */
    static StoredReference decode(ReferenceType type, byte[] b, int off, FileObjects file) {
        int o = file.offsetSize();
        switch (type.kind()) {
            case OBJECT1 -> {
                long address = NumberConversion.load(b, off, o, true);
                if (address == 0 || Cursor.isAllOnes(address, o)) return null;
                return StoredReference.object(address);
            }
            case DATASET_REGION1 -> {
                long collection = NumberConversion.load(b, off, o, true);
                long index = NumberConversion.load(b, off + o, 4, true);
                if (collection == 0 || Cursor.isAllOnes(collection, o)) return null;
                byte[] object;
                try {
                    object = file.heapObject(collection, index);
                } catch (H5FormatException e) {
                    return StoredReference.unreadable(type.kind(), e.getMessage());
                }
                Cursor c = cursor(object, 0, -1, file, file.heapObjectOffset(collection, index));
                long address = c.address();
                Selection region = SelectionCodec.decode(c);
                return new StoredReference(ReferenceType.Kind.DATASET_REGION1, address, null, region, null, null);
            }
            default -> {
                int kind = b[off] & 0xFF;
                int flags = b[off + 1] & 0xFF;
                if (kind == 0) return null;
                if (kind < 2 || kind > 4) {
                    throw new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET, "revised reference of unknown type " + kind);
                }
                ReferenceType.Kind k = ReferenceType.Kind.values()[kind];
                boolean external = (flags & 1) != 0;
                if (k == ReferenceType.Kind.OBJECT2 && !external) {
                    return block(k, false, cursor(b, off + 2, type.size() - 2, file, H5FormatException.NO_OFFSET));
                }
                long size = NumberConversion.load(b, off + 2, 4, true);
                long collection = NumberConversion.load(b, off + 6, o, true);
                long index = NumberConversion.load(b, off + 6 + o, 4, true);
                if (type.size() < 10 + o) {
                    throw new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET, "revised reference of " + type.size()
                            + " bytes cannot hold a heap ID");
                }
                byte[] object;
                try {
                    object = file.heapObject(collection, index);
                } catch (H5FormatException e) {
                    return StoredReference.unreadable(k, e.getMessage());
                }
                if (size > object.length) {
                    throw new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET, "revised reference of " + size
                            + " bytes in a heap object of " + object.length);
                }
                return block(k, external, cursor(object, 0, (int) size, file, file.heapObjectOffset(collection, index)));
            }
        }
    }

    /** A reference block: token size and token, the external file name, the region or the attribute name. */
    private static StoredReference block(ReferenceType.Kind kind, boolean external, Cursor c) {
        int tokenSize = c.u8();
        if (tokenSize < 1 || tokenSize > 16) throw c.error("reference token of " + tokenSize + " bytes (libhdf5's are at most 16)");
        byte[] token = c.bytes(tokenSize);
        long address = 0;
        for (int i = Math.min(8, tokenSize) - 1; i >= 0; i--) address = (address << 8) | (token[i] & 0xFF);
        String file = null;
        if (external) file = new String(c.bytes(c.u16()), StandardCharsets.UTF_8);
        Selection region = null;
        String attribute = null;
        if (kind == ReferenceType.Kind.DATASET_REGION2) {
            c.u32(); // size of the selection encoding
            c.u32(); // its rank (the encoding states it again)
            region = SelectionCodec.decode(c);
        } else if (kind == ReferenceType.Kind.ATTRIBUTE) {
            attribute = new String(c.bytes(c.u16()), StandardCharsets.UTF_8);
        }
        return new StoredReference(kind, address, file, region, attribute, null);
    }

    /** A cursor over bytes that start at byte offset {@code base} of the file (errors name base plus their position). */
    private static Cursor cursor(byte[] b, int off, int length, FileObjects file, long base) {
        ByteBuffer buf = ByteBuffer.wrap(b, off, length < 0 ? b.length - off : length).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Cursor(buf, file.fileName(), base, file.offsetSize(), 8);
    }
}
