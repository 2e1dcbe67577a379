package org.h5vds.storage;

import java.math.BigInteger;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.FloatingPointType;

/**
 * Floating-point numbers of any layout the datatype message describes (sign, exponent and
 * mantissa positions, bias, normalization), decoded to their exact value and encoded back with
 * libhdf5's rounding: to nearest-even for its hard conversions (C casts, e.g. to and from x86's
 * 80-bit long double), half away from zero for its soft ones (H5T__conv_f_f).
 */
final class SoftFloat {
    private SoftFloat() {
    }

    /** An exact value: ±{@code mantissa}·2^{@code exponent}, or infinity, or NaN. */
    record Value(boolean negative, boolean infinite, boolean nan, BigInteger mantissa, int exponent) {
        boolean isZero() {
            return !infinite && !nan && mantissa.signum() == 0;
        }

        /** The bits of this value as IEEE binary16/32/64 ({@code size} bytes). */
        long toIeee(int size, boolean hard) {
            FloatingPointType t = FloatingPointType.ieee(size, Datatype.ByteOrder.LITTLE_ENDIAN);
            return encodeBits(this, t, !hard, hard).longValue();
        }

        /** Truncated toward zero and saturated into a {@code size}-byte integer (NaN: the x86 cast for hard conversions, 0 for soft). */
        long toInteger(boolean signed, int size, boolean hard) {
            if (nan) return hard ? NumberConversion.nanCast(size, signed) : 0;
            BigInteger max = signed ? BigInteger.ONE.shiftLeft(8 * size - 1).subtract(BigInteger.ONE) : BigInteger.ONE.shiftLeft(8 * size).subtract(BigInteger.ONE);
            BigInteger min = signed ? BigInteger.ONE.shiftLeft(8 * size - 1).negate() : BigInteger.ZERO;
            if (infinite) return (negative ? min : max).longValue();
            BigInteger whole = exponent >= 0 ? mantissa.shiftLeft(exponent) : mantissa.shiftRight(-exponent);
            if (negative) whole = whole.negate();
            if (whole.compareTo(max) > 0) whole = max;
            if (whole.compareTo(min) < 0) whole = min;
            return whole.longValue();
        }
    }

    /** An integer as an exact value; {@code unsigned64} reads a negative long as a uint64. */
    static Value ofInteger(long v, boolean unsigned64) {
        BigInteger m = unsigned64 ? new BigInteger(Long.toUnsignedString(v)) : BigInteger.valueOf(v);
        return new Value(m.signum() < 0, false, false, m.abs(), 0);
    }

    /** The value of the element at {@code off} stored in {@code layout}. */
    static Value decode(FloatingPointType layout, byte[] b, int off) {
        BigInteger bits = load(layout, b, off);
        boolean negative = bits.testBit(layout.signLocation());
        long e = bits.shiftRight(layout.exponentLocation()).and(mask(layout.exponentSize())).longValue();
        BigInteger m = bits.shiftRight(layout.mantissaLocation()).and(mask(layout.mantissaSize()));
        boolean implied = layout.normalization() == FloatingPointType.Normalization.IMPLIED;
        int fractionBits = implied ? layout.mantissaSize() : layout.mantissaSize() - 1;
        long maxExponent = (1L << layout.exponentSize()) - 1;
        if (e == maxExponent) {
            BigInteger fraction = implied ? m : m.clearBit(layout.mantissaSize() - 1);
            return new Value(negative, fraction.signum() == 0, fraction.signum() != 0, BigInteger.ZERO, 0);
        }
        long bias = layout.exponentBias();
        if (e == 0) return new Value(negative, false, false, m, (int) (1 - bias - fractionBits));
        BigInteger significand = implied ? m.setBit(layout.mantissaSize()) : m;
        return new Value(negative, false, false, significand, (int) (e - bias - fractionBits));
    }

    /** Stores {@code v} in {@code layout} at {@code off}, rounding to nearest-even or half away from zero. */
    static void encode(Value v, FloatingPointType layout, byte[] b, int off, boolean nearestEven) {
        store(layout, encodeBits(v, layout, !nearestEven, nearestEven), b, off);
    }

    /**
     * The bits of {@code v} in {@code t}. {@code halfAway}: libhdf5's soft rounding and overflow
     * (a value that rounds past the largest finite one becomes it; an exponent too large becomes
     * infinity; NaN keeps its sign with every mantissa bit set); else nearest-even with C's
     * overflow to infinity and a quiet NaN. {@code overflowAboveMax}: anything beyond the largest
     * finite value is infinity (libhdf5's H5T_CONV_Ff check before its hard casts).
     */
    static BigInteger encodeBits(Value v, FloatingPointType t, boolean halfAway, boolean overflowAboveMax) {
        boolean implied = t.normalization() == FloatingPointType.Normalization.IMPLIED;
        int fractionBits = implied ? t.mantissaSize() : t.mantissaSize() - 1;
        long bias = t.exponentBias();
        long maxExponentField = (1L << t.exponentSize()) - 1;
        BigInteger sign = v.negative ? BigInteger.ONE.shiftLeft(t.signLocation()) : BigInteger.ZERO;
        BigInteger infinityBits = BigInteger.valueOf(maxExponentField).shiftLeft(t.exponentLocation())
                .or(implied ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(t.mantissaLocation() + t.mantissaSize() - 1));
        if (v.nan) {
            if (halfAway) return sign.or(infinityBits).or(mask(t.mantissaSize()).shiftLeft(t.mantissaLocation()));
            return infinityBits.or(BigInteger.ONE.shiftLeft(t.mantissaLocation() + fractionBits - 1));
        }
        if (v.infinite) return sign.or(infinityBits);
        if (v.mantissa.signum() == 0) return sign;
        long minExponent = 1 - bias;
        long maxExponent = maxExponentField - 1 - bias;
        long e = (long) v.mantissa.bitLength() - 1 + v.exponent; // value in [2^e, 2^(e+1))
        if (e > maxExponent) return sign.or(infinityBits);
        long ulp = Math.max(e, minExponent) - fractionBits;
        BigInteger q = roundShift(v.mantissa, ulp - v.exponent, halfAway);
        if (q.bitLength() > fractionBits + 1) { // rounding carried into a new binade
            e++;
            q = q.shiftRight(1);
        }
        BigInteger maxSignificand = BigInteger.ONE.shiftLeft(fractionBits + 1).subtract(BigInteger.ONE);
        boolean aboveMax = e > maxExponent;
        if (overflowAboveMax) {
            // compare the exact value with the largest finite one
            BigInteger exactMax = maxSignificand;
            long maxUlp = maxExponent - fractionBits;
            int cmp = compare(v.mantissa, v.exponent, exactMax, maxUlp);
            if (cmp > 0) return sign.or(infinityBits);
        }
        if (aboveMax) {
            if (!halfAway) return sign.or(infinityBits);
            e = maxExponent;
            q = maxSignificand;
        }
        BigInteger exponentField;
        BigInteger mantissa;
        if (q.bitLength() <= fractionBits) { // subnormal
            exponentField = BigInteger.ZERO;
            mantissa = q;
        } else {
            exponentField = BigInteger.valueOf(Math.max(e, minExponent) + bias);
            mantissa = implied ? q.clearBit(fractionBits) : q;
        }
        return sign.or(exponentField.shiftLeft(t.exponentLocation())).or(mantissa.shiftLeft(t.mantissaLocation()));
    }

    /** {@code m}·2^-{@code shift} rounded to an integer. */
    private static BigInteger roundShift(BigInteger m, long shift, boolean halfAway) {
        if (shift <= 0) return m.shiftLeft((int) -shift);
        if (shift > m.bitLength() + 1) return BigInteger.ZERO;
        BigInteger q = m.shiftRight((int) shift);
        BigInteger rest = m.subtract(q.shiftLeft((int) shift));
        BigInteger half = BigInteger.ONE.shiftLeft((int) shift - 1);
        int c = rest.compareTo(half);
        if (c > 0 || (c == 0 && (halfAway || q.testBit(0)))) q = q.add(BigInteger.ONE);
        return q;
    }

    /** Compares a·2^ea with b·2^eb (both non-negative). */
    private static int compare(BigInteger a, long ea, BigInteger b, long eb) {
        long shift = ea - eb;
        if (shift >= 0) return a.shiftLeft((int) Math.min(shift, 1 << 20)).compareTo(b);
        return a.compareTo(b.shiftLeft((int) Math.min(-shift, 1 << 20)));
    }

    private static BigInteger mask(int bits) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    /** The element's bytes as an unsigned integer, most significant byte first per the byte order. */
    private static BigInteger load(FloatingPointType t, byte[] b, int off) {
        int n = t.size();
        byte[] be = new byte[n + 1]; // leading zero byte keeps it positive
        for (int i = 0; i < n; i++) be[1 + i] = b[off + physical(t, n, n - 1 - i)];
        return new BigInteger(be);
    }

    private static void store(FloatingPointType t, BigInteger bits, byte[] b, int off) {
        int n = t.size();
        for (int i = 0; i < n; i++) {
            int k = physical(t, n, i);
            b[off + k] = (byte) bits.shiftRight(8 * i).intValue();
        }
    }

    /** Where the byte of significance {@code i} (0 = least significant) lies in the element. */
    private static int physical(FloatingPointType t, int n, int i) {
        return switch (t.order()) {
            case LITTLE_ENDIAN -> i;
            case BIG_ENDIAN -> n - 1 - i;
            // VAX: little-endian 16-bit words, most significant word first (H5T__reverse_order)
            case VAX -> (n - 2 - (i / 2) * 2) + (i % 2);
        };
    }
}
