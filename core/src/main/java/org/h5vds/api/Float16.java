package org.h5vds.api;

/**
 * IEEE 754 binary16 ("half", NumPy's float16) conversions, written out because Java 17 has no
 * Float.float16ToFloat. Layout: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
 */
final class Float16 {
    private static final double TWO_POW_MINUS_24 = 0x1p-24;

    private Float16() {
    }

    /** The exact value of the half-precision number with bit pattern {@code bits}. */
    static double toDouble(short bits) {
        int h = bits & 0xffff;
        int exponent = (h >>> 10) & 0x1f;
        int fraction = h & 0x3ff;
        double magnitude;
        if (exponent == 0) {
            magnitude = fraction * TWO_POW_MINUS_24;               // subnormal (or zero)
        } else if (exponent == 0x1f) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb((double) (0x400 | fraction), exponent - 25);
        }
        return (h & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /** The half-precision number nearest to {@code value} (ties to even), as a bit pattern. */
    static short fromDouble(double value) {
        int sign = (Double.doubleToRawLongBits(value) >>> 63) != 0 ? 0x8000 : 0;
        if (Double.isNaN(value)) return (short) (sign | 0x7e00);
        double a = Math.abs(value);
        if (a == Double.POSITIVE_INFINITY) return (short) (sign | 0x7c00);
        int e = Math.getExponent(a);
        if (e < -14) {
            // subnormal range: units of 2^-24; a carry to 1024 is exactly the smallest normal 0x0400
            long m = (long) Math.rint(a / TWO_POW_MINUS_24);
            return (short) (sign | (int) m);
        }
        if (e > 15) return (short) (sign | 0x7c00);
        // scaling by a power of two is exact, so rint rounds the true value once, ties to even
        long m = (long) Math.rint(Math.scalb(a, 10 - e));
        if (m == 0x800) {
            m = 0x400;
            e++;
            if (e > 15) return (short) (sign | 0x7c00);
        }
        return (short) (sign | ((e + 15) << 10) | (int) (m - 0x400));
    }
}
