package org.h5vds.api;

import java.nio.ByteOrder;
import java.util.List;
import org.h5vds.format.message.Datatype;
import org.h5vds.node.NumberTypes;
import org.h5vds.storage.NumberType;

/** How stored HDF5 datatypes map onto NumPy dtypes, the way h5py maps them. */
final class DTypes {
    private DTypes() {
    }

    /** The dtype h5py would give {@code t}, or null when it has no numeric dtype here. */
    static DType of(Datatype t) {
        if (t.typeClass() == Datatype.TypeClass.ENUMERATED && isBool(t)) return DType.BOOL;
        if (t.typeClass() == Datatype.TypeClass.COMPOUND) return complex(t);
        NumberType n = NumberTypes.of(t);
        if (n == null || t.typeClass() == Datatype.TypeClass.ENUMERATED) return null;
        return of(n);
    }

    static DType of(NumberType n) {
        DType base = switch (n.kind()) {
            case SIGNED -> switch (n.size()) {
                case 1 -> DType.INT8;
                case 2 -> DType.INT16;
                case 4 -> DType.INT32;
                default -> DType.INT64;
            };
            case UNSIGNED -> switch (n.size()) {
                case 1 -> DType.UINT8;
                case 2 -> DType.UINT16;
                case 4 -> DType.UINT32;
                default -> DType.UINT64;
            };
            case FLOAT -> switch (n.size()) {
                case 2 -> DType.FLOAT16;
                case 4 -> DType.FLOAT32;
                default -> DType.FLOAT64;
            };
        };
        return base.withOrder(n.order());
    }

    /** The numeric type of a dtype the data path converts (not bool or complex), else null. */
    static NumberType numberType(DType d) {
        return switch (d.kind()) {
            case INT -> NumberType.signed(d.size(), d.order());
            case UINT -> NumberType.unsigned(d.size(), d.order());
            case FLOAT -> NumberType.ieee(d.size(), d.order());
            default -> null;
        };
    }

    /**
     * The datatype h5py stores for {@code d}: libhdf5's standard integers and IEEE floats in the
     * dtype's byte order, bool as an enumeration of int8 (FALSE = 0, TRUE = 1), complex as a
     * compound of two floats named r and i.
     */
    static Datatype datatype(DType d) {
        Datatype.ByteOrder order = d.order() == ByteOrder.BIG_ENDIAN ? Datatype.ByteOrder.BIG_ENDIAN : Datatype.ByteOrder.LITTLE_ENDIAN;
        return switch (d.kind()) {
            case INT -> Datatype.fixedPoint(d.size(), true, order);
            case UINT -> Datatype.fixedPoint(d.size(), false, order);
            case FLOAT -> Datatype.ieeeFloat(d.size(), order);
            case BOOL -> Datatype.enumeration(Datatype.fixedPoint(1, true, Datatype.ByteOrder.LITTLE_ENDIAN),
                    List.of(new Datatype.EnumMember("FALSE", new byte[] {0}), new Datatype.EnumMember("TRUE", new byte[] {1})));
            case COMPLEX -> {
                Datatype part = Datatype.ieeeFloat(d.size() / 2, order);
                yield Datatype.compound(d.size(), List.of(new Datatype.Member("r", 0, part), new Datatype.Member("i", d.size() / 2, part)));
            }
        };
    }

    /** h5py's bool: an enumeration of int8 with exactly FALSE = 0 and TRUE = 1. */
    private static boolean isBool(Datatype t) {
        List<Datatype.EnumMember> m = t.enumMembers();
        if (t.size() != 1 || m.size() != 2) return false;
        return m.get(0).name().equals("FALSE") && m.get(0).value()[0] == 0
                && m.get(1).name().equals("TRUE") && m.get(1).value()[0] == 1;
    }

    /** h5py's complex: a compound of two equal IEEE floats, the real part first (h5py names them r and i). */
    private static DType complex(Datatype t) {
        List<Datatype.Member> m = t.members();
        if (m.size() != 2) return null;
        NumberType re = NumberTypes.of(m.get(0).type()), im = NumberTypes.of(m.get(1).type());
        if (re == null || !re.equals(im) || !re.isFloat() || re.size() < 4) return null;
        if (m.get(0).byteOffset() != 0 || m.get(1).byteOffset() != re.size() || t.size() != 2 * re.size()) return null;
        DType c = re.size() == 4 ? DType.COMPLEX64 : DType.COMPLEX128;
        return c.withOrder(re.order() == ByteOrder.BIG_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }
}
