package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * Datatype class 1, floating-point numbers of any layout (IV.A.2.d): bits 0 and 6 the byte order
 * (little-endian, big-endian or VAX), bits 1-3 padding of low, high and internal unused bits,
 * bits 4-5 mantissa normalization, bits 8-15 the sign bit's position; properties bit offset and
 * precision, exponent and mantissa positions and sizes, exponent bias. IEEE 754 binary16/32/64
 * are the usual layouts; x86's 80-bit extended precision in 16 bytes is what libhdf5 stores for a
 * C {@code long double} (NumPy's {@code longdouble}).
 */
public record FloatingPointType(int version, int size, Datatype.ByteOrder order, int lowPad, int highPad, int internalPad,
                                Normalization normalization, int signLocation, int bitOffset, int bitPrecision,
                                int exponentLocation, int exponentSize, int mantissaLocation, int mantissaSize,
                                long exponentBias) implements Datatype {
    /** How the mantissa's leading bit is stored (bits 4-5). */
    public enum Normalization {
        /** Not normalized: the leading bit is stored (x86's 80-bit format). */
        NONE,
        /** The most significant mantissa bit is always set and stored. */
        MSB_SET,
        /** The leading 1 is implied, not stored (IEEE 754). */
        IMPLIED
    }

    public FloatingPointType {
        if (size < 1) throw new IllegalArgumentException("a float of " + size + " bytes");
        long bits = 8L * size;
        if (bitPrecision < 1 || bitOffset < 0 || bitOffset + bitPrecision > bits) {
            throw new IllegalArgumentException("bit offset " + bitOffset + " and precision " + bitPrecision + " do not fit " + size + " bytes");
        }
        // the positions count from bit 0 of the element, not from the bit offset: libhdf5 (H5Tset_precision)
        // asks only that the fields end within offset + precision (its n-bit test's float: offset 7, 20 bits,
        // sign at 26)
        int end = bitOffset + bitPrecision;
        if (exponentSize < 1 || mantissaSize < 1 || exponentSize > 63 || mantissaSize > 112
                || exponentLocation + exponentSize > end || mantissaLocation + mantissaSize > end || signLocation >= end) {
            throw new IllegalArgumentException("sign at bit " + signLocation + ", exponent of " + exponentSize + " bits at " + exponentLocation
                    + " or mantissa of " + mantissaSize + " bits at " + mantissaLocation + " beyond bit " + end
                    + " (offset " + bitOffset + " + precision " + bitPrecision + ")");
        }
    }

    /** An IEEE 754 binary16, binary32 or binary64 float (H5T_IEEE_F32LE etc.). */
    public static FloatingPointType ieee(int size, Datatype.ByteOrder order) {
        int exponentSize;
        int mantissaSize;
        switch (size) {
            case 2 -> { exponentSize = 5; mantissaSize = 10; }
            case 4 -> { exponentSize = 8; mantissaSize = 23; }
            case 8 -> { exponentSize = 11; mantissaSize = 52; }
            default -> throw new IllegalArgumentException("IEEE float size must be 2, 4 or 8, not " + size);
        }
        if (order == Datatype.ByteOrder.VAX) throw new IllegalArgumentException("IEEE floats have no VAX byte order");
        return new FloatingPointType(1, size, order, 0, 0, 0, Normalization.IMPLIED, 8 * size - 1, 0, 8 * size, mantissaSize,
                exponentSize, 0, mantissaSize, (1L << (exponentSize - 1)) - 1);
    }

    /**
     * x86's 80-bit extended precision in 16 bytes: libhdf5's H5T_NATIVE_LDOUBLE on x86-64 and
     * NumPy's {@code longdouble} ({@code '<f16'}).
     */
    public static FloatingPointType x87Extended(Datatype.ByteOrder order) {
        return new FloatingPointType(1, 16, order, 0, 0, 0, Normalization.NONE, 79, 0, 80, 64, 15, 0, 64, 16383);
    }

    static FloatingPointType decode(Cursor in, Header h) {
        int offset = in.u16();
        int precision = in.u16();
        int exponentLocation = in.u8();
        int exponentSize = in.u8();
        int mantissaLocation = in.u8();
        int mantissaSize = in.u8();
        long exponentBias = in.u32();
        int bits = h.classBits();
        if (((bits >>> 4) & 0x03) == 3) throw in.error(h.at(), "datatype message: reserved floating-point normalization 3");
        if ((bits & 0x41) == 0x40) throw in.error(h.at(), "datatype message: reserved floating-point byte order (bit 6 without bit 0)");
        Datatype.ByteOrder order = (bits & 0x41) == 0x41 ? Datatype.ByteOrder.VAX
                : (bits & 0x01) != 0 ? Datatype.ByteOrder.BIG_ENDIAN : Datatype.ByteOrder.LITTLE_ENDIAN;
        try {
            return new FloatingPointType(h.version(), h.size(), order, (bits >>> 1) & 1, (bits >>> 2) & 1, (bits >>> 3) & 1,
                    Normalization.values()[(bits >>> 4) & 0x03], (bits >>> 8) & 0xFF, offset, precision, exponentLocation, exponentSize,
                    mantissaLocation, mantissaSize, exponentBias);
        } catch (IllegalArgumentException e) {
            throw in.error(h.at(), "floating-point datatype: " + e.getMessage());
        }
    }

    /** Whether this is IEEE 754 binary16, binary32 or binary64 in little- or big-endian order. */
    public boolean isIeee() {
        return (size == 2 || size == 4 || size == 8) && order != Datatype.ByteOrder.VAX
                && sameLayout(ieee(size, Datatype.ByteOrder.LITTLE_ENDIAN));
    }

    /** Whether this is x86's 80-bit extended format in 16 bytes, in either byte order. */
    public boolean isX87Extended() {
        return order != Datatype.ByteOrder.VAX && sameLayout(x87Extended(Datatype.ByteOrder.LITTLE_ENDIAN));
    }

    /** Same bits in the same places (byte order and padding aside). */
    private boolean sameLayout(FloatingPointType t) {
        return size == t.size && bitOffset == t.bitOffset && bitPrecision == t.bitPrecision && signLocation == t.signLocation
                && exponentLocation == t.exponentLocation && exponentSize == t.exponentSize && mantissaLocation == t.mantissaLocation
                && mantissaSize == t.mantissaSize && exponentBias == t.exponentBias && normalization == t.normalization;
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.FLOATING_POINT;
    }

    @Override
    public int classBits() {
        int o = switch (order) {
            case LITTLE_ENDIAN -> 0;
            case BIG_ENDIAN -> 0x01;
            case VAX -> 0x41;
        };
        return o | lowPad << 1 | highPad << 2 | internalPad << 3 | normalization.ordinal() << 4 | signLocation << 8;
    }

    @Override
    public void encodeProperties(Cursor out) {
        out.putU16(bitOffset);
        out.putU16(bitPrecision);
        out.putU8(exponentLocation);
        out.putU8(exponentSize);
        out.putU8(mantissaLocation);
        out.putU8(mantissaSize);
        out.putU32(exponentBias);
    }

    @Override
    public int propertiesSize() {
        return 12;
    }

    @Override
    public String toString() {
        return "float" + 8 * size + (isIeee() ? "" : isX87Extended() ? " (x87 extended)" : " (" + bitPrecision + " bits, non-IEEE)")
                + (order == Datatype.ByteOrder.LITTLE_ENDIAN ? "" : " " + order);
    }
}
