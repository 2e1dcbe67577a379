package org.h5vds.filter.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bit transpose at the heart of bitshuffle (bitshuffle_core.c, {@code bshuf_trans_bit_elem}),
 * for a run of {@code n} elements of {@code size} bytes, {@code n} a multiple of 8.
 *
 * <p>The output has one row per bit of the element, {@code 8 * size} rows of {@code n / 8} bytes;
 * row {@code 8 * j + k} holds bit {@code k} (0 = least significant) of byte {@code j} of every
 * element, element {@code 8 * e + m} at bit {@code m} of the row's byte {@code e}. Both directions
 * work eight elements at a time: the eight bytes at one byte position form a 64-bit word whose 8x8
 * bit matrix is transposed with three delta swaps.
 */
final class BitTranspose {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BitTranspose() {
    }

    /**
     * Transposes the 8x8 bit matrix in {@code x}: bit {@code k} of byte {@code m} moves to bit
     * {@code m} of byte {@code k}. Its own inverse.
     */
    static long transpose8x8(long x) {
        long t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
        return x ^ t ^ (t << 28);
    }

    /** Bitshuffles {@code n} elements from {@code in[inOff..]} into {@code out[outOff..]}. */
    static void shuffle(byte[] in, int inOff, byte[] out, int outOff, int n, int size) {
        int rowBytes = n >>> 3;
        if (size == 1) {
            for (int e = 0; e < rowBytes; e++) {
                scatterRows((long) LONG_LE.get(in, inOff + 8 * e), out, outOff + e, rowBytes);
            }
            return;
        }
        int stride = 8 * size;
        for (int j = 0; j < size; j++) {
            int rowBase = outOff + 8 * j * rowBytes;
            int p = inOff + j;
            for (int e = 0; e < rowBytes; e++, p += stride) {
                long x = (in[p] & 0xFFL)
                        | (in[p + size] & 0xFFL) << 8
                        | (in[p + 2 * size] & 0xFFL) << 16
                        | (in[p + 3 * size] & 0xFFL) << 24
                        | (in[p + 4 * size] & 0xFFL) << 32
                        | (in[p + 5 * size] & 0xFFL) << 40
                        | (in[p + 6 * size] & 0xFFL) << 48
                        | (in[p + 7 * size] & 0xFFL) << 56;
                scatterRows(x, out, rowBase + e, rowBytes);
            }
        }
    }

    private static void scatterRows(long x, byte[] out, int at, int rowBytes) {
        x = transpose8x8(x);
        out[at] = (byte) x;
        out[at + rowBytes] = (byte) (x >>> 8);
        out[at + 2 * rowBytes] = (byte) (x >>> 16);
        out[at + 3 * rowBytes] = (byte) (x >>> 24);
        out[at + 4 * rowBytes] = (byte) (x >>> 32);
        out[at + 5 * rowBytes] = (byte) (x >>> 40);
        out[at + 6 * rowBytes] = (byte) (x >>> 48);
        out[at + 7 * rowBytes] = (byte) (x >>> 56);
    }

    private static long gatherRows(byte[] in, int at, int rowBytes) {
        long x = (in[at] & 0xFFL)
                | (in[at + rowBytes] & 0xFFL) << 8
                | (in[at + 2 * rowBytes] & 0xFFL) << 16
                | (in[at + 3 * rowBytes] & 0xFFL) << 24
                | (in[at + 4 * rowBytes] & 0xFFL) << 32
                | (in[at + 5 * rowBytes] & 0xFFL) << 40
                | (in[at + 6 * rowBytes] & 0xFFL) << 48
                | (in[at + 7 * rowBytes] & 0xFFL) << 56;
        return transpose8x8(x);
    }

    /** Inverse of {@link #shuffle}. */
    static void unshuffle(byte[] in, int inOff, byte[] out, int outOff, int n, int size) {
        int rowBytes = n >>> 3;
        if (size == 1) {
            for (int e = 0; e < rowBytes; e++) {
                LONG_LE.set(out, outOff + 8 * e, gatherRows(in, inOff + e, rowBytes));
            }
            return;
        }
        if (size == 2 || size == 4) {
            unshuffleNarrow(in, inOff, out, outOff, n, size);
            return;
        }
        int stride = 8 * size;
        for (int j = 0; j < size; j++) {
            int rowBase = inOff + 8 * j * rowBytes;
            int p = outOff + j;
            for (int e = 0; e < rowBytes; e++, p += stride) {
                long x = gatherRows(in, rowBase + e, rowBytes);
                out[p] = (byte) x;
                out[p + size] = (byte) (x >>> 8);
                out[p + 2 * size] = (byte) (x >>> 16);
                out[p + 3 * size] = (byte) (x >>> 24);
                out[p + 4 * size] = (byte) (x >>> 32);
                out[p + 5 * size] = (byte) (x >>> 40);
                out[p + 6 * size] = (byte) (x >>> 48);
                out[p + 7 * size] = (byte) (x >>> 56);
            }
        }
    }

    /**
     * 2- and 4-byte elements, the common detector pixel types: the eight elements of a group span
     * 2 or 4 words of 8 bytes, assembled in registers and stored as whole longs.
     */
    private static void unshuffleNarrow(byte[] in, int inOff, byte[] out, int outOff, int n, int size) {
        int rowBytes = n >>> 3;
        int planeBytes = 8 * rowBytes;
        for (int e = 0; e < rowBytes; e++) {
            if (size == 2) {
                long b0 = gatherRows(in, inOff + e, rowBytes);
                long b1 = gatherRows(in, inOff + planeBytes + e, rowBytes);
                LONG_LE.set(out, outOff + 16 * e, interleave2(b0, b1));
                LONG_LE.set(out, outOff + 16 * e + 8, interleave2(b0 >>> 32, b1 >>> 32));
            } else {
                long b0 = gatherRows(in, inOff + e, rowBytes);
                long b1 = gatherRows(in, inOff + planeBytes + e, rowBytes);
                long b2 = gatherRows(in, inOff + 2 * planeBytes + e, rowBytes);
                long b3 = gatherRows(in, inOff + 3 * planeBytes + e, rowBytes);
                int base = outOff + 32 * e;
                for (int w = 0; w < 4; w++) {
                    int s = 16 * w;
                    long word = (b0 >>> s & 0xFF) | (b1 >>> s & 0xFF) << 8 | (b2 >>> s & 0xFF) << 16 | (b3 >>> s & 0xFF) << 24
                            | (b0 >>> (s + 8) & 0xFF) << 32 | (b1 >>> (s + 8) & 0xFF) << 40
                            | (b2 >>> (s + 8) & 0xFF) << 48 | (b3 >>> (s + 8) & 0xFF) << 56;
                    LONG_LE.set(out, base + 8 * w, word);
                }
            }
        }
    }

    /** Bytes 0..3 of {@code lo} and {@code hi} interleaved: lo0 hi0 lo1 hi1 lo2 hi2 lo3 hi3. */
    private static long interleave2(long lo, long hi) {
        return (lo & 0xFF) | (hi & 0xFF) << 8
                | (lo >>> 8 & 0xFF) << 16 | (hi >>> 8 & 0xFF) << 24
                | (lo >>> 16 & 0xFF) << 32 | (hi >>> 16 & 0xFF) << 40
                | (lo >>> 24 & 0xFF) << 48 | (hi >>> 24 & 0xFF) << 56;
    }
}
