package org.h5vds.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values as Zarr v2 metadata holds them in JSON: a fill value (NaN and infinities as the strings
 * "NaN", "Infinity", "-Infinity"; complex as [real, imaginary]; uint64 exactly), and attributes
 * (numbers and strings, arrays as nested lists).
 */
final class ZarrValues {
    private ZarrValues() {
    }

    /** The fill value of a 0-d array as .zarray's {@code fill_value}. */
    static Object fill(NdArray a) {
        DType d = a.dtype();
        if (d.kind() == DType.Kind.ARRAY) {
            // Zarr's fill value is one element of the array's base type: the array's, when all its elements are alike
            int size = d.base().size();
            byte[] raw = new byte[d.size()];
            a.buffer().get(raw);
            for (int at = size; at + size <= raw.length; at += size) {
                if (!java.util.Arrays.equals(raw, 0, size, raw, at, at + size)) {
                    throw new H5Exception("its fill value's elements differ, and a Zarr fill value is one element");
                }
            }
            return fill(NdArray.internal(d.base(), new long[0], java.nio.ByteBuffer.wrap(raw, 0, size).order(d.base().order()), null));
        }
        if (d.kind() == DType.Kind.BYTES || d.kind() == DType.Kind.OPAQUE) {
            // zarr 2 decodes an S or V fill value from base64
            byte[] raw = new byte[d.size()];
            a.buffer().get(raw);
            return java.util.Base64.getEncoder().encodeToString(raw);
        }
        return elements(a).get(0);
    }

    /**
     * The numeric (enumerations as their integers), boolean and string attributes of an object as
     * JSON values. Others — compounds, references, variable-length sequences, opaque and array
     * values, empty (null dataspace) attributes — are left out, as are the dimension-scale
     * bookkeeping attributes ({@code DIMENSION_LIST}, {@code REFERENCE_LIST}, and a scale's
     * {@code CLASS} and {@code NAME}), which {@code _ARRAY_DIMENSIONS} carries instead.
     */
    static Map<String, Object> attributes(H5Object o) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean scale = DimensionScales.isScale(o);
        for (Attribute a : o.attrs().values()) {
            String name = a.name();
            if (name.equals("DIMENSION_LIST") || name.equals("REFERENCE_LIST")) continue;
            if (scale && (name.equals("CLASS") || name.equals("NAME"))) continue;
            if (a.isEmpty()) continue;
            long[] shape = a.shape().toArray();
            if (a.isString()) {
                List<Object> s = new ArrayList<>();
                for (String v : a.strings()) s.add(wellFormed(v));
                out.put(wellFormed(name), nest(s, shape));
                continue;
            }
            DType d;
            try {
                d = a.dtype();
            } catch (H5Exception e) {
                continue; // a type NumPy has no dtype of
            }
            if (numberKind(d) == null) continue;
            out.put(wellFormed(name), nest(elements(a.value()), shape));
        }
        return out;
    }

    /** The kind whose numbers a type's elements are (an enumeration's base's, a bit field's unsigned), or null for no numbers. */
    static DType.Kind numberKind(DType d) {
        return switch (d.kind()) {
            case INT, UINT, FLOAT, COMPLEX, BOOL -> d.kind();
            case ENUM -> numberKind(d.base());
            case BITFIELD -> DType.Kind.UINT;
            default -> null;
        };
    }

    /**
     * The text with each lone surrogate (how bytes that are not UTF-8 are read, like Python's
     * surrogateescape) replaced by U+FFFD: JSON text is Unicode, and Python cannot encode a lone
     * surrogate, so fsspec fails on the whole {@code .zattrs} holding one.
     */
    static String wellFormed(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (Character.isSurrogate(c) && !paired) {
                if (out == null) out = new StringBuilder(s.substring(0, i));
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static Object nest(List<Object> flat, long[] shape) {
        if (shape.length == 0) return flat.get(0);
        return nest(flat, shape, 0, 0);
    }

    private static List<Object> nest(List<Object> flat, long[] shape, int axis, int offset) {
        List<Object> out = new ArrayList<>();
        long stride = 1;
        for (int d = axis + 1; d < shape.length; d++) stride *= shape[d];
        for (long i = 0; i < shape[axis]; i++) {
            int at = (int) (offset + i * stride);
            out.add(axis == shape.length - 1 ? flat.get(at) : nest(flat, shape, axis + 1, at));
        }
        return out;
    }

    private static List<Object> elements(NdArray a) {
        List<Object> out = new ArrayList<>();
        DType d = a.dtype();
        switch (numberKind(d)) {
            case BOOL -> {
                for (long v : a.toLongArray()) out.add(v != 0);
            }
            case INT -> {
                for (long v : a.toLongArray()) out.add(v);
            }
            case UINT -> {
                for (long v : a.toLongArray()) out.add(d.size() == 8 ? new BigInteger(Long.toUnsignedString(v)) : (Object) v);
            }
            case FLOAT -> {
                for (double v : a.toDoubleArray()) out.add(number(v));
            }
            case COMPLEX -> {
                double[] v = a.toDoubleArray();
                for (int i = 0; i < v.length; i += 2) out.add(List.of(number(v[i]), number(v[i + 1])));
            }
            default -> throw new IllegalStateException("not numbers: " + d);
        }
        return out;
    }

    private static Object number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
        return v;
    }
}
