package org.h5vds.storage;

/**
 * The memory a read fills: a dense C-order array of {@code shape} over a byte array from byte
 * {@code base} on (a caller's reused buffer may hold it at any offset), elements of
 * {@code elementSize} bytes. Several threads may write disjoint elements of one target at once.
 */
public final class ReadTarget {
    private final byte[] data;
    private final int base;
    private final long[] shape;
    private final long[] strides; // in elements
    private final int elementSize;

    public ReadTarget(byte[] data, long[] shape, int elementSize) {
        this(data, 0, shape, elementSize);
    }

    public ReadTarget(byte[] data, int base, long[] shape, int elementSize) {
        this.data = data;
        this.base = base;
        this.shape = shape.clone();
        this.elementSize = elementSize;
        this.strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        if (base < 0 || s * elementSize > data.length - (long) base) {
            throw new IllegalArgumentException("target of " + (data.length - (long) base) + " bytes from offset " + base + " is too small for " + s + " elements");
        }
    }

    public byte[] data() {
        return data;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int elementSize() {
        return elementSize;
    }

    /** The byte offset of the element at {@code coords}. */
    public int byteOffset(long[] coords) {
        long e = 0;
        for (int i = 0; i < coords.length; i++) e += coords[i] * strides[i];
        return Math.toIntExact(base + e * elementSize);
    }
}
