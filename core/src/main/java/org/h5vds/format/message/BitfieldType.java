package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * Datatype class 4, bit fields (IV.A.2.d): bit 0 byte order, bits 1-2 padding of unused low and
 * high bits; properties bit offset and bit precision. h5py reads them as unsigned integers of
 * the same size.
 */
public record BitfieldType(int version, int size, Datatype.ByteOrder order, int lowPad, int highPad, int bitOffset, int bitPrecision)
        implements Datatype {
    public BitfieldType {
        if (order == Datatype.ByteOrder.VAX) throw new IllegalArgumentException("bit fields have no VAX byte order");
        if (size < 1) throw new IllegalArgumentException("a bit field of " + size + " bytes");
        if (bitPrecision < 1 || bitOffset < 0 || (long) bitOffset + bitPrecision > 8L * size) {
            throw new IllegalArgumentException("bit offset " + bitOffset + " and precision " + bitPrecision + " do not fit " + size + " bytes");
        }
    }

    /** libhdf5's H5T_STD_B8LE ... H5T_STD_B64BE: every bit of {@code size} bytes. */
    public static BitfieldType of(int size, Datatype.ByteOrder order) {
        return new BitfieldType(1, size, order, 0, 0, 0, 8 * size);
    }

    static BitfieldType decode(Cursor in, Header h) {
        int offset = in.u16();
        int precision = in.u16();
        int bits = h.classBits();
        try {
            return new BitfieldType(h.version(), h.size(), TypeFields.order(bits), (bits >>> 1) & 1, (bits >>> 2) & 1, offset, precision);
        } catch (IllegalArgumentException e) {
            throw in.error(h.at(), "bit field datatype: " + e.getMessage());
        }
    }

    /** The same bits as an unsigned integer type, for conversions. */
    public FixedPointType asUnsigned() {
        return new FixedPointType(1, size, order, lowPad, highPad, false, bitOffset, bitPrecision);
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.BITFIELD;
    }

    @Override
    public int classBits() {
        return TypeFields.orderBit(order) | lowPad << 1 | highPad << 2;
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
        return "bitfield" + bitPrecision + (order == Datatype.ByteOrder.BIG_ENDIAN ? " BE" : "");
    }
}
