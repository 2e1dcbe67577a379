package org.h5vds.api;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.format.message.ArrayType;
import org.h5vds.format.message.BitfieldType;
import org.h5vds.format.message.ComplexType;
import org.h5vds.format.message.CompoundType;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.EnumType;
import org.h5vds.format.message.FixedPointType;
import org.h5vds.format.message.FloatingPointType;
import org.h5vds.format.message.OpaqueType;
import org.h5vds.format.message.ReferenceType;
import org.h5vds.format.message.StringType;
import org.h5vds.format.message.TimeType;
import org.h5vds.format.message.VariableLengthType;
import org.h5vds.storage.ObjectTable;

/**
 * The one mapping between the types a file stores (the datatype message) and {@link DType}, the
 * way h5py maps them: {@link #dtypeOf} is h5py's {@code Dataset.dtype} for a stored type;
 * {@link #storedTypeOf} the type h5py stores for a dtype; {@link #memoryTypeOf} the layout of an
 * {@link NdArray}'s elements, which reads and writes convert from and to.
 */
final class StoredTypes {
    /** h5vds writes files with 8-byte addresses. */
    private static final int OFFSET_SIZE = 8;

    private StoredTypes() {
    }

    /**
     * NumPy's floats as h5py ranks them: size, mantissa bits (x86's 80-bit long double counts its
     * explicit integer bit, as h5py corrects NumPy's finfo), largest and smallest exponent.
     */
    private record NumpyFloat(DType dtype, int mantissaBits, long maxExponent, long minExponent) {
    }

    private static final NumpyFloat[] NUMPY_FLOATS = {
        new NumpyFloat(DType.FLOAT16, 10, 16, -14),
        new NumpyFloat(DType.FLOAT32, 23, 128, -126),
        new NumpyFloat(DType.FLOAT64, 52, 1024, -1022),
        new NumpyFloat(DType.LONGDOUBLE, 64, 16384, -16382),
    };

    /**
     * h5py's dtype for a stored float: the first NumPy float at least as wide whose mantissa and
     * exponent range hold the stored ones (a 5-byte float of 13 mantissa bits reads as float64).
     */
    private static DType floatDtype(FloatingPointType f) {
        long maxExponent = (1L << Math.min(f.exponentSize(), 62)) - f.exponentBias() - 1;
        long minExponent = 1 - f.exponentBias();
        for (NumpyFloat n : NUMPY_FLOATS) {
            if (n.dtype().size() >= f.size() && f.mantissaSize() <= n.mantissaBits() && maxExponent <= n.maxExponent()
                    && minExponent >= n.minExponent()) {
                return n.dtype();
            }
        }
        throw new NoDtypeException("a float of " + f.size() + " bytes with a " + f.mantissaSize() + "-bit mantissa and a " + f.exponentSize()
                + "-bit exponent (bias " + f.exponentBias() + ") fits no NumPy float (h5py refuses it too)");
    }

    /** Why a stored type has no dtype. */
    static final class NoDtypeException extends IllegalArgumentException {
        NoDtypeException(String message) {
            super(message);
        }
    }

    /**
     * h5py's dtype for a stored type: numbers by size and sign (whatever their bit layout),
     * 16-byte floats as NumPy's longdouble, h5py's bool and complex, fixed-length strings as 'S'
     * (null-padded: how h5py reads them), compounds with the stored offsets and size, and so on.
     *
     * @throws NoDtypeException for the time class and sizes NumPy has no type of
     */
    static DType dtypeOf(Datatype t) {
        if (t instanceof FixedPointType f) return integer(f.size(), f.signed(), order(f.order()));
        if (t instanceof FloatingPointType f) return floatDtype(f).withOrder(order(f.order()));
        if (t instanceof TimeType) throw new NoDtypeException("the HDF5 time class has no NumPy dtype (h5py refuses it too)");
        if (t instanceof StringType s) return DType.bytes(s.size(), charset(s.charset()), DType.Padding.NULL_PADDED);
        if (t instanceof BitfieldType b) {
            if (b.size() != 1 && b.size() != 2 && b.size() != 4 && b.size() != 8) throw new NoDtypeException("a " + b.size() + "-byte bit field has no NumPy dtype");
            return DType.bitfield(b.size()).withOrder(order(b.order()));
        }
        if (t instanceof OpaqueType o) return DType.opaque(o.size(), o.tag());
        if (t instanceof CompoundType c) {
            DType complex = complex(c);
            return complex != null ? complex : compound(c);
        }
        if (t instanceof ReferenceType r) {
            return switch (r.kind()) {
                case OBJECT1, OBJECT2 -> DType.REFERENCE;
                case DATASET_REGION1, DATASET_REGION2 -> DType.REGION_REFERENCE;
                case ATTRIBUTE -> DType.ATTRIBUTE_REFERENCE;
            };
        }
        if (t instanceof EnumType e) {
            if (isBool(e)) return DType.BOOL;
            DType base = dtypeOf(e.base());
            Map<String, Long> members = new LinkedHashMap<>();
            for (EnumType.Member m : e.members()) members.put(m.name(), value(m.value(), e.integerBase()));
            if (members.isEmpty()) throw new NoDtypeException("an enumeration without members has no NumPy dtype");
            return DType.enumeration(base, members);
        }
        if (t instanceof VariableLengthType v) {
            if (v.isString()) return DType.string(charset(v.charset()));
            DType base = dtypeOf(v.base());
            // libhdf5's tarray7.h5 stores one; DType.sequence takes no subarray base
            if (base.kind() == DType.Kind.ARRAY) throw new NoDtypeException("a variable-length sequence of arrays (" + base + ") is not supported");
            return DType.sequence(base);
        }
        if (t instanceof ArrayType a) return DType.array(dtypeOf(a.base()), a.dims());
        ComplexType c = (ComplexType) t;
        if (!(c.base() instanceof FloatingPointType f) || (f.size() != 4 && f.size() != 8)) {
            throw new NoDtypeException("a complex type of " + c.base().size() + "-byte parts has no NumPy dtype");
        }
        return (f.size() == 4 ? DType.COMPLEX64 : DType.COMPLEX128).withOrder(order(f.order()));
    }

    private static DType integer(int size, boolean signed, ByteOrder order) {
        DType d = switch (size) {
            case 1 -> signed ? DType.INT8 : DType.UINT8;
            case 2 -> signed ? DType.INT16 : DType.UINT16;
            case 4 -> signed ? DType.INT32 : DType.UINT32;
            case 8 -> signed ? DType.INT64 : DType.UINT64;
            default -> throw new NoDtypeException("a " + size + "-byte integer has no NumPy dtype");
        };
        return d.withOrder(order);
    }

    /**
     * The dtype of a type in the memory form {@link #memoryTypeOf} gives (a sequence's elements as
     * they are read): its compounds already have the dtype's offsets and size, with 8-byte object
     * slots where the dtype has strings and sequences, so they are taken as they are; moving them
     * again as {@link #dtypeOf} moves a stored compound's would put each member after a sequence
     * 8 bytes past its value.
     */
    static DType dtypeOfMemory(Datatype t) {
        if (t instanceof CompoundType c && complex(c) == null) {
            List<DType.Field> fields = new ArrayList<>();
            for (CompoundType.Member m : c.members()) fields.add(new DType.Field(m.name(), m.byteOffset(), dtypeOfMemory(m.type())));
            return DType.compound(fields, c.size());
        }
        if (t instanceof VariableLengthType v && !v.isString() && !(v.base() instanceof ArrayType)) return DType.sequence(dtypeOfMemory(v.base()));
        if (t instanceof ArrayType a) return DType.array(dtypeOfMemory(a.base()), a.dims());
        return dtypeOf(t);
    }

    /**
     * A compound laid out as libhdf5 lays out the type H5Dget_type and H5Aget_type return, which
     * h5py's dtype copies: the stored offsets, moved where a member's memory form differs in size
     * from its stored form (H5T__set_loc: a variable-length string becomes an 8-byte pointer, a
     * sequence a 16-byte hvl_t, a reference libhdf5's in-memory reference), the members after it
     * moving by the difference. A member whose dtype is larger than that slot (a 4-byte address
     * held as an 8-byte object) moves them too.
     */
    private static DType compound(CompoundType c) {
        List<CompoundType.Member> byOffset = new ArrayList<>(c.members());
        byOffset.sort((a, b) -> Long.compare(a.byteOffset(), b.byteOffset()));
        Map<String, DType.Field> fields = new LinkedHashMap<>();
        long shift = 0;
        for (CompoundType.Member m : byOffset) {
            DType d = dtypeOf(m.type());
            fields.put(m.name(), new DType.Field(m.name(), m.byteOffset() + shift, d));
            shift += Math.max(d.size(), memorySlot(m.type(), d)) - m.type().size();
        }
        List<DType.Field> inOrder = new ArrayList<>();
        for (CompoundType.Member m : c.members()) inOrder.add(fields.get(m.name()));
        return DType.compound(inOrder, Math.toIntExact(c.size() + shift));
    }

    /** The bytes libhdf5's memory form of {@code t} takes (H5T__set_loc with H5T_LOC_MEMORY); {@code d} is its dtype. */
    private static long memorySlot(Datatype t, DType d) {
        if (t instanceof VariableLengthType v) return v.isString() ? 8 : 16;
        if (t instanceof ReferenceType r) {
            return switch (r.kind()) {
                case OBJECT1 -> 8;
                case DATASET_REGION1 -> 12;
                case OBJECT2, DATASET_REGION2, ATTRIBUTE -> 64;
            };
        }
        if (t instanceof ArrayType a && d.kind() == DType.Kind.ARRAY) {
            long n = 1;
            for (long x : a.dims()) n *= x;
            return n * Math.max(d.base().size(), memorySlot(a.base(), d.base()));
        }
        if (t instanceof CompoundType) return d.size();
        return t.size();
    }

    /** h5py's complex: a compound of exactly two equal IEEE floats named r and i, the real part first, packed. */
    private static DType complex(CompoundType c) {
        List<CompoundType.Member> m = c.members();
        if (m.size() != 2 || !m.get(0).name().equals("r") || !m.get(1).name().equals("i")) return null;
        if (!(m.get(0).type() instanceof FloatingPointType re) || !re.equals(m.get(1).type()) || !re.isIeee() || re.size() < 4) return null;
        if (m.get(0).byteOffset() != 0 || m.get(1).byteOffset() != re.size() || c.size() != 2 * re.size()) return null;
        return (re.size() == 4 ? DType.COMPLEX64 : DType.COMPLEX128).withOrder(order(re.order()));
    }

    /** h5py's bool: an enumeration of int8 with exactly FALSE = 0 and TRUE = 1. */
    private static boolean isBool(EnumType t) {
        List<EnumType.Member> m = t.members();
        if (t.size() != 1 || m.size() != 2 || !t.integerBase().signed()) return false;
        return m.get(0).name().equals("FALSE") && m.get(0).value()[0] == 0 && m.get(1).name().equals("TRUE") && m.get(1).value()[0] == 1;
    }

    /**
     * An enumeration value as the integer it is: its base's significant bits (from the bit offset, of
     * the precision; libhdf5 converts a padded base so), sign-extended for a signed base.
     */
    private static long value(byte[] v, FixedPointType base) {
        long x = 0;
        boolean little = base.order() != Datatype.ByteOrder.BIG_ENDIAN;
        for (int i = 0; i < v.length && i < 8; i++) x |= (long) (v[little ? i : v.length - 1 - i] & 0xFF) << (8 * i);
        int precision = Math.min(base.bitPrecision(), 64);
        x >>>= Math.min(base.bitOffset(), 63);
        if (precision < 64) x = base.signed() ? x << (64 - precision) >> (64 - precision) : x & ((1L << precision) - 1);
        return x;
    }

    private static byte[] bytesOf(long value, DType base) {
        byte[] b = new byte[base.size()];
        boolean little = base.order() == ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < b.length; i++) b[little ? i : b.length - 1 - i] = (byte) (value >>> (8 * i));
        return b;
    }

    private static ByteOrder order(Datatype.ByteOrder o) {
        return o == Datatype.ByteOrder.BIG_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static Datatype.ByteOrder order(ByteOrder o) {
        return o == ByteOrder.BIG_ENDIAN ? Datatype.ByteOrder.BIG_ENDIAN : Datatype.ByteOrder.LITTLE_ENDIAN;
    }

    private static DType.Charset charset(Datatype.CharacterSet c) {
        return c == Datatype.CharacterSet.UTF8 ? DType.Charset.UTF8 : DType.Charset.ASCII;
    }

    private static Datatype.CharacterSet charset(DType.Charset c) {
        return c == DType.Charset.UTF8 ? Datatype.CharacterSet.UTF8 : Datatype.CharacterSet.ASCII;
    }

    private static Datatype.StringPadding padding(DType.Padding p) {
        return switch (p) {
            case NULL_TERMINATED -> Datatype.StringPadding.NULL_TERMINATE;
            case NULL_PADDED -> Datatype.StringPadding.NULL_PAD;
            case SPACE_PADDED -> Datatype.StringPadding.SPACE_PAD;
        };
    }

    // ---- dtype to datatype ----------------------------------------------------------------------

    /** The layout of an array's elements: numbers as NumPy holds them, object values as 8-byte slots. */
    static Datatype memoryTypeOf(DType d) {
        return datatype(d, true);
    }

    /**
     * The type h5py stores for {@code d}: libhdf5's standard integers and IEEE floats in the
     * dtype's byte order, bool as an enumeration of int8 (FALSE = 0, TRUE = 1), complex as a
     * compound of two floats named r and i, variable-length data as heap references (a compound
     * holding them grows, the members after them moving as libhdf5's H5T_set_loc moves them).
     */
    static Datatype storedTypeOf(DType d) {
        return datatype(d, false);
    }

    private static Datatype datatype(DType d, boolean memory) {
        Datatype.ByteOrder order = order(d.order());
        return switch (d.kind()) {
            case INT -> FixedPointType.of(d.size(), true, order);
            case UINT -> FixedPointType.of(d.size(), false, order);
            case FLOAT -> d.size() == 16 ? FloatingPointType.x87Extended(order) : FloatingPointType.ieee(d.size(), order);
            case BOOL -> EnumType.of(FixedPointType.of(1, true, Datatype.ByteOrder.LITTLE_ENDIAN),
                    List.of(new EnumType.Member("FALSE", new byte[] {0}), new EnumType.Member("TRUE", new byte[] {1})));
            case COMPLEX -> {
                Datatype part = FloatingPointType.ieee(d.size() / 2, order);
                yield CompoundType.of(d.size(), List.of(new CompoundType.Member("r", 0, part), new CompoundType.Member("i", d.size() / 2, part)));
            }
            case BYTES -> StringType.of(d.size(), padding(d.padding()), charset(d.charset()));
            case OPAQUE -> OpaqueType.of(d.size(), d.tag());
            case BITFIELD -> BitfieldType.of(d.size(), order);
            case ENUM -> {
                List<EnumType.Member> members = new ArrayList<>();
                for (Map.Entry<String, Long> e : d.enumMembers().entrySet()) members.add(new EnumType.Member(e.getKey(), bytesOf(e.getValue(), d.base())));
                yield EnumType.of(datatype(d.base(), memory), members);
            }
            case ARRAY -> ArrayType.of(datatype(d.base(), memory), d.dims());
            case STRING -> memory
                    ? new VariableLengthType(1, ObjectTable.SLOT_SIZE, VariableLengthType.Kind.STRING, Datatype.StringPadding.NULL_TERMINATE,
                        charset(d.charset()), FixedPointType.of(1, false, Datatype.ByteOrder.LITTLE_ENDIAN))
                    : VariableLengthType.string(Datatype.StringPadding.NULL_TERMINATE, charset(d.charset()), OFFSET_SIZE);
            case SEQUENCE -> memory
                    ? new VariableLengthType(1, ObjectTable.SLOT_SIZE, VariableLengthType.Kind.SEQUENCE, Datatype.StringPadding.NULL_TERMINATE,
                        Datatype.CharacterSet.ASCII, datatype(d.base(), true))
                    : VariableLengthType.sequence(datatype(d.base(), false), OFFSET_SIZE);
            case REFERENCE -> memory ? new ReferenceType(1, ObjectTable.SLOT_SIZE, ReferenceType.Kind.OBJECT1, 0) : ReferenceType.object(OFFSET_SIZE);
            case REGION_REFERENCE -> memory ? new ReferenceType(1, ObjectTable.SLOT_SIZE, ReferenceType.Kind.DATASET_REGION1, 0)
                    : ReferenceType.region(OFFSET_SIZE);
            case ATTRIBUTE_REFERENCE -> {
                if (!memory) throw new IllegalArgumentException("h5vds does not write attribute references (HDF5 1.12's H5R_ATTR)");
                yield new ReferenceType(1, ObjectTable.SLOT_SIZE, ReferenceType.Kind.ATTRIBUTE, 0);
            }
            case COMPOUND -> {
                List<DType.Field> fields = new ArrayList<>(d.fields());
                List<DType.Field> byOffset = new ArrayList<>(fields);
                byOffset.sort((a, b) -> Long.compare(a.offset(), b.offset()));
                Map<String, CompoundType.Member> members = new LinkedHashMap<>();
                long grow = 0;
                for (DType.Field f : byOffset) {
                    Datatype t = datatype(f.dtype(), memory);
                    members.put(f.name(), new CompoundType.Member(f.name(), f.offset() + grow, t));
                    grow += Math.max(0, t.size() - f.dtype().size());
                }
                List<CompoundType.Member> inOrder = new ArrayList<>();
                for (DType.Field f : fields) inOrder.add(members.get(f.name()));
                yield CompoundType.of(Math.toIntExact(d.size() + grow), inOrder);
            }
        };
    }

    // ---- descriptions ------------------------------------------------------------------------------

    /**
     * The stored type in a few words: its dtype's description, with what the dtype does not say
     * (a string's stored padding, integers or floats with other bit layouts, revised references,
     * HDF5 2.0's complex class), or what it is when it has no dtype.
     */
    static String describe(Datatype t) {
        DType d;
        try {
            d = dtypeOf(t);
        } catch (NoDtypeException e) {
            if (t instanceof TimeType x) return "time" + 8 * x.size() + " (no NumPy dtype)";
            return t.typeClass().name().toLowerCase().replace('_', '-') + " of " + t.size() + " bytes (no NumPy dtype)";
        }
        String extra = "";
        if (t instanceof StringType s && s.padding() != Datatype.StringPadding.NULL_PAD) {
            extra = s.padding() == Datatype.StringPadding.SPACE_PAD ? " space-padded" : " null-terminated";
        } else if (t instanceof FixedPointType f && !f.isFull()) {
            extra = " (" + f.bitPrecision() + " bits at bit " + f.bitOffset() + ")";
        } else if (t instanceof FloatingPointType f && !f.isIeee() && !f.isX87Extended()) {
            extra = " (" + f.bitPrecision() + "-bit non-IEEE layout)";
        } else if (t instanceof ReferenceType r && r.kind().isRevised()) {
            extra = " (H5R_REF)";
        } else if (t instanceof ComplexType) {
            extra = " (HDF5 complex class)";
        }
        if (t instanceof CompoundType c && d.kind() == DType.Kind.COMPOUND) return describeCompound(c);
        return d + extra;
    }

    private static String describeCompound(CompoundType c) {
        DType d = dtypeOf(c);
        boolean packed = true;
        long offset = 0;
        for (CompoundType.Member m : c.members()) {
            packed &= m.byteOffset() == offset;
            offset = m.byteOffset() + m.type().size();
        }
        packed &= offset == c.size();
        StringBuilder sb = new StringBuilder("compound{");
        for (int i = 0; i < c.members().size(); i++) {
            CompoundType.Member m = c.members().get(i);
            if (i > 0) sb.append(", ");
            DType md = d.fields().get(i).dtype();
            sb.append(m.name()).append(": ").append(md.isNumeric() ? md.numpy() : describe(m.type()));
            if (!packed) sb.append(" @").append(m.byteOffset());
        }
        sb.append('}');
        if (!packed) sb.append(" (").append(c.size()).append(" bytes)");
        return sb.toString();
    }
}
