package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Datatype message (IV.A.2.d, type 0x0003): the type of each element of a dataset or
 * attribute. Every message starts with the same eight bytes — class and version, 24 class bit
 * fields, the element size — followed by properties that depend on the class; each class is a
 * small record here that decodes and encodes its own bit fields and properties:
 * {@link FixedPointType} (0), {@link FloatingPointType} (1), {@link TimeType} (2),
 * {@link StringType} (3), {@link BitfieldType} (4), {@link OpaqueType} (5), {@link CompoundType}
 * (6), {@link ReferenceType} (7), {@link EnumType} (8), {@link VariableLengthType} (9),
 * {@link ArrayType} (10) and {@link ComplexType} (11, HDF5 2.0).
 *
 * <p>A decoded type re-encodes to the bytes it was decoded from (message versions 1-5, the legacy
 * array fields of version 1 compound members included). Nested types (members, base types) are
 * Datatypes themselves; nesting is bounded so that a hostile file cannot exhaust the stack.
 */
public sealed interface Datatype extends Message permits FixedPointType, FloatingPointType, TimeType, StringType, BitfieldType,
        OpaqueType, CompoundType, ReferenceType, EnumType, VariableLengthType, ArrayType, ComplexType {
    int TYPE = 0x0003;
    /** Nesting of member/base types we accept; libhdf5 types in practice nest a handful of levels. */
    int MAX_NESTING = 64;

    /** The datatype classes; {@link #code} is the value stored in the message. */
    enum TypeClass {
        FIXED_POINT(0), FLOATING_POINT(1), TIME(2), STRING(3), BITFIELD(4), OPAQUE(5), COMPOUND(6),
        REFERENCE(7), ENUMERATED(8), VARIABLE_LENGTH(9), ARRAY(10), COMPLEX(11);

        public final int code;

        TypeClass(int code) {
            this.code = code;
        }

        static TypeClass of(int code) {
            return code < values().length ? values()[code] : null;
        }
    }

    /** Byte order of atomic types; VAX only for floating point. */
    enum ByteOrder {
        LITTLE_ENDIAN, BIG_ENDIAN, VAX
    }

    /** String padding: how a string shorter than its space ends (IV.A.2.d, class 3 bits 0-3). */
    enum StringPadding {
        NULL_TERMINATE, NULL_PAD, SPACE_PAD
    }

    enum CharacterSet {
        ASCII, UTF8
    }

    /** The message version (1-5): which encoding of the class's properties is used. */
    int version();

    TypeClass typeClass();

    /** The size of one element in bytes, as stored in the message. */
    int size();

    /** The 24 class bit fields, as they are encoded. */
    int classBits();

    /** Writes the class's properties (everything after the eight common bytes). */
    void encodeProperties(Cursor out);

    /** Bytes {@link #encodeProperties} writes. */
    int propertiesSize();

    /**
     * Whether an element holds addresses in its file (variable-length data through the global
     * heap, references): its bytes mean nothing outside that file and must be converted, not copied.
     */
    default boolean pointsIntoFile() {
        return false;
    }

    @Override
    default int type() {
        return TYPE;
    }

    @Override
    default void encode(Cursor out) {
        out.putU8(version() << 4 | typeClass().code);
        int bits = classBits();
        out.putU8(bits & 0xFF);
        out.putU8((bits >>> 8) & 0xFF);
        out.putU8((bits >>> 16) & 0xFF);
        out.putU32(size());
        encodeProperties(out);
    }

    @Override
    default int encodedSize(int offsetSize, int lengthSize) {
        return encodedSize();
    }

    /** The encoded size, which does not depend on the file's offset and length sizes. */
    default int encodedSize() {
        return 8 + propertiesSize();
    }

    // ---- decoding ------------------------------------------------------------------------------

    static Datatype decode(Cursor in) {
        return decode(in, 0);
    }

    /** The eight bytes every datatype message starts with, as read. */
    record Header(int version, TypeClass typeClass, int classBits, int size, int at) {
    }

    /** Decodes a (nested) type at depth {@code depth} of its enclosing type. */
    static Datatype decode(Cursor in, int depth) {
        int start = in.position();
        if (depth > MAX_NESTING) throw in.error(start, "datatype message: types nest deeper than " + MAX_NESTING + " levels");
        int classAndVersion = in.u8();
        int version = classAndVersion >>> 4;
        if (version < 1 || version > 5) throw in.error(start, "datatype message: unknown version " + version + " (known: 1-5)");
        TypeClass c = TypeClass.of(classAndVersion & 0x0F);
        if (c == null) throw in.error(start, "datatype message: unknown class " + (classAndVersion & 0x0F) + " (known: 0-11)");
        int bits = in.u8() | in.u8() << 8 | in.u8() << 16;
        int size = in.uintAsInt(4, "datatype size");
        Header h = new Header(version, c, bits, size, start);
        return switch (c) {
            case FIXED_POINT -> FixedPointType.decode(in, h);
            case FLOATING_POINT -> FloatingPointType.decode(in, h);
            case TIME -> TimeType.decode(in, h);
            case STRING -> StringType.decode(in, h);
            case BITFIELD -> BitfieldType.decode(in, h);
            case OPAQUE -> OpaqueType.decode(in, h);
            case COMPOUND -> CompoundType.decode(in, h, depth);
            case REFERENCE -> ReferenceType.decode(in, h);
            case ENUMERATED -> EnumType.decode(in, h, depth);
            case VARIABLE_LENGTH -> VariableLengthType.decode(in, h, depth);
            case ARRAY -> ArrayType.decode(in, h, depth);
            case COMPLEX -> ComplexType.decode(in, h, depth);
        };
    }
}
