package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.h5vds.io.Cursor;

/**
 * The Datatype message (IV.A.2.d, type 0x0003): the type of each element of a dataset or
 * attribute, for every class the specification defines (0 fixed-point ... 11 complex) and every
 * message version (1-5). The packed "class and version" byte, the 24 class bit fields and the
 * size are kept as stored so that a decoded type re-encodes to the same bytes; the accessors
 * interpret them per class.
 *
 * <p>Nested types (compound members, enumeration, variable-length, array and complex base types)
 * are Datatypes themselves; nesting depth is bounded so a hostile file cannot exhaust the stack.
 */
public final class Datatype implements Message {
    public static final int TYPE = 0x0003;
    /** Nesting of member/base types we accept; libhdf5 types in practice nest a handful of levels. */
    public static final int MAX_NESTING = 64;

    /** The datatype classes; {@link #code} is the value stored in the message. */
    public enum TypeClass {
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

    public enum ByteOrder {
        LITTLE_ENDIAN, BIG_ENDIAN, VAX
    }

    /** String and variable-length string padding (bits 0-3, resp. 4-7). */
    public enum StringPadding {
        NULL_TERMINATE, NULL_PAD, SPACE_PAD
    }

    public enum CharacterSet {
        ASCII, UTF8
    }

    public enum Normalization {
        NONE, MSB_SET, IMPLIED
    }

    /** A compound member. For version 1 messages, {@code v1Array} keeps the legacy array-field encoding. */
    public record Member(String name, long byteOffset, Datatype type, LegacyArrayField v1Array) {
        public Member {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
        }

        public Member(String name, long byteOffset, Datatype type) {
            this(name, byteOffset, type, null);
        }
    }

    /**
     * A version 1 compound member's own "Dimensionality", "Dimension Permutation" and four
     * "Dimension #n Size" fields, with the member's element type. When dimensionality is non-zero
     * the member's {@link Member#type()} is the equivalent array type.
     */
    public record LegacyArrayField(int dimensionality, long permutation, long[] dims, Datatype elementType) {
        public LegacyArrayField {
            dims = dims.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LegacyArrayField l && l.dimensionality == dimensionality && l.permutation == permutation
                    && Arrays.equals(l.dims, dims) && l.elementType.equals(elementType);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(dims) + dimensionality;
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String toString() {
            return "LegacyArrayField[" + dimensionality + " " + Arrays.toString(dims) + "]";
        }
    }

    /** An enumeration name and its value, encoded as the base type. */
    public record EnumMember(String name, byte[] value) {
        public EnumMember {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EnumMember e && e.name.equals(name) && Arrays.equals(e.value, value);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + Arrays.toString(value);
        }
    }

    private final int version;
    private final TypeClass typeClass;
    private final int classBits;
    private final int size;
    // fixed-point, bitfield, floating-point, time
    private final int bitOffset;
    private final int bitPrecision;
    // floating-point
    private final int exponentLocation;
    private final int exponentSize;
    private final int mantissaLocation;
    private final int mantissaSize;
    private final long exponentBias;
    // opaque
    private final byte[] tag;
    // compound
    private final List<Member> members;
    // enumerated
    private final List<EnumMember> enumMembers;
    // enumerated, variable-length, array, complex
    private final Datatype base;
    // array
    private final long[] arrayDims;
    private final long[] arrayPermutation;

    private Datatype(int version, TypeClass typeClass, int classBits, int size, int bitOffset, int bitPrecision,
                     int exponentLocation, int exponentSize, int mantissaLocation, int mantissaSize, long exponentBias,
                     byte[] tag, List<Member> members, List<EnumMember> enumMembers, Datatype base,
                     long[] arrayDims, long[] arrayPermutation) {
        this.version = version;
        this.typeClass = typeClass;
        this.classBits = classBits;
        this.size = size;
        this.bitOffset = bitOffset;
        this.bitPrecision = bitPrecision;
        this.exponentLocation = exponentLocation;
        this.exponentSize = exponentSize;
        this.mantissaLocation = mantissaLocation;
        this.mantissaSize = mantissaSize;
        this.exponentBias = exponentBias;
        this.tag = tag;
        this.members = members;
        this.enumMembers = enumMembers;
        this.base = base;
        this.arrayDims = arrayDims;
        this.arrayPermutation = arrayPermutation;
    }

    private static Datatype atomic(int version, TypeClass c, int bits, int size, int offset, int precision) {
        return new Datatype(version, c, bits, size, offset, precision, 0, 0, 0, 0, 0, null, null, null, null, null, null);
    }

    // ---- constructors for the writer: the encodings libhdf5 uses for its predefined types ----

    /** An integer of {@code size} bytes (H5T_STD_I8LE ... H5T_STD_U64BE). */
    public static Datatype fixedPoint(int size, boolean signed, ByteOrder order) {
        if (order == ByteOrder.VAX) throw new IllegalArgumentException("integers have no VAX byte order");
        int bits = (order == ByteOrder.BIG_ENDIAN ? 0x01 : 0) | (signed ? 0x08 : 0);
        return atomic(1, TypeClass.FIXED_POINT, bits, size, 0, 8 * size);
    }

    /** An IEEE 754 binary16, binary32 or binary64 float (H5T_IEEE_F32LE etc.). */
    public static Datatype ieeeFloat(int size, ByteOrder order) {
        int exponentSize;
        int mantissaSize;
        switch (size) {
            case 2 -> { exponentSize = 5; mantissaSize = 10; }
            case 4 -> { exponentSize = 8; mantissaSize = 23; }
            case 8 -> { exponentSize = 11; mantissaSize = 52; }
            default -> throw new IllegalArgumentException("IEEE float size must be 2, 4 or 8, not " + size);
        }
        if (order == ByteOrder.VAX) throw new IllegalArgumentException("IEEE floats have no VAX byte order");
        int signLocation = 8 * size - 1;
        int bits = (order == ByteOrder.BIG_ENDIAN ? 0x01 : 0) | (Normalization.IMPLIED.ordinal() << 4) | (signLocation << 8);
        long bias = (1L << (exponentSize - 1)) - 1;
        return new Datatype(1, TypeClass.FLOATING_POINT, bits, size, 0, 8 * size, mantissaSize, exponentSize, 0, mantissaSize,
                bias, null, null, null, null, null, null);
    }

    /** A fixed-length string of {@code size} bytes. */
    public static Datatype fixedString(int size, StringPadding padding, CharacterSet charset) {
        return atomic(1, TypeClass.STRING, padding.ordinal() | charset.ordinal() << 4, size, 0, 0);
    }

    /**
     * A variable-length string (class 9, type 1) whose elements are heap references, as libhdf5
     * encodes H5T_C_S1 with H5T_VARIABLE: version 1, the size of a vlen element for 8-byte offsets
     * (4-byte length, collection address, 4-byte index), and an unsigned byte as base type.
     */
    public static Datatype variableLengthString(StringPadding padding, CharacterSet charset, int offsetSize) {
        int bits = 1 | padding.ordinal() << 4 | charset.ordinal() << 8;
        Datatype base = fixedPoint(1, false, ByteOrder.LITTLE_ENDIAN);
        return new Datatype(1, TypeClass.VARIABLE_LENGTH, bits, 4 + offsetSize + 4, 0, 0, 0, 0, 0, 0, 0, null, null, null, base, null, null);
    }

    /** A version 3 compound of {@code size} bytes (h5py's complex numbers: members r and i). */
    public static Datatype compound(int size, List<Member> members) {
        if (members.isEmpty() || members.size() > 0xFFFF) throw new IllegalArgumentException("a compound needs 1..65535 members, not " + members.size());
        for (Member m : members) {
            if (m.byteOffset() < 0 || m.byteOffset() + m.type().size() > size) {
                throw new IllegalArgumentException("member \"" + m.name() + "\" does not fit in " + size + " bytes");
            }
        }
        return new Datatype(3, TypeClass.COMPOUND, members.size(), size, 0, 0, 0, 0, 0, 0, 0, null, List.copyOf(members), null, null, null, null);
    }

    /** A version 3 enumeration over an integer {@code base} (h5py's bool: int8 with FALSE = 0, TRUE = 1). */
    public static Datatype enumeration(Datatype base, List<EnumMember> members) {
        if (base.typeClass != TypeClass.FIXED_POINT) throw new IllegalArgumentException("an enumeration's base must be an integer type");
        if (members.isEmpty() || members.size() > 0xFFFF) throw new IllegalArgumentException("an enumeration needs 1..65535 members, not " + members.size());
        for (EnumMember e : members) {
            if (e.value.length != base.size) throw new IllegalArgumentException("value of \"" + e.name() + "\" has " + e.value.length + " bytes, the base " + base.size);
        }
        return new Datatype(3, TypeClass.ENUMERATED, members.size(), base.size, 0, 0, 0, 0, 0, 0, 0, null, null, List.copyOf(members), base, null, null);
    }

    // ---- decoding ------------------------------------------------------------------------------

    public static Datatype decode(Cursor in) {
        return decode(in, 0);
    }

    private static Datatype decode(Cursor in, int depth) {
        int start = in.position();
        if (depth > MAX_NESTING) throw in.error(start, "datatype message: types nest deeper than " + MAX_NESTING + " levels");
        int classAndVersion = in.u8();
        int version = classAndVersion >>> 4;
        if (version < 1 || version > 5) throw in.error(start, "datatype message: unknown version " + version + " (known: 1-5)");
        TypeClass c = TypeClass.of(classAndVersion & 0x0F);
        if (c == null) throw in.error(start, "datatype message: unknown class " + (classAndVersion & 0x0F) + " (known: 0-11)");
        int bits = in.u8() | in.u8() << 8 | in.u8() << 16;
        int size = in.uintAsInt(4, "datatype size");
        return switch (c) {
            case FIXED_POINT, BITFIELD -> atomic(version, c, bits, size, in.u16(), in.u16());
            case TIME -> atomic(version, c, bits, size, 0, in.u16());
            case STRING -> {
                checkStringBits(in, start, bits & 0x0F, (bits >>> 4) & 0x0F);
                yield atomic(version, c, bits, size, 0, 0);
            }
            case REFERENCE -> atomic(version, c, bits, size, 0, 0);
            case FLOATING_POINT -> {
                int offset = in.u16();
                int precision = in.u16();
                int exponentLocation = in.u8();
                int exponentSize = in.u8();
                int mantissaLocation = in.u8();
                int mantissaSize = in.u8();
                long exponentBias = in.u32();
                if (((bits >>> 4) & 0x03) == 3) throw in.error(start, "datatype message: reserved floating-point normalization 3");
                if ((bits & 0x41) == 0x40) throw in.error(start, "datatype message: reserved floating-point byte order (bit 6 without bit 0)");
                yield new Datatype(version, c, bits, size, offset, precision, exponentLocation, exponentSize, mantissaLocation,
                        mantissaSize, exponentBias, null, null, null, null, null, null);
            }
            case OPAQUE -> {
                int tagLength = bits & 0xFF;
                yield new Datatype(version, c, bits, size, 0, 0, 0, 0, 0, 0, 0, in.bytes(tagLength), null, null, null, null, null);
            }
            case COMPOUND -> decodeCompound(in, version, bits, size, depth, start);
            case ENUMERATED -> decodeEnum(in, version, bits, size, depth);
            case VARIABLE_LENGTH, COMPLEX -> {
                if (c == TypeClass.VARIABLE_LENGTH) {
                    int kind = bits & 0x0F;
                    if (kind > 1) throw in.error(start, "datatype message: unknown variable-length type " + kind + " (0 sequence, 1 string)");
                    if (kind == 1) checkStringBits(in, start, (bits >>> 4) & 0x0F, (bits >>> 8) & 0x0F);
                }
                Datatype base = decode(in, depth + 1);
                yield new Datatype(version, c, bits, size, 0, 0, 0, 0, 0, 0, 0, null, null, null, base, null, null);
            }
            case ARRAY -> decodeArray(in, version, bits, size, depth);
        };
    }

    private static void checkStringBits(Cursor in, int at, int padding, int charset) {
        if (padding > 2) throw in.error(at, "datatype message: reserved string padding type " + padding);
        if (charset > 1) throw in.error(at, "datatype message: reserved character set " + charset);
    }

    private static Datatype decodeCompound(Cursor in, int version, int bits, int size, int depth, int start) {
        int n = bits & 0xFFFF;
        List<Member> members = new ArrayList<>(Math.min(n, in.remaining()));
        for (int i = 0; i < n; i++) {
            int memberAt = in.position();
            String name = name(in, version < 3);
            long offset;
            LegacyArrayField legacy = null;
            Datatype type;
            if (version >= 3) {
                offset = in.uint(offsetFieldSize(size));
                type = decode(in, depth + 1);
            } else {
                offset = in.u32();
                if (version == 1) {
                    int dimensionality = in.u8();
                    in.skip(3);
                    long permutation = in.u32();
                    in.skip(4);
                    long[] dims = new long[4];
                    for (int d = 0; d < 4; d++) dims[d] = in.u32();
                    if (dimensionality > 4) throw in.error(memberAt, "compound member \"" + name + "\": dimensionality " + dimensionality + " exceeds 4");
                    Datatype element = decode(in, depth + 1);
                    legacy = new LegacyArrayField(dimensionality, permutation, dims, element);
                    type = dimensionality == 0 ? element : legacyArray(element, dimensionality, dims, permutation, in, memberAt);
                } else {
                    type = decode(in, depth + 1);
                }
            }
            if (offset < 0 || offset + type.size > size) {
                throw in.error(memberAt, "compound member \"" + name + "\" at byte offset " + offset + " with size " + type.size
                        + " does not fit in the compound's " + size + " bytes");
            }
            members.add(new Member(name, offset, type, legacy));
        }
        if (n == 0) throw in.error(start, "datatype message: compound type without members");
        return new Datatype(version, TypeClass.COMPOUND, bits, size, 0, 0, 0, 0, 0, 0, 0, null, List.copyOf(members), null, null, null, null);
    }

    private static Datatype legacyArray(Datatype element, int rank, long[] dims, long permutation, Cursor in, int at) {
        long[] d = Arrays.copyOf(dims, rank);
        long[] perm = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            perm[i] = (permutation >>> (8 * i)) & 0xFF;
            count *= d[i];
        }
        long total = count * element.size;
        if (count > Integer.MAX_VALUE || total > Integer.MAX_VALUE) throw in.error(at, "compound member array of " + Arrays.toString(d) + " elements is too large");
        return new Datatype(2, TypeClass.ARRAY, 0, (int) total, 0, 0, 0, 0, 0, 0, 0, null, null, null, element, d, perm);
    }

    private static Datatype decodeEnum(Cursor in, int version, int bits, int size, int depth) {
        int n = bits & 0xFFFF;
        Datatype base = decode(in, depth + 1);
        String[] names = new String[Math.min(n, in.remaining())];
        if (names.length < n) throw in.error("enumeration of " + n + " members cannot fit in the " + in.remaining() + " bytes left");
        for (int i = 0; i < n; i++) names[i] = name(in, version < 3);
        long valueBytes = (long) n * base.size;
        if (valueBytes > in.remaining()) throw in.error("enumeration values need " + valueBytes + " bytes, " + in.remaining() + " left");
        List<EnumMember> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) members.add(new EnumMember(names[i], in.bytes(base.size)));
        return new Datatype(version, TypeClass.ENUMERATED, bits, size, 0, 0, 0, 0, 0, 0, 0, null, null, List.copyOf(members), base, null, null);
    }

    private static Datatype decodeArray(Cursor in, int version, int bits, int size, int depth) {
        int rankAt = in.position();
        int rank = in.u8();
        if (rank == 0 || rank > Dataspace.MAX_RANK) throw in.error(rankAt, "array datatype: rank " + rank + " outside 1.." + Dataspace.MAX_RANK);
        if (version < 3) in.skip(3);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) dims[i] = in.u32();
        long[] perm = null;
        if (version < 3) {
            perm = new long[rank];
            for (int i = 0; i < rank; i++) perm[i] = in.u32();
        }
        Datatype base = decode(in, depth + 1);
        return new Datatype(version, TypeClass.ARRAY, bits, size, 0, 0, 0, 0, 0, 0, 0, null, null, null, base, dims, perm);
    }

    /** A NUL-terminated name; before version 3, padded with NULs to a multiple of 8 bytes counted from its start. */
    private static String name(Cursor in, boolean padded) {
        int start = in.position();
        String name = in.cString();
        if (padded) in.skip(padding8(in.position() - start));
        return name;
    }

    /** Bytes of a version 3 compound member offset: the fewest that can hold the compound's size. */
    static int offsetFieldSize(long compoundSize) {
        return compoundSize <= 0 ? 1 : (63 - Long.numberOfLeadingZeros(compoundSize)) / 8 + 1;
    }

    // ---- accessors -----------------------------------------------------------------------------

    @Override
    public int type() {
        return TYPE;
    }

    public int version() {
        return version;
    }

    public TypeClass typeClass() {
        return typeClass;
    }

    /** The 24 class bit fields as stored. */
    public int classBits() {
        return classBits;
    }

    /** The size of one element in bytes. */
    public int size() {
        return size;
    }

    public boolean isInteger() {
        return typeClass == TypeClass.FIXED_POINT;
    }

    public boolean isFloat() {
        return typeClass == TypeClass.FLOATING_POINT;
    }

    public boolean isString() {
        return typeClass == TypeClass.STRING
                || typeClass == TypeClass.VARIABLE_LENGTH && (classBits & 0x0F) == 1;
    }

    private void require(String what, TypeClass... classes) {
        for (TypeClass c : classes) if (c == typeClass) return;
        throw new IllegalStateException(what + " is not defined for a " + typeClass + " datatype");
    }

    /** Byte order of fixed-point, floating-point, time and bitfield types; enumeration, array and complex types report their base's. */
    public ByteOrder byteOrder() {
        if (typeClass == TypeClass.ENUMERATED || typeClass == TypeClass.ARRAY || typeClass == TypeClass.COMPLEX) return base.byteOrder();
        require("byte order", TypeClass.FIXED_POINT, TypeClass.FLOATING_POINT, TypeClass.TIME, TypeClass.BITFIELD);
        if (typeClass == TypeClass.FLOATING_POINT && (classBits & 0x41) == 0x41) return ByteOrder.VAX;
        return (classBits & 0x01) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Whether a fixed-point type is two's complement; enumerations report their base's. */
    public boolean isSigned() {
        if (typeClass == TypeClass.ENUMERATED) return base.isSigned();
        require("signedness", TypeClass.FIXED_POINT);
        return (classBits & 0x08) != 0;
    }

    /** Padding bit value (0 or 1) of the unused low bits. */
    public int lowPad() {
        require("low padding", TypeClass.FIXED_POINT, TypeClass.FLOATING_POINT, TypeClass.BITFIELD);
        return (classBits >>> 1) & 1;
    }

    /** Padding bit value (0 or 1) of the unused high bits. */
    public int highPad() {
        require("high padding", TypeClass.FIXED_POINT, TypeClass.FLOATING_POINT, TypeClass.BITFIELD);
        return (classBits >>> 2) & 1;
    }

    /** Padding bit value (0 or 1) of the unused bits between sign, exponent and mantissa. */
    public int internalPad() {
        require("internal padding", TypeClass.FLOATING_POINT);
        return (classBits >>> 3) & 1;
    }

    public Normalization mantissaNormalization() {
        require("mantissa normalization", TypeClass.FLOATING_POINT);
        return Normalization.values()[(classBits >>> 4) & 0x03];
    }

    public int signLocation() {
        require("sign location", TypeClass.FLOATING_POINT);
        return (classBits >>> 8) & 0xFF;
    }

    public int bitOffset() {
        require("bit offset", TypeClass.FIXED_POINT, TypeClass.FLOATING_POINT, TypeClass.BITFIELD);
        return bitOffset;
    }

    public int bitPrecision() {
        require("bit precision", TypeClass.FIXED_POINT, TypeClass.FLOATING_POINT, TypeClass.BITFIELD, TypeClass.TIME);
        return bitPrecision;
    }

    public int exponentLocation() {
        require("exponent location", TypeClass.FLOATING_POINT);
        return exponentLocation;
    }

    public int exponentSize() {
        require("exponent size", TypeClass.FLOATING_POINT);
        return exponentSize;
    }

    public int mantissaLocation() {
        require("mantissa location", TypeClass.FLOATING_POINT);
        return mantissaLocation;
    }

    public int mantissaSize() {
        require("mantissa size", TypeClass.FLOATING_POINT);
        return mantissaSize;
    }

    public long exponentBias() {
        require("exponent bias", TypeClass.FLOATING_POINT);
        return exponentBias;
    }

    /** Padding of a fixed-length string or a variable-length string. */
    public StringPadding stringPadding() {
        int v;
        if (typeClass == TypeClass.STRING) v = classBits & 0x0F;
        else {
            require("string padding", TypeClass.STRING, TypeClass.VARIABLE_LENGTH);
            v = (classBits >>> 4) & 0x0F;
        }
        return StringPadding.values()[v];
    }

    /** Character set of a fixed-length string or a variable-length string. */
    public CharacterSet characterSet() {
        int v;
        if (typeClass == TypeClass.STRING) v = (classBits >>> 4) & 0x0F;
        else {
            require("character set", TypeClass.STRING, TypeClass.VARIABLE_LENGTH);
            v = (classBits >>> 8) & 0x0F;
        }
        return CharacterSet.values()[v];
    }

    /** Whether a variable-length type is a string (type 1) rather than a sequence (type 0). */
    public boolean isVariableLengthString() {
        return typeClass == TypeClass.VARIABLE_LENGTH && (classBits & 0x0F) == 1;
    }

    /** The opaque type's ASCII tag, without its NUL padding. */
    public String opaqueTag() {
        require("tag", TypeClass.OPAQUE);
        int n = 0;
        while (n < tag.length && tag[n] != 0) n++;
        return new String(tag, 0, n, StandardCharsets.US_ASCII);
    }

    /** The compound members in stored order. */
    public List<Member> members() {
        require("members", TypeClass.COMPOUND);
        return members;
    }

    public List<EnumMember> enumMembers() {
        require("enumeration members", TypeClass.ENUMERATED);
        return enumMembers;
    }

    /** The base type of an enumeration, variable-length, array or complex type. */
    public Datatype baseType() {
        require("base type", TypeClass.ENUMERATED, TypeClass.VARIABLE_LENGTH, TypeClass.ARRAY, TypeClass.COMPLEX);
        return base;
    }

    public long[] arrayDims() {
        require("array dimensions", TypeClass.ARRAY);
        return arrayDims.clone();
    }

    /** Version 2's (unused) permutation indices, or null for version 3 and later. */
    public long[] arrayPermutation() {
        require("array permutation", TypeClass.ARRAY);
        return arrayPermutation == null ? null : arrayPermutation.clone();
    }

    /** The reference type (bits 0-3): 0 object, 1 dataset region (before version 4); 2-4 revised types. */
    public int referenceType() {
        require("reference type", TypeClass.REFERENCE);
        return classBits & 0x0F;
    }

    /** Whether both parts of a complex number share one floating-point type. */
    public boolean isHomogeneous() {
        require("homogeneity", TypeClass.COMPLEX);
        return (classBits & 0x01) != 0;
    }

    /** Complex number form: 0 rectangular, 1 polar, 2 exponential. */
    public int complexForm() {
        require("complex form", TypeClass.COMPLEX);
        return (classBits >>> 1) & 0x03;
    }

    // ---- encoding ------------------------------------------------------------------------------

    @Override
    public void encode(Cursor out) {
        out.putU8(version << 4 | typeClass.code);
        out.putU8(classBits & 0xFF);
        out.putU8((classBits >>> 8) & 0xFF);
        out.putU8((classBits >>> 16) & 0xFF);
        out.putU32(size);
        switch (typeClass) {
            case FIXED_POINT, BITFIELD -> {
                out.putU16(bitOffset);
                out.putU16(bitPrecision);
            }
            case TIME -> out.putU16(bitPrecision);
            case STRING, REFERENCE -> {
            }
            case FLOATING_POINT -> {
                out.putU16(bitOffset);
                out.putU16(bitPrecision);
                out.putU8(exponentLocation);
                out.putU8(exponentSize);
                out.putU8(mantissaLocation);
                out.putU8(mantissaSize);
                out.putU32(exponentBias);
            }
            case OPAQUE -> out.putBytes(tag);
            case COMPOUND -> {
                for (Member m : members) {
                    putName(out, m.name(), version < 3);
                    if (version >= 3) {
                        out.putUint(m.byteOffset(), offsetFieldSize(size));
                        m.type().encode(out);
                    } else {
                        out.putU32(m.byteOffset());
                        if (version == 1) {
                            LegacyArrayField l = m.v1Array() != null ? m.v1Array() : new LegacyArrayField(0, 0, new long[4], m.type());
                            out.putU8(l.dimensionality());
                            out.putZeros(3);
                            out.putU32(l.permutation());
                            out.putZeros(4);
                            for (long d : l.dims()) out.putU32(d);
                            l.elementType().encode(out);
                        } else {
                            m.type().encode(out);
                        }
                    }
                }
            }
            case ENUMERATED -> {
                base.encode(out);
                for (EnumMember e : enumMembers) putName(out, e.name(), version < 3);
                for (EnumMember e : enumMembers) out.putBytes(e.value);
            }
            case VARIABLE_LENGTH, COMPLEX -> base.encode(out);
            case ARRAY -> {
                out.putU8(arrayDims.length);
                if (version < 3) out.putZeros(3);
                for (long d : arrayDims) out.putU32(d);
                if (version < 3) for (long p : arrayPermutation) out.putU32(p);
                base.encode(out);
            }
        }
    }

    private static void putName(Cursor out, String name, boolean padded) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        out.putBytes(b);
        out.putU8(0);
        if (padded) out.putZeros(padding8(b.length + 1));
    }

    private static int padding8(int n) {
        return (8 - n % 8) % 8;
    }

    private static int nameSize(String name, boolean padded) {
        int n = name.getBytes(StandardCharsets.UTF_8).length + 1;
        return padded ? n + padding8(n) : n;
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return encodedSize();
    }

    /** The encoded size, which does not depend on the file's offset and length sizes. */
    public int encodedSize() {
        int n = 8;
        switch (typeClass) {
            case FIXED_POINT, BITFIELD -> n += 4;
            case TIME -> n += 2;
            case STRING, REFERENCE -> {
            }
            case FLOATING_POINT -> n += 12;
            case OPAQUE -> n += tag.length;
            case COMPOUND -> {
                for (Member m : members) {
                    n += nameSize(m.name(), version < 3);
                    if (version >= 3) n += offsetFieldSize(size) + m.type().encodedSize();
                    else if (version == 1) n += 4 + 28 + (m.v1Array() != null ? m.v1Array().elementType() : m.type()).encodedSize();
                    else n += 4 + m.type().encodedSize();
                }
            }
            case ENUMERATED -> {
                n += base.encodedSize();
                for (EnumMember e : enumMembers) n += nameSize(e.name(), version < 3) + e.value.length;
            }
            case VARIABLE_LENGTH, COMPLEX -> n += base.encodedSize();
            case ARRAY -> n += 1 + (version < 3 ? 3 + 8 * arrayDims.length : 4 * arrayDims.length) + base.encodedSize();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Datatype d)) return false;
        return d.version == version && d.typeClass == typeClass && d.classBits == classBits && d.size == size
                && d.bitOffset == bitOffset && d.bitPrecision == bitPrecision && d.exponentLocation == exponentLocation
                && d.exponentSize == exponentSize && d.mantissaLocation == mantissaLocation && d.mantissaSize == mantissaSize
                && d.exponentBias == exponentBias && Arrays.equals(d.tag, tag) && Objects.equals(d.members, members)
                && Objects.equals(d.enumMembers, enumMembers) && Objects.equals(d.base, base)
                && Arrays.equals(d.arrayDims, arrayDims) && Arrays.equals(d.arrayPermutation, arrayPermutation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, typeClass, classBits, size, bitPrecision, members, base) + Arrays.hashCode(arrayDims);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Datatype[v").append(version).append(' ').append(typeClass).append(" size ").append(size);
        switch (typeClass) {
            case FIXED_POINT -> sb.append(isSigned() ? " signed " : " unsigned ").append(byteOrder());
            case FLOATING_POINT -> sb.append(' ').append(byteOrder()).append(" precision ").append(bitPrecision);
            case COMPOUND -> sb.append(' ').append(members);
            case ENUMERATED -> sb.append(" base ").append(base).append(' ').append(enumMembers);
            case VARIABLE_LENGTH, COMPLEX -> sb.append(" base ").append(base);
            case ARRAY -> sb.append(' ').append(Arrays.toString(arrayDims)).append(" of ").append(base);
            case OPAQUE -> sb.append(" tag \"").append(opaqueTag()).append('"');
            default -> {
            }
        }
        return sb.append(']').toString();
    }
}
