package org.h5vds.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array of one {@link DType}: the values a dataset read returns and a dataset
 * write takes. The elements lie in C order (last axis fastest) in a byte buffer in the dtype's
 * byte order, exactly as NumPy's {@code ndarray} would hold them, so a big-endian dataset reads
 * into a big-endian array and {@link Npy#write} saves it byte for byte.
 *
 * <p>An {@code NdArray} is immutable and safe to share between threads: factories copy Java
 * arrays, {@link #buffer()} is a read-only view, and only {@link #wrap} shares memory with its
 * caller (who must then leave the bytes alone).
 *
 * <p>In-memory arrays are limited to 2^31-1 bytes (Java's buffer limit); larger reads must go
 * through a streaming API.
 *
 * <h2>Typed copies</h2>
 * {@link #toByteArray()} ... {@link #toDoubleArray()} convert like NumPy's {@code astype} where
 * no information is lost, and refuse otherwise:
 * <ul>
 *   <li>integer results are exact: each value must be integral and fit the Java type, or an
 *       {@link ArithmeticException} names the first element that does not (NumPy would wrap or
 *       truncate silently);</li>
 *   <li>an unsigned dtype of the same width as the Java type yields the bit pattern, the way Java
 *       holds unsigned numbers ({@code uint8} 200 is {@code (byte) -56}; use
 *       {@link Byte#toUnsignedInt} or a wider array for the value); this mirrors
 *       {@link #ofUnsigned(byte[], long...)};</li>
 *   <li>floating results are rounded to nearest like {@code astype} (int64 and uint64 beyond
 *       2^53 into double, float64 into float32);</li>
 *   <li>bool becomes 0/1; complex becomes interleaved (real, imaginary) pairs in
 *       {@link #toFloatArray()} and {@link #toDoubleArray()} (twice {@link #size()} values)
 *       and is refused by the integer copies.</li>
 * </ul>
 */
public final class NdArray {
    /** The largest array held in memory: a Java ByteBuffer's capacity. */
    public static final long MAX_BYTES = Integer.MAX_VALUE;

    private final DType dtype;
    private final long[] shape;
    private final int size;
    /** Position 0, limit = size * dtype.size(), order = dtype.order(); read with absolute gets only. */
    private final ByteBuffer data;

    private NdArray(DType dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = (int) checkedSize(dtype, shape);
        this.data = data.order(dtype.order());
    }

    // ---- factories ---------------------------------------------------------------------------

    /** An int8 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}. */
    public static NdArray of(byte[] data, long... shape) {
        return new NdArray(DType.INT8, shapeFor(data.length, shape), ByteBuffer.wrap(data.clone()));
    }

    /** An int16 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}. */
    public static NdArray of(short[] data, long... shape) {
        return fromShorts(DType.INT16, data, shape);
    }

    /** An int32 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}. */
    public static NdArray of(int[] data, long... shape) {
        return fromInts(DType.INT32, data, shape);
    }

    /** An int64 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}. */
    public static NdArray of(long[] data, long... shape) {
        return fromLongs(DType.INT64, data, shape);
    }

    /** A float32 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}. */
    public static NdArray of(float[] data, long... shape) {
        long[] s = shapeFor(data.length, shape);
        ByteBuffer b = allocate(DType.FLOAT32, s);
        b.asFloatBuffer().put(data);
        return new NdArray(DType.FLOAT32, s, b);
    }

    /** A float64 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}. */
    public static NdArray of(double[] data, long... shape) {
        long[] s = shapeFor(data.length, shape);
        ByteBuffer b = allocate(DType.FLOAT64, s);
        b.asDoubleBuffer().put(data);
        return new NdArray(DType.FLOAT64, s, b);
    }

    /** A bool array holding {@code data}; {@code shape} defaults to {@code (data.length,)}. */
    public static NdArray of(boolean[] data, long... shape) {
        long[] s = shapeFor(data.length, shape);
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return new NdArray(DType.BOOL, s, ByteBuffer.wrap(b));
    }

    /** A uint8 array whose elements have the bit patterns of {@code data} (so -1 is 255). */
    public static NdArray ofUnsigned(byte[] data, long... shape) {
        return new NdArray(DType.UINT8, shapeFor(data.length, shape), ByteBuffer.wrap(data.clone()));
    }

    /** A uint16 array whose elements have the bit patterns of {@code data} (so -1 is 65535). */
    public static NdArray ofUnsigned(short[] data, long... shape) {
        return fromShorts(DType.UINT16, data, shape);
    }

    /** A uint32 array whose elements have the bit patterns of {@code data}. */
    public static NdArray ofUnsigned(int[] data, long... shape) {
        return fromInts(DType.UINT32, data, shape);
    }

    /** A uint64 array whose elements have the bit patterns of {@code data}. */
    public static NdArray ofUnsigned(long[] data, long... shape) {
        return fromLongs(DType.UINT64, data, shape);
    }

    /**
     * A complex64 array from interleaved (real, imaginary) pairs; {@code shape} defaults to
     * {@code (interleaved.length / 2,)}.
     */
    public static NdArray ofComplex(float[] interleaved, long... shape) {
        if (interleaved.length % 2 != 0) throw new IllegalArgumentException("complex data needs (real, imaginary) pairs; got " + interleaved.length + " floats");
        long[] s = shapeFor(interleaved.length / 2, shape);
        ByteBuffer b = allocate(DType.COMPLEX64, s);
        b.asFloatBuffer().put(interleaved);
        return new NdArray(DType.COMPLEX64, s, b);
    }

    /**
     * A complex128 array from interleaved (real, imaginary) pairs; {@code shape} defaults to
     * {@code (interleaved.length / 2,)}.
     */
    public static NdArray ofComplex(double[] interleaved, long... shape) {
        if (interleaved.length % 2 != 0) throw new IllegalArgumentException("complex data needs (real, imaginary) pairs; got " + interleaved.length + " doubles");
        long[] s = shapeFor(interleaved.length / 2, shape);
        ByteBuffer b = allocate(DType.COMPLEX128, s);
        b.asDoubleBuffer().put(interleaved);
        return new NdArray(DType.COMPLEX128, s, b);
    }

    /**
     * An array over the bytes of {@code buffer} from its position to its limit, which must be
     * exactly {@code size(shape) * dtype.size()} bytes in {@code dtype}'s byte order, C order.
     * The bytes are shared, not copied: the caller must not change them afterwards.
     */
    public static NdArray wrap(ByteBuffer buffer, DType dtype, long... shape) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(dtype, "dtype");
        long[] s = checkShape(shape);
        long need = checkedSize(dtype, s) * dtype.size();
        if (buffer.remaining() != need) {
            throw new IllegalArgumentException("shape " + Shape.format(s) + " of " + dtype + " needs " + need
                    + " bytes; the buffer has " + buffer.remaining());
        }
        return new NdArray(dtype, s, buffer.slice());
    }

    /** An array of zeros (false for bool). */
    public static NdArray zeros(DType dtype, long... shape) {
        long[] s = checkShape(shape);
        return new NdArray(dtype, s, allocate(dtype, s));
    }

    /**
     * An array with every element {@code value}. Integer dtypes need an integral value in range
     * (a {@link BigInteger} reaches uint64's top half); float dtypes round to nearest; complex
     * dtypes get imaginary part 0; bool takes 0 or 1.
     *
     * @throws IllegalArgumentException if the value does not fit the dtype
     */
    public static NdArray full(DType dtype, Number value, long... shape) {
        long[] s = checkShape(shape);
        ByteBuffer b = allocate(dtype, s);
        byte[] element = encode(dtype, value);
        for (int pos = 0; pos < b.capacity(); pos += element.length) b.put(pos, element);
        return new NdArray(dtype, s, b);
    }

    /** A 0-d array (shape {@code ()}) holding {@code value}, converted as in {@link #full}. */
    public static NdArray scalar(DType dtype, Number value) {
        return full(dtype, value);
    }

    private static NdArray fromShorts(DType t, short[] data, long[] shape) {
        long[] s = shapeFor(data.length, shape);
        ByteBuffer b = allocate(t, s);
        b.asShortBuffer().put(data);
        return new NdArray(t, s, b);
    }

    private static NdArray fromInts(DType t, int[] data, long[] shape) {
        long[] s = shapeFor(data.length, shape);
        ByteBuffer b = allocate(t, s);
        b.asIntBuffer().put(data);
        return new NdArray(t, s, b);
    }

    private static NdArray fromLongs(DType t, long[] data, long[] shape) {
        long[] s = shapeFor(data.length, shape);
        ByteBuffer b = allocate(t, s);
        b.asLongBuffer().put(data);
        return new NdArray(t, s, b);
    }

    private static long[] shapeFor(int length, long[] shape) {
        if (shape == null || shape.length == 0) return new long[]{length};
        long[] s = checkShape(shape);
        long n = Shape.of(s).size();
        if (n != length) {
            throw new IllegalArgumentException("shape " + Shape.format(s) + " holds " + n + " elements but " + length + " were given");
        }
        return s;
    }

    private static long[] checkShape(long[] shape) {
        Objects.requireNonNull(shape, "shape");
        long[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0) throw new IllegalArgumentException("axis " + i + " of shape " + Arrays.toString(shape) + " is negative");
        }
        return s;
    }

    /** Element count, checked against {@link #MAX_BYTES}. */
    private static long checkedSize(DType dtype, long[] shape) {
        long n;
        try {
            n = Shape.of(shape).size();
            long bytes = Math.multiplyExact(n, dtype.size());
            if (bytes <= MAX_BYTES) return n;
        } catch (ArithmeticException e) {
            // falls through to the same message
        }
        throw new IllegalArgumentException("an array of shape " + Shape.format(shape) + " and dtype " + dtype
                + " exceeds the 2^31-1 byte limit of an in-memory NdArray; read it in parts");
    }

    private static ByteBuffer allocate(DType dtype, long[] shape) {
        return ByteBuffer.allocate((int) (checkedSize(dtype, shape) * dtype.size())).order(dtype.order());
    }

    /** One element of {@code dtype} holding {@code value}, in the dtype's byte order. */
    private static byte[] encode(DType dtype, Number value) {
        Objects.requireNonNull(value, "value");
        ByteBuffer e = ByteBuffer.allocate(dtype.size()).order(dtype.order());
        switch (dtype.kind()) {
            case INT, UINT -> {
                BigInteger v = integral(value, dtype);
                BigInteger min = dtype.kind() == DType.Kind.INT ? BigInteger.ONE.shiftLeft(dtype.size() * 8 - 1).negate() : BigInteger.ZERO;
                BigInteger max = dtype.kind() == DType.Kind.INT ? BigInteger.ONE.shiftLeft(dtype.size() * 8 - 1).subtract(BigInteger.ONE)
                        : BigInteger.ONE.shiftLeft(dtype.size() * 8).subtract(BigInteger.ONE);
                if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                    throw new IllegalArgumentException(value + " is out of range for " + dtype + " [" + min + ", " + max + "]");
                }
                putBits(e, 0, dtype.size(), v.longValue());
            }
            case FLOAT -> putFloat(e, 0, dtype.size(), value.doubleValue());
            case COMPLEX -> putFloat(e, 0, dtype.size() / 2, value.doubleValue());
            case BOOL -> {
                BigInteger v = integral(value, dtype);
                if (v.signum() < 0 || v.compareTo(BigInteger.ONE) > 0) throw new IllegalArgumentException("a bool is 0 or 1, not " + value);
                e.put(0, v.byteValue());
            }
        }
        return e.array();
    }

    private static BigInteger integral(Number value, DType dtype) {
        if (value instanceof BigInteger b) return b;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(value.longValue());
        }
        double d = value.doubleValue();
        BigDecimal bd = value instanceof BigDecimal x ? x : Double.isFinite(d) ? new BigDecimal(d) : null;
        try {
            if (bd != null) return bd.toBigIntegerExact();
        } catch (ArithmeticException notIntegral) {
            // reported below
        }
        throw new IllegalArgumentException(value + " is not an integer; " + dtype + " holds integers only");
    }

    private static void putBits(ByteBuffer b, int pos, int width, long bits) {
        switch (width) {
            case 1 -> b.put(pos, (byte) bits);
            case 2 -> b.putShort(pos, (short) bits);
            case 4 -> b.putInt(pos, (int) bits);
            default -> b.putLong(pos, bits);
        }
    }

    private static void putFloat(ByteBuffer b, int pos, int width, double v) {
        switch (width) {
            case 2 -> b.putShort(pos, Float16.fromDouble(v));
            case 4 -> b.putFloat(pos, (float) v);
            default -> b.putDouble(pos, v);
        }
    }

    // ---- accessors ---------------------------------------------------------------------------

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** Axis lengths (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of axes; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    /** Size of the data in bytes: {@code size() * dtype().size()}. */
    public long nbytes() {
        return (long) size * dtype.size();
    }

    /** The data: a read-only view in the dtype's byte order, position 0, limit {@link #nbytes()}. */
    public ByteBuffer buffer() {
        return data.asReadOnlyBuffer().order(dtype.order());
    }

    /**
     * The same values in byte order {@code order}: this array when the order is already right
     * (or the dtype has one byte), else a copy with each number's bytes swapped.
     */
    public NdArray withOrder(ByteOrder order) {
        DType target = dtype.withOrder(order);
        if (target.equals(dtype)) return this;
        int width = dtype.kind() == DType.Kind.COMPLEX ? dtype.size() / 2 : dtype.size();
        byte[] out = new byte[(int) nbytes()];
        for (int pos = 0; pos < out.length; pos += width) {
            for (int k = 0; k < width; k++) out[pos + k] = data.get(pos + width - 1 - k);
        }
        return new NdArray(target, shape, ByteBuffer.wrap(out));
    }

    /**
     * The same elements under another shape with the same number of elements; one axis may be -1
     * to be inferred, as in NumPy. The bytes are shared (the array is immutable).
     */
    public NdArray reshape(long... newShape) {
        long[] s = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("cannot reshape to " + Arrays.toString(newShape) + ": axis " + i + " is " + s[i]
                        + " (only one axis may be -1)");
            } else {
                known = Math.multiplyExact(known, s[i]);
            }
        }
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape an array of size " + size + " into " + Arrays.toString(newShape));
            }
            s[inferred] = size / known;
            known = size;
        }
        if (known != size) {
            throw new IllegalArgumentException("cannot reshape an array of size " + size + " into shape " + Shape.format(s));
        }
        return new NdArray(dtype, s, data.duplicate());
    }

    // ---- typed copies ------------------------------------------------------------------------

    /** The elements as bytes; see the class documentation for the conversion rules. */
    public byte[] toByteArray() {
        byte[] out = new byte[size];
        if (sameWidthInteger(1)) {
            data.get(0, out);
            return out;
        }
        for (int i = 0; i < size; i++) out[i] = (byte) exactLong(i, Byte.MIN_VALUE, Byte.MAX_VALUE, "int8 (byte)");
        return out;
    }

    /** The elements as shorts; see the class documentation for the conversion rules. */
    public short[] toShortArray() {
        short[] out = new short[size];
        if (sameWidthInteger(2)) {
            data.duplicate().order(dtype.order()).asShortBuffer().get(out);
            return out;
        }
        for (int i = 0; i < size; i++) out[i] = (short) exactLong(i, Short.MIN_VALUE, Short.MAX_VALUE, "int16 (short)");
        return out;
    }

    /** The elements as ints; see the class documentation for the conversion rules. */
    public int[] toIntArray() {
        int[] out = new int[size];
        if (sameWidthInteger(4)) {
            data.duplicate().order(dtype.order()).asIntBuffer().get(out);
            return out;
        }
        for (int i = 0; i < size; i++) out[i] = (int) exactLong(i, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32 (int)");
        return out;
    }

    /** The elements as longs; see the class documentation for the conversion rules. */
    public long[] toLongArray() {
        long[] out = new long[size];
        if (sameWidthInteger(8)) {
            data.duplicate().order(dtype.order()).asLongBuffer().get(out);
            return out;
        }
        for (int i = 0; i < size; i++) out[i] = exactLong(i, Long.MIN_VALUE, Long.MAX_VALUE, "int64 (long)");
        return out;
    }

    /** The elements as floats (complex: interleaved pairs); see the class documentation. */
    public float[] toFloatArray() {
        if (dtype.kind() == DType.Kind.COMPLEX) {
            float[] out = new float[Math.multiplyExact(size, 2)];
            int half = dtype.size() / 2;
            for (int k = 0; k < out.length; k++) out[k] = half == 4 ? data.getFloat(k * 4) : (float) data.getDouble(k * 8);
            return out;
        }
        float[] out = new float[size];
        if (dtype.kind() == DType.Kind.FLOAT && dtype.size() == 4) {
            data.duplicate().order(dtype.order()).asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < size; i++) {
            if (dtype.kind() == DType.Kind.INT) {
                out[i] = (float) signedBits(i);                   // a long rounds once to float
            } else if (dtype.kind() == DType.Kind.UINT && dtype.size() == 8) {
                out[i] = unsignedToFloat(signedBits(i));
            } else {
                out[i] = (float) doubleAt(i);                     // every other value is exact in double
            }
        }
        return out;
    }

    /** The elements as doubles (complex: interleaved pairs); see the class documentation. */
    public double[] toDoubleArray() {
        if (dtype.kind() == DType.Kind.COMPLEX) {
            double[] out = new double[Math.multiplyExact(size, 2)];
            int half = dtype.size() / 2;
            for (int k = 0; k < out.length; k++) out[k] = half == 4 ? data.getFloat(k * 4) : data.getDouble(k * 8);
            return out;
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) out[i] = doubleAt(i);
        return out;
    }

    /**
     * The element at {@code index} (one per axis; negative counts from the end) as a long, by
     * the rules of {@link #toLongArray()} (uint64 gives its bit pattern).
     */
    public long getLong(long... index) {
        int i = flatIndex(index);
        if (sameWidthInteger(8)) return data.getLong(i * 8);
        return exactLong(i, Long.MIN_VALUE, Long.MAX_VALUE, "int64 (long)");
    }

    /**
     * The element at {@code index} (one per axis; negative counts from the end) as a double, by
     * the rules of {@link #toDoubleArray()}; complex elements are refused.
     */
    public double getDouble(long... index) {
        int i = flatIndex(index);
        if (dtype.kind() == DType.Kind.COMPLEX) {
            throw new UnsupportedOperationException("element " + Arrays.toString(index) + " is " + dtype
                    + "; use toDoubleArray(), which gives (real, imaginary) pairs");
        }
        return doubleAt(i);
    }

    private int flatIndex(long[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("an index of " + index.length + " values for an array of rank " + shape.length
                    + " and shape " + Shape.format(shape));
        }
        long flat = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            long k = index[axis] < 0 ? index[axis] + shape[axis] : index[axis];
            if (k < 0 || k >= shape[axis]) {
                throw new IndexOutOfBoundsException("index " + index[axis] + " is out of bounds for axis " + axis + " with size " + shape[axis]);
            }
            flat = flat * shape[axis] + k;
        }
        return (int) flat;
    }

    private boolean sameWidthInteger(int width) {
        return dtype.isInteger() && dtype.size() == width;
    }

    /** Element {@code i}'s integer bits sign-extended from its width (ints, uints and bool). */
    private long signedBits(int i) {
        return switch (dtype.size()) {
            case 1 -> data.get(i);
            case 2 -> data.getShort(i * 2);
            case 4 -> data.getInt(i * 4);
            default -> data.getLong(i * 8);
        };
    }

    /** Element {@code i} as a double: exact except for 64-bit integers beyond 2^53 (rounded). */
    double doubleAt(int i) {
        return switch (dtype.kind()) {
            case INT -> (double) signedBits(i);
            case UINT -> dtype.size() == 8 ? unsignedToDouble(signedBits(i)) : (double) unsignedBits(i);
            case BOOL -> data.get(i) != 0 ? 1.0 : 0.0;
            case FLOAT -> switch (dtype.size()) {
                case 2 -> Float16.toDouble(data.getShort(i * 2));
                case 4 -> data.getFloat(i * 4);
                default -> data.getDouble(i * 8);
            };
            case COMPLEX -> throw new IllegalStateException("complex element");
        };
    }

    /** Element {@code i}'s value zero-extended (for unsigned types narrower than 64 bits). */
    private long unsignedBits(int i) {
        return switch (dtype.size()) {
            case 1 -> data.get(i) & 0xffL;
            case 2 -> data.getShort(i * 2) & 0xffffL;
            case 4 -> data.getInt(i * 4) & 0xffffffffL;
            default -> data.getLong(i * 8);
        };
    }

    /** Element {@code i} as an exact long within [min, max], or an ArithmeticException naming it. */
    private long exactLong(int i, long min, long max, String target) {
        long v;
        switch (dtype.kind()) {
            case INT -> v = signedBits(i);
            case UINT -> {
                v = unsignedBits(i);
                if (dtype.size() == 8 && v < 0) throw notExact(i, Long.toUnsignedString(v), target);
            }
            case BOOL -> v = data.get(i) != 0 ? 1 : 0;
            case FLOAT -> {
                double d = doubleAt(i);
                // 2^63 itself is out of range; every double below it converts exactly when integral
                if (!(d >= -0x1p63 && d < 0x1p63) || d != Math.rint(d)) throw notExact(i, Double.toString(d), target);
                v = (long) d;
            }
            default -> throw new ArithmeticException("a " + dtype + " array has no exact " + target
                    + " values; use toDoubleArray() or toFloatArray(), which give (real, imaginary) pairs");
        }
        if (v < min || v > max) throw notExact(i, Long.toString(v), target);
        return v;
    }

    private ArithmeticException notExact(int flat, String value, String target) {
        return new ArithmeticException("element " + Arrays.toString(unflatten(flat)) + " of a " + dtype + " array is " + value
                + ", which is not exactly representable as " + target);
    }

    long[] unflatten(long flat) {
        long[] idx = new long[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            idx[axis] = shape[axis] == 0 ? 0 : flat % shape[axis];
            flat = shape[axis] == 0 ? 0 : flat / shape[axis];
        }
        return idx;
    }

    private static double unsignedToDouble(long bits) {
        if (bits >= 0) return bits;
        // halve with the low bit kept sticky so the one rounding to double is correct
        return ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    private static float unsignedToFloat(long bits) {
        if (bits >= 0) return bits;
        return ((bits >>> 1) | (bits & 1)) * 2.0f;
    }

    /** Raw element bytes view for formatting and codecs in this package. */
    ByteBuffer data() {
        return data;
    }

    // ---- identity ----------------------------------------------------------------------------

    /** Equal when the dtypes (with byte order), shapes and bytes are equal (so NaN equals the same NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray a && a.dtype.equals(dtype) && Arrays.equals(a.shape, shape) && a.data.equals(data);
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + data.hashCode();
    }

    /**
     * The values as NumPy's {@code str(array)} prints them: nested brackets, elements padded to a
     * common width, lines wrapped at 75 characters, and more than 1000 elements summarised with
     * "..." around the first and last three along each axis.
     */
    @Override
    public String toString() {
        return ArrayText.format(this);
    }
}
