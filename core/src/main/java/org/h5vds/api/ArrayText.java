package org.h5vds.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Prints an {@link NdArray} as NumPy 1.24's {@code str(array)} does with default print options:
 * linewidth 75, threshold 1000 (beyond it "..." after and before 3 edge items per axis),
 * precision 8 in "maxprec" float mode, elements of one array padded to a common width; strings
 * and objects as their {@code repr} (variable-length strings as Python {@code str}, sequences as
 * {@code array([...], dtype=...)}, references as h5py shows them), compound elements as tuples
 * with one format per field.
 */
final class ArrayText {
    private static final int LINE_WIDTH = 75;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int PRECISION = 8;

    private final NdArray array;
    private final long[] shape;
    private final boolean summarise;
    private final IntFunction<String> element;
    private final String separator;

    private ArrayText(NdArray array, String separator) {
        this.array = array;
        this.shape = array.shape();
        this.summarise = array.size() > THRESHOLD;
        this.separator = separator;
        this.element = formatter(array, shown(), 1);
    }

    static String format(NdArray a) {
        if (a.rank() == 0) return scalar(a);
        if (a.size() == 0) return "[]";
        ArrayText t = new ArrayText(a, " ");
        return t.recurse(new ArrayList<>(), " ", LINE_WIDTH);
    }

    /** NumPy's {@code repr(array)}: {@code array([1, 2, 3], dtype=int32)}, the dtype left out for NumPy's default types. */
    static String repr(NdArray a) {
        DType t = a.dtype();
        DType native_ = t.littleEndian();
        boolean defaultType = native_.equals(DType.INT64) || native_.equals(DType.FLOAT64) || native_.equals(DType.COMPLEX128) || native_.equals(DType.BOOL);
        String suffix = a.size() == 0 || !defaultType ? ", dtype=" + dtypeRepr(t) + ")" : ")";
        if (a.size() == 0) return "array([]" + (a.rank() == 1 ? "" : ", shape=" + Shape.format(a.shape())) + suffix;
        if (a.rank() == 0) return "array(" + scalar(a) + suffix;
        ArrayText text = new ArrayText(a, ", ");
        if (defaultType) return "array(" + text.recurse(new ArrayList<>(), " ".repeat(7), LINE_WIDTH - suffix.length()) + suffix;
        // numpy's _array_repr_implementation: the elements wrap as if a comma ended them; the dtype follows on
        // the last line when it fits there, else on a line of its own under the first element
        String body = "array(" + text.recurse(new ArrayList<>(), " ".repeat(7), LINE_WIDTH - 1) + ",";
        String dtype = "dtype=" + dtypeRepr(t) + ")";
        int lastLine = body.length() - (body.lastIndexOf('\n') + 1);
        return body + (lastLine + 1 + dtype.length() > LINE_WIDTH ? "\n" + " ".repeat(6) : " ") + dtype;
    }

    /** NumPy's short repr of a dtype: the name of a native number, else its description. */
    private static String dtypeRepr(DType t) {
        DType.Kind k = t.kind() == DType.Kind.ENUM ? t.base().kind() : t.kind();
        DType n = t.kind() == DType.Kind.ENUM ? t.base() : t;
        // NumPy names numbers by their type whatever their byte order
        if (k == DType.Kind.INT || k == DType.Kind.UINT || k == DType.Kind.FLOAT || k == DType.Kind.COMPLEX || k == DType.Kind.BOOL) return n.name();
        if (t.hasObjects() && t.kind() != DType.Kind.COMPOUND) return "object";
        return t.kind() == DType.Kind.COMPOUND ? t.numpy() : PyLiteral.repr(t.numpy());
    }

    /** Flat indices of the elements that will be printed (all, or the edges when summarising). */
    private int[] shown() {
        List<Integer> out = new ArrayList<>();
        collect(0, 0, out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void collect(int axis, long base, List<Integer> out) {
        if (axis == shape.length) {
            out.add((int) base);
            return;
        }
        long n = shape[axis];
        for (long i = 0; i < n; i++) {
            if (summarise && 2 * EDGE_ITEMS < n && i == EDGE_ITEMS) i = n - EDGE_ITEMS;
            collect(axis + 1, base * n + i, out);
        }
    }

    /** NumPy's _formatArray recursion: the text of the sub-array at {@code index}. */
    private String recurse(List<Long> index, String hangingIndent, int width) {
        int axis = index.size();
        if (axis == shape.length) return element.apply(flat(index));
        int axesLeft = shape.length - axis;
        String nextIndent = hangingIndent + " ";
        int nextWidth = width - 1;
        long n = shape[axis];
        boolean showSummary = summarise && 2 * EDGE_ITEMS < n;
        long leading = showSummary ? EDGE_ITEMS : n;
        long trailing = showSummary ? EDGE_ITEMS : 0;
        StringBuilder s = new StringBuilder();
        List<Long> positions = new ArrayList<>();
        for (long i = 0; i < leading; i++) positions.add(i);
        if (showSummary) positions.add(null);
        for (long i = n - trailing; i < n; i++) if (showSummary) positions.add(i);
        if (axesLeft == 1) {
            int elementWidth = width - 1;                        // room for the closing ']'
            StringBuilder line = new StringBuilder(hangingIndent);
            for (int k = 0; k < positions.size(); k++) {
                Long p = positions.get(k);
                String word = p == null ? "..." : recurse(with(index, p), nextIndent, nextWidth);
                extendLine(s, line, word, elementWidth, hangingIndent);
                if (k < positions.size() - 1) line.append(separator.strip().isEmpty() ? " " : separator.strip());
                if (k < positions.size() - 1 && !separator.equals(" ")) line.append(' ');
            }
            s.append(line);
        } else {
            String lineSep = separator.stripTrailing() + "\n".repeat(axesLeft - 1);
            for (int k = 0; k < positions.size(); k++) {
                Long p = positions.get(k);
                s.append(hangingIndent).append(p == null ? "..." : recurse(with(index, p), nextIndent, nextWidth));
                if (k < positions.size() - 1) s.append(lineSep);
            }
        }
        return "[" + s.substring(hangingIndent.length()) + "]";
    }

    /**
     * NumPy's _extendLine_pretty: {@code word} added to {@code line}, which first goes to {@code s}
     * when the word does not fit; a word of several lines (an element's repr) keeps its lines aligned
     * under its first, and its last line is padded to its longest.
     */
    private static void extendLine(StringBuilder s, StringBuilder line, String word, int width, String hangingIndent) {
        String[] lines = word.split("\n", -1);
        int longest = 0;
        for (String l : lines) longest = Math.max(longest, l.length());
        String indent = " ".repeat(line.length());
        if (line.length() + longest > width && line.length() > hangingIndent.length()) {
            s.append(stripTrailing(line)).append('\n');
            line.setLength(0);
            line.append(hangingIndent);
            indent = hangingIndent;
        }
        line.append(lines[0]);
        if (lines.length == 1) return;
        for (int k = 1; k < lines.length; k++) {
            s.append(stripTrailing(line)).append('\n');
            line.setLength(0);
            line.append(indent).append(lines[k]);
        }
        line.append(" ".repeat(longest - lines[lines.length - 1].length()));
    }

    private static String stripTrailing(CharSequence s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') end--;
        return s.subSequence(0, end).toString();
    }

    private static List<Long> with(List<Long> index, long i) {
        List<Long> l = new ArrayList<>(index);
        l.add(i);
        return l;
    }

    private int flat(List<Long> index) {
        long f = 0;
        for (int a = 0; a < shape.length; a++) f = f * shape[a] + index.get(a);
        return (int) f;
    }

    // ---- element formats -----------------------------------------------------------------------

    /**
     * NumPy's _get_format_function for the elements {@code shown} of {@code a} (each element being
     * {@code per} consecutive values of {@code a}, for subarray fields): the function formats the
     * value of flat index i, padded as the values shown together need.
     */
    static IntFunction<String> formatter(NdArray a, int[] shown, int per) {
        int[] values = new int[shown.length * per];
        for (int k = 0; k < shown.length; k++) for (int j = 0; j < per; j++) values[k * per + j] = shown[k] * per + j;
        DType t = a.dtype();
        DType.Kind k = a.numKind();
        if (k != null) {
            switch (k) {
                case BOOL:
                    return i -> a.data().get(i) != 0 ? " True" : "False";
                case INT:
                case UINT: {
                    int w = 0;
                    for (int i : values) w = Math.max(w, integer(a, i).length());
                    int width = w;
                    return i -> pad(integer(a, i), width);
                }
                case FLOAT: {
                    Fv[] v = new Fv[values.length];
                    for (int j = 0; j < values.length; j++) v[j] = Fv.of(a, values[j]);
                    FloatFormat f = new FloatFormat(v, false);
                    return i -> f.format(Fv.of(a, i));
                }
                default: {
                    Fv[] re = new Fv[values.length];
                    Fv[] im = new Fv[values.length];
                    for (int j = 0; j < values.length; j++) {
                        re[j] = component(a, values[j], 0);
                        im[j] = component(a, values[j], 1);
                    }
                    FloatFormat fr = new FloatFormat(re, false);
                    FloatFormat fi = new FloatFormat(im, true);
                    return i -> {
                        String imag = fi.format(component(a, i, 1));
                        String stripped = stripTrailing(imag);
                        return fr.format(component(a, i, 0)) + stripped + "j" + imag.substring(stripped.length());
                    };
                }
            }
        }
        return switch (t.kind()) {
            case BYTES -> i -> bytesRepr(a.getBytesAt(i), false);
            case OPAQUE -> i -> bytesRepr(a.rawBytesAt(i), true);
            case STRING -> i -> PyLiteral.repr(a.stringAt(i));
            case SEQUENCE -> i -> repr((NdArray) a.objectAt(i));
            case REFERENCE, REGION_REFERENCE, ATTRIBUTE_REFERENCE -> i -> h5pyRef(a.objectAt(i), t);
            case COMPOUND -> structured(a, values);
            default -> i -> "?";
        };
    }

    /** NumPy's StructuredVoidFormat: one format per field, made from that field's values. */
    private static IntFunction<String> structured(NdArray a, int[] shown) {
        List<IntFunction<String>> fields = new ArrayList<>();
        for (DType.Field f : a.dtype().fields()) {
            NdArray column = a.field(f.name());
            long[] sub = f.dtype().dims();
            int per = 1;
            for (long d : sub) per *= (int) d;
            IntFunction<String> values = formatter(column, shown, per);
            if (sub.length == 0) {
                fields.add(values);
            } else {
                int n = per;
                fields.add(i -> subarray(values, i * n, sub, 0));
            }
        }
        return i -> {
            List<String> parts = new ArrayList<>();
            for (IntFunction<String> f : fields) parts.add(f.apply(i));
            return parts.size() == 1 ? "(" + parts.get(0) + ",)" : "(" + String.join(", ", parts) + ")";
        };
    }

    /** NumPy's SubArrayFormat: nested lists "[a, b]" of the values starting at {@code first}. */
    private static String subarray(IntFunction<String> values, int first, long[] dims, int axis) {
        if (axis == dims.length) return values.apply(first);
        int stride = 1;
        for (int k = axis + 1; k < dims.length; k++) stride *= (int) dims[k];
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < dims[axis]; j++) parts.add(subarray(values, first + j * stride, dims, axis + 1));
        return "[" + String.join(", ", parts) + "]";
    }

    /** Python's repr of bytes; {@code allHex}: NumPy's void scalars show every byte as \xNN, in capitals (unlike Python's bytes). */
    static String bytesRepr(byte[] b, boolean allHex) {
        boolean single = false;
        boolean dbl = false;
        for (byte x : b) {
            single |= x == '\'';
            dbl |= x == '"';
        }
        char q = single && !dbl && !allHex ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(q);
        for (byte x : b) {
            int c = x & 0xFF;
            if (allHex) sb.append(String.format("\\x%02X", c));
            else if (c == q || c == '\\') sb.append('\\').append((char) c);
            else if (c == '\t') sb.append("\\t");
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c < 0x20 || c >= 0x7F) sb.append(String.format("\\x%02x", c));
            else sb.append((char) c);
        }
        return sb.append(q).toString();
    }

    /** h5py's repr of a reference. */
    private static String h5pyRef(Object r, DType t) {
        DType.Kind k = r instanceof Reference ref ? switch (ref.kind()) {
            case OBJECT -> DType.Kind.REFERENCE;
            case REGION -> DType.Kind.REGION_REFERENCE;
            case ATTRIBUTE -> DType.Kind.ATTRIBUTE_REFERENCE;
        } : t.kind();
        String kind = k == DType.Kind.REGION_REFERENCE ? "region" : k == DType.Kind.ATTRIBUTE_REFERENCE ? "attribute" : "object";
        return r == null ? "<HDF5 " + kind + " reference (null)>" : "<HDF5 " + kind + " reference>";
    }

    private static Fv component(NdArray a, int i, int which) {
        int part = a.dtype().size() / 2;
        int pos = i * a.dtype().size() + which * part;
        double v = part == 4 ? a.data().getFloat(pos) : a.data().getDouble(pos);
        return Fv.of(v, part);
    }

    private static String integer(NdArray a, int i) {
        long bits = a.signedBits(i);
        if (a.numKind() == DType.Kind.INT) return Long.toString(bits);
        return a.dtype().size() == 8 ? Long.toUnsignedString(bits) : Long.toString(a.unsignedBits(i));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** A 0-d array prints as its element does on its own (Python's str of the scalar). */
    private static String scalar(NdArray a) {
        DType t = a.dtype();
        DType.Kind k = a.numKind();
        if (k == null) {
            return switch (t.kind()) {
                case STRING -> a.stringAt(0);
                case SEQUENCE -> format((NdArray) a.objectAt(0));
                case COMPOUND -> structured(a, new int[] {0}).apply(0);
                default -> formatter(a, new int[] {0}, 1).apply(0);
            };
        }
        return switch (k) {
            case BOOL -> a.data().get(0) != 0 ? "True" : "False";
            case INT -> Long.toString(a.signedBits(0));
            case UINT -> t.size() == 8 ? Long.toUnsignedString(a.signedBits(0)) : Long.toString(a.unsignedBits(0));
            case FLOAT -> pythonRepr(Fv.of(a, 0));
            default -> {
                int part = t.size() / 2;
                double re = part == 4 ? a.data().getFloat(0) : a.data().getDouble(0);
                double im = part == 4 ? a.data().getFloat(part) : a.data().getDouble(part);
                String imText = complexPart(Fv.of(im, part)) + "j";
                if (re == 0 && (Double.doubleToRawLongBits(re) >>> 63) == 0) yield imText;
                yield "(" + complexPart(Fv.of(re, part)) + (imText.startsWith("-") ? "" : "+") + imText + ")";
            }
        };
    }

    /** A float value as the formats need it: its sign, whether finite, its shortest digits and its exact value. */
    record Fv(boolean negative, boolean nan, boolean infinite, BigDecimal shortest, BigDecimal exact, double approx) {
        static Fv of(double v, int size) {
            if (Double.isNaN(v)) return new Fv(false, true, false, null, null, v);
            boolean neg = (Double.doubleToRawLongBits(v) >>> 63) != 0;
            if (Double.isInfinite(v)) return new Fv(neg, false, true, null, null, v);
            return new Fv(neg, false, false, ArrayText.shortest(v, size), new BigDecimal(v), v);
        }

        static Fv of(NdArray a, int i) {
            if (a.dtype().size() != 16) return of(a.doubleAt(i), a.dtype().size());
            double d = LongDouble.toDouble(a.data(), i * 16);
            if (!Double.isFinite(d) && LongDouble.exact(a.data(), i * 16) == null) return of(d, 8);
            BigDecimal exact = LongDouble.exact(a.data(), i * 16);
            return new Fv(LongDouble.negative(a.data(), i * 16), false, false, LongDouble.shortest(a.data(), i * 16), exact, d);
        }

        boolean finite() {
            return !nan && !infinite;
        }
    }

    /** Python's repr of a float: shortest digits, exponent form below 1e-4 or from 1e16. */
    private static String pythonRepr(Fv v) {
        if (v.nan()) return "nan";
        if (v.infinite()) return v.negative() ? "-inf" : "inf";
        BigDecimal d = v.shortest();
        BigDecimal a = v.exact().abs();
        if (a.signum() != 0 && (a.compareTo(new BigDecimal("1e-4")) < 0 || a.compareTo(new BigDecimal("1e16")) >= 0)) {
            return scientific(d, v.negative(), -1, 2);
        }
        String p = d.abs().toPlainString();
        p = p.contains(".") ? p : p + ".0";
        return (v.negative() ? "-" : "") + p;
    }

    /** Python's complex repr parts: integral values lose their ".0". */
    private static String complexPart(Fv v) {
        String r = pythonRepr(v);
        return r.endsWith(".0") ? r.substring(0, r.length() - 2) : r;
    }

    /**
     * The shortest decimal that reads back as {@code v} in a float of {@code size} bytes (2, 4, 8),
     * as NumPy's dragon4 "unique" mode yields.
     */
    static BigDecimal shortest(double v, int size) {
        if (v == 0) return BigDecimal.ZERO;
        if (size == 8) return new BigDecimal(Double.toString(v)).stripTrailingZeros();
        if (size == 4) return new BigDecimal(Float.toString((float) v)).stripTrailingZeros();
        short bits = Float16.fromDouble(v);
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits <= 5; digits++) {
            BigDecimal d = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (Float16.fromDouble(d.doubleValue()) == bits) return d.stripTrailingZeros();
        }
        return exact.round(new MathContext(5, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** Mantissa "d.ddd" then "e" and a signed exponent of at least {@code expDigits} digits. */
    private static String scientific(BigDecimal d, boolean negative, int fractionDigits, int expDigits) {
        BigDecimal m = d.abs();
        int exponent = m.precision() - m.scale() - 1;
        BigDecimal mantissa = m.movePointLeft(exponent);
        String digits = mantissa.stripTrailingZeros().toPlainString();
        String intPart = digits.contains(".") ? digits.substring(0, digits.indexOf('.')) : digits;
        String frac = digits.contains(".") ? digits.substring(digits.indexOf('.') + 1) : "";
        StringBuilder s = new StringBuilder(negative ? "-" : "").append(intPart);
        if (fractionDigits < 0) {
            if (!frac.isEmpty()) s.append('.').append(frac);
        } else {
            s.append('.').append(frac);
            s.append("0".repeat(Math.max(0, fractionDigits - frac.length())));
        }
        String e = Integer.toString(Math.abs(exponent));
        s.append('e').append(exponent < 0 ? '-' : '+').append("0".repeat(Math.max(0, expDigits - e.length()))).append(e);
        return s.toString();
    }

    /** NumPy's FloatingFormat for one array of finite and non-finite values. */
    private static final class FloatFormat {
        private static final BigDecimal E8 = new BigDecimal("1e8");
        private static final BigDecimal E_4 = new BigDecimal("1e-4");
        private static final BigDecimal THOUSAND = new BigDecimal(1000);

        private final boolean plusSign;
        private boolean exponential;
        private int padLeft;
        private int padRight;
        private int expDigits;
        private int fraction;

        FloatFormat(Fv[] values, boolean plusSign) {
            this.plusSign = plusSign;
            BigDecimal max = BigDecimal.ZERO;
            BigDecimal min = null;
            int finite = 0;
            boolean negativeInf = false;
            for (Fv v : values) {
                if (!v.finite()) {
                    if (v.infinite() && v.negative()) negativeInf = true;
                    continue;
                }
                finite++;
                BigDecimal a = v.exact().abs();
                if (a.signum() != 0) {
                    max = max.max(a);
                    min = min == null ? a : min.min(a);
                }
            }
            exponential = max.signum() != 0 && (max.compareTo(E8) >= 0 || min.compareTo(E_4) < 0
                    || max.compareTo(min.multiply(THOUSAND)) > 0);
            if (exponential) {
                int exp = 0;
                for (Fv v : values) {
                    if (!v.finite()) continue;
                    String s = sign(v) + scientific(rounded(v, true), false, -1, 2);
                    int e = s.indexOf('e');
                    String mant = s.substring(0, e);
                    int dot = mant.indexOf('.');
                    padLeft = Math.max(padLeft, dot < 0 ? mant.length() : dot);
                    fraction = Math.max(fraction, dot < 0 ? 0 : mant.length() - dot - 1);
                    exp = Math.max(exp, s.length() - e - 2);
                }
                expDigits = exp;
                padRight = expDigits + 2 + fraction;
            } else if (finite > 0) {
                for (Fv v : values) {
                    if (!v.finite()) continue;
                    String s = positional(v);
                    int dot = s.indexOf('.');
                    padLeft = Math.max(padLeft, dot);
                    padRight = Math.max(padRight, s.length() - dot - 1);
                }
            }
            if (finite < values.length) {
                int offset = padRight + 1;
                int infLength = 3 + (negativeInf || plusSign ? 1 : 0);
                padLeft = Math.max(padLeft, Math.max(3 - offset, infLength - offset));
            }
        }

        /** The value's digits: shortest unique, cut to 8 fraction digits (8 after the first digit in exponent form). */
        private static BigDecimal rounded(Fv v, boolean exponent) {
            BigDecimal d = v.shortest().abs();
            if (exponent) {
                if (d.precision() > PRECISION + 1) d = v.exact().abs().round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
            } else if (d.scale() > PRECISION) {
                d = v.exact().abs().setScale(PRECISION, RoundingMode.HALF_EVEN);
            }
            return d.stripTrailingZeros();
        }

        private String positional(Fv v) {
            BigDecimal d = rounded(v, false);
            String p = d.toPlainString();
            if (d.scale() < 0 || !p.contains(".")) p = d.setScale(0, RoundingMode.UNNECESSARY).toPlainString() + ".";
            return sign(v) + p;
        }

        private String sign(Fv v) {
            return v.negative() ? "-" : plusSign ? "+" : "";
        }

        String format(Fv v) {
            if (!v.finite()) {
                String r = v.nan() ? (plusSign ? "+nan" : "nan") : v.negative() ? "-inf" : plusSign ? "+inf" : "inf";
                return " ".repeat(Math.max(0, padLeft + padRight + 1 - r.length())) + r;
            }
            if (exponential) {
                String s = sign(v) + scientific(rounded(v, true), false, fraction, expDigits);
                int dot = s.indexOf('.');
                return " ".repeat(Math.max(0, padLeft - dot)) + s;
            }
            String s = positional(v);
            int dot = s.indexOf('.');
            int frac = s.length() - dot - 1;
            return " ".repeat(Math.max(0, padLeft - dot)) + s + " ".repeat(Math.max(0, padRight - frac));
        }
    }
}
