package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * Datatype class 9, variable-length data (IV.A.2.d): bits 0-3 sequence (0) or string (1), bits
 * 4-7 a string's padding and bits 8-11 its character set; the base type follows (an unsigned byte
 * for strings). In the file an element is a 4-byte length and a global heap ID (collection
 * address, 4-byte object index), so the message's size is 4 + "Size of Offsets" + 4.
 */
public record VariableLengthType(int version, int size, Kind kind, Datatype.StringPadding padding, Datatype.CharacterSet charset,
                                 Datatype base) implements Datatype {
    public enum Kind { SEQUENCE, STRING }

    public VariableLengthType {
        if (size < 1) throw new IllegalArgumentException("a variable-length type of " + size + " bytes");
    }

    /**
     * A variable-length string as libhdf5 encodes H5T_C_S1 with H5T_VARIABLE: version 1, the
     * element size for {@code offsetSize}-byte addresses, an unsigned byte as base type.
     */
    public static VariableLengthType string(Datatype.StringPadding padding, Datatype.CharacterSet charset, int offsetSize) {
        return new VariableLengthType(1, 8 + offsetSize, Kind.STRING, padding, charset, FixedPointType.of(1, false, Datatype.ByteOrder.LITTLE_ENDIAN));
    }

    /** A variable-length sequence of {@code base} (h5py's {@code vlen_dtype}). */
    public static VariableLengthType sequence(Datatype base, int offsetSize) {
        return new VariableLengthType(1, 8 + offsetSize, Kind.SEQUENCE, Datatype.StringPadding.NULL_TERMINATE, Datatype.CharacterSet.ASCII, base);
    }

    static VariableLengthType decode(Cursor in, Header h, int depth) {
        int bits = h.classBits();
        int kind = bits & 0x0F;
        if (kind > 1) throw in.error(h.at(), "datatype message: unknown variable-length type " + kind + " (0 sequence, 1 string)");
        int padding = (bits >>> 4) & 0x0F;
        int charset = (bits >>> 8) & 0x0F;
        if (kind == 1) StringType.checkStringBits(in, h.at(), padding, charset);
        Datatype base = Datatype.decode(in, depth + 1);
        if (h.size() < 1) throw in.error(h.at(), "variable-length datatype of " + h.size() + " bytes");
        // a sequence's padding and character set bits are unused; kept as stored (0..15) only when valid names exist
        if (kind == 0 && (padding > 2 || charset > 1)) throw in.error(h.at(), "variable-length sequence with reserved bits 0x" + Integer.toHexString(bits));
        return new VariableLengthType(h.version(), h.size(), kind == 1 ? Kind.STRING : Kind.SEQUENCE,
                Datatype.StringPadding.values()[padding], Datatype.CharacterSet.values()[charset], base);
    }

    public boolean isString() {
        return kind == Kind.STRING;
    }

    @Override
    public boolean pointsIntoFile() {
        return true;
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.VARIABLE_LENGTH;
    }

    @Override
    public int classBits() {
        return kind.ordinal() | padding.ordinal() << 4 | charset.ordinal() << 8;
    }

    @Override
    public void encodeProperties(Cursor out) {
        base.encode(out);
    }

    @Override
    public int propertiesSize() {
        return base.encodedSize();
    }

    @Override
    public String toString() {
        return isString() ? "vlen string[" + charset + "]" : "vlen sequence of " + base;
    }
}
