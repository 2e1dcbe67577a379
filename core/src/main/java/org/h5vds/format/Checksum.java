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

    /** Blocks of 12 bytes mixed per call of {@link #mixBlocks}. */
    private static final int BLOCKS_PER_CALL = 64;

    /** The checksum of {@code length} bytes of {@code buf} from absolute index {@code from}. */
    public static int lookup3(ByteBuffer buf, int from, int length) {
        if (buf.hasArray()) return lookup3(buf.array(), buf.arrayOffset() + from, length);
        // a direct or mapped buffer (an 8 MB VDS block read as a view of the file): through a small
        // array rather than a copy of the whole
        java.util.Objects.checkFromIndexSize(from, length, buf.limit());
        Running sum = new Running(length);
        byte[] piece = new byte[Math.min(length, 1 << 16)];
        for (int done = 0; done < length; ) {
            int n = Math.min(piece.length, length - done);
            buf.get(from + done, piece, 0, n);
            sum.update(piece, 0, n);
            done += n;
        }
        return sum.value();
    }

    /** The checksum of {@code length} bytes of {@code data} from index {@code from}. */
    public static int lookup3(byte[] data, int from, int length) {
        java.util.Objects.checkFromIndexSize(from, length, data.length);
        Running sum = new Running(length);
        sum.update(data, from, length);
        return sum.value();
    }

    /**
     * lookup3 of bytes given in pieces, their total length known at the start (lookup3 begins with
     * it): what {@link #lookup3(byte[], int, int)} gives for the pieces put together, without
     * putting them together (an 8 MB VDS block is written out through a small buffer).
     */
    public static final class Running {
        private final int length;
        private final int[] abc = new int[3];
        /** 12-byte blocks mixed in, and how many are to be: all but the last (which may be whole). */
        private int mixed;
        private final int toMix;
        /** Bytes of a block not yet complete, or of the last one. */
        private final byte[] pending = new byte[12];
        private int pendingLength;
        private long seen;

        public Running(int length) {
            if (length < 0) throw new IllegalArgumentException("length " + length);
            this.length = length;
            abc[0] = abc[1] = abc[2] = 0xdeadbeef + length;
            this.toMix = length == 0 ? 0 : (length - 1) / 12;
        }

        /** Adds the next {@code n} bytes of {@code data} from {@code from}. */
        public void update(byte[] data, int from, int n) {
            java.util.Objects.checkFromIndexSize(from, n, data.length);
            if (seen + n > length) throw new IllegalStateException("more than the " + length + " bytes announced");
            seen += n;
            int k = from;
            int end = from + n;
            if (pendingLength > 0) {
                int take = Math.min(12 - pendingLength, end - k);
                System.arraycopy(data, k, pending, pendingLength, take);
                pendingLength += take;
                k += take;
                if (pendingLength < 12 || mixed == toMix) return;
                mixBlocks(abc, pending, 0, 1);
                mixed++;
                pendingLength = 0;
            }
            // whole blocks straight from data, in runs, so that the JIT compiles mixBlocks after a
            // few hundred calls instead of the interpreter running one long loop until it is
            // compiled on the fly (the 8 MB block of a first create in a fresh JVM)
            int blocks = Math.min((end - k) / 12, toMix - mixed);
            while (blocks > 0) {
                int run = Math.min(blocks, BLOCKS_PER_CALL);
                mixBlocks(abc, data, k, run);
                mixed += run;
                k += 12 * run;
                blocks -= run;
            }
            System.arraycopy(data, k, pending, 0, end - k);
            pendingLength = end - k;
        }

        /** The checksum, once every byte announced is added. */
        public int value() {
            if (seen != length) throw new IllegalStateException(seen + " of the " + length + " bytes announced were given");
            if (length == 0) return abc[2];
            int[] v = abc.clone();
            // the last 1..12 bytes, each added to a, b or c at its little-endian place
            for (int i = 0; i < pendingLength; i++) v[i / 4] += (pending[i] & 0xFF) << (8 * (i % 4));
            int a = v[0];
            int b = v[1];
            int c = v[2];
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
    }

    /**
     * Adds {@code n} 12-byte blocks from {@code k} into the state {@code abc} and mixes each
     * (lookup3's mix). The words are read little-endian byte by byte and rotated with shifts, with
     * no call per block: a fresh JVM's first create checksums an 8 MB block while this may still
     * be interpreted (the JIT compiles it after some hundred calls, later when the compiler
     * threads are busy), and the interpreter makes each call in full (a VarHandle view would be
     * several, Integer.rotateLeft one more per step). Compiled, the shifts and ors are the same
     * rotates and loads.
     */
    private static void mixBlocks(int[] abc, byte[] data, int k, int n) {
        int a = abc[0];
        int b = abc[1];
        int c = abc[2];
        for (int end = k + 12 * n; k < end; k += 12) {
            a += (data[k] & 0xFF) | (data[k + 1] & 0xFF) << 8 | (data[k + 2] & 0xFF) << 16 | data[k + 3] << 24;
            b += (data[k + 4] & 0xFF) | (data[k + 5] & 0xFF) << 8 | (data[k + 6] & 0xFF) << 16 | data[k + 7] << 24;
            c += (data[k + 8] & 0xFF) | (data[k + 9] & 0xFF) << 8 | (data[k + 10] & 0xFF) << 16 | data[k + 11] << 24;
            a -= c; a ^= c << 4 | c >>> 28;  c += b;
            b -= a; b ^= a << 6 | a >>> 26;  a += c;
            c -= b; c ^= b << 8 | b >>> 24;  b += a;
            a -= c; a ^= c << 16 | c >>> 16; c += b;
            b -= a; b ^= a << 19 | a >>> 13; a += c;
            c -= b; c ^= b << 4 | b >>> 28;  b += a;
        }
        abc[0] = a;
        abc[1] = b;
        abc[2] = c;
    }

    /**
     * Reads the 4-byte checksum at the cursor and checks it against the lookup3 of the structure's
     * bytes from {@code start} (a cursor position) up to the checksum.
     */
    public static void verify(Cursor c, int start, String what) {
        int end = c.position();
        verifyComputed(c, lookup3(c.buffer(), start, end - start), what);
    }

    /**
     * Reads the 4-byte checksum at the cursor and checks it against {@code computed}, the lookup3
     * of the structure's bytes up to the checksum computed by the caller (as they were read).
     */
    public static void verifyComputed(Cursor c, int computed, String what) {
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
