package org.h5vds.api;

import java.nio.ByteBuffer;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.ReferenceType;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.ObjectTable;
import org.h5vds.storage.StoredReference;
import org.h5vds.storage.ValueCodec;

/**
 * The values of variable-length data and references in arrays: variable-length strings are Java
 * Strings (UTF-8, invalid bytes kept as lone surrogates, see {@link Utf8}), sequences are
 * {@link NdArray}s, references are {@link Reference}s of {@code file}.
 */
final class Values implements ValueCodec {
    private final H5File file;

    /** @param file where references read resolve, or where references written must point; may be null when none are involved */
    Values(H5File file) {
        this.file = file;
    }

    @Override
    public Object string(byte[] bytes, int off, int len, Datatype.CharacterSet charset) {
        return Utf8.decode(bytes, off, len);
    }

    @Override
    public byte[] stringBytes(Object value, Datatype.CharacterSet charset) {
        if (!(value instanceof String s)) throw new IllegalArgumentException("a string element holds a " + value.getClass().getSimpleName() + ", not a String");
        if (charset == Datatype.CharacterSet.ASCII && !Utf8.isAscii(s)) {
            throw new IllegalArgumentException("\"" + s + "\" is not ASCII, as the ASCII string type needs");
        }
        return Utf8.encode(s);
    }

    @Override
    public Object sequence(Datatype memoryBase, byte[] elements, int count, ObjectTable nested) {
        return NdArray.internal(StoredTypes.dtypeOfMemory(memoryBase), new long[] {count}, ByteBuffer.wrap(elements), nested);
    }

    @Override
    public Sequence sequenceParts(Object value, Datatype memoryBase) {
        if (!(value instanceof NdArray a)) throw new IllegalArgumentException("a sequence element holds a " + value.getClass().getSimpleName() + ", not an NdArray");
        if (a.rank() != 1) throw new IllegalArgumentException("a sequence element must be a 1-D array, not one of shape " + Shape.format(a.shape()));
        byte[] bytes = a.bytes();
        Datatype have = StoredTypes.memoryTypeOf(a.dtype());
        if (!have.equals(memoryBase)) {
            byte[] out = new byte[Math.multiplyExact((int) a.size(), memoryBase.size())];
            Conversions.between(have, memoryBase).convert(bytes, 0, out, 0, (int) a.size());
            bytes = out;
        }
        return new Sequence(bytes, (int) a.size(), a.objectTable());
    }

    @Override
    public Object reference(StoredReference reference) {
        return new Reference(file, reference);
    }

    @Override
    public StoredReference storedReference(Object value, ReferenceType.Kind kind) {
        if (!(value instanceof Reference r)) throw new IllegalArgumentException("a reference element holds a " + value.getClass().getSimpleName() + ", not a Reference");
        return r.stored(kind, file);
    }
}
