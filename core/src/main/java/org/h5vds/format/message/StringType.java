package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * Datatype class 3, fixed-length strings (IV.A.2.d): bits 0-3 the padding (null-terminated,
 * null-padded, space-padded), bits 4-7 the character set (ASCII, UTF-8); no properties. The size
 * is the length in bytes.
 */
public record StringType(int version, int size, Datatype.StringPadding padding, Datatype.CharacterSet charset) implements Datatype {
    public StringType {
        if (size < 1) throw new IllegalArgumentException("a fixed-length string of " + size + " bytes");
    }

    /** A version 1 string of {@code size} bytes. */
    public static StringType of(int size, Datatype.StringPadding padding, Datatype.CharacterSet charset) {
        return new StringType(1, size, padding, charset);
    }

    static StringType decode(Cursor in, Header h) {
        int padding = h.classBits() & 0x0F;
        int charset = (h.classBits() >>> 4) & 0x0F;
        checkStringBits(in, h.at(), padding, charset);
        if (h.size() < 1) throw in.error(h.at(), "string datatype of " + h.size() + " bytes");
        return new StringType(h.version(), h.size(), Datatype.StringPadding.values()[padding], Datatype.CharacterSet.values()[charset]);
    }

    static void checkStringBits(Cursor in, int at, int padding, int charset) {
        if (padding > 2) throw in.error(at, "datatype message: reserved string padding type " + padding);
        if (charset > 1) throw in.error(at, "datatype message: reserved character set " + charset);
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.STRING;
    }

    @Override
    public int classBits() {
        return padding.ordinal() | charset.ordinal() << 4;
    }

    @Override
    public void encodeProperties(Cursor out) {
    }

    @Override
    public int propertiesSize() {
        return 0;
    }

    @Override
    public String toString() {
        return "string[" + size + " " + charset + " " + padding + "]";
    }
}
