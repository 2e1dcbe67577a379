package org.h5vds.node;

import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.FileObjects;
import org.h5vds.storage.ObjectTable;
import org.h5vds.storage.ValueCodec;

/**
 * An attribute to write: name, stored type, shape and value. A value given in its memory form is
 * converted to the stored type when it is set on an object ({@link #toStored}: variable-length
 * data goes into the file's global heap then), so that the attribute reads back at once.
 */
public final class AttributeValue {
    private final String name;
    private final Datatype type;
    private final Dataspace space;
    private final byte[] data;
    private final Datatype memoryType;
    private final ObjectTable objects;
    private final ValueCodec codec;

    private AttributeValue(String name, Datatype type, Dataspace space, byte[] data, Datatype memoryType, ObjectTable objects, ValueCodec codec) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("an attribute needs a non-empty name");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("attribute name \"" + name + "\" contains a NUL character");
        // the attribute message (IV.A.2.m) gives the sizes of the name (with its NUL) and of the datatype in 2 bytes each;
        // libhdf5 1.10 writes longer ones truncated and then fails to read them ("attribute name has different length than
        // stored length", "wrong version number in dataspace message")
        int nameSize = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        if (nameSize > 0xFFFF) {
            throw new IllegalArgumentException("attribute name \"" + abbreviated(name) + "\" takes " + nameSize
                    + " bytes with its NUL terminator; an attribute message holds a name of at most 65535 bytes");
        }
        int typeSize = type.encodedSize(8, 8);
        if (typeSize > 0xFFFF) {
            throw new IllegalArgumentException("attribute \"" + abbreviated(name) + "\": its datatype takes " + typeSize
                    + " bytes to describe; an attribute message holds a datatype of at most 65535 bytes");
        }
        long need = space.elementCount() * memoryType.size();
        if (data.length != need) {
            throw new IllegalArgumentException("attribute \"" + name + "\": " + space.elementCount() + " elements of " + memoryType.size()
                    + " bytes need " + need + " bytes, got " + data.length);
        }
        this.name = name;
        this.type = type;
        this.space = space;
        this.data = data;
        this.memoryType = memoryType;
        this.objects = objects;
        this.codec = codec;
    }

    private static String abbreviated(String name) {
        return name.length() <= 40 ? name : name.substring(0, 20) + "..." + name.substring(name.length() - 10);
    }

    /** A value given as bytes of {@code type}, {@code space.elementCount()} elements, stored as they are. */
    public static AttributeValue of(String name, Datatype type, Dataspace space, byte[] data) {
        if (type.pointsIntoFile()) throw new IllegalArgumentException("attribute \"" + name + "\": values of " + type + " need their memory form");
        return new AttributeValue(name, type, space, data.clone(), type, null, null);
    }

    /**
     * A value already in the stored form of the file it is set in (variable-length data in that
     * file's global heap, references to its objects): a copy of another attribute, stored as it is.
     */
    public static AttributeValue stored(String name, Datatype type, Dataspace space, byte[] data) {
        return new AttributeValue(name, type, space, data.clone(), type, null, null);
    }

    /**
     * A value given in memory form ({@code memoryType}, object values in {@code objects} made by
     * {@code codec}), stored as {@code type}; checked now to convert.
     */
    public static AttributeValue of(String name, Datatype type, Dataspace space, byte[] memory, Datatype memoryType, ObjectTable objects,
                                    ValueCodec codec) {
        String problem = Conversions.problem(memoryType, type);
        if (problem != null) throw new IllegalArgumentException("attribute \"" + name + "\": " + problem);
        return new AttributeValue(name, type, space, memory.clone(), memoryType, objects, codec);
    }

    /** Variable-length UTF-8 strings (h5py's {@code str}), one per element of {@code space}. */
    public static AttributeValue variableLengthStrings(String name, Dataspace space, java.util.List<String> values) {
        if (values.size() != space.elementCount()) {
            throw new IllegalArgumentException("attribute \"" + name + "\": " + values.size() + " strings for " + space.elementCount() + " elements");
        }
        ObjectTable table = new ObjectTable();
        byte[] slots = new byte[values.size() * ObjectTable.SLOT_SIZE];
        for (int i = 0; i < values.size(); i++) {
            String v = java.util.Objects.requireNonNull(values.get(i), "attribute \"" + name + "\": string " + i);
            ObjectTable.putSlot(slots, i * ObjectTable.SLOT_SIZE, table.add(v));
        }
        Datatype memory = new org.h5vds.format.message.VariableLengthType(1, ObjectTable.SLOT_SIZE, org.h5vds.format.message.VariableLengthType.Kind.STRING,
                Datatype.StringPadding.NULL_TERMINATE, Datatype.CharacterSet.UTF8, org.h5vds.format.message.FixedPointType.of(1, false, Datatype.ByteOrder.LITTLE_ENDIAN));
        Datatype stored = org.h5vds.format.message.VariableLengthType.string(Datatype.StringPadding.NULL_TERMINATE, Datatype.CharacterSet.UTF8, 8);
        return of(name, stored, space, slots, memory, table, STRINGS);
    }

    /** Java strings as UTF-8, for {@link #variableLengthStrings}. */
    private static final ValueCodec STRINGS = new ValueCodec() {
        @Override
        public Object string(byte[] bytes, int off, int len, Datatype.CharacterSet charset) {
            return new String(bytes, off, len, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public byte[] stringBytes(Object value, Datatype.CharacterSet charset) {
            return ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public Object sequence(Datatype memoryBase, byte[] elements, int count, ObjectTable nested) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sequence sequenceParts(Object value, Datatype memoryBase) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object reference(org.h5vds.storage.StoredReference reference) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.h5vds.storage.StoredReference storedReference(Object value, org.h5vds.format.message.ReferenceType.Kind kind) {
            throw new UnsupportedOperationException();
        }
    };

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0x7F) return false;
        return true;
    }

    public String name() {
        return name;
    }

    public Datatype datatype() {
        return type;
    }

    public Dataspace dataspace() {
        return space;
    }

    /** Whether the value is in the stored type already (no conversion left, nothing outside the file). */
    boolean isStored() {
        return memoryType.equals(type) && objects == null;
    }

    /** This value converted to the stored type, variable-length data placed in {@code heap} (the file's). */
    AttributeValue toStored(FileObjects heap) {
        if (isStored()) return this;
        int n = (int) space.elementCount();
        byte[] value = new byte[Math.multiplyExact(n, type.size())];
        Conversions.writing(memoryType, type, objects, codec, heap).convert(data, 0, value, 0, n);
        return new AttributeValue(name, type, space, value, type, null, null);
    }

    /** The stored value bytes (see {@link #toStored}). */
    byte[] data() {
        if (!isStored()) throw new IllegalStateException("attribute \"" + name + "\" is not converted to its stored type yet");
        return data.clone();
    }

    /** The size of the attribute message at least (its name, type, space and value), as a header must hold it. */
    long encodedSizeAtLeast(int offsetSize, int lengthSize) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return 9L + n.length + 1 + type.encodedSize(offsetSize, lengthSize) + space.encodedSize(offsetSize, lengthSize)
                + space.elementCount() * type.size();
    }

    /** The message to store, variable-length data (of a value not yet stored) placed in {@code heap}. */
    AttributeMessage message(FileObjects heap) {
        byte[] value = data;
        if (!isStored()) {
            int n = (int) space.elementCount();
            value = new byte[Math.multiplyExact(n, type.size())];
            Conversions.writing(memoryType, type, objects, codec, heap).convert(data, 0, value, 0, n);
        }
        return AttributeMessage.of(name, isAscii(name) ? 0 : 1, type, space, value);
    }
}
