package org.h5vds.format;

import java.nio.ByteBuffer;
import org.h5vds.io.ChecksumPolicy;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * Bob Jenkins' lookup3 {@code hashlittle}, which HDF5 uses (with initial value 0) to checksum
 * superblocks v2/v3, v2 object headers and every newer index structure, and the VDS heap block.
 */
public final class Checksum {
    private Checksum() {
    }

    /** Whether a stored checksum is accepted for the computed one (always, when checksums are ignored). */
    public static boolean matches(int stored, int computed) {
        return ChecksumPolicy.accepts(stored, computed);
    }

    public static int lookup3(byte[] data) {
        return lookup3(data, 0, data.length);
    }

    /** Little-endian ints straight out of a byte array. */
    private static final java.lang.invoke.VarHandle INT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The checksum of {@code length} bytes of {@code buf} from absolute index {@code from}. */
    public static int lookup3(ByteBuffer buf, int from, int length) {
        if (buf.hasArray()) return lookup3(buf.array(), buf.arrayOffset() + from, length);
        byte[] copy = new byte[length];
        buf.get(from, copy);
        return lookup3(copy, 0, length);
    }

    /** The checksum of {@code length} bytes of {@code data} from index {@code from}. */
    public static int lookup3(byte[] data, int from, int length) {
        java.util.Objects.checkFromIndexSize(from, length, data.length);
        // whole words read as one little-endian int each: a VDS heap block of 100,000 mappings is
        // 8 MB, and byte-by-byte assembly made its checksum cost more than decoding it
        int a, b, c;
        a = b = c = 0xdeadbeef + length;
        int k = from;
        int left = length;
        while (left > 12) {
            a += (int) INT_LE.get(data, k);
            b += (int) INT_LE.get(data, k + 4);
            c += (int) INT_LE.get(data, k + 8);
            // mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4);  c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6);  a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8);  b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4);  b += a;
            left -= 12;
            k += 12;
        }
        if (left == 0) return c;
        // the last 1..12 bytes, each added to a, b or c at its little-endian place
        int[] abc = {a, b, c};
        for (int i = 0; i < left; i++) {
            abc[i / 4] += (data[k + i] & 0xFF) << (8 * (i % 4));
        }
        a = abc[0];
        b = abc[1];
        c = abc[2];
        // final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }


    /**
     * Reads the 4-byte checksum at the cursor and checks it against the lookup3 of the structure's
     * bytes from {@code start} (a cursor position) up to the checksum.
     */
    public static void verify(Cursor c, int start, String what) {
        int end = c.position();
        int computed = lookup3(c.buffer(), start, end - start);
        long at = c.address0();
        int stored = (int) c.u32();
        if (!Checksum.matches(stored, computed)) {
            throw new H5FormatException(c.file(), at, what + ": checksum mismatch (stored 0x" + Integer.toHexString(stored)
                    + ", computed 0x" + Integer.toHexString(computed) + ")");
        }
    }

    /** Writes the lookup3 checksum of the bytes written from {@code start} (a cursor position). */
    public static void append(Cursor c, int start) {
        c.putU32(lookup3(c.buffer(), start, c.position() - start) & 0xFFFFFFFFL);
    }
}
