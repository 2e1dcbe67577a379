package org.h5vds.node;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.h5vds.format.GlobalHeapId;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;

/**
 * An attribute to write: name, type, shape and value. Numeric and fixed-length string values are
 * bytes in the stored type; variable-length strings are kept as strings until the file is closed,
 * when they go into a global heap and the value becomes their heap references.
 */
public final class AttributeValue {
    private final String name;
    private final Datatype type;
    private final Dataspace space;
    private final byte[] data;
    private final List<String> strings;

    private AttributeValue(String name, Datatype type, Dataspace space, byte[] data, List<String> strings) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("an attribute needs a non-empty name");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("attribute name \"" + name + "\" contains a NUL character");
        this.name = name;
        this.type = type;
        this.space = space;
        this.data = data;
        this.strings = strings;
    }

    /** A value given as bytes of {@code type} (numbers, enumerations, compounds), {@code space.elementCount()} elements. */
    public static AttributeValue of(String name, Datatype type, Dataspace space, byte[] data) {
        long need = space.elementCount() * type.size();
        if (data.length != need) {
            throw new IllegalArgumentException("attribute \"" + name + "\": " + space.elementCount() + " elements of " + type.size()
                    + " bytes need " + need + " bytes, got " + data.length);
        }
        return new AttributeValue(name, type, space, data.clone(), null);
    }

    /** Variable-length UTF-8 strings (h5py's {@code str}), one per element of {@code space}. */
    public static AttributeValue variableLengthStrings(String name, Dataspace space, List<String> values) {
        if (values.size() != space.elementCount()) {
            throw new IllegalArgumentException("attribute \"" + name + "\": " + values.size() + " strings for " + space.elementCount() + " elements");
        }
        for (String s : values) if (s == null) throw new IllegalArgumentException("attribute \"" + name + "\": a string is null");
        return new AttributeValue(name, null, space, null, List.copyOf(values));
    }

    /**
     * Fixed-length UTF-8 strings of {@code length} bytes each, padded with NULs as NumPy's 'S'
     * dtype stores them (h5py writes those as null-padded strings).
     *
     * @param length at least 1; a string longer than this in UTF-8 is an error
     */
    public static AttributeValue fixedLengthStrings(String name, Dataspace space, int length, List<String> values) {
        if (values.size() != space.elementCount()) {
            throw new IllegalArgumentException("attribute \"" + name + "\": " + values.size() + " strings for " + space.elementCount() + " elements");
        }
        if (length < 1) throw new IllegalArgumentException("attribute \"" + name + "\": fixed string length must be at least 1, not " + length);
        byte[] data = new byte[Math.multiplyExact(values.size(), length)];
        for (int i = 0; i < values.size(); i++) {
            byte[] b = values.get(i).getBytes(StandardCharsets.UTF_8);
            if (b.length > length) {
                throw new IllegalArgumentException("attribute \"" + name + "\": string \"" + values.get(i) + "\" takes " + b.length
                        + " bytes in UTF-8, more than the length " + length);
            }
            System.arraycopy(b, 0, data, i * length, b.length);
        }
        Datatype t = Datatype.fixedString(length, Datatype.StringPadding.NULL_PAD, ascii(values) ? Datatype.CharacterSet.ASCII : Datatype.CharacterSet.UTF8);
        return new AttributeValue(name, t, space, data, null);
    }

    private static boolean ascii(List<String> values) {
        for (String s : values) if (!isAscii(s)) return false;
        return true;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0x7F) return false;
        return true;
    }

    public String name() {
        return name;
    }

    /** The stored type in a file whose offsets take {@code offsetSize} bytes (variable-length strings hold a heap address). */
    public Datatype datatype(int offsetSize) {
        return type != null ? type : Datatype.variableLengthString(Datatype.StringPadding.NULL_TERMINATE, Datatype.CharacterSet.UTF8, offsetSize);
    }

    /**
     * The size of the attribute message, the strings of a variable-length value counted as their
     * heap references (known before a heap is written).
     */
    long encodedSizeAtLeast(int offsetSize, int lengthSize) {
        Datatype t = datatype(offsetSize);
        long data = space.elementCount() * t.size();
        byte[] name = this.name.getBytes(StandardCharsets.UTF_8);
        return 9L + name.length + 1 + t.encodedSize(offsetSize, lengthSize) + space.encodedSize(offsetSize, lengthSize) + data;
    }

    /** The strings of a variable-length string value, or null. */
    List<String> strings() {
        return strings;
    }

    /** The value bytes of a fixed-size value, or null for variable-length strings. */
    byte[] data() {
        return data == null ? null : data.clone();
    }

    public Dataspace dataspace() {
        return space;
    }

    /** The message to store, variable-length strings placed in {@code heap}. */
    AttributeMessage message(GlobalHeapWriter heap, int offsetSize) {
        byte[] value = data;
        Datatype t = datatype(offsetSize);
        if (strings != null) {
            ByteBuffer b = ByteBuffer.allocate(strings.size() * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (String s : strings) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                // libhdf5 stores an empty sequence as length 0 and a zero heap ID (H5T__vlen_disk_write)
                GlobalHeapId id = utf8.length == 0 ? new GlobalHeapId(0, 0) : heap.add(utf8);
                b.putInt(utf8.length);
                putAddress(b, id.collectionAddress(), offsetSize);
                b.putInt((int) id.objectIndex());
            }
            value = b.array();
        }
        return AttributeMessage.of(name, isAscii(name) ? 0 : 1, t, space, value);
    }

    private static void putAddress(ByteBuffer b, long address, int size) {
        for (int i = 0; i < size; i++) b.put((byte) (address >>> (8 * i)));
    }
}
