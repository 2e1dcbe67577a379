package org.h5vds.api;

import java.util.List;

/**
 * NumPy's {@code result_type}, behind {@link DType#resultType}: the type that holds the values of
 * every one of several dtypes, as {@code numpy.concatenate} would make it ({@code h5vds concat}
 * without {@code --dtype} uses it instead of saturating values into the first source's type).
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
