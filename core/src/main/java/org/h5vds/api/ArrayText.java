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
 * precision 8 in "maxprec" float mode, elements of one array padded to a common width.
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

    private ArrayText(NdArray array) {
        this.array = array;
        this.shape = array.shape();
        this.summarise = array.size() > THRESHOLD;
        this.element = formatterFor(shown());
    }

    static String format(NdArray a) {
        if (a.rank() == 0) return scalar(a);
        if (a.size() == 0) return "[]";
        ArrayText t = new ArrayText(a);
        return t.recurse(new ArrayList<>(), " ", LINE_WIDTH);
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
                boolean wrap = line.length() + word.length() > elementWidth && line.length() > hangingIndent.length();
                if (wrap) {
                    s.append(stripTrailing(line)).append('\n');
                    line.setLength(0);
                    line.append(hangingIndent);
                }
                line.append(word);
                if (k < positions.size() - 1) line.append(' ');
            }
            s.append(line);
        } else {
            String lineSep = "\n".repeat(axesLeft - 1);
            for (int k = 0; k < positions.size(); k++) {
                Long p = positions.get(k);
                s.append(hangingIndent).append(p == null ? "..." : recurse(with(index, p), nextIndent, nextWidth));
                if (k < positions.size() - 1) s.append(lineSep);
            }
        }
        return "[" + s.substring(hangingIndent.length()) + "]";
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

    private IntFunction<String> formatterFor(int[] shown) {
        DType t = array.dtype();
        switch (t.kind()) {
            case BOOL:
                return i -> array.data().get(i) != 0 ? " True" : "False";
            case INT:
            case UINT: {
                int w = 0;
                for (int i : shown) w = Math.max(w, integer(i).length());
                int width = w;
                return i -> pad(integer(i), width);
            }
            case FLOAT: {
                double[] v = new double[shown.length];
                for (int k = 0; k < shown.length; k++) v[k] = array.doubleAt(shown[k]);
                FloatFormat f = new FloatFormat(v, t.size(), false);
                return i -> f.format(array.doubleAt(i));
            }
            default: {
                double[] re = new double[shown.length];
                double[] im = new double[shown.length];
                for (int k = 0; k < shown.length; k++) {
                    re[k] = component(shown[k], 0);
                    im[k] = component(shown[k], 1);
                }
                int part = t.size() / 2;
                FloatFormat fr = new FloatFormat(re, part, false);
                FloatFormat fi = new FloatFormat(im, part, true);
                return i -> {
                    String imag = fi.format(component(i, 1));
                    String stripped = stripTrailing(imag);
                    return fr.format(component(i, 0)) + stripped + "j" + imag.substring(stripped.length());
                };
            }
        }
    }

    private double component(int i, int which) {
        int part = array.dtype().size() / 2;
        int pos = i * array.dtype().size() + which * part;
        return part == 4 ? array.data().getFloat(pos) : array.data().getDouble(pos);
    }

    private String integer(int i) {
        DType t = array.dtype();
        var d = array.data();
        long bits = switch (t.size()) {
            case 1 -> d.get(i);
            case 2 -> d.getShort(i * 2);
            case 4 -> d.getInt(i * 4);
            default -> d.getLong(i * 8);
        };
        if (t.kind() == DType.Kind.INT) return Long.toString(bits);
        return t.size() == 8 ? Long.toUnsignedString(bits) : Long.toString(bits & ((1L << (8 * t.size())) - 1));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** A 0-d array prints as its element does on its own (Python's repr of the scalar). */
    private static String scalar(NdArray a) {
        DType t = a.dtype();
        return switch (t.kind()) {
            case BOOL -> a.data().get(0) != 0 ? "True" : "False";
            case INT -> Long.toString(a.getLong());
            case UINT -> t.size() == 8 ? Long.toUnsignedString(a.getLong()) : Long.toString(a.getLong());
            case FLOAT -> pythonRepr(a.doubleAt(0), t.size());
            case COMPLEX -> {
                int part = t.size() / 2;
                double re = part == 4 ? a.data().getFloat(0) : a.data().getDouble(0);
                double im = part == 4 ? a.data().getFloat(part) : a.data().getDouble(part);
                String imText = complexPart(im, part) + "j";
                if (re == 0 && (Double.doubleToRawLongBits(re) >>> 63) == 0) yield imText;
                yield "(" + complexPart(re, part) + (imText.startsWith("-") ? "" : "+") + imText + ")";
            }
        };
    }

    /** Python's repr of a float: shortest digits, exponent form below 1e-4 or from 1e16. */
    private static String pythonRepr(double v, int size) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        BigDecimal d = shortest(v, size);
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e16)) return scientific(d, v < 0, -1, 2);
        String p = d.toPlainString();
        return p.contains(".") ? p : p + ".0";
    }

    /** Python's complex repr parts: integral values lose their ".0". */
    private static String complexPart(double v, int size) {
        String r = pythonRepr(v, size);
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
        private final int size;
        private final boolean plusSign;
        private boolean exponential;
        private int padLeft;
        private int padRight;
        private int expDigits;
        private int fraction;

        FloatFormat(double[] values, int size, boolean plusSign) {
            this.size = size;
            this.plusSign = plusSign;
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            int finite = 0;
            boolean negativeInf = false;
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    if (v == Double.NEGATIVE_INFINITY) negativeInf = true;
                    continue;
                }
                finite++;
                double a = Math.abs(v);
                if (a != 0) {
                    max = Math.max(max, a);
                    min = Math.min(min, a);
                }
            }
            exponential = max != 0 && (max >= 1e8 || min < 1e-4 || max / min > 1000);
            if (exponential) {
                int exp = 0;
                for (double v : values) {
                    if (!Double.isFinite(v)) continue;
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
                for (double v : values) {
                    if (!Double.isFinite(v)) continue;
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
        private BigDecimal rounded(double v, boolean exponent) {
            BigDecimal d = shortest(v, size);
            if (exponent) {
                if (d.precision() > PRECISION + 1) d = new BigDecimal(v).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
            } else if (d.scale() > PRECISION) {
                d = new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN);
            }
            return d.stripTrailingZeros();
        }

        private String positional(double v) {
            BigDecimal d = rounded(v, false);
            String p = d.abs().toPlainString();
            if (d.scale() < 0 || !p.contains(".")) p = d.abs().setScale(0, RoundingMode.UNNECESSARY).toPlainString() + ".";
            return sign(v) + p;
        }

        private String sign(double v) {
            return (Double.doubleToRawLongBits(v) >>> 63) != 0 ? "-" : plusSign ? "+" : "";
        }

        String format(double v) {
            if (!Double.isFinite(v)) {
                String r = Double.isNaN(v) ? (plusSign ? "+nan" : "nan") : v < 0 ? "-inf" : plusSign ? "+inf" : "inf";
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
