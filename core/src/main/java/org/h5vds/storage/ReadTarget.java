package org.h5vds.storage;

import org.h5vds.format.message.Datatype;

/**
 * The memory a read fills: a dense C-order array of {@code shape} over a byte array from byte
 * {@code base} on (a caller's reused buffer may hold it at any offset), elements of
 * {@code elementSize} bytes. Several threads may write disjoint elements of one target at once.
 *
 * <p>A target may say what its elements are ({@link Memory}: the memory type, and where values of
 * variable-length data and references go), so that a reader of another stored type (a source of
 * a virtual dataset) can build its own conversion into it.
 */
public final class ReadTarget {
    /** The type of the target's elements in memory form, the table their object values go into, and who makes those values. */
    public record Memory(Datatype type, ObjectTable table, ValueCodec codec) {
    }

    private final byte[] data;
    private final int base;
    private final long[] shape;
    private final long[] strides; // in elements
    private final int elementSize;
    private final Memory memory;

    public ReadTarget(byte[] data, long[] shape, int elementSize) {
        this(data, 0, shape, elementSize, null);
    }

    public ReadTarget(byte[] data, int base, long[] shape, int elementSize) {
        this(data, base, shape, elementSize, null);
    }

    /** A target of elements of {@code memory.type()}. */
    public ReadTarget(byte[] data, long[] shape, Memory memory) {
        this(data, 0, shape, memory);
    }

    /** A target of elements of {@code memory.type()} from byte {@code base} of {@code data} on. */
    public ReadTarget(byte[] data, int base, long[] shape, Memory memory) {
        this(data, base, shape, memory.type().size(), memory);
    }

    private ReadTarget(byte[] data, int base, long[] shape, int elementSize, Memory memory) {
        this.memory = memory;
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

    /** What the elements are, or null for a target of raw bytes in the stored type. */
    public Memory memory() {
        return memory;
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
