package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * Datatype class 2, time (IV.A.2.d): bit 0 byte order; property bit precision. libhdf5 has never
 * given this class a meaning (it converts nothing to or from it) and h5py refuses it; it is
 * decoded so that such files can be listed, and refused when read.
 */
public record TimeType(int version, int size, Datatype.ByteOrder order, int bitPrecision) implements Datatype {
    public TimeType {
        if (order == Datatype.ByteOrder.VAX) throw new IllegalArgumentException("time types have no VAX byte order");
    }

    static TimeType decode(Cursor in, Header h) {
        return new TimeType(h.version(), h.size(), TypeFields.order(h.classBits()), in.u16());
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.TIME;
    }

    @Override
    public int classBits() {
        return TypeFields.orderBit(order);
    }

    @Override
    public void encodeProperties(Cursor out) {
        out.putU16(bitPrecision);
    }

    @Override
    public int propertiesSize() {
        return 2;
    }

    @Override
    public String toString() {
        return "time" + bitPrecision;
    }
}
