package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import org.h5vds.io.Cursor;

/** Fields several datatype classes encode the same way. */
final class TypeFields {
    private TypeFields() {
    }

    /** Byte order bit 0 of fixed-point, time and bitfield types. */
    static Datatype.ByteOrder order(int bits) {
        return (bits & 0x01) != 0 ? Datatype.ByteOrder.BIG_ENDIAN : Datatype.ByteOrder.LITTLE_ENDIAN;
    }

    static int orderBit(Datatype.ByteOrder order) {
        if (order == Datatype.ByteOrder.VAX) throw new IllegalArgumentException("only floating-point types have VAX byte order");
        return order == Datatype.ByteOrder.BIG_ENDIAN ? 1 : 0;
    }

    /** A NUL-terminated name; before version 3, padded with NULs to a multiple of 8 bytes counted from its start. */
    static String name(Cursor in, boolean padded) {
        int start = in.position();
        String name = in.cString();
        if (padded) in.skip(padding8(in.position() - start));
        return name;
    }

    static void putName(Cursor out, String name, boolean padded) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        out.putBytes(b);
        out.putU8(0);
        if (padded) out.putZeros(padding8(b.length + 1));
    }

    static int nameSize(String name, boolean padded) {
        int n = name.getBytes(StandardCharsets.UTF_8).length + 1;
        return padded ? n + padding8(n) : n;
    }

    static int padding8(int n) {
        return (8 - n % 8) % 8;
    }

    static void checkName(String name, String what) {
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException(what + " \"" + name.replace("\0", "\\0") + "\" contains a NUL character");
    }
}
