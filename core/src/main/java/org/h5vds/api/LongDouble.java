package org.h5vds.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * NumPy's {@code longdouble} on x86-64: the 80-bit extended format (1 sign bit, 15 exponent bits
 * biased by 16383, 64 mantissa bits with an explicit integer bit) in the low 10 bytes of 16.
 */
final class LongDouble {
    private LongDouble() {
    }

    /** The element at {@code pos} of {@code b} (in {@code b}'s byte order) as an exact value; null for infinity and NaN. */
    static BigDecimal exact(ByteBuffer b, int pos) {
        long mantissa = mantissa(b, pos);
        int se = signExponent(b, pos);
        int e = se & 0x7FFF;
        if (e == 0x7FFF) return null;
        BigDecimal m = new BigDecimal(new BigInteger(Long.toUnsignedString(mantissa)));
        int exp = (e == 0 ? 1 : e) - 16383 - 63;
        BigDecimal v = exp >= 0 ? m.multiply(new BigDecimal(BigInteger.TWO.pow(exp))) : m.divide(new BigDecimal(BigInteger.TWO.pow(-exp)));
        return (se & 0x8000) != 0 ? v.negate() : v;
    }

    /** Whether the value is negative (the sign bit). */
    static boolean negative(ByteBuffer b, int pos) {
        return (signExponent(b, pos) & 0x8000) != 0;
    }

    static double toDouble(ByteBuffer b, int pos) {
        int se = signExponent(b, pos);
        boolean neg = (se & 0x8000) != 0;
        if ((se & 0x7FFF) == 0x7FFF) {
            long m = mantissa(b, pos) & Long.MAX_VALUE;
            return m == 0 ? (neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.NaN;
        }
        BigDecimal v = exact(b, pos);
        double d = v.doubleValue();
        return d == 0 && neg ? -0.0 : d;
    }

    /** The shortest decimal that reads back as the same 80-bit value (NumPy's dragon4 "unique" mode). */
    static BigDecimal shortest(ByteBuffer b, int pos) {
        BigDecimal v = exact(b, pos);
        if (v.signum() == 0) return BigDecimal.ZERO;
        for (int digits = 1; digits < 25; digits++) {
            BigDecimal d = v.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (sameValue(d, b, pos)) return d.stripTrailingZeros();
        }
        return v.round(new MathContext(25, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** Whether {@code d} rounds (to nearest) to the 80-bit value at {@code pos}: it lies within half a unit of it. */
    private static boolean sameValue(BigDecimal d, ByteBuffer b, int pos) {
        BigDecimal v = exact(b, pos);
        int e = signExponent(b, pos) & 0x7FFF;
        int exp = (e == 0 ? 1 : e) - 16383 - 63;
        BigDecimal halfUnit = exp - 1 >= 0 ? new BigDecimal(BigInteger.TWO.pow(exp - 1)) : BigDecimal.ONE.divide(new BigDecimal(BigInteger.TWO.pow(1 - exp)));
        int c = d.subtract(v).abs().compareTo(halfUnit);
        return c < 0 || (c == 0 && (mantissa(b, pos) & 1) == 0);
    }

    private static long mantissa(ByteBuffer b, int pos) {
        long m = 0;
        for (int i = 7; i >= 0; i--) m = (m << 8) | (b.get(pos + index(b, i)) & 0xFF);
        return m;
    }

    private static int signExponent(ByteBuffer b, int pos) {
        return (b.get(pos + index(b, 9)) & 0xFF) << 8 | (b.get(pos + index(b, 8)) & 0xFF);
    }

    /** Where byte {@code i} (0 = least significant) of the 80 bits lies in 16 bytes of the buffer's order. */
    private static int index(ByteBuffer b, int i) {
        return b.order() == ByteOrder.LITTLE_ENDIAN ? i : 15 - i;
    }

    /** The 16 bytes (little-endian) holding {@code v}, exactly (every double is a long double). */
    static byte[] of(double v) {
        byte[] out = new byte[16];
        long bits = Double.doubleToRawLongBits(v);
        int sign = (int) (bits >>> 63);
        int e = (int) ((bits >>> 52) & 0x7FF);
        long frac = bits & ((1L << 52) - 1);
        int exponent;
        long mantissa;
        if (e == 0x7FF) {
            exponent = 0x7FFF;
            mantissa = frac == 0 ? Long.MIN_VALUE : Long.MIN_VALUE | (1L << 62) | (frac << 11);
        } else if (e == 0 && frac == 0) {
            exponent = 0;
            mantissa = 0;
        } else {
            if (e == 0) { // subnormal double: normalise
                int shift = Long.numberOfLeadingZeros(frac) - 11;
                frac <<= shift;
                e = 1 - shift;
                frac &= (1L << 52) - 1;
            }
            exponent = e - 1023 + 16383;
            mantissa = Long.MIN_VALUE | (frac << 11);
        }
        for (int i = 0; i < 8; i++) out[i] = (byte) (mantissa >>> (8 * i));
        int se = sign << 15 | exponent;
        out[8] = (byte) se;
        out[9] = (byte) (se >>> 8);
        return out;
    }
}
