package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * Datatype class 11, complex numbers (HDF5 2.0, message version 5): bit 0 set when both parts
 * share the base type, bits 1-2 the form (0 rectangular, 1 polar, 2 exponential); the base
 * floating-point type follows. An element is the real part then the imaginary part.
 */
public record ComplexType(int version, int size, boolean homogeneous, int form, Datatype base) implements Datatype {
    public ComplexType {
        if (size != 2 * base.size()) throw new IllegalArgumentException("a complex type of " + size + " bytes over parts of " + base.size());
    }

    static ComplexType decode(Cursor in, Header h, int depth) {
        Datatype base = Datatype.decode(in, depth + 1);
        try {
            return new ComplexType(h.version(), h.size(), (h.classBits() & 1) != 0, (h.classBits() >>> 1) & 0x03, base);
        } catch (IllegalArgumentException e) {
            throw in.error(h.at(), "complex datatype: " + e.getMessage());
        }
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.COMPLEX;
    }

    @Override
    public int classBits() {
        return (homogeneous ? 1 : 0) | form << 1;
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
        return "complex of " + base;
    }
}
