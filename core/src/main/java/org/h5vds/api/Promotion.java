package org.h5vds.api;

import java.util.List;

/**
 * NumPy's {@code result_type}, behind {@link DType#resultType}: the type that holds the values of
 * every one of several dtypes, as {@code numpy.concatenate} would make it ({@code h5vds concat}
 * without {@code --dtype} uses it instead of saturating values into the first source's type); and
 * NumPy's {@code can_cast}, behind {@link Group#requireDataset}.
 */
final class Promotion {
    private Promotion() {
    }

    /**
     * The smallest type NumPy promotes all of {@code types} to. When that is the first type, the
     * first type is returned as it is (its byte order kept); otherwise the little-endian form.
     * Complex types mixed with real ones give the first type: libhdf5 converts no real type to a
     * complex one, so the caller's conversion check then names the source that does not fit.
     */
    static DType of(List<DType> types) {
        DType first = types.get(0);
        if (!first.isNumeric()) {
            // NumPy joins byte strings into the longest; other types only with themselves
            if (first.kind() == DType.Kind.BYTES && types.stream().allMatch(t -> t.kind() == DType.Kind.BYTES && t.charset() == first.charset())) {
                int n = types.stream().mapToInt(DType::size).max().orElse(first.size());
                return n == first.size() ? first : DType.bytes(n, first.charset(), first.padding());
            }
            return first;
        }
        long complex = types.stream().filter(t -> t.kind() == DType.Kind.COMPLEX).count();
        if (complex != 0 && complex != types.size()) return first;
        DType r = first.littleEndian();
        for (DType t : types.subList(1, types.size())) r = pair(r, t.littleEndian());
        return r.equals(first.littleEndian()) ? first : r;
    }

    /**
     * NumPy's {@code can_cast(from, to)} (safe casting, as NumPy 1.24 decides it), which h5py's
     * {@code require_dataset} asks: the same type in either byte order (NumPy's types: an
     * enumeration is its base); anything to an object type (strings, sequences, references), no
     * object type to anything else; a number to a numeric type that holds its every value (what
     * {@link #of} promotes the two to is {@code to}; a real type to a complex one whose parts hold
     * it, never complex to real) or to a byte string as long as the longest text NumPy prints for
     * it; a byte string to one at least as long; a number, a byte string or raw bytes to raw bytes
     * at least as many; compounds field by field in order, names aside, when they have as many
     * fields; arrays of one shape element by element.
     */
    static boolean canCast(DType from, DType to) {
        DType a = plain(from);
        DType b = plain(to);
        if (a.numpy().equals(b.numpy()) || b.numpy().equals("|O")) return true;
        if (a.numpy().equals("|O")) return false;
        if (a.kind() == DType.Kind.COMPOUND || b.kind() == DType.Kind.COMPOUND) {
            if (a.kind() != b.kind() || a.fields().size() != b.fields().size()) return false;
            for (int i = 0; i < a.fields().size(); i++) {
                if (!canCast(a.fields().get(i).dtype(), b.fields().get(i).dtype())) return false;
            }
            return true;
        }
        if (a.kind() == DType.Kind.ARRAY || b.kind() == DType.Kind.ARRAY) {
            return a.kind() == b.kind() && java.util.Arrays.equals(a.dims(), b.dims()) && canCast(a.base(), b.base());
        }
        if (a.isNumeric() && b.isNumeric()) {
            a = a.littleEndian();
            b = b.littleEndian();
            boolean ca = a.kind() == DType.Kind.COMPLEX;
            boolean cb = b.kind() == DType.Kind.COMPLEX;
            if (ca) return cb && b.size() >= a.size();
            if (cb) return canCast(a, b.size() == 32 ? DType.LONGDOUBLE : floating(b.size() / 2));
            return of(List.of(b, a)).littleEndian().equals(b);
        }
        if (b.kind() == DType.Kind.BYTES) {
            if (a.kind() == DType.Kind.BYTES) return a.size() <= b.size();
            return a.isNumeric() && b.size() >= printedLength(a);
        }
        return b.kind() == DType.Kind.OPAQUE && (a.kind() == DType.Kind.BYTES || a.kind() == DType.Kind.OPAQUE || a.isNumeric()) && a.size() <= b.size();
    }

    /** The longest text NumPy 1.24 may print for a number of type {@code t}: what a byte string needs to hold any. */
    private static int printedLength(DType t) {
        return switch (t.kind()) {
            case BOOL -> 5;                                                   // False
            case UINT -> t.size() == 1 ? 3 : t.size() == 2 ? 5 : t.size() == 4 ? 10 : 20;
            case INT -> t.size() == 1 ? 4 : t.size() == 2 ? 6 : t.size() == 4 ? 11 : 21;
            case FLOAT -> t.size() == 16 ? 48 : 32;
            default -> t.size() == 32 ? 96 : 64;                              // complex
        };
    }

    /** The type NumPy sees: an enumeration's base, a bit field as the unsigned integer it reads as. */
    private static DType plain(DType t) {
        if (t.kind() == DType.Kind.ENUM) return plain(t.base());
        if (t.kind() == DType.Kind.BITFIELD) return DType.parse(t.numpy());
        return t;
    }

    private static DType pair(DType a, DType b) {
        if (a.equals(b)) return a;
        if (a.kind() == DType.Kind.BOOL) return b;
        if (b.kind() == DType.Kind.BOOL) return a;
        if (a.kind() == b.kind()) return a.size() >= b.size() ? a : b;
        if (rank(a) > rank(b)) return pair(b, a);
        if (b.kind() == DType.Kind.INT || b.kind() == DType.Kind.UINT) {
            DType u = a.kind() == DType.Kind.UINT ? a : b;
            DType s = a.kind() == DType.Kind.INT ? a : b;
            // a signed type must be wider than the unsigned one; none is wider than 64 bits
            int size = Math.max(s.size(), 2 * u.size());
            return size > 8 ? DType.FLOAT64 : signed(size);
        }
        // b is a float and a an integer (of() keeps complex and real types apart): an integer of
        // n bytes needs a float of more than n bytes, and 64-bit integers get float64
        return floating(Math.max(b.size(), Math.min(8, 2 * a.size())));
    }

    private static int rank(DType t) {
        return switch (t.kind()) {
            case INT, UINT -> 0;
            case FLOAT -> 1;
            default -> 2;
        };
    }

    private static DType signed(int size) {
        return switch (size) {
            case 1 -> DType.INT8;
            case 2 -> DType.INT16;
            case 4 -> DType.INT32;
            default -> DType.INT64;
        };
    }

    private static DType floating(int size) {
        return switch (size) {
            case 2 -> DType.FLOAT16;
            case 4 -> DType.FLOAT32;
            default -> DType.FLOAT64;
        };
    }
}
