package org.h5vds.api;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The numeric element type of a dataset or array, named as NumPy names it, with a byte order.
 *
 * <p>There are fourteen types: {@link #INT8}, {@link #INT16}, {@link #INT32}, {@link #INT64},
 * {@link #UINT8}, {@link #UINT16}, {@link #UINT32}, {@link #UINT64}, {@link #FLOAT16},
 * {@link #FLOAT32}, {@link #FLOAT64}, {@link #COMPLEX64}, {@link #COMPLEX128} and {@link #BOOL}.
 * The constants are little-endian (the order of almost every HDF5 file and of the machines that
 * write them); {@link #bigEndian()} or {@link #withOrder(ByteOrder)} gives the other order.
 * Single-byte types have no byte order (NumPy writes {@code '|'}): for them {@link #order()} is
 * little-endian, {@link #withOrder(ByteOrder)} returns the same type, and both orders are equal.
 *
 * <p>Instances are immutable; compare them with {@link #equals(Object)}.
 *
 * <pre>{@code
 * DType t = DType.parse(">u2");   // big-endian uint16
 * t.kind();                        // Kind.UINT
 * t.size();                        // 2
 * t.numpy();                       // ">u2"
 * t.littleEndian().numpy();        // "<u2"
 * }</pre>
 */
public final class DType {

    /** The family of a type: how its bits are interpreted. */
    public enum Kind {
        /** Two's complement signed integer. */
        INT('i'),
        /** Unsigned integer. */
        UINT('u'),
        /** IEEE 754 binary floating point (half, single or double precision). */
        FLOAT('f'),
        /** A pair of IEEE 754 floats, real part first. */
        COMPLEX('c'),
        /** One byte, 0 for false and 1 for true. */
        BOOL('b');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        /** NumPy's kind character: 'i', 'u', 'f', 'c' or 'b'. */
        public char code() {
            return code;
        }
    }

    public static final DType INT8 = new DType("int8", Kind.INT, 1, ByteOrder.LITTLE_ENDIAN);
    public static final DType INT16 = new DType("int16", Kind.INT, 2, ByteOrder.LITTLE_ENDIAN);
    public static final DType INT32 = new DType("int32", Kind.INT, 4, ByteOrder.LITTLE_ENDIAN);
    public static final DType INT64 = new DType("int64", Kind.INT, 8, ByteOrder.LITTLE_ENDIAN);
    public static final DType UINT8 = new DType("uint8", Kind.UINT, 1, ByteOrder.LITTLE_ENDIAN);
    public static final DType UINT16 = new DType("uint16", Kind.UINT, 2, ByteOrder.LITTLE_ENDIAN);
    public static final DType UINT32 = new DType("uint32", Kind.UINT, 4, ByteOrder.LITTLE_ENDIAN);
    public static final DType UINT64 = new DType("uint64", Kind.UINT, 8, ByteOrder.LITTLE_ENDIAN);
    public static final DType FLOAT16 = new DType("float16", Kind.FLOAT, 2, ByteOrder.LITTLE_ENDIAN);
    public static final DType FLOAT32 = new DType("float32", Kind.FLOAT, 4, ByteOrder.LITTLE_ENDIAN);
    public static final DType FLOAT64 = new DType("float64", Kind.FLOAT, 8, ByteOrder.LITTLE_ENDIAN);
    public static final DType COMPLEX64 = new DType("complex64", Kind.COMPLEX, 8, ByteOrder.LITTLE_ENDIAN);
    public static final DType COMPLEX128 = new DType("complex128", Kind.COMPLEX, 16, ByteOrder.LITTLE_ENDIAN);
    public static final DType BOOL = new DType("bool", Kind.BOOL, 1, ByteOrder.LITTLE_ENDIAN);

    /** Every type, little-endian, in NumPy's order. */
    public static final List<DType> ALL = List.of(INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64,
            FLOAT16, FLOAT32, FLOAT64, COMPLEX64, COMPLEX128, BOOL);

    /** NumPy's other names (and C names NumPy accepts) for the same types, as on 64-bit Linux. */
    private static final Map<String, DType> ALIASES = Map.ofEntries(
            Map.entry("byte", INT8), Map.entry("short", INT16), Map.entry("intc", INT32),
            Map.entry("int", INT64), Map.entry("int_", INT64), Map.entry("long", INT64), Map.entry("longlong", INT64),
            Map.entry("ubyte", UINT8), Map.entry("ushort", UINT16), Map.entry("uintc", UINT32),
            Map.entry("uint", UINT64), Map.entry("ulong", UINT64), Map.entry("ulonglong", UINT64),
            Map.entry("half", FLOAT16), Map.entry("single", FLOAT32), Map.entry("float", FLOAT64),
            Map.entry("double", FLOAT64), Map.entry("float_", FLOAT64),
            Map.entry("csingle", COMPLEX64), Map.entry("complex", COMPLEX128), Map.entry("cdouble", COMPLEX128),
            Map.entry("complex_", COMPLEX128), Map.entry("bool_", BOOL),
            // NumPy's one-character codes
            Map.entry("b", INT8), Map.entry("h", INT16), Map.entry("i", INT32), Map.entry("l", INT64),
            Map.entry("q", INT64), Map.entry("B", UINT8), Map.entry("H", UINT16), Map.entry("I", UINT32),
            Map.entry("L", UINT64), Map.entry("Q", UINT64), Map.entry("e", FLOAT16), Map.entry("f", FLOAT32),
            Map.entry("d", FLOAT64), Map.entry("F", COMPLEX64), Map.entry("D", COMPLEX128), Map.entry("?", BOOL));

    private final String name;
    private final Kind kind;
    private final int size;
    private final ByteOrder order;

    private DType(String name, Kind kind, int size, ByteOrder order) {
        this.name = name;
        this.kind = kind;
        this.size = size;
        this.order = order;
    }

    /**
     * The type that a NumPy dtype string or type name denotes.
     *
     * <p>Accepted: type strings {@code [<>=|]?KIND SIZE} such as {@code "<i4"}, {@code ">f8"},
     * {@code "|u1"}, {@code "c16"}, {@code "b1"} (KIND one of b i u f c; no order prefix or
     * {@code '='} means little-endian); names {@code int8 .. int64}, {@code uint8 .. uint64},
     * {@code float16/32/64}, {@code complex64/128}, {@code bool}, optionally with an order prefix
     * ({@code ">int32"}); NumPy's aliases such as {@code float} and {@code double} (float64),
     * {@code single} (float32), {@code half}, {@code int} and {@code long} (int64), {@code complex};
     * and NumPy's one-character codes ({@code 'i'}, {@code 'f'}, {@code 'd'}, {@code 'B'}, ...).
     *
     * @throws IllegalArgumentException naming the text and listing what is accepted
     */
    public static DType parse(String text) {
        Objects.requireNonNull(text, "dtype text");
        String s = text.strip();
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        boolean explicitOrder = false;
        if (!s.isEmpty() && "<>=|".indexOf(s.charAt(0)) >= 0 && s.length() > 1) {
            char c = s.charAt(0);
            if (c == '>') order = ByteOrder.BIG_ENDIAN;
            explicitOrder = true;
            s = s.substring(1);
        }
        DType base = named(s);
        if (base == null) base = typeString(s);
        if (base == null) {
            throw new IllegalArgumentException("cannot parse dtype '" + text + "': accepted are NumPy type strings"
                    + " [<>=|]KIND SIZE such as '<i4', '>f8', '|u1', 'c16', 'b1' (KIND b i u f c), names "
                    + "int8 int16 int32 int64 uint8 uint16 uint32 uint64 float16 float32 float64 complex64 "
                    + "complex128 bool (optionally prefixed by '<' or '>'), the aliases float double single half "
                    + "int long short byte ubyte ushort uint complex, and one-character codes b h i l q B H I L Q e f d F D ?");
        }
        if (explicitOrder && text.strip().charAt(0) == '|' && base.size > 1) {
            throw new IllegalArgumentException("cannot parse dtype '" + text + "': '|' (no byte order) is only for "
                    + "single-byte types; " + base.name + " needs '<' or '>'");
        }
        return base.withOrder(order);
    }

    private static DType named(String s) {
        for (DType t : ALL) if (t.name.equals(s)) return t;
        DType alias = ALIASES.get(s);
        if (alias != null) return alias;
        return null;
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
        for (DType t : ALL) if (t.kind.code == kindChar && t.size == size) return t;
        return null;
    }

    /** How the bits are interpreted. */
    public Kind kind() {
        return kind;
    }

    /** Size of one element in bytes (8 for complex64: two float32). */
    public int size() {
        return size;
    }

    /** The byte order of multi-byte elements; little-endian for single-byte types. */
    public ByteOrder order() {
        return order;
    }

    /** NumPy's type name without byte order: "int32", "uint8", "float64", "complex128", "bool". */
    public String name() {
        return name;
    }

    /** This type in byte order {@code order}; single-byte types are returned unchanged. */
    public DType withOrder(ByteOrder order) {
        Objects.requireNonNull(order, "order");
        if (order == this.order || size == 1) return this;
        return new DType(name, kind, size, order);
    }

    /** This type, little-endian. */
    public DType littleEndian() {
        return withOrder(ByteOrder.LITTLE_ENDIAN);
    }

    /** This type, big-endian (single-byte types unchanged). */
    public DType bigEndian() {
        return withOrder(ByteOrder.BIG_ENDIAN);
    }

    /** Whether this is an integer type, signed or unsigned (bool is not). */
    public boolean isInteger() {
        return kind == Kind.INT || kind == Kind.UINT;
    }

    /**
     * NumPy's dtype string ({@code dtype.str}): byte order, kind, size in bytes, e.g. {@code "<i4"},
     * {@code ">f8"}, {@code "|u1"}, {@code "<c16"}, {@code "|b1"}. This is what a .npy header stores as {@code descr}.
     */
    public String numpy() {
        char prefix = size == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return String.valueOf(prefix) + kind.code + size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DType t && t.name.equals(name) && t.order == order;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + (order == ByteOrder.BIG_ENDIAN ? 1 : 0);
    }

    /**
     * The type as NumPy prints it on a little-endian machine: the name ("int32") when
     * little-endian or single-byte, the dtype string (">i4") when big-endian.
     */
    @Override
    public String toString() {
        return size == 1 || order == ByteOrder.LITTLE_ENDIAN ? name : numpy();
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
