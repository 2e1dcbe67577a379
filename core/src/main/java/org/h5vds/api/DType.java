package org.h5vds.api;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The type of the elements of a dataset, attribute or array, described as NumPy and h5py
 * describe it.
 *
 * <p><b>Numbers</b>: the fourteen numeric types {@link #INT8} ... {@link #UINT64},
 * {@link #FLOAT16}, {@link #FLOAT32}, {@link #FLOAT64}, {@link #COMPLEX64}, {@link #COMPLEX128},
 * {@link #BOOL} (h5py's enumeration of int8), and {@link #LONGDOUBLE} (NumPy's {@code longdouble},
 * x86's 80-bit format in 16 bytes). The constants are little-endian; {@link #bigEndian()} or
 * {@link #withOrder(ByteOrder)} gives the other order. Single-byte types have no byte order
 * (NumPy writes {@code '|'}): for them {@link #order()} is little-endian and both orders are equal.
 *
 * <p><b>Every other HDF5 type</b>, NumPy-shaped as h5py exposes it:
 * <ul>
 *   <li>{@link #bytes(int)}: a fixed-length string, NumPy's {@code 'S5'} (ASCII or UTF-8;
 *       null-terminated, null-padded or space-padded in the file);</li>
 *   <li>{@link #string()}: a variable-length string, h5py's {@code string_dtype()};</li>
 *   <li>{@link #compound}: a structured type with named fields at byte offsets ({@code [('x', '<i4'),
 *       ('y', '<f8')]}), nested and with subarray fields as NumPy allows;</li>
 *   <li>{@link #enumeration}: h5py's {@code enum_dtype}: an integer type with names for values;</li>
 *   <li>{@link #array}: a subarray ({@code ('<i4', (3,))}); a dataset of it reads as an array
 *       with its dimensions appended, as in h5py;</li>
 *   <li>{@link #sequence}: h5py's {@code vlen_dtype}: each element an array of any length;</li>
 *   <li>{@link #opaque}: raw bytes with a tag, NumPy's {@code 'V8'};</li>
 *   <li>{@link #bitfield}: bits, read as unsigned integers like h5py;</li>
 *   <li>{@link #REFERENCE}, {@link #REGION_REFERENCE}, {@link #ATTRIBUTE_REFERENCE}: references
 *       to objects, regions of datasets and attributes.</li>
 * </ul>
 * Variable-length strings and sequences and references are objects in memory (NumPy's {@code 'O'}):
 * an {@link NdArray} of them holds {@code String}, {@code NdArray} or {@link Reference} values.
 * HDF5's time class has no NumPy counterpart and is refused, as h5py refuses it.
 *
 * <p>{@link #numpy()} gives NumPy's description (what a {@code .npy} header stores), {@link #parse}
 * reads one back, {@link #toString()} a short text for listings. Instances are immutable; compare
 * them with {@link #equals(Object)}.
 *
 * <pre>{@code
 * DType t = DType.parse(">u2");                 // big-endian uint16
 * DType point = DType.compound(DType.field("x", DType.INT32), DType.field("y", DType.FLOAT64));
 * point.numpy();                                 // "[('x', '<i4'), ('y', '<f8')]"
 * point.size();                                  // 12
 * DType.bytes(5).numpy();                        // "|S5"
 * }</pre>
 */
public final class DType {

    /** The family of a type: how its bytes are interpreted. */
    public enum Kind {
        /** Two's complement signed integer. */
        INT('i'),
        /** Unsigned integer. */
        UINT('u'),
        /** Binary floating point (IEEE half, single, double; x86 extended for 16 bytes). */
        FLOAT('f'),
        /** A pair of IEEE floats, real part first. */
        COMPLEX('c'),
        /** One byte, 0 for false and 1 for true. */
        BOOL('b'),
        /** A fixed-length byte string (NumPy 'S'). */
        BYTES('S'),
        /** Raw bytes (NumPy 'V'), HDF5's opaque class. */
        OPAQUE('V'),
        /** Named fields at byte offsets (a NumPy structured type, HDF5's compound class). */
        COMPOUND('V'),
        /** A subarray of another type (HDF5's array class). */
        ARRAY('V'),
        /** An integer whose values have names (h5py's enum_dtype); NumPy sees the base integer. */
        ENUM('i'),
        /** Bits, read as an unsigned integer (HDF5's bit field class). */
        BITFIELD('u'),
        /** A variable-length string (h5py's string_dtype; a Java String in memory). */
        STRING('O'),
        /** A variable-length sequence of a base type (h5py's vlen_dtype; an NdArray in memory). */
        SEQUENCE('O'),
        /** A reference to an object (h5py's ref_dtype). */
        REFERENCE('O'),
        /** A reference to a region of a dataset (h5py's regionref_dtype). */
        REGION_REFERENCE('O'),
        /** A reference to an attribute (HDF5 1.12's H5R_ATTR). */
        ATTRIBUTE_REFERENCE('O');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        /**
         * NumPy's kind character for the kind: 'i', 'u', 'f', 'c', 'b', 'S', 'V' or 'O' (an enumeration's is its base's).
         *
         * @return NumPy's {@code dtype.kind} letter for this kind
         */
        public char code() {
            return code;
        }
    }

    /** The character set of a string. */
    public enum Charset {
        /** 7-bit ASCII (h5py's for {@code bytes}). */
        ASCII,
        /** UTF-8 (h5py's for {@code str}). */
        UTF8
    }

    /** How a fixed-length string shorter than its length ends: NUL-terminated, padded with NULs (NumPy's 'S'), or with spaces. */
    public enum Padding {
        /** Ends with a NUL byte (C strings). */
        NULL_TERMINATED,
        /** Padded with NUL bytes (NumPy's 'S'). */
        NULL_PADDED,
        /** Padded with spaces (Fortran strings). */
        SPACE_PADDED
    }

    /**
     * A field of a compound type: its name, byte offset and type.
     *
     * @param name   the field's name
     * @param offset its byte offset in the element
     * @param dtype  its type
     */
    public record Field(String name, long offset, DType dtype) {
        /**
         * Checks the name and type are given and the offset is not negative.
         *
         * @param name the field's name, not null
         * @param offset its byte offset in the element, 0 or more
         * @param dtype its type, not null
         * @throws IllegalArgumentException if the offset is negative
         */
        public Field {
            Objects.requireNonNull(name, "field name");
            Objects.requireNonNull(dtype, "field dtype");
            if (offset < 0) throw new IllegalArgumentException("field \"" + name + "\" at negative offset " + offset);
        }
    }

    /** NumPy's {@code int8}: a 1-byte signed integer, little-endian. */
    public static final DType INT8 = numeric("int8", Kind.INT, 1);
    /** NumPy's {@code int16}: a 2-byte signed integer, little-endian. */
    public static final DType INT16 = numeric("int16", Kind.INT, 2);
    /** NumPy's {@code int32}: a 4-byte signed integer, little-endian. */
    public static final DType INT32 = numeric("int32", Kind.INT, 4);
    /** NumPy's {@code int64}: a 8-byte signed integer, little-endian. */
    public static final DType INT64 = numeric("int64", Kind.INT, 8);
    /** NumPy's {@code uint8}: a 1-byte unsigned integer, little-endian. */
    public static final DType UINT8 = numeric("uint8", Kind.UINT, 1);
    /** NumPy's {@code uint16}: a 2-byte unsigned integer, little-endian. */
    public static final DType UINT16 = numeric("uint16", Kind.UINT, 2);
    /** NumPy's {@code uint32}: a 4-byte unsigned integer, little-endian. */
    public static final DType UINT32 = numeric("uint32", Kind.UINT, 4);
    /** NumPy's {@code uint64}: a 8-byte unsigned integer, little-endian. */
    public static final DType UINT64 = numeric("uint64", Kind.UINT, 8);
    /** NumPy's {@code float16}: a 2-byte IEEE float, little-endian. */
    public static final DType FLOAT16 = numeric("float16", Kind.FLOAT, 2);
    /** NumPy's {@code float32}: a 4-byte IEEE float, little-endian. */
    public static final DType FLOAT32 = numeric("float32", Kind.FLOAT, 4);
    /** NumPy's {@code float64}: a 8-byte IEEE float, little-endian. */
    public static final DType FLOAT64 = numeric("float64", Kind.FLOAT, 8);
    /** NumPy's {@code complex64}: a 8-byte complex number (two floats), little-endian. */
    public static final DType COMPLEX64 = numeric("complex64", Kind.COMPLEX, 8);
    /** NumPy's {@code complex128}: a 16-byte complex number (two floats), little-endian. */
    public static final DType COMPLEX128 = numeric("complex128", Kind.COMPLEX, 16);
    /** NumPy's {@code bool}: a 1-byte boolean, little-endian. */
    public static final DType BOOL = numeric("bool", Kind.BOOL, 1);
    /** NumPy's {@code longdouble} on x86-64 ({@code '<f16'}): 80-bit extended precision in 16 bytes, C's {@code long double}. */
    public static final DType LONGDOUBLE = numeric("float128", Kind.FLOAT, 16);
    /** A reference to an object (group, dataset, committed datatype), h5py's {@code ref_dtype}. */
    public static final DType REFERENCE = object(Kind.REFERENCE, null);
    /** A reference to a region of a dataset, h5py's {@code regionref_dtype}. */
    public static final DType REGION_REFERENCE = object(Kind.REGION_REFERENCE, null);
    /** A reference to an attribute (read only: HDF5 1.12's revised references). */
    public static final DType ATTRIBUTE_REFERENCE = object(Kind.ATTRIBUTE_REFERENCE, null);

    /** The fourteen numeric types, little-endian, in NumPy's order. */
    public static final List<DType> ALL = List.of(INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64,
            FLOAT16, FLOAT32, FLOAT64, COMPLEX64, COMPLEX128, BOOL);

    /** Bytes an object value (string, sequence, reference) takes in an element, as NumPy's 'O'. */
    static final int OBJECT_SIZE = 8;

    /** NumPy's other names (and C names NumPy accepts) for the same types, as on 64-bit Linux. */
    private static final Map<String, DType> ALIASES = Map.ofEntries(
            Map.entry("byte", INT8), Map.entry("short", INT16), Map.entry("intc", INT32),
            Map.entry("int", INT64), Map.entry("int_", INT64), Map.entry("long", INT64), Map.entry("longlong", INT64),
            Map.entry("ubyte", UINT8), Map.entry("ushort", UINT16), Map.entry("uintc", UINT32),
            Map.entry("uint", UINT64), Map.entry("ulong", UINT64), Map.entry("ulonglong", UINT64),
            Map.entry("half", FLOAT16), Map.entry("single", FLOAT32), Map.entry("float", FLOAT64),
            Map.entry("double", FLOAT64), Map.entry("float_", FLOAT64), Map.entry("longdouble", LONGDOUBLE),
            Map.entry("longfloat", LONGDOUBLE),
            Map.entry("csingle", COMPLEX64), Map.entry("complex", COMPLEX128), Map.entry("cdouble", COMPLEX128),
            Map.entry("complex_", COMPLEX128), Map.entry("bool_", BOOL),
            // NumPy's one-character codes
            Map.entry("b", INT8), Map.entry("h", INT16), Map.entry("i", INT32), Map.entry("l", INT64),
            Map.entry("q", INT64), Map.entry("B", UINT8), Map.entry("H", UINT16), Map.entry("I", UINT32),
            Map.entry("L", UINT64), Map.entry("Q", UINT64), Map.entry("e", FLOAT16), Map.entry("f", FLOAT32),
            Map.entry("d", FLOAT64), Map.entry("g", LONGDOUBLE), Map.entry("F", COMPLEX64), Map.entry("D", COMPLEX128),
            Map.entry("?", BOOL));

    private final Kind kind;
    private final String name;
    private final int size;
    private final ByteOrder order;
    // BYTES, STRING
    private final Charset charset;
    private final Padding padding;
    // OPAQUE
    private final String tag;
    // COMPOUND
    private final List<Field> fields;
    // ARRAY, ENUM, SEQUENCE
    private final DType base;
    // ARRAY
    private final long[] dims;
    // ENUM: name -> value (the base's bits, sign-extended for signed bases)
    private final Map<String, Long> members;
    // whether strings, sequences or references appear anywhere in it: asked at every read and
    // every NdArray made, so found once (a compound's answer walks all of its fields)
    private final boolean objects;

    private DType(Kind kind, String name, int size, ByteOrder order, Charset charset, Padding padding, String tag,
                  List<Field> fields, DType base, long[] dims, Map<String, Long> members) {
        this.kind = kind;
        this.name = name;
        this.size = size;
        this.order = order;
        this.charset = charset;
        this.padding = padding;
        this.tag = tag;
        this.fields = fields;
        this.base = base;
        this.dims = dims;
        this.members = members;
        this.objects = switch (kind) {
            case STRING, SEQUENCE, REFERENCE, REGION_REFERENCE, ATTRIBUTE_REFERENCE -> true;
            case COMPOUND -> anyHasObjects(fields);
            case ARRAY -> base.hasObjects();
            default -> false;
        };
    }

    private static boolean anyHasObjects(List<Field> fields) {
        for (Field f : fields) if (f.dtype().hasObjects()) return true;
        return false;
    }

    private static DType numeric(String name, Kind kind, int size) {
        return new DType(kind, name, size, ByteOrder.LITTLE_ENDIAN, null, null, null, null, null, null, null);
    }

    private static DType object(Kind kind, DType base) {
        return new DType(kind, null, OBJECT_SIZE, ByteOrder.LITTLE_ENDIAN, kind == Kind.STRING ? Charset.UTF8 : null, null, null,
                null, base, null, null);
    }

    // ---- constructing the other types -----------------------------------------------------------

    /**
     * A fixed-length ASCII string of {@code length} bytes, null-padded: NumPy's {@code 'S<length>'}, as h5py stores it.
     *
     * @param length the string's size in bytes, 1 or more
     * @return a null-padded ASCII string type
     */
    public static DType bytes(int length) {
        return bytes(length, Charset.ASCII, Padding.NULL_PADDED);
    }

    /**
     * A fixed-length string of {@code length} bytes with a character set and padding.
     *
     * @param length the string's size in bytes, 1 or more
     * @param charset {@link Charset#ASCII} or {@link Charset#UTF8}
     * @param padding how strings shorter than {@code length} are filled
     * @return the fixed-length string type
     */
    public static DType bytes(int length, Charset charset, Padding padding) {
        if (length < 1) throw new IllegalArgumentException("a fixed-length string needs at least 1 byte, not " + length);
        return new DType(Kind.BYTES, "bytes" + 8L * length, length, ByteOrder.LITTLE_ENDIAN, Objects.requireNonNull(charset, "charset"),
                Objects.requireNonNull(padding, "padding"), null, null, null, null, null);
    }

    /**
     * A variable-length UTF-8 string: h5py's {@code string_dtype()}.
     *
     * @return the variable-length UTF-8 string type
     */
    public static DType string() {
        return string(Charset.UTF8);
    }

    /**
     * A variable-length string of a character set: h5py's {@code string_dtype(encoding)}.
     *
     * @param charset {@link Charset#ASCII} (h5py's {@code 'ascii'}) or {@link Charset#UTF8}
     * @return a variable-length string type
     */
    public static DType string(Charset charset) {
        return new DType(Kind.STRING, null, OBJECT_SIZE, ByteOrder.LITTLE_ENDIAN, Objects.requireNonNull(charset, "charset"), null, null,
                null, null, null, null);
    }

    /**
     * A variable-length sequence of {@code base} elements: h5py's {@code vlen_dtype(base)}.
     *
     * @param base the element type of each sequence
     * @return the variable-length sequence type
     */
    public static DType sequence(DType base) {
        Objects.requireNonNull(base, "base");
        if (base.kind == Kind.ARRAY) throw new IllegalArgumentException("a sequence of subarrays; use a compound field for " + base);
        return object(Kind.SEQUENCE, base);
    }

    /**
     * Opaque bytes of {@code size} (NumPy's {@code 'V<size>'}) without a tag.
     *
     * @param size the element's size in bytes, 1 or more
     * @return an untagged opaque type
     */
    public static DType opaque(int size) {
        return opaque(size, "");
    }

    /**
     * Opaque bytes of {@code size} with an ASCII tag (at most 255 characters).
     *
     * @param size the element's size in bytes, 1 or more
     * @param tag an ASCII description of the bytes, at most 255 characters
     * @return the tagged opaque type
     */
    public static DType opaque(int size, String tag) {
        if (size < 1) throw new IllegalArgumentException("an opaque type needs at least 1 byte, not " + size);
        Objects.requireNonNull(tag, "tag");
        for (int i = 0; i < tag.length(); i++) {
            if (tag.charAt(i) == 0 || tag.charAt(i) > 0x7F) throw new IllegalArgumentException("opaque tag \"" + tag + "\" is not plain ASCII");
        }
        if (tag.length() > 255) throw new IllegalArgumentException("opaque tag of " + tag.length() + " characters (at most 255)");
        return new DType(Kind.OPAQUE, "void" + 8L * size, size, ByteOrder.LITTLE_ENDIAN, null, null, tag, null, null, null, null);
    }

    /**
     * Bits of {@code size} bytes (1, 2, 4 or 8), read as an unsigned integer of that size, as h5py reads them.
     *
     * @param size the bit field's size in bytes: 1, 2, 4 or 8
     * @return a little-endian bit field type
     */
    public static DType bitfield(int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) throw new IllegalArgumentException("a bit field of 1, 2, 4 or 8 bytes, not " + size);
        return new DType(Kind.BITFIELD, "bitfield" + 8 * size, size, ByteOrder.LITTLE_ENDIAN, null, null, null, null, null, null, null);
    }

    /**
     * A subarray of {@code dims} elements of {@code base}, NumPy's {@code (base, dims)}.
     *
     * @param base the type of each element of the subarray
     * @param dims the subarray's dimensions, each 1 or more
     * @return the subarray type
     */
    public static DType array(DType base, long... dims) {
        Objects.requireNonNull(base, "base");
        if (dims.length == 0 || dims.length > 32) throw new IllegalArgumentException("a subarray of rank 1..32, not " + dims.length);
        long n = base.size;
        for (long d : dims) {
            if (d < 1) throw new IllegalArgumentException("subarray dimensions " + Arrays.toString(dims) + " must be at least 1");
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("a subarray of " + n + " bytes");
        if (base.kind == Kind.ARRAY) {
            // NumPy folds nested subarrays into one
            long[] all = Arrays.copyOf(dims, dims.length + base.dims.length);
            System.arraycopy(base.dims, 0, all, dims.length, base.dims.length);
            return array(base.base, all);
        }
        return new DType(Kind.ARRAY, null, (int) n, ByteOrder.LITTLE_ENDIAN, null, null, null, null, base, dims.clone(), null);
    }

    /**
     * A field at the next free offset (for {@link #compound(Field...)}, which packs fields in order).
     *
     * @param name the field's name
     * @param dtype the field's type
     * @return a field whose offset {@link #compound(Field...)} assigns
     */
    public static Field field(String name, DType dtype) {
        return new Field(name, 0, dtype);
    }

    /**
     * A field of {@code dims} elements of {@code dtype} (a subarray field).
     *
     * @param name the field's name
     * @param dtype the type of each element of the field
     * @param dims the subarray's dimensions
     * @return a subarray field whose offset {@link #compound(Field...)} assigns
     */
    public static Field field(String name, DType dtype, long... dims) {
        return new Field(name, 0, array(dtype, dims));
    }

    /**
     * A compound of {@code fields} packed in order without gaps, as NumPy lays out {@code [('x', '<i4'), ('y', '<f8')]}.
     *
     * @param fields the fields in order; names must be distinct
     * @return the packed compound type
     */
    public static DType compound(Field... fields) {
        List<Field> packed = new ArrayList<>();
        long offset = 0;
        for (Field f : fields) {
            packed.add(new Field(f.name(), offset, f.dtype()));
            offset += f.dtype().size();
        }
        if (offset > Integer.MAX_VALUE) throw new IllegalArgumentException("a compound of " + offset + " bytes");
        return compound(packed, (int) offset);
    }

    /**
     * A compound with fields at the offsets given and {@code itemsize} bytes, as NumPy's
     * {@code {'names': ..., 'formats': ..., 'offsets': ..., 'itemsize': ...}} and as HDF5 stores
     * compounds. Fields must fit in the item and not overlap.
     *
     * @param fields fields with their offsets; names must be distinct
     * @param itemsize the element's size in bytes, at least the end of the last field
     * @return the compound type
     */
    public static DType compound(List<Field> fields, int itemsize) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) throw new IllegalArgumentException("a compound needs at least one field");
        if (fields.size() > 0xFFFF) throw new IllegalArgumentException("a compound of " + fields.size() + " fields (HDF5 allows 65535)");
        Set<String> names = new HashSet<>();
        for (Field f : fields) {
            if (f.name().isEmpty() || f.name().indexOf('\0') >= 0) throw new IllegalArgumentException("field name \"" + f.name() + "\" is empty or holds a NUL");
            if (!names.add(f.name())) throw new IllegalArgumentException("two fields are named \"" + f.name() + "\"");
            if (f.offset() + f.dtype().size() > itemsize) {
                throw new IllegalArgumentException("field \"" + f.name() + "\" at offset " + f.offset() + " of " + f.dtype().size()
                        + " bytes does not fit an item of " + itemsize + " bytes");
            }
        }
        List<Field> byOffset = new ArrayList<>(fields);
        byOffset.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        for (int i = 1; i < byOffset.size(); i++) {
            Field a = byOffset.get(i - 1), b = byOffset.get(i);
            if (a.offset() + a.dtype().size() > b.offset()) throw new IllegalArgumentException("fields \"" + a.name() + "\" and \"" + b.name() + "\" overlap");
        }
        return new DType(Kind.COMPOUND, null, itemsize, ByteOrder.LITTLE_ENDIAN, null, null, null, List.copyOf(fields), null, null, null);
    }

    /**
     * An enumeration over the integer type {@code base}: h5py's {@code enum_dtype(members, basetype)}.
     * Values are given as the integers they are (for uint64, the bit pattern).
     *
     * @param base an integer type (signed or unsigned, any size)
     * @param members each name's value, in the order to store them
     * @return the enumeration type
     */
    public static DType enumeration(DType base, Map<String, Long> members) {
        Objects.requireNonNull(base, "base");
        if (!base.isInteger()) throw new IllegalArgumentException("an enumeration's base must be an integer type, not " + base);
        if (members.isEmpty()) throw new IllegalArgumentException("an enumeration needs at least one member");
        Map<String, Long> m = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : members.entrySet()) {
            String n = Objects.requireNonNull(e.getKey(), "member name");
            long v = Objects.requireNonNull(e.getValue(), "value of " + n);
            if (n.indexOf('\0') >= 0) throw new IllegalArgumentException("enumeration name \"" + n + "\" holds a NUL");
            if (base.size < 8) {
                long min = base.kind == Kind.INT ? -(1L << (8 * base.size - 1)) : 0;
                long max = base.kind == Kind.INT ? (1L << (8 * base.size - 1)) - 1 : (1L << (8 * base.size)) - 1;
                if (v < min || v > max) throw new IllegalArgumentException("value " + v + " of \"" + n + "\" does not fit " + base);
            }
            m.put(n, v);
        }
        return new DType(Kind.ENUM, base.name, base.size, base.order, null, null, null, null, base, null, Collections.unmodifiableMap(m));
    }

    // ---- parsing ---------------------------------------------------------------------------------

    /**
     * The type that a NumPy dtype description denotes.
     *
     * <p>Accepted: type strings {@code [<>=|]?KIND SIZE} such as {@code "<i4"}, {@code ">f8"},
     * {@code "|u1"}, {@code "c16"}, {@code "b1"}, {@code "f16"} (long double), {@code "S5"} and
     * {@code "V8"} (no order prefix or {@code '='} means little-endian); names {@code int8 ..
     * int64}, {@code uint8 .. uint64}, {@code float16/32/64}, {@code complex64/128}, {@code bool},
     * optionally with an order prefix ({@code ">int32"}); NumPy's aliases such as {@code float}
     * and {@code double} (float64), {@code single}, {@code half}, {@code longdouble}, {@code int}
     * and {@code long} (int64), {@code complex}; NumPy's one-character codes; and structured and
     * subarray descriptions as {@code .npy} headers hold them: {@code [('x', '<i4'), ('y', '<f8',
     * (2,))]}, {@code {'names': [...], 'formats': [...], 'offsets': [...], 'itemsize': 16}},
     * {@code ('<i4', (3,))}.
     *
     * @param text a NumPy dtype string, name or {@code descr}, such as {@code "<i4"}
     * @return the type the text denotes
     * @throws IllegalArgumentException naming the text and listing what is accepted
     */
    public static DType parse(String text) {
        Objects.requireNonNull(text, "dtype text");
        String s = text.strip();
        if (!s.isEmpty() && "[{(".indexOf(s.charAt(0)) >= 0) {
            try {
                return fromDescription(PyLiteral.parse(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot parse dtype '" + text + "': " + e.getMessage(), e);
            }
        }
        DType t = simple(s);
        if (t == null) {
            throw new IllegalArgumentException("cannot parse dtype '" + text + "': accepted are NumPy type strings"
                    + " [<>=|]KIND SIZE such as '<i4', '>f8', '|u1', 'c16', 'b1', 'S5', 'V8' (KIND b i u f c S V), names "
                    + "int8 int16 int32 int64 uint8 uint16 uint32 uint64 float16 float32 float64 complex64 "
                    + "complex128 bool (optionally prefixed by '<' or '>'), the aliases float double single half longdouble "
                    + "int long short byte ubyte ushort uint complex, one-character codes b h i l q B H I L Q e f d g F D ?, "
                    + "and structured descriptions such as [('x', '<i4'), ('y', '<f8')]");
        }
        return t;
    }

    private static DType simple(String s) {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        boolean noOrder = false;
        String body = s;
        if (!s.isEmpty() && "<>=|".indexOf(s.charAt(0)) >= 0 && s.length() > 1) {
            if (s.charAt(0) == '>') order = ByteOrder.BIG_ENDIAN;
            noOrder = s.charAt(0) == '|';
            body = s.substring(1);
        }
        DType base = named(body);
        if (base == null) base = typeString(body);
        if (base == null) return null;
        if (noOrder && base.size > 1 && base.isNumeric()) {
            throw new IllegalArgumentException("cannot parse dtype '" + s + "': '|' (no byte order) is only for "
                    + "single-byte types; " + base.name + " needs '<' or '>'");
        }
        return base.withOrder(order);
    }

    private static DType named(String s) {
        for (DType t : ALL) if (t.name.equals(s)) return t;
        if (s.equals(LONGDOUBLE.name)) return LONGDOUBLE;
        return ALIASES.get(s);
    }

    private static DType typeString(String s) {
        if (s.length() < 2) return null;
        char kindChar = s.charAt(0);
        int size;
        try {
            size = Integer.parseInt(s.substring(1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (kindChar == 'S' && size >= 1) return bytes(size);
        if (kindChar == 'V' && size >= 1) return opaque(size);
        if (kindChar == 'f' && size == 16) return LONGDOUBLE;
        for (DType t : ALL) if (t.kind.code == kindChar && t.size == size) return t;
        return null;
    }

    /** A dtype from a .npy description parsed as a Python literal. */
    @SuppressWarnings("unchecked")
    static DType fromDescription(Object d) {
        if (d instanceof String s) {
            if (s.equals("O") || s.equals("|O")) throw new IllegalArgumentException("object arrays ('O') hold Python objects, not data h5vds reads");
            DType t = simple(s);
            if (t == null) throw new IllegalArgumentException("'" + s + "' is not a dtype h5vds knows");
            return t;
        }
        if (d instanceof PyLiteral.Tuple t && t.items().size() == 2) {
            DType b = fromDescription(t.items().get(0));
            return array(b, shape(t.items().get(1)));
        }
        if (d instanceof List<?> list) {
            List<Field> fields = new ArrayList<>();
            long offset = 0;
            for (Object item : list) {
                if (!(item instanceof PyLiteral.Tuple f) || f.items().size() < 2 || f.items().size() > 3) {
                    throw new IllegalArgumentException("a field must be (name, dtype) or (name, dtype, shape), not " + item);
                }
                Object n = f.items().get(0);
                if (n instanceof PyLiteral.Tuple titled && titled.items().size() == 2) n = titled.items().get(1);
                if (!(n instanceof String name)) throw new IllegalArgumentException("field name " + n + " is not a string");
                DType ft = fromDescription(f.items().get(1));
                if (f.items().size() == 3) ft = array(ft, shape(f.items().get(2)));
                // NumPy writes padding as unnamed void fields
                if (!name.isEmpty() || ft.kind != Kind.OPAQUE) fields.add(new Field(name, offset, ft));
                offset += ft.size;
            }
            if (offset > Integer.MAX_VALUE) throw new IllegalArgumentException("a compound of " + offset + " bytes");
            return compound(fields, (int) offset);
        }
        if (d instanceof Map<?, ?> m && m.containsKey("names") && m.containsKey("formats")) {
            List<Object> names = (List<Object>) m.get("names");
            List<Object> formats = (List<Object>) m.get("formats");
            List<Object> offsets = (List<Object>) m.get("offsets");
            if (names.size() != formats.size() || (offsets != null && offsets.size() != names.size())) {
                throw new IllegalArgumentException("names, formats and offsets differ in length");
            }
            List<Field> fields = new ArrayList<>();
            long end = 0;
            for (int i = 0; i < names.size(); i++) {
                DType ft = fromDescription(formats.get(i));
                long off = offsets == null ? end : ((Number) offsets.get(i)).longValue();
                fields.add(new Field((String) names.get(i), off, ft));
                end = Math.max(end, off + ft.size);
            }
            Object itemsize = m.get("itemsize");
            long size = itemsize == null ? end : ((Number) itemsize).longValue();
            if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("a compound of " + size + " bytes");
            return compound(fields, (int) size);
        }
        throw new IllegalArgumentException("not a dtype description: " + d);
    }

    private static long[] shape(Object s) {
        if (s instanceof Long n) return new long[] {n};
        if (s instanceof PyLiteral.Tuple t) {
            long[] out = new long[t.items().size()];
            for (int i = 0; i < out.length; i++) out[i] = (Long) t.items().get(i);
            return out;
        }
        throw new IllegalArgumentException("subarray shape " + s + " is not a tuple of integers");
    }

    // ---- accessors -------------------------------------------------------------------------------

    /**
     * How the bytes are interpreted.
     *
     * @return the kind, never null
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Size of one element in bytes (NumPy's itemsize; 8 for complex64, 8 for an object value).
     *
     * @return the element size in bytes
     */
    public int size() {
        return size;
    }

    /**
     * The byte order of multi-byte numbers (of an enumeration's base); little-endian for everything else.
     *
     * @return the byte order; little-endian for kinds without one
     */
    public ByteOrder order() {
        return order;
    }

    /**
     * NumPy's type name without byte order for the numeric types ("int32", "float64", "float128",
     * "complex128", "bool"); for strings and opaque types NumPy's {@code bytes40}/{@code void64};
     * an enumeration's base name; null for the other kinds.
     *
     * @return the NumPy name, or null for compounds, sequences, references and others
     */
    public String name() {
        return name;
    }

    /**
     * The character set of a string type, else null.
     *
     * @return the charset, or null for a type that is not a string
     */
    public Charset charset() {
        return charset;
    }

    /**
     * The padding of a fixed-length string type, else null.
     *
     * @return the padding, or null for a type that is not a fixed-length string
     */
    public Padding padding() {
        return padding;
    }

    /**
     * The tag of an opaque type ("" when none), else null.
     *
     * @return the opaque tag, "" when untagged, or null for a type that is not opaque
     */
    public String tag() {
        return tag;
    }

    /**
     * The fields of a compound type, in their order; empty for other kinds.
     *
     * @return the fields in order; an empty list for other kinds
     */
    public List<Field> fields() {
        return fields == null ? List.of() : fields;
    }

    /**
     * The field named {@code name}.
     *
     * @param name a field name of this compound type
     * @return the field
     * @throws IllegalArgumentException naming the fields when there is none
     */
    public Field field(String name) {
        Field f = fieldOrNull(name);
        if (f != null) return f;
        throw new IllegalArgumentException(this + " has no field \"" + name + "\"" + (fields == null ? "" : "; its fields are "
                + fields.stream().map(Field::name).toList()));
    }

    /** The field named {@code name}, or null when there is none (for lookups that may miss). */
    Field fieldOrNull(String name) {
        for (Field f : fields()) if (f.name().equals(name)) return f;
        return null;
    }

    /**
     * The element type of a subarray or sequence, the integer type of an enumeration; else null.
     *
     * @return the base type, or null
     */
    public DType base() {
        return base;
    }

    /**
     * The dimensions of a subarray, else an empty array.
     *
     * @return the subarray's dimensions; empty for other kinds
     */
    public long[] dims() {
        return dims == null ? new long[0] : dims.clone();
    }

    /**
     * An enumeration's names and values in their order; empty for other kinds.
     *
     * @return the members in order; an empty map for other kinds
     */
    public Map<String, Long> enumMembers() {
        return members == null ? Map.of() : members;
    }

    /**
     * The name of an enumeration value, or null when it has none.
     *
     * @param value an integer value of the enumeration's base type (uint64: the bit pattern)
     * @return the member's name, or null
     */
    public String enumName(long value) {
        for (Map.Entry<String, Long> e : enumMembers().entrySet()) if (e.getValue() == value) return e.getKey();
        return null;
    }

    /**
     * Whether this is an integer type, signed or unsigned (bool, enumerations and bit fields are not).
     *
     * @return true for the signed and unsigned integer kinds
     */
    public boolean isInteger() {
        return kind == Kind.INT || kind == Kind.UINT;
    }

    /**
     * Whether this is one of the numeric types (integers, floats, complex, bool).
     *
     * @return true for integers, floats, complex and bool
     */
    public boolean isNumeric() {
        return kind == Kind.INT || kind == Kind.UINT || kind == Kind.FLOAT || kind == Kind.COMPLEX || kind == Kind.BOOL;
    }

    /**
     * Whether elements hold object values (strings, sequences, references), here or in a field.
     *
     * @return true if an element holds strings, sequences or references anywhere
     */
    public boolean hasObjects() {
        return objects;
    }

    /**
     * Whether this is a numeric or fixed-size type whose bytes mean the same wherever they are (no object values).
     *
     * @return true if the type has no object values
     */
    public boolean isFixedSize() {
        return !hasObjects();
    }

    /**
     * Whether values of this type convert to {@code target} as libhdf5 converts them (numbers by
     * value, compounds member by member matched by name, enumerations by name, fixed strings by
     * length and padding, arrays element by element): null when they do, else why not.
     *
     * @param target the type to convert to
     * @return null when the conversion works, else a message saying why not
     */
    public String conversionProblem(DType target) {
        return org.h5vds.storage.Conversions.problem(StoredTypes.memoryTypeOf(this), StoredTypes.memoryTypeOf(target));
    }

    /**
     * This type in byte order {@code order}; single-byte types and types without a byte order are returned unchanged.
     *
     * @param order the wanted byte order
     * @return this type, or an equal one in {@code order}
     */
    public DType withOrder(ByteOrder order) {
        Objects.requireNonNull(order, "order");
        if (order == this.order) return this;
        return switch (kind) {
            case INT, UINT, FLOAT, COMPLEX, BITFIELD -> size == 1 ? this
                    : new DType(kind, name, size, order, charset, padding, tag, fields, base, dims, members);
            case ENUM -> base.size == 1 ? this : new DType(kind, name, size, order, null, null, null, null, base.withOrder(order), null, members);
            default -> this;
        };
    }

    /**
     * This type, little-endian.
     *
     * @return this type in little-endian order
     */
    public DType littleEndian() {
        return withOrder(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * This type, big-endian (single-byte types unchanged).
     *
     * @return this type in big-endian order
     */
    public DType bigEndian() {
        return withOrder(ByteOrder.BIG_ENDIAN);
    }

    /**
     * A copy of a compound type holding only the fields named, at their offsets, same itemsize (NumPy's {@code dtype[['x', 'z']]}).
     *
     * @param names field names of this compound type
     * @return a compound type with only those fields
     */
    public DType select(String... names) {
        if (kind != Kind.COMPOUND) throw new IllegalArgumentException(this + " is not a compound type");
        List<Field> out = new ArrayList<>();
        for (String n : names) out.add(field(n));
        return compound(out, size);
    }

    /**
     * NumPy's description of the type, as a {@code .npy} header stores it: {@code dtype.str} for
     * simple types ({@code "<i4"}, {@code ">f8"}, {@code "|u1"}, {@code "<c16"}, {@code "|b1"},
     * {@code "|S5"}, {@code "|V8"}, {@code "<f16"}; an enumeration's base, a bit field's unsigned
     * integer, {@code "|O"} for object values), {@code dtype.descr} for compounds
     * ({@code "[('x', '<i4'), ('', '|V4'), ('y', '<f8')]"}, gaps as unnamed void fields; a dict with
     * offsets when fields are not in offset order) and {@code "('<i4', (3,))"} for a subarray.
     *
     * @return the NumPy {@code .npy} header description
     */
    public String numpy() {
        return switch (kind) {
            case INT, UINT, FLOAT, COMPLEX, BOOL, BITFIELD -> {
                char prefix = size == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
                yield String.valueOf(prefix) + (kind == Kind.BITFIELD ? 'u' : kind.code) + size;
            }
            case ENUM -> base.numpy();
            case BYTES -> "|S" + size;
            case OPAQUE -> "|V" + size;
            case STRING, SEQUENCE, REFERENCE, REGION_REFERENCE, ATTRIBUTE_REFERENCE -> "|O";
            case ARRAY -> "(" + fieldFormat(base) + ", " + Shape.format(dims) + ")";
            case COMPOUND -> descr();
        };
    }

    /**
     * NumPy's character for this type's kind ({@code dtype.kind}): an enumeration's base's.
     *
     * @return NumPy's {@code dtype.kind} letter
     */
    public char kindCode() {
        return kind == Kind.ENUM ? base.kind.code : kind.code;
    }

    /** Whether the fields lie in offset order without overlap (NumPy's {@code descr} can say such a type). */
    boolean fieldsInOffsetOrder() {
        long end = 0;
        for (Field f : fields) {
            if (f.offset() < end) return false;
            end = f.offset() + f.dtype().size();
        }
        return true;
    }

    private String descr() {
        if (!fieldsInOffsetOrder()) {
            StringJoiner names = new StringJoiner(", ", "[", "]");
            StringJoiner formats = new StringJoiner(", ", "[", "]");
            StringJoiner offsets = new StringJoiner(", ", "[", "]");
            for (Field f : fields) {
                names.add(PyLiteral.repr(f.name()));
                formats.add(fieldFormat(f.dtype()));
                offsets.add(Long.toString(f.offset()));
            }
            return "{'names': " + names + ", 'formats': " + formats + ", 'offsets': " + offsets + ", 'itemsize': " + size + "}";
        }
        StringJoiner j = new StringJoiner(", ", "[", "]");
        long offset = 0;
        for (Field f : fields) {
            if (f.offset() > offset) j.add("('', '|V" + (f.offset() - offset) + "')");
            DType t = f.dtype();
            if (t.kind == Kind.ARRAY) j.add("(" + PyLiteral.repr(f.name()) + ", " + fieldFormat(t.base) + ", " + Shape.format(t.dims) + ")");
            else j.add("(" + PyLiteral.repr(f.name()) + ", " + fieldFormat(t) + ")");
            offset = f.offset() + t.size;
        }
        if (size > offset) j.add("('', '|V" + (size - offset) + "')");
        return j.toString();
    }

    private static String fieldFormat(DType t) {
        return t.kind == Kind.COMPOUND || t.kind == Kind.ARRAY ? t.numpy() : PyLiteral.repr(t.numpy());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DType t && t.kind == kind && t.size == size && t.order == order && Objects.equals(t.name, name)
                && t.charset == charset && t.padding == padding && Objects.equals(t.tag, tag) && Objects.equals(t.fields, fields)
                && Objects.equals(t.base, base) && Arrays.equals(t.dims, dims) && Objects.equals(t.members, members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, size, order == ByteOrder.BIG_ENDIAN, name, fields, base) + Arrays.hashCode(dims);
    }

    /**
     * A short description: numeric types as NumPy prints them on a little-endian machine ("int32",
     * {@code ">i4"} when big-endian); "|S5" (with "utf-8" and the padding when not NumPy's), "|V8",
     * {@code compound{x: <i4, y: <f8}} (offsets and itemsize shown when not packed),
     * {@code ('<i4', (3,))}, {@code enum(int8){RED=0, GREEN=1}}, "vlen str utf-8", {@code "vlen <i4"},
     * {@code "bitfield <u2"}, "object reference", "region reference", "attribute reference".
     */
    @Override
    public String toString() {
        return switch (kind) {
            case INT, UINT, FLOAT, COMPLEX, BOOL -> size == 1 || order == ByteOrder.LITTLE_ENDIAN ? name : numpy();
            case BITFIELD -> "bitfield " + numpy();
            case BYTES -> "|S" + size + (charset == Charset.UTF8 ? " utf-8" : "") + switch (padding) {
                case NULL_PADDED -> "";
                case NULL_TERMINATED -> " null-terminated";
                case SPACE_PADDED -> " space-padded";
            };
            case OPAQUE -> "|V" + size + (tag.isEmpty() ? "" : " tag " + PyLiteral.repr(tag));
            case STRING -> "vlen str " + (charset == Charset.UTF8 ? "utf-8" : "ascii");
            case SEQUENCE -> "vlen " + base.shortName();
            case REFERENCE -> "object reference";
            case REGION_REFERENCE -> "region reference";
            case ATTRIBUTE_REFERENCE -> "attribute reference";
            case ARRAY -> "(" + (base.isNumeric() ? PyLiteral.repr(base.numpy()) : base.toString()) + ", " + Shape.format(dims) + ")";
            case ENUM -> {
                StringJoiner j = new StringJoiner(", ", "enum(" + base + "){", "}");
                for (Map.Entry<String, Long> e : members.entrySet()) {
                    j.add(e.getKey() + "=" + (base.kind == Kind.UINT && base.size == 8 ? Long.toUnsignedString(e.getValue()) : e.getValue()));
                }
                yield j.toString();
            }
            case COMPOUND -> {
                boolean packed = isPacked();
                StringJoiner j = new StringJoiner(", ", "compound{", packed ? "}" : "} (" + size + " bytes)");
                for (Field f : fields) j.add(f.name() + ": " + f.dtype().shortName() + (packed ? "" : " @" + f.offset()));
                yield j.toString();
            }
        };
    }

    /** The NumPy string for numbers ("<i4"), the description otherwise: how a type reads inside another. */
    private String shortName() {
        return isNumeric() ? numpy() : toString();
    }

    /** Fields in order, each right after the previous one, nothing after the last. */
    private boolean isPacked() {
        long offset = 0;
        for (Field f : fields) {
            if (f.offset() != offset) return false;
            offset += f.dtype().size();
        }
        return offset == size;
    }

    /**
     * NumPy's {@code result_type} of {@code types}: the smallest type they all promote to. When
     * that is the first type, the first type is returned as it is (its byte order kept), otherwise
     * the little-endian form. Complex types mixed with real ones give the first type: libhdf5
     * converts no real type to a complex one.
     *
     * @param types one type at least
     * @return the type that holds the values of every one of {@code types}
     * @throws IllegalArgumentException when {@code types} is empty
     */
    public static DType resultType(java.util.List<DType> types) {
        if (types.isEmpty()) throw new IllegalArgumentException("resultType needs at least one type");
        return Promotion.of(types);
    }
}
