package org.h5vds.format.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds test inputs field by field, as the specification's layout tables list them. */
final class LittleEndianBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    LittleEndianBytes u8(int... v) {
        for (int b : v) out.write(b);
        return this;
    }

    LittleEndianBytes u16(int v) {
        return uint(v, 2);
    }

    LittleEndianBytes u32(long v) {
        return uint(v, 4);
    }

    LittleEndianBytes u64(long v) {
        return uint(v, 8);
    }

    LittleEndianBytes uint(long v, int n) {
        for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i)));
        return this;
    }

    LittleEndianBytes zeros(int n) {
        for (int i = 0; i < n; i++) out.write(0);
        return this;
    }

    LittleEndianBytes ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** NUL-terminated, then NUL-padded to {@code multiple} bytes (1 for no padding). */
    LittleEndianBytes name(String s, int multiple) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(b);
        int n = b.length + 1;
        int padded = (n + multiple - 1) / multiple * multiple;
        return zeros(padded - b.length);
    }

    LittleEndianBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] get() {
        return out.toByteArray();
    }
}
