package org.h5vds.api;

import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.NumberType;

/**
 * Turns the values of an array into the bytes of a dataset's dtype, converting as libhdf5 converts
 * memory to file types (ElementConverter: saturating integers, rounding floats). Numbers convert
 * among integer and float dtypes; complex values among complex dtypes; bool only from bool —
 * libhdf5 has no conversion between numbers and h5py's bool enumeration or complex compound.
 */
final class StoredValues {
    private StoredValues() {
    }

    /** @param where the dataset or attribute, for errors */
    static byte[] of(NdArray values, DType target, String where) {
        DType source = values.dtype();
        int n = Math.toIntExact(values.size());
        byte[] src = new byte[Math.toIntExact(values.nbytes())];
        values.buffer().get(src);
        if (source.equals(target)) return src;
        NumberType from = DTypes.numberType(source);
        NumberType to = DTypes.numberType(target);
        if (from != null && to != null) {
            byte[] out = new byte[Math.multiplyExact(n, target.size())];
            ElementConverter.between(from, to).convert(src, 0, out, 0, n);
            return out;
        }
        if (source.kind() == DType.Kind.COMPLEX && target.kind() == DType.Kind.COMPLEX) {
            NumberType a = NumberType.ieee(source.size() / 2, source.order());
            NumberType b = NumberType.ieee(target.size() / 2, target.order());
            byte[] out = new byte[Math.multiplyExact(n, target.size())];
            ElementConverter.between(a, b).convert(src, 0, out, 0, 2 * n);
            return out;
        }
        if (source.kind() == DType.Kind.BOOL && target.kind() == DType.Kind.BOOL) return src;
        throw new IllegalArgumentException(where + ": values of dtype " + source + " cannot be stored as " + target
                + " (libhdf5 converts only among integer and float dtypes, among complex dtypes, and bool to bool)");
    }

    /** One element of {@code value} (a Number or a one-element NdArray) in {@code target}: a fill value. */
    static byte[] element(Object value, DType target, String where) {
        if (value instanceof NdArray a) return of(a.reshape(), target, where);
        try {
            return of(NdArray.scalar(target, (Number) value), target, where);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": fill value " + value + " does not fit dtype " + target + ": " + e.getMessage(), e);
        }
    }
}
