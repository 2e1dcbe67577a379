package org.h5vds.storage;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A numeric element type as the data path needs it: integer (signed or not) or IEEE float, its
 * width in bytes and byte order. The node layer derives it from the datatype message; the API maps
 * its public {@code DType} onto it.
 */
public record NumberType(Kind kind, int size, ByteOrder order) {
    public enum Kind { SIGNED, UNSIGNED, FLOAT }

    public NumberType {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(order);
        boolean ok = kind == Kind.FLOAT ? (size == 2 || size == 4 || size == 8) : (size == 1 || size == 2 || size == 4 || size == 8);
        if (!ok) throw new IllegalArgumentException("no " + kind.name().toLowerCase() + " type of " + size + " bytes");
    }

    public static NumberType signed(int size, ByteOrder order) {
        return new NumberType(Kind.SIGNED, size, order);
    }

    public static NumberType unsigned(int size, ByteOrder order) {
        return new NumberType(Kind.UNSIGNED, size, order);
    }

    public static NumberType ieee(int size, ByteOrder order) {
        return new NumberType(Kind.FLOAT, size, order);
    }

    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    @Override
    public String toString() {
        String o = size == 1 ? "|" : order == ByteOrder.LITTLE_ENDIAN ? "<" : ">";
        return o + (kind == Kind.FLOAT ? "f" : kind == Kind.SIGNED ? "i" : "u") + size;
    }
}
