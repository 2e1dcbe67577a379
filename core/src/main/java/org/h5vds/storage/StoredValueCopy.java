package org.h5vds.storage;

import org.h5vds.format.GlobalHeapId;
import org.h5vds.format.message.ArrayType;
import org.h5vds.format.message.CompoundType;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.ReferenceType;
import org.h5vds.format.message.VariableLengthType;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * Makes stored elements of one file stored elements of another (or of the same file, as a copy of
 * an object), as libhdf5's object copy does: variable-length data (strings, sequences) is read from
 * the first file's global heap and stored anew in the second's, and references are kept when the
 * copy stays in the same file (they name the same objects there) and cleared (null) when it does
 * not, since an address means nothing in another file. Other bytes are kept as they are.
 *
 * <p>The elements are changed in place; types that point nowhere need no call.
 */
public final class StoredValueCopy {
    private final FileObjects from;
    private final FileObjects to;
    private final boolean keepReferences;

    /**
     * @param from the file the elements were read from
     * @param to the file they will be stored in (open for writing when they hold variable-length data)
     * @param keepReferences whether references stay as they are (a copy within one file) or are cleared
     */
    public StoredValueCopy(FileObjects from, FileObjects to, boolean keepReferences) {
        if (from.offsetSize() != to.offsetSize()) {
            // a heap ID or an object reference holds an address of the file's own width
            throw new org.h5vds.io.H5Exception(from.fileName() + " has addresses of " + from.offsetSize() + " bytes, " + to.fileName() + " of "
                    + to.offsetSize() + ": h5vds does not copy variable-length data or references between them");
        }
        this.from = from;
        this.to = to;
        this.keepReferences = keepReferences;
    }

    /** Converts {@code count} elements of {@code type} in {@code b} from {@code off} on. */
    public void convert(Datatype type, byte[] b, int off, long count) {
        if (!type.pointsIntoFile()) return;
        int size = type.size();
        for (long i = 0; i < count; i++) element(type, b, Math.addExact(off, Math.toIntExact(i * size)));
    }

    private void element(Datatype type, byte[] b, int at) {
        if (type instanceof ReferenceType r) {
            if (!keepReferences) java.util.Arrays.fill(b, at, at + r.size(), (byte) 0);
        } else if (type instanceof CompoundType c) {
            for (CompoundType.Member m : c.members()) {
                if (m.type().pointsIntoFile()) element(m.type(), b, Math.toIntExact(at + m.byteOffset()));
            }
        } else if (type instanceof ArrayType a) {
            convert(a.base(), b, at, a.elementCount());
        } else if (type instanceof VariableLengthType v) {
            variableLength(v, b, at);
        }
    }

    /** A length (4 bytes) and a heap ID (an address and a 4-byte index): the object stored again in the target file. */
    private void variableLength(VariableLengthType v, byte[] b, int at) {
        Conversions.StoredVlen e = Conversions.StoredVlen.read(b, at, from);
        long length = e.length();
        long collection = e.collection();
        long index = e.index();
        // a null or empty element points at no collection: nothing to copy
        if (collection == 0 || collection == Cursor.UNDEFINED) return;
        byte[] object = from.heapObject(collection, index).clone();
        if (!v.isString() && v.base().pointsIntoFile()) {
            long need = length * v.base().size();
            if (need > object.length) {
                throw new H5FormatException(from.fileName(), from.heapObjectOffset(collection, index), "a sequence of " + length + " elements of "
                        + v.base().size() + " bytes in a heap object of " + object.length + " bytes");
            }
            convert(v.base(), object, 0, length);
        }
        GlobalHeapId id = to.storeHeapObject(object);
        Conversions.putVlen(b, at, to, length, id.collectionAddress(), id.objectIndex());
    }
}
