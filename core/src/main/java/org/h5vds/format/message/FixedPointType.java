package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * Datatype class 0, fixed-point numbers (IV.A.2.d): bit 0 byte order, bits 1-2 the padding of
 * unused low and high bits, bit 3 two's complement; properties bit offset and bit precision (the
 * value occupies {@code bitPrecision} bits starting {@code bitOffset} bits into the element, as
 * the n-bit filter and HDF5's packed integer types store it).
 *
 * @param lowPad  the value (0 or 1) of the unused bits below the offset
 * @param highPad the value (0 or 1) of the unused bits above offset + precision
 */
public record FixedPointType(int version, int size, Datatype.ByteOrder order, int lowPad, int highPad, boolean signed,
                             int bitOffset, int bitPrecision) implements Datatype {
    public FixedPointType {
        if (order == Datatype.ByteOrder.VAX) throw new IllegalArgumentException("integers have no VAX byte order");
        if (size < 1) throw new IllegalArgumentException("an integer of " + size + " bytes");
        if (bitPrecision < 1 || bitOffset < 0 || (long) bitOffset + bitPrecision > 8L * size) {
            throw new IllegalArgumentException("bit offset " + bitOffset + " and precision " + bitPrecision + " do not fit "
                    + size + " bytes");
        }
    }

    // equals and hashCode written out, as a record's generated ones would compute them: the
    // generated ones are linked through java.lang.runtime.ObjectMethods on first use, which costs
    // a program's first dataset write (that compares its memory type with the stored one) ~10-30 ms
    @Override
    public boolean equals(Object o) {
        return o instanceof FixedPointType t && t.version == version && t.size == size && t.order == order && t.lowPad == lowPad
                && t.highPad == highPad && t.signed == signed && t.bitOffset == bitOffset && t.bitPrecision == bitPrecision;
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(version);
        h = 31 * h + Integer.hashCode(size);
        h = 31 * h + java.util.Objects.hashCode(order);
        h = 31 * h + Integer.hashCode(lowPad);
        h = 31 * h + Integer.hashCode(highPad);
        h = 31 * h + Boolean.hashCode(signed);
        h = 31 * h + Integer.hashCode(bitOffset);
        return 31 * h + Integer.hashCode(bitPrecision);
    }

    /** An integer using all the bits of {@code size} bytes (libhdf5's H5T_STD_I8LE ... H5T_STD_U64BE). */
    public static FixedPointType of(int size, boolean signed, Datatype.ByteOrder order) {
        return new FixedPointType(1, size, order, 0, 0, signed, 0, 8 * size);
    }

    static FixedPointType decode(Cursor in, Header h) {
        int offset = in.u16();
        int precision = in.u16();
        int bits = h.classBits();
        try {
            return new FixedPointType(h.version(), h.size(), TypeFields.order(bits), (bits >>> 1) & 1, (bits >>> 2) & 1,
                    (bits & 0x08) != 0, offset, precision);
        } catch (IllegalArgumentException e) {
            throw in.error(h.at(), "fixed-point datatype: " + e.getMessage());
        }
    }

    /** Whether the value fills the element: no padding bits (the types NumPy has). */
    public boolean isFull() {
        return bitOffset == 0 && bitPrecision == 8 * size;
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.FIXED_POINT;
    }

    @Override
    public int classBits() {
        return TypeFields.orderBit(order) | lowPad << 1 | highPad << 2 | (signed ? 0x08 : 0);
    }

    @Override
    public void encodeProperties(Cursor out) {
        out.putU16(bitOffset);
        out.putU16(bitPrecision);
    }

    @Override
    public int propertiesSize() {
        return 4;
    }

    @Override
    public String toString() {
        return (signed ? "int" : "uint") + bitPrecision + (isFull() ? "" : "@" + bitOffset + " in " + size + " bytes")
                + (order == Datatype.ByteOrder.BIG_ENDIAN && size > 1 ? " BE" : "");
    }
}
