package org.h5vds.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.ObjectTable;

/**
 * An n-dimensional array of one {@link DType}: the values a dataset read returns and a dataset
 * write takes. The elements lie in C order (last axis fastest) in a byte buffer in the dtype's
 * byte order, exactly as NumPy's {@code ndarray} would hold them, so a big-endian dataset reads
 * into a big-endian array and {@link Npy#write} saves it byte for byte. Compound elements are
 * packed bytes at their fields' offsets, as in a NumPy structured array: {@link #field(String)}
 * gives one field as an array of its own.
 *
 * <p>Variable-length strings and sequences and references are objects, as in a NumPy object
 * array: {@link #getObject} gives a {@code String}, an {@code NdArray} or a {@link Reference};
 * {@link #getString}, {@link #strings()} read fixed- and variable-length strings,
 * {@link #enumName} the names of enumeration values. (In the bytes, an object element holds an
 * 8-byte slot number; {@link #buffer()} shows those.)
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
    /** The values object elements point to; null when the dtype has none. */
    private final ObjectTable objects;

    private NdArray(DType dtype, long[] shape, ByteBuffer data) {
        this(dtype, shape, data, null);
    }

    private NdArray(DType dtype, long[] shape, ByteBuffer data, ObjectTable objects) {
        if (dtype.kind() == DType.Kind.ARRAY) {
            // a subarray element type becomes trailing axes, as NumPy makes it
            long[] s = Arrays.copyOf(shape, shape.length + dtype.dims().length);
            System.arraycopy(dtype.dims(), 0, s, shape.length, dtype.dims().length);
            shape = s;
            dtype = dtype.base();
        }
        this.dtype = dtype;
        this.shape = shape;
        this.size = (int) checkedSize(dtype, shape);
        this.data = data.order(dtype.order());
        this.objects = dtype.hasObjects() ? (objects == null ? new ObjectTable() : objects) : null;
    }

    /** An array over {@code data} (memory form of {@code dtype}) whose object slots point into {@code objects}. */
    static NdArray internal(DType dtype, long[] shape, ByteBuffer data, ObjectTable objects) {
        return new NdArray(dtype, shape, data.slice(), objects);
    }

    // ---- factories ---------------------------------------------------------------------------

    /**
     * An int8 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}.
     *
     * @param data the int8 values in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new int8 array
     */
    public static NdArray of(byte[] data, long... shape) {
        return new NdArray(DType.INT8, shapeFor(data.length, shape), ByteBuffer.wrap(data.clone()));
    }

    /**
     * An int16 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}.
     *
     * @param data the int16 values in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new int16 array
     */
    public static NdArray of(short[] data, long... shape) {
        return fromShorts(DType.INT16, data, shape);
    }

    /**
     * An int32 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}.
     *
     * @param data the int32 values in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new int32 array
     */
    public static NdArray of(int[] data, long... shape) {
        return fromInts(DType.INT32, data, shape);
    }

    /**
     * An int64 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}.
     *
     * @param data the int64 values in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new int64 array
     */
    public static NdArray of(long[] data, long... shape) {
        return fromLongs(DType.INT64, data, shape);
    }

    /**
     * A float32 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}.
     *
     * @param data the float32 values in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new float32 array
     */
    public static NdArray of(float[] data, long... shape) {
        long[] s = shapeFor(data.length, shape);
        ByteBuffer b = allocate(DType.FLOAT32, s);
        b.asFloatBuffer().put(data);
        return new NdArray(DType.FLOAT32, s, b);
    }

    /**
     * A float64 array holding {@code data}; {@code shape} defaults to {@code (data.length,)}.
     *
     * @param data the float64 values in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new float64 array
     */
    public static NdArray of(double[] data, long... shape) {
        long[] s = shapeFor(data.length, shape);
        ByteBuffer b = allocate(DType.FLOAT64, s);
        b.asDoubleBuffer().put(data);
        return new NdArray(DType.FLOAT64, s, b);
    }

    /**
     * A bool array holding {@code data}; {@code shape} defaults to {@code (data.length,)}.
     *
     * @param data the bool values in C order, stored as bytes 0 and 1
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new bool array
     */
    public static NdArray of(boolean[] data, long... shape) {
        long[] s = shapeFor(data.length, shape);
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return new NdArray(DType.BOOL, s, ByteBuffer.wrap(b));
    }

    /**
     * A uint8 array whose elements have the bit patterns of {@code data} (so -1 is 255).
     *
     * @param data the elements' bit patterns in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new uint8 array
     */
    public static NdArray ofUnsigned(byte[] data, long... shape) {
        return new NdArray(DType.UINT8, shapeFor(data.length, shape), ByteBuffer.wrap(data.clone()));
    }

    /**
     * A uint16 array whose elements have the bit patterns of {@code data} (so -1 is 65535).
     *
     * @param data the elements' bit patterns in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new uint16 array
     */
    public static NdArray ofUnsigned(short[] data, long... shape) {
        return fromShorts(DType.UINT16, data, shape);
    }

    /**
     * A uint32 array whose elements have the bit patterns of {@code data}.
     *
     * @param data the elements' bit patterns in C order; copied
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new uint32 array
     */
    public static NdArray ofUnsigned(int[] data, long... shape) {
        return fromInts(DType.UINT32, data, shape);
    }

    /**
     * A uint64 array whose elements have the bit patterns of {@code data}.
     *
     * @param data the elements' bit patterns in C order (negative longs are values above 2^63)
     * @param shape axis lengths whose product is {@code data.length}; none for 1-D
     * @return a new uint64 array
     */
    public static NdArray ofUnsigned(long[] data, long... shape) {
        return fromLongs(DType.UINT64, data, shape);
    }

    /**
     * A complex64 array from interleaved (real, imaginary) pairs; {@code shape} defaults to
     * {@code (interleaved.length / 2,)}.
     *
     * @param interleaved real and imaginary parts alternating, an even number of floats; copied
     * @param shape axis lengths whose product is {@code interleaved.length / 2}; none for 1-D
     * @return a new complex64 array
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
     *
     * @param interleaved real and imaginary parts alternating, an even number of doubles; copied
     * @param shape axis lengths whose product is {@code interleaved.length / 2}; none for 1-D
     * @return a new complex128 array
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
     *
     * @param buffer the element bytes from position to limit; shared, not copied
     * @param dtype a fixed-size element type (no strings, sequences or references)
     * @param shape axis lengths; none for a scalar
     * @return an array viewing {@code buffer}'s bytes
     * @throws IllegalArgumentException if {@code dtype} holds objects or the byte count does not match
     */
    public static NdArray wrap(ByteBuffer buffer, DType dtype, long... shape) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(dtype, "dtype");
        if (dtype.hasObjects()) {
            throw new IllegalArgumentException(dtype + " elements are objects, not bytes; use ofStrings or ofObjects");
        }
        long[] s = checkShape(shape);
        long need = checkedSize(dtype, s) * dtype.size();
        if (buffer.remaining() != need) {
            throw new IllegalArgumentException("shape " + Shape.format(s) + " of " + dtype + " needs " + need
                    + " bytes; the buffer has " + buffer.remaining());
        }
        return new NdArray(dtype, s, buffer.slice());
    }

    /**
     * An array of zeros (false for bool, empty strings, empty sequences, null references).
     *
     * @param dtype the element type, any kind
     * @param shape axis lengths; none for a scalar
     * @return a new array filled with the type's zero value
     */
    public static NdArray zeros(DType dtype, long... shape) {
        long[] s = checkShape(shape);
        return new NdArray(dtype, s, allocate(dtype, s), null);
    }

    // ---- arrays of objects, strings, compounds ---------------------------------------------

    /**
     * A 1-D array of variable-length UTF-8 strings (h5py's {@code string_dtype()}).
     *
     * @param values the strings; null elements are stored as empty strings
     * @return a new 1-D vlen-string array of {@code values.length} elements
     */
    public static NdArray ofStrings(String... values) {
        return ofObjects(DType.string(), Arrays.asList(values));
    }

    /**
     * An array of variable-length UTF-8 strings of {@code shape} (default: 1-D).
     *
     * @param values the strings in C order
     * @param shape axis lengths whose product is {@code values.size()}; none for 1-D
     * @return a new vlen-string array
     */
    public static NdArray ofStrings(List<String> values, long... shape) {
        return ofObjects(DType.string(), values, shape);
    }

    /**
     * A 1-D array of references (for writing: {@link Reference#to(H5Object)} of objects of the file being written).
     *
     * @param values the references; null elements are null references
     * @return a new 1-D reference array
     */
    public static NdArray ofReferences(Reference... values) {
        return ofObjects(DType.REFERENCE, Arrays.asList(values));
    }

    /**
     * An array of object values of {@code dtype}: Strings for {@link DType#string()}, NdArrays
     * (1-D, converted to the base type) for {@link DType#sequence}, {@link Reference}s for
     * references; null for an empty string or sequence or a null reference.
     *
     * @param dtype a variable-length string, sequence or reference type
     * @param values one value per element in C order, of the class {@code dtype} calls for, or null
     * @param shape axis lengths whose product is {@code values.size()}; none for 1-D
     * @return a new object array
     */
    public static NdArray ofObjects(DType dtype, List<?> values, long... shape) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(values, "values");
        long[] s = shapeFor(values.size(), shape);
        Class<?> want = switch (dtype.kind()) {
            case STRING -> String.class;
            case SEQUENCE -> NdArray.class;
            case REFERENCE, REGION_REFERENCE, ATTRIBUTE_REFERENCE -> Reference.class;
            default -> throw new IllegalArgumentException(dtype + " is not a type of object values (strings, sequences, references)");
        };
        ObjectTable table = new ObjectTable();
        ByteBuffer b = allocate(dtype, s);
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v == null) continue;
            if (!want.isInstance(v)) {
                throw new IllegalArgumentException("element " + i + " is a " + v.getClass().getSimpleName() + "; " + dtype + " holds "
                        + want.getSimpleName() + "s");
            }
            if (v instanceof NdArray seq && seq.rank() != 1) {
                throw new IllegalArgumentException("element " + i + " of a sequence array must be 1-D, not of shape " + Shape.format(seq.shape()));
            }
            b.putLong(i * DType.OBJECT_SIZE, table.add(v));
        }
        return new NdArray(dtype, s, b, table);
    }

    /**
     * A fixed-length string array of {@code dtype} (a {@link DType#bytes} type): each string's
     * bytes (UTF-8, which must be ASCII for an ASCII type) padded as the type says.
     *
     * @param dtype a fixed-length string type, such as {@code DType.bytes(10)}
     * @param values the strings in C order
     * @param shape axis lengths whose product is {@code values.size()}; none for 1-D
     * @return a new fixed-length string array
     * @throws IllegalArgumentException when a string is longer than the type's length
     */
    public static NdArray ofFixedStrings(DType dtype, List<String> values, long... shape) {
        if (dtype.kind() != DType.Kind.BYTES) throw new IllegalArgumentException(dtype + " is not a fixed-length string type");
        long[] s = shapeFor(values.size(), shape);
        int n = dtype.size();
        byte[] out = new byte[Math.multiplyExact(values.size(), n)];
        for (int i = 0; i < values.size(); i++) {
            String v = Objects.requireNonNull(values.get(i), "string " + i);
            if (dtype.charset() == DType.Charset.ASCII && !Utf8.isAscii(v)) {
                throw new IllegalArgumentException("\"" + v + "\" is not ASCII; use a UTF-8 string type");
            }
            byte[] b = Utf8.encode(v);
            int limit = dtype.padding() == DType.Padding.NULL_TERMINATED ? n - 1 : n;
            if (b.length > limit) {
                throw new IllegalArgumentException("\"" + v + "\" takes " + b.length + " bytes, more than the " + limit + " of " + dtype);
            }
            System.arraycopy(b, 0, out, i * n, b.length);
            if (dtype.padding() == DType.Padding.SPACE_PADDED) Arrays.fill(out, i * n + b.length, (i + 1) * n, (byte) ' ');
        }
        return new NdArray(dtype, s, ByteBuffer.wrap(out));
    }

    /**
     * A 1-D array of NumPy's {@code 'S'} strings, each as long as the longest string's UTF-8 bytes (at least 1).
     *
     * @param values the strings; their UTF-8 bytes are stored
     * @return a new 1-D {@code 'S<n>'} array
     */
    public static NdArray ofFixedStrings(String... values) {
        int n = 1;
        for (String v : values) n = Math.max(n, Utf8.encode(v).length);
        boolean ascii = Arrays.stream(values).allMatch(Utf8::isAscii);
        return ofFixedStrings(DType.bytes(n, ascii ? DType.Charset.ASCII : DType.Charset.UTF8, DType.Padding.NULL_PADDED), Arrays.asList(values));
    }

    /**
     * A compound array of {@code dtype} from one array per field (NumPy's
     * {@code rfn.unstructured_to_structured} by name): every field's array has the result's
     * shape and is converted to the field's type as libhdf5 converts. Bytes outside the fields are 0.
     *
     * @param dtype a compound type
     * @param fields an array per field name of {@code dtype}, all of one shape
     * @return a new compound array of that shape
     */
    public static NdArray ofFields(DType dtype, Map<String, NdArray> fields) {
        if (dtype.kind() != DType.Kind.COMPOUND) throw new IllegalArgumentException(dtype + " is not a compound type");
        long[] s = null;
        for (DType.Field f : dtype.fields()) {
            NdArray column = fields.get(f.name());
            if (column == null) throw new IllegalArgumentException("no values for field \"" + f.name() + "\" of " + dtype);
            long[] cs = column.shape();
            if (f.dtype().kind() == DType.Kind.ARRAY) cs = Arrays.copyOf(cs, cs.length - f.dtype().dims().length);
            if (s == null) s = cs;
            else if (!Arrays.equals(s, cs)) {
                throw new IllegalArgumentException("field \"" + f.name() + "\" has shape " + Shape.format(cs) + ", another field " + Shape.format(s));
            }
        }
        for (String name : fields.keySet()) dtype.field(name);
        int n = (int) checkedSize(dtype, s);
        byte[] out = new byte[Math.multiplyExact(n, dtype.size())];
        ObjectTable table = dtype.hasObjects() ? new ObjectTable() : null;
        for (DType.Field f : dtype.fields()) {
            NdArray column = fields.get(f.name());
            DType target = f.dtype().kind() == DType.Kind.ARRAY ? f.dtype().base() : f.dtype();
            int per = f.dtype().kind() == DType.Kind.ARRAY ? (int) (f.dtype().size() / target.size()) : 1;
            if (target.hasObjects() && target.kind() == DType.Kind.COMPOUND) {
                throw new IllegalArgumentException("field \"" + f.name() + "\": nested compounds of object values are built with NdArray.internal only");
            }
            byte[] src = column.bytes();
            org.h5vds.format.message.Datatype from = StoredTypes.memoryTypeOf(column.dtype());
            org.h5vds.format.message.Datatype to = StoredTypes.memoryTypeOf(target);
            ElementConverter c = Conversions.between(from, to);
            for (int e = 0; e < n; e++) {
                c.convert(src, e * per * column.dtype().size(), column.dtype().size(), out, e * dtype.size() + (int) f.offset(), target.size(), per);
            }
            if (target.hasObjects()) {
                // the column's slots point into its own table: give the values slots in ours
                for (int e = 0; e < n * per; e++) {
                    int at = e / per * dtype.size() + (int) f.offset() + (e % per) * target.size();
                    long slot = ObjectTable.slot(out, at);
                    ObjectTable.putSlot(out, at, slot == 0 ? 0 : table.add(column.objects.get(slot)));
                }
            }
        }
        return new NdArray(dtype, s, ByteBuffer.wrap(out), table);
    }

    /**
     * An array with every element {@code value}. Integer dtypes need an integral value in range
     * (a {@link BigInteger} reaches uint64's top half); float dtypes round to nearest; complex
     * dtypes get imaginary part 0; bool takes 0 or 1; an enumeration stores the value as its base
     * integer (as NumPy does with h5py's enum dtype, whether or not a member has that value).
     *
     * @param dtype a numeric, bool or enumeration element type
     * @param value the fill value; a {@link BigInteger} for integers beyond long's range
     * @param shape axis lengths; none for a scalar
     * @return a new array
     * @throws IllegalArgumentException if the value does not fit the dtype, or the dtype is of another kind
     */
    public static NdArray full(DType dtype, Number value, long... shape) {
        long[] s = checkShape(shape);
        ByteBuffer b = allocate(dtype, s);
        byte[] element = encode(dtype, value);
        for (int pos = 0; pos < b.capacity(); pos += element.length) b.put(pos, element);
        return new NdArray(dtype, s, b);
    }

    /**
     * A 0-d array (shape {@code ()}) holding {@code value}, converted as in {@link #full}.
     *
     * @param dtype a numeric, bool or enumeration element type
     * @param value the element, converted as in {@link #full}
     * @return a new 0-d array
     */
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
        long[] s = Arrays.copyOf(shape, shape.length);
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0) throw new IllegalArgumentException("axis " + i + " of shape " + Arrays.toString(shape) + " is negative");
        }
        return s;
    }

    /** Element count, checked against {@link #MAX_BYTES}. */
    private static long checkedSize(DType dtype, long[] shape) {
        long n = 1;
        try {
            // the product directly (this runs for every array made, a frame read among them); a
            // negative length fails in Shape, with its message, as before
            for (long s : shape) {
                if (s < 0) Shape.of(shape).size();
                n = Math.multiplyExact(n, s);
            }
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
            // as NumPy stores a number into h5py's enum dtype: the base integer, named or not
            case ENUM -> {
                return encode(dtype.base(), value);
            }
            default -> throw new IllegalArgumentException("a number cannot fill elements of " + dtype
                    + " (full and scalar take numeric, bool and enumeration dtypes)");
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

    /**
     * The element type.
     *
     * @return the dtype of every element, never null
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Axis lengths (a copy).
     *
     * @return a fresh copy of the shape; empty for a scalar
     */
    public long[] shape() {
        return Arrays.copyOf(shape, shape.length);
    }

    /**
     * Number of axes; 0 for a scalar.
     *
     * @return the number of axes, {@code shape().length}
     */
    public int rank() {
        return shape.length;
    }

    /**
     * Number of elements.
     *
     * @return the product of the axis lengths (1 for a scalar)
     */
    public long size() {
        return size;
    }

    /**
     * Size of the data in bytes: {@code size() * dtype().size()}.
     *
     * @return the data's size in bytes
     */
    public long nbytes() {
        return (long) size * dtype.size();
    }

    /**
     * The data: a read-only view in the dtype's byte order, position 0, limit {@link #nbytes()}.
     *
     * @return a read-only view of the element bytes (object slots for object dtypes)
     */
    public ByteBuffer buffer() {
        return data.asReadOnlyBuffer().order(dtype.order());
    }

    /**
     * The same values in byte order {@code order}: this array when the order is already right
     * (or the dtype has one byte), else a copy with each number's bytes swapped.
     *
     * @param order the wanted byte order of each number
     * @return this array or a byte-swapped copy whose dtype has {@code order}
     */
    public NdArray withOrder(ByteOrder order) {
        DType target = dtype.withOrder(order);
        if (target.equals(dtype)) return this;
        int width = numKind() == DType.Kind.COMPLEX ? dtype.size() / 2 : dtype.size();
        if (dtype.kind() == DType.Kind.FLOAT && dtype.size() == 16) width = 10; // x87: the 80 bits, not the padding
        byte[] out = new byte[(int) nbytes()];
        int step = numKind() == DType.Kind.COMPLEX ? width : dtype.size();
        for (int pos = 0; pos < out.length; pos += step) {
            int from = dtype.size() == 16 && dtype.kind() == DType.Kind.FLOAT && order == ByteOrder.LITTLE_ENDIAN ? pos + 6 : pos;
            int to = dtype.size() == 16 && dtype.kind() == DType.Kind.FLOAT && order == ByteOrder.BIG_ENDIAN ? pos + 6 : pos;
            for (int k = 0; k < width; k++) out[to + k] = data.get(from + width - 1 - k);
        }
        return new NdArray(target, shape, ByteBuffer.wrap(out));
    }

    /**
     * The same elements under another shape with the same number of elements; one axis may be -1
     * to be inferred, as in NumPy. The bytes are shared (the array is immutable).
     *
     * @param newShape the new axis lengths, at most one of them -1
     * @return an array sharing this array's bytes under {@code newShape}
     * @throws IllegalArgumentException if the element count differs or more than one axis is -1
     */
    public NdArray reshape(long... newShape) {
        long[] s = Arrays.copyOf(newShape, newShape.length);
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
        return new NdArray(dtype, s, data.duplicate(), objects);
    }

    // ---- typed copies ------------------------------------------------------------------------

    /**
     * The elements as bytes; see the class documentation for the conversion rules.
     *
     * @return a new byte array of {@link #size()} elements in C order
     */
    public byte[] toByteArray() {
        byte[] out = new byte[size];
        if (sameWidthInteger(1)) {
            data.get(0, out);
            return out;
        }
        for (int i = 0; i < size; i++) out[i] = (byte) exactLong(i, Byte.MIN_VALUE, Byte.MAX_VALUE, "int8 (byte)");
        return out;
    }

    /**
     * The elements as shorts; see the class documentation for the conversion rules.
     *
     * @return a new short array of {@link #size()} elements in C order
     */
    public short[] toShortArray() {
        short[] out = new short[size];
        if (sameWidthInteger(2)) {
            data.duplicate().order(dtype.order()).asShortBuffer().get(out);
            return out;
        }
        for (int i = 0; i < size; i++) out[i] = (short) exactLong(i, Short.MIN_VALUE, Short.MAX_VALUE, "int16 (short)");
        return out;
    }

    /**
     * The elements as ints; see the class documentation for the conversion rules.
     *
     * @return a new int array of {@link #size()} elements in C order
     */
    public int[] toIntArray() {
        int[] out = new int[size];
        if (sameWidthInteger(4)) {
            data.duplicate().order(dtype.order()).asIntBuffer().get(out);
            return out;
        }
        for (int i = 0; i < size; i++) out[i] = (int) exactLong(i, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32 (int)");
        return out;
    }

    /**
     * The elements as longs; see the class documentation for the conversion rules.
     *
     * @return a new long array of {@link #size()} elements in C order
     */
    public long[] toLongArray() {
        long[] out = new long[size];
        if (sameWidthInteger(8)) {
            data.duplicate().order(dtype.order()).asLongBuffer().get(out);
            return out;
        }
        for (int i = 0; i < size; i++) out[i] = exactLong(i, Long.MIN_VALUE, Long.MAX_VALUE, "int64 (long)");
        return out;
    }

    /**
     * The elements as floats (complex: interleaved pairs); see the class documentation.
     *
     * @return a new float array in C order (two floats per complex element)
     */
    public float[] toFloatArray() {
        requireNumbers("float values");
        if (numKind() == DType.Kind.COMPLEX) {
            float[] out = new float[Math.multiplyExact(size, 2)];
            int half = dtype.size() / 2;
            for (int k = 0; k < out.length; k++) out[k] = half == 4 ? data.getFloat(k * 4) : (float) data.getDouble(k * 8);
            return out;
        }
        float[] out = new float[size];
        if (numKind() == DType.Kind.FLOAT && dtype.size() == 4) {
            data.duplicate().order(dtype.order()).asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < size; i++) {
            if (numKind() == DType.Kind.INT) {
                out[i] = (float) signedBits(i);                   // a long rounds once to float
            } else if (numKind() == DType.Kind.UINT && dtype.size() == 8) {
                out[i] = unsignedToFloat(signedBits(i));
            } else {
                out[i] = (float) doubleAt(i);                     // every other value is exact in double
            }
        }
        return out;
    }

    /**
     * The elements as doubles (complex: interleaved pairs); see the class documentation.
     *
     * @return a new double array in C order (two doubles per complex element)
     */
    public double[] toDoubleArray() {
        requireNumbers("double values");
        if (numKind() == DType.Kind.COMPLEX) {
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
     *
     * @param index one position per axis; negative counts from the end
     * @return the element as a long
     * @throws IndexOutOfBoundsException if an index is outside its axis
     */
    public long getLong(long... index) {
        int i = flatIndex(index);
        if (sameWidthInteger(8)) return data.getLong(i * 8);
        return exactLong(i, Long.MIN_VALUE, Long.MAX_VALUE, "int64 (long)");
    }

    /**
     * The element at {@code index} (one per axis; negative counts from the end) as a double, by
     * the rules of {@link #toDoubleArray()}; complex elements are refused.
     *
     * @param index one position per axis; negative counts from the end
     * @return the element as a double
     * @throws UnsupportedOperationException if the dtype is complex
     */
    public double getDouble(long... index) {
        int i = flatIndex(index);
        if (numKind() == DType.Kind.COMPLEX) {
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
        DType.Kind k = numKind();
        return (k == DType.Kind.INT || k == DType.Kind.UINT) && dtype.size() == width;
    }

    /** How the elements read as numbers: enumerations as their integers, bit fields as unsigned; null for non-numbers. */
    DType.Kind numKind() {
        return switch (dtype.kind()) {
            case INT, UINT, FLOAT, COMPLEX, BOOL -> dtype.kind();
            case ENUM -> dtype.base().kind();
            case BITFIELD -> DType.Kind.UINT;
            default -> null;
        };
    }

    private void requireNumbers(String what) {
        if (numKind() == null) {
            throw new UnsupportedOperationException("a " + dtype + " array has no " + what + "; use " + switch (dtype.kind()) {
                case BYTES, STRING -> "strings() or getString()";
                case COMPOUND -> "field(name)";
                default -> "getObject() or buffer()";
            });
        }
    }

    /** Element {@code i}'s integer bits sign-extended from its width (ints, uints and bool). */
    long signedBits(int i) {
        return switch (dtype.size()) {
            case 1 -> data.get(i);
            case 2 -> data.getShort(i * 2);
            case 4 -> data.getInt(i * 4);
            default -> data.getLong(i * 8);
        };
    }

    /** Element {@code i} as a double: exact except for 64-bit integers beyond 2^53 (rounded). */
    double doubleAt(int i) {
        DType.Kind k = numKind();
        if (k == null) requireNumbers("numeric values");
        return switch (k) {
            case INT -> (double) signedBits(i);
            case UINT -> dtype.size() == 8 ? unsignedToDouble(signedBits(i)) : (double) unsignedBits(i);
            case BOOL -> data.get(i) != 0 ? 1.0 : 0.0;
            case FLOAT -> switch (dtype.size()) {
                case 2 -> Float16.toDouble(data.getShort(i * 2));
                case 4 -> data.getFloat(i * 4);
                case 16 -> LongDouble.toDouble(data, i * 16);
                default -> data.getDouble(i * 8);
            };
            default -> throw new IllegalStateException("complex element");
        };
    }

    /** Element {@code i}'s value zero-extended (for unsigned types narrower than 64 bits). */
    long unsignedBits(int i) {
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
        requireNumbers(target + " values");
        switch (numKind()) {
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

    /** A copy of the element bytes. */
    byte[] bytes() {
        byte[] out = new byte[(int) nbytes()];
        data.get(0, out);
        return out;
    }

    /** The table object elements point into, or null when the dtype has no object values. */
    ObjectTable objectTable() {
        return objects;
    }

    // ---- fields, strings, objects, names ------------------------------------------------------

    /**
     * One field of a compound array, as an array of the field's type and this shape (a subarray
     * field adds its dimensions), like NumPy's {@code array['x']}. The bytes are copied.
     *
     * @param name a field name of the compound dtype
     * @return a new array of the field's values
     * @throws UnsupportedOperationException if the dtype is not compound
     */
    public NdArray field(String name) {
        if (dtype.kind() != DType.Kind.COMPOUND) {
            throw new UnsupportedOperationException("a " + dtype + " array has no fields; field(\"" + name + "\") needs a compound dtype");
        }
        DType.Field f = dtype.field(name);
        int n = f.dtype().size();
        int step = dtype.size();
        byte[] out = new byte[Math.multiplyExact(size, n)];
        if (data.hasArray()) {
            // byte by byte from the array: a bulk get per element cost more than the 8 bytes it moved
            byte[] src = data.array();
            int at = data.arrayOffset() + (int) f.offset();
            if (n == 8) {
                for (int i = 0, o = 0; i < size; i++, at += step, o += 8) Words.LONGS.set(out, o, (long) Words.LONGS.get(src, at));
            } else if (n == 4) {
                for (int i = 0, o = 0; i < size; i++, at += step, o += 4) Words.INTS.set(out, o, (int) Words.INTS.get(src, at));
            } else {
                for (int i = 0, o = 0; i < size; i++, at += step) {
                    for (int b = 0; b < n; b++) out[o++] = src[at + b];
                }
            }
        } else {
            for (int i = 0; i < size; i++) data.get(i * step + (int) f.offset(), out, i * n, n);
        }
        return new NdArray(f.dtype(), shape.clone(), ByteBuffer.wrap(out), objects);
    }

    /**
     * 8 and 4 bytes at a time, in any byte order (the same on both sides): {@link #field} copies
     * members with them. A class of its own, made on the first such copy: a VarHandle sets up the
     * JVM's method handles, milliseconds that a program creating a file never needs.
     */
    private static final class Words {
        static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
                java.nio.ByteOrder.nativeOrder());
        static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
                java.nio.ByteOrder.nativeOrder());
    }

    /**
     * The field names of a compound array's dtype (empty for other dtypes).
     *
     * @return the field names in the dtype's order; an empty list if not compound
     */
    public List<String> fieldNames() {
        return dtype.fields().stream().map(DType.Field::name).toList();
    }

    /**
     * The element at {@code index} as a string: a fixed-length string without its padding (as
     * NumPy's 'S' drops trailing NULs; also trailing spaces for a space-padded type, everything
     * after a NUL for a null-terminated one), decoded as UTF-8 like h5py (ASCII too; bytes that
     * are not UTF-8 become lone surrogates U+DC80..U+DCFF); a variable-length string as read.
     *
     * @param index one position per axis; negative counts from the end
     * @return the string element without padding
     */
    public String getString(long... index) {
        return stringAt(flatIndex(index));
    }

    /**
     * Every element as {@link #getString} gives it, in C order.
     *
     * @return every element as a string, {@link #size()} of them
     */
    public List<String> strings() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(stringAt(i));
        return out;
    }

    String stringAt(int i) {
        if (dtype.kind() == DType.Kind.STRING) {
            Object v = objectAt(i);
            return v == null ? "" : (String) v;
        }
        if (dtype.kind() != DType.Kind.BYTES) {
            throw new UnsupportedOperationException("a " + dtype + " array holds no strings");
        }
        int n = dtype.size();
        int start = i * n;
        int end = start + n;
        if (dtype.padding() == DType.Padding.NULL_TERMINATED) {
            int k = start;
            while (k < end && data.get(k) != 0) k++;
            end = k;
        }
        while (end > start && data.get(end - 1) == 0) end--;
        if (dtype.padding() == DType.Padding.SPACE_PADDED) while (end > start && data.get(end - 1) == ' ') end--;
        byte[] b = new byte[end - start];
        data.get(start, b);
        return Utf8.decode(b);
    }

    /**
     * The raw bytes of a fixed-length string element without trailing NULs (NumPy's {@code bytes} value).
     *
     * @param index one position per axis; negative counts from the end
     * @return a new byte array of the element's stored bytes, trailing NULs dropped
     */
    public byte[] getBytes(long... index) {
        if (dtype.kind() != DType.Kind.BYTES && dtype.kind() != DType.Kind.OPAQUE) {
            throw new UnsupportedOperationException("a " + dtype + " array holds no bytes values");
        }
        return dtype.kind() == DType.Kind.BYTES ? getBytesAt(flatIndex(index)) : rawBytesAt(flatIndex(index));
    }

    /** Element i's bytes without trailing NULs, as NumPy's 'S' scalar. */
    byte[] getBytesAt(int i) {
        int n = dtype.size();
        int start = i * n;
        int end = start + n;
        while (end > start && data.get(end - 1) == 0) end--;
        byte[] b = new byte[end - start];
        data.get(start, b);
        return b;
    }

    /** Element i's bytes. */
    byte[] rawBytesAt(int i) {
        byte[] b = new byte[dtype.size()];
        data.get(i * dtype.size(), b);
        return b;
    }

    /**
     * The object value at {@code index} of an array of variable-length strings ({@code String}),
     * sequences ({@code NdArray}) or references ({@link Reference}); an empty string or sequence
     * for an element never written, null for a null reference.
     *
     * @param index one position per axis; negative counts from the end
     * @return a {@code String}, {@code NdArray} or {@link Reference}; null for a null reference
     */
    public Object getObject(long... index) {
        return objectAt(flatIndex(index));
    }

    /**
     * Every object value as {@link #getObject} gives it, in C order.
     *
     * @return every object value in C order (null for null references)
     */
    public List<Object> objects() {
        List<Object> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(objectAt(i));
        return out;
    }

    Object objectAt(int i) {
        Object v = switch (dtype.kind()) {
            case STRING, SEQUENCE, REFERENCE, REGION_REFERENCE, ATTRIBUTE_REFERENCE -> objects.get(data.getLong(i * DType.OBJECT_SIZE));
            default -> throw new UnsupportedOperationException("a " + dtype + " array holds no object values");
        };
        if (v != null) return v;
        if (dtype.kind() == DType.Kind.STRING) return "";
        if (dtype.kind() == DType.Kind.SEQUENCE) return zeros(dtype.base(), 0);
        return null;
    }

    /**
     * The reference at {@code index} of a reference array (null for a null reference).
     *
     * @param index one position per axis; negative counts from the end
     * @return the reference, or null for a null reference
     */
    public Reference getReference(long... index) {
        if (dtype.kind() != DType.Kind.REFERENCE && dtype.kind() != DType.Kind.REGION_REFERENCE && dtype.kind() != DType.Kind.ATTRIBUTE_REFERENCE) {
            throw new UnsupportedOperationException("a " + dtype + " array holds no references");
        }
        return (Reference) getObject(index);
    }

    /**
     * The name of the enumeration value at {@code index}, or null when the value has none.
     *
     * @param index one position per axis; negative counts from the end
     * @return the enumeration member's name, or null
     */
    public String enumName(long... index) {
        return enumNameAt(flatIndex(index));
    }

    /**
     * Every element's enumeration name (null where a value has none), in C order.
     *
     * @return every element's enumeration name in C order; null where a value has none
     */
    public List<String> enumNames() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(enumNameAt(i));
        return out;
    }

    String enumNameAt(int i) {
        if (dtype.kind() == DType.Kind.BOOL) return data.get(i) != 0 ? "TRUE" : "FALSE";
        if (dtype.kind() != DType.Kind.ENUM) throw new UnsupportedOperationException("a " + dtype + " array has no enumeration names");
        return dtype.enumName(dtype.base().kind() == DType.Kind.UINT ? unsignedBits(i) : signedBits(i));
    }

    // ---- identity ----------------------------------------------------------------------------

    /**
     * Equal when the dtypes (with byte order), shapes and bytes are equal (so NaN equals the same
     * NaN); object elements compare by value.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NdArray a) || !a.dtype.equals(dtype) || !Arrays.equals(a.shape, shape)) return false;
        if (objects == null) return a.data.equals(data);
        int[] slots = slotOffsets(dtype);
        byte[] x = bytes();
        byte[] y = a.bytes();
        for (int i = 0; i < size; i++) {
            for (int off : slots) {
                int at = i * dtype.size() + off;
                Object u = objects.get(ObjectTable.slot(x, at));
                Object v = a.objects.get(ObjectTable.slot(y, at));
                if (!Objects.equals(normal(u, off), a.normal(v, off))) return false;
                Arrays.fill(x, at, at + DType.OBJECT_SIZE, (byte) 0);
                Arrays.fill(y, at, at + DType.OBJECT_SIZE, (byte) 0);
            }
        }
        return Arrays.equals(x, y);
    }

    /** An empty string or sequence and no value are the same. */
    private Object normal(Object v, int slotOffset) {
        if (v instanceof String s && s.isEmpty()) return null;
        if (v instanceof NdArray n && n.size() == 0) return null;
        return v;
    }

    /** Byte offsets of the object slots within one element of {@code t}. */
    static int[] slotOffsets(DType t) {
        List<Integer> out = new ArrayList<>();
        slots(t, 0, out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void slots(DType t, int base, List<Integer> out) {
        switch (t.kind()) {
            case STRING, SEQUENCE, REFERENCE, REGION_REFERENCE, ATTRIBUTE_REFERENCE -> out.add(base);
            case COMPOUND -> {
                for (DType.Field f : t.fields()) slots(f.dtype(), base + (int) f.offset(), out);
            }
            case ARRAY -> {
                int n = t.size() / t.base().size();
                for (int k = 0; k < n; k++) slots(t.base(), base + k * t.base().size(), out);
            }
            default -> {
            }
        }
    }

    @Override
    public int hashCode() {
        int h = dtype.hashCode() * 31 + Arrays.hashCode(shape);
        return objects == null ? h * 31 + data.hashCode() : h;
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
