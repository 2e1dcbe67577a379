package org.h5vds.filter.codec;

import java.nio.ByteBuffer;

/**
 * The bytes of a buffer from its position to its limit as an array slice, so that codecs can work
 * on arrays without copying heap buffers; direct buffers are copied once.
 */
record ByteRange(byte[] array, int offset, int length) {
    static ByteRange of(ByteBuffer buf) {
        if (buf.hasArray() && !buf.isReadOnly()) {
            return new ByteRange(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
        }
        byte[] copy = new byte[buf.remaining()];
        buf.duplicate().get(copy);
        return new ByteRange(copy, 0, copy.length);
    }

    int end() {
        return offset + length;
    }

    int u8(int at) {
        return array[offset + at] & 0xFF;
    }

    /** Unsigned 32-bit big-endian value at {@code at} (relative to this range). */
    long u32be(int at) {
        int p = offset + at;
        return ((long) (array[p] & 0xFF) << 24) | ((array[p + 1] & 0xFF) << 16) | ((array[p + 2] & 0xFF) << 8) | (array[p + 3] & 0xFF);
    }

    long u32le(int at) {
        int p = offset + at;
        return ((long) (array[p + 3] & 0xFF) << 24) | ((array[p + 2] & 0xFF) << 16) | ((array[p + 1] & 0xFF) << 8) | (array[p] & 0xFF);
    }

    long u64be(int at) {
        return (u32be(at) << 32) | u32be(at + 4);
    }

    static void putU32be(byte[] a, int p, long v) {
        a[p] = (byte) (v >>> 24);
        a[p + 1] = (byte) (v >>> 16);
        a[p + 2] = (byte) (v >>> 8);
        a[p + 3] = (byte) v;
    }

    static void putU32le(byte[] a, int p, long v) {
        a[p] = (byte) v;
        a[p + 1] = (byte) (v >>> 8);
        a[p + 2] = (byte) (v >>> 16);
        a[p + 3] = (byte) (v >>> 24);
    }

    static void putU64be(byte[] a, int p, long v) {
        putU32be(a, p, v >>> 32);
        putU32be(a, p + 4, v);
    }
}
