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

    /**
     * The values' bytes in {@code target}: a read-only view of the array itself when no conversion
     * is needed, else a converted copy.
     *
     * @param where the dataset or attribute, for errors
     */
    static java.nio.ByteBuffer of(NdArray values, DType target, String where) {
        DType source = values.dtype();
        if (source.equals(target)) return values.buffer();
        return java.nio.ByteBuffer.wrap(converted(values, target, where));
    }

    private static byte[] converted(NdArray values, DType target, String where) {
        DType source = values.dtype();
        int n = Math.toIntExact(values.size());
        byte[] src = new byte[Math.toIntExact(values.nbytes())];
        values.buffer().get(src);
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
        NdArray a;
        if (value instanceof NdArray arr) {
            a = arr.reshape();
        } else {
            try {
                a = NdArray.scalar(target, (Number) value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": fill value " + value + " does not fit dtype " + target + ": " + e.getMessage(), e);
            }
        }
        java.nio.ByteBuffer b = of(a, target, where);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
