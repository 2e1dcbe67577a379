package org.h5vds.api;

import java.nio.ByteBuffer;

/** Deterministic test values of every dtype: signed and unsigned extremes, fractions, both bools, complex pairs. */
final class TestValues {
    private TestValues() {
    }

    static long count(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }

    /** An array of {@code shape} whose element i depends on i and {@code seed}. */
    static NdArray of(DType t, long[] shape, int seed) {
        int n = Math.toIntExact(count(shape));
        ByteBuffer b = ByteBuffer.allocate(n * t.size()).order(t.order());
        for (int i = 0; i < n; i++) put(b, t, i, seed);
        b.flip();
        return NdArray.wrap(b, t, shape);
    }

    /** One element {@code value} of {@code t} (bool: non-zero is true; complex: imaginary part -value/2, +0 for 0). */
    static NdArray scalar(DType t, double value) {
        ByteBuffer b = ByteBuffer.allocate(t.size()).order(t.order());
        switch (t.kind()) {
            case INT, UINT -> putInteger(b, t.size(), (long) value);
            case FLOAT -> putFloat(b, t.size(), value);
            case COMPLEX -> {
                putFloat(b, t.size() / 2, value);
                putFloat(b, t.size() / 2, 0.0 - value / 2);
            }
            case BOOL -> b.put((byte) (value != 0 ? 1 : 0));
        }
        b.flip();
        return NdArray.wrap(b, t);
    }

    private static void put(ByteBuffer b, DType t, int i, int seed) {
        switch (t.kind()) {
            case INT, UINT -> {
                long mixed = (i + 1L) * 0x9E3779B97F4A7C15L + seed * 0x632BE59BD9B4E019L;
                // small values first, then the full range of the width, sign bit included
                long v = i < 16 ? i - 8 + seed : mixed;
                putInteger(b, t.size(), v);
            }
            case FLOAT -> putFloat(b, t.size(), (i % 2000) * 0.25 - 100 + seed);
            case COMPLEX -> {
                putFloat(b, t.size() / 2, i * 0.5 - seed);
                putFloat(b, t.size() / 2, -(i % 1000) * 0.25);
            }
            case BOOL -> b.put((byte) ((i + seed) % 3 == 0 ? 1 : 0));
        }
    }

    private static void putInteger(ByteBuffer b, int size, long v) {
        switch (size) {
            case 1 -> b.put((byte) v);
            case 2 -> b.putShort((short) v);
            case 4 -> b.putInt((int) v);
            default -> b.putLong(v);
        }
    }

    private static void putFloat(ByteBuffer b, int size, double v) {
        switch (size) {
            case 2 -> b.putShort(Float16.fromDouble(v));
            case 4 -> b.putFloat((float) v);
            default -> b.putDouble(v);
        }
    }
}
