package org.h5vds.storage;

import org.h5vds.format.message.BitfieldType;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.EnumType;
import org.h5vds.format.message.FixedPointType;
import org.h5vds.format.message.FloatingPointType;

/**
 * Conversions between numbers exactly as libhdf5 1.10 performs them (and hence as a VDS converts
 * source data to its own type). libhdf5 has two families of conversions and which one runs
 * changes the result; facts measured with h5py 3.7 / libhdf5 1.10.8 on x86-64
 * (ElementConverterTest checks every pair):
 * <ul>
 * <li>Same class and size, other byte order: a byte swap. For integers libhdf5 picks its
 *     byte-order function even when signedness differs, so -1 as int16 becomes 65535 as a
 *     big-endian uint16 — no saturation.</li>
 * <li>Hard conversions, between native types (little-endian or 1 byte, never float16): C casts,
 *     except that a double beyond the float range becomes infinity.
 *     Integers saturate; floats to integers truncate toward zero and saturate, comparing in the
 *     source's precision against the destination limit converted to that precision, so a value
 *     equal to that converted limit (2^31 as a float for int32) falls through to the x86 cast, as
 *     does NaN (int32/int64 get the minimum, uint64 2^63, narrower types 0); integer to float and
 *     double to float round to nearest-even, overflow gives infinity.</li>
 * <li>Soft conversions, for everything else (a big-endian side of another size or class, or
 *     float16, or a type with padding bits such as n-bit data): integers saturate; floats to
 *     integers saturate at the exact limits and NaN gives 0; integers to floats round to
 *     nearest-even; floats to floats round half away from zero, a value that rounds up past the
 *     largest finite value becomes that value while one whose exponent is too large becomes
 *     infinity, and NaN becomes the sign with all other bits set.</li>
 * </ul>
 * libhdf5 1.10.8 also returns garbage for negative float16 values converted to int64 and for
 * -65520 converted to float16; we return the truncated and the rounded value instead.
 *
 * <p>Integers may use only some bits of their bytes (bit offset and precision, as the n-bit filter
 * leaves them); floats may have any layout (x86's 80-bit {@code long double}, IEEE binary128, VAX):
 * those go through exact arithmetic ({@link SoftFloat}).
 */
final class NumberConversion {
    private NumberConversion() {
    }

    enum Kind { SIGNED, UNSIGNED, FLOAT }

    /**
     * A number as the conversions see it: kind, size, byte order; for integers the bits that hold
     * the value; for floats whether the layout is IEEE binary16/32/64 (else {@code layout} decodes it).
     */
    record Num(Kind kind, int size, boolean little, int bitOffset, int precision, FloatingPointType layout, boolean ieee) {
        boolean isFloat() {
            return kind == Kind.FLOAT;
        }

        /** Standard: an integer of 1, 2, 4 or 8 bytes using every bit, or an IEEE float. */
        boolean standard() {
            if (kind == Kind.FLOAT) return ieee;
            return (size == 1 || size == 2 || size == 4 || size == 8) && bitOffset == 0 && precision == 8 * size;
        }

        /** A type libhdf5 converts with a hard (compiled C cast) function on x86-64. */
        boolean isNative() {
            if (!standard()) return layout != null && layout.isX87Extended() && little;
            if (isFloat() && size == 2) return false;
            return size == 1 || little;
        }
    }

    /** The number a datatype holds (enumerations and bit fields as their integers), or null when it is not one. */
    static Num num(Datatype t) {
        if (t instanceof FixedPointType f) {
            if (f.size() > 8) return null;
            return new Num(f.signed() ? Kind.SIGNED : Kind.UNSIGNED, f.size(), little(f.order()), f.bitOffset(), f.bitPrecision(), null, false);
        }
        if (t instanceof BitfieldType b) return num(b.asUnsigned());
        if (t instanceof EnumType e) return num(e.base());
        if (t instanceof FloatingPointType f) {
            if (f.size() > 16) return null;
            return new Num(Kind.FLOAT, f.size(), f.order() != Datatype.ByteOrder.BIG_ENDIAN, f.bitOffset(), f.bitPrecision(), f, f.isIeee());
        }
        return null;
    }

    private static boolean little(Datatype.ByteOrder o) {
        return o != Datatype.ByteOrder.BIG_ENDIAN;
    }

    /** The converter between two numbers. */
    static ElementConverter between(Num source, Num target) {
        if (source == null || target == null) {
            // num() gives null for integers wider than 8 bytes and floats wider than 16 (no NumPy type holds them)
            throw new ElementConverter.UnsupportedConversionException("conversion of integers wider than 8 bytes or floats wider than 16");
        }
        if (!source.standard() || !target.standard()) {
            if (!target.standard() && !(target.layout != null && target.layout.isX87Extended())) {
                if (source.equals(target)) return new ElementConverter.Copy(source.size);
                throw new ElementConverter.UnsupportedConversionException("conversion into a number with padding bits or a non-IEEE layout");
            }
            return new Wide(source, target);
        }
        boolean sameSize = source.size == target.size;
        if (sameSize && source.kind == target.kind) {
            if (source.size == 1 || source.little == target.little) return new ElementConverter.Copy(source.size);
            return new Swap(source.size);
        }
        if (sameSize && !source.isFloat() && !target.isFloat() && source.size > 1 && source.little != target.little) {
            return new Swap(source.size);
        }
        return new General(source, target, source.isNative() && target.isNative());
    }

    /** Same width, other byte order. */
    static final class Swap extends ElementConverter {
        Swap(int size) {
            super(size, size);
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            int n = sourceSize();
            for (int e = 0; e < count; e++) {
                int s = srcOff + e * srcStride, d = dstOff + e * dstStride;
                for (int i = 0; i < n; i++) dst[d + i] = src[s + n - 1 - i];
            }
        }
    }

    /** Any other pair of standard numbers: each element goes through a long (integers) or a double (floats). */
    static final class General extends ElementConverter {
        private final Num s;
        private final Num t;
        private final boolean hard;

        General(Num s, Num t, boolean hard) {
            super(s.size, t.size);
            this.s = s;
            this.t = t;
            this.hard = hard;
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            int sn = s.size, tn = t.size;
            for (int e = 0; e < count; e++) {
                long raw = load(src, srcOff + e * srcStride, sn, s.little);
                long out;
                if (s.isFloat()) {
                    double v = sn == 2 ? Ieee.halfToDouble((short) raw) : sn == 4 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
                    out = t.isFloat() ? floatToFloat(v, tn, hard) : floatToInt(v, sn, t, hard);
                } else {
                    long v = s.kind == Kind.SIGNED ? signExtend(raw, sn) : raw;
                    boolean unsigned64 = s.kind == Kind.UNSIGNED && sn == 8;
                    out = t.isFloat() ? intToFloat(v, unsigned64, tn) : intToInt(v, s.kind == Kind.UNSIGNED, t);
                }
                store(dst, dstOff + e * dstStride, tn, t.little, out);
            }
        }
    }

    /**
     * Pairs with a number that is not standard on either side: integers with padding bits (their
     * value extracted, then converted as a 64-bit integer by libhdf5's soft rules), floats of any
     * layout through their exact value, and x86's 80-bit long double (libhdf5's hard conversions
     * to and from it are C casts: round to nearest-even).
     */
    static final class Wide extends ElementConverter {
        private final Num s;
        private final Num t;
        private final boolean hard;

        Wide(Num s, Num t) {
            super(s.size, t.size);
            this.s = s;
            this.t = t;
            this.hard = s.isNative() && t.isNative();
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            for (int e = 0; e < count; e++) {
                int so = srcOff + e * srcStride, to = dstOff + e * dstStride;
                if (!s.isFloat()) {
                    long raw = load(src, so, s.size, s.little);
                    long v = (raw >>> s.bitOffset) & mask(s.precision);
                    boolean unsigned = s.kind == Kind.UNSIGNED;
                    if (!unsigned && s.precision < 64) v = (v << (64 - s.precision)) >> (64 - s.precision);
                    boolean unsigned64 = unsigned && s.precision == 64;
                    if (t.layout != null && !t.ieee) {
                        SoftFloat.encode(SoftFloat.ofInteger(v, unsigned64), t.layout, dst, to, true);
                    } else {
                        long out = t.isFloat() ? intToFloat(v, unsigned64, t.size) : intToInt(v, unsigned, t);
                        store(dst, to, t.size, t.little, out);
                    }
                    continue;
                }
                SoftFloat.Value v = SoftFloat.decode(s.layout, src, so);
                if (t.layout != null && !t.ieee) {
                    SoftFloat.encode(v, t.layout, dst, to, true);
                } else if (t.isFloat()) {
                    store(dst, to, t.size, t.little, v.toIeee(t.size, hard));
                } else {
                    store(dst, to, t.size, t.little, v.toInteger(t.kind == Kind.SIGNED, t.size, hard));
                }
            }
        }
    }

    static long mask(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    // ---- element codecs --------------------------------------------------------------------

    static long load(byte[] b, int off, int n, boolean little) {
        long v = 0;
        if (little) {
            for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xFF);
        } else {
            for (int i = 0; i < n; i++) v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void store(byte[] b, int off, int n, boolean little, long v) {
        if (little) {
            for (int i = 0; i < n; i++) b[off + i] = (byte) (v >>> (8 * i));
        } else {
            for (int i = 0; i < n; i++) b[off + n - 1 - i] = (byte) (v >>> (8 * i));
        }
    }

    static long signExtend(long v, int n) {
        int shift = 64 - 8 * n;
        return (v << shift) >> shift;
    }

    // ---- the conversions, each returning the destination's bit pattern ----------------------

    /** Integer to integer: saturate. {@code srcUnsigned} tells how to read a negative long from a uint64. */
    static long intToInt(long v, boolean srcUnsigned, Num t) {
        int n = t.size;
        boolean srcHuge = srcUnsigned && v < 0; // a uint64 above Long.MAX_VALUE
        if (t.kind == Kind.SIGNED) {
            long max = n == 8 ? Long.MAX_VALUE : (1L << (8 * n - 1)) - 1;
            long min = n == 8 ? Long.MIN_VALUE : -(1L << (8 * n - 1));
            if (srcHuge || v > max) return max;
            return Math.max(v, min);
        }
        if (srcHuge) return n == 8 ? v : (1L << (8 * n)) - 1;
        if (v < 0) return 0;
        long max = n == 8 ? -1L : (1L << (8 * n)) - 1;
        return n == 8 ? v : Math.min(v, max);
    }

    static long intToFloat(long v, boolean unsigned64, int tn) {
        if (tn == 8) return Double.doubleToRawLongBits(unsigned64 ? unsignedToDouble(v) : (double) v);
        if (tn == 4) return Float.floatToRawIntBits(unsigned64 ? unsignedToFloat(v) : (float) v) & 0xFFFFFFFFL;
        // to float16: exact in a double only below 2^53; larger values overflow float16 anyway
        double d = unsigned64 ? unsignedToDouble(v) : (double) v;
        return Ieee.of(2).roundNearestEven(d);
    }

    static double unsignedToDouble(long v) {
        if (v >= 0) return (double) v;
        // halve keeping the sticky bit so that the final rounding is still to nearest-even
        return ((double) ((v >>> 1) | (v & 1))) * 2.0;
    }

    static float unsignedToFloat(long v) {
        if (v >= 0) return (float) v;
        return ((float) ((v >>> 1) | (v & 1))) * 2.0f;
    }

    static long floatToFloat(double v, int tn, boolean hard) {
        if (hard) {
            if (tn == 8) return Double.doubleToRawLongBits(v);
            // H5T_CONV_Ff: anything beyond FLT_MAX overflows to infinity, even if it would round down to it
            float f = Math.abs(v) > Float.MAX_VALUE ? (v > 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY) : (float) v;
            return Float.floatToRawIntBits(f) & 0xFFFFFFFFL;
        }
        return Ieee.of(tn).roundHalfAway(v);
    }

    /** Float to integer as libhdf5's hard conversions (C casts on x86-64) or, for float16, its soft one. */
    static long floatToInt(double v, int sn, Num t, boolean hard) {
        int n = t.size;
        boolean signed = t.kind == Kind.SIGNED;
        long max = signed ? (n == 8 ? Long.MAX_VALUE : (1L << (8 * n - 1)) - 1) : (n == 8 ? -1L : (1L << (8 * n)) - 1);
        long min = signed ? (n == 8 ? Long.MIN_VALUE : -(1L << (8 * n - 1))) : 0;
        if (Double.isNaN(v)) return hard ? nanCast(n, signed) : 0;
        // the limit as the source type represents it: (ST)(D_MAX) in libhdf5's macros
        double maxAsSource = limitInSource(signed || n < 8 ? (double) max : unsignedToDouble(max), sn);
        double minAsSource = limitInSource((double) min, sn);
        if (v > maxAsSource) return max;
        if (v < minAsSource) return min;
        if (!hard) {
            // the soft conversion saturates at the exact limits
            if (v >= (signed || n < 8 ? (double) max : unsignedToDouble(max))) return max;
            return v >= 0x1p63 ? ((long) (v - 0x1p63)) ^ Long.MIN_VALUE : (long) v;
        }
        return cCast(v, n, signed);
    }

    private static double limitInSource(double limit, int sn) {
        return sn == 4 ? (double) (float) limit : limit;
    }

    /** What x86-64 code compiled by GCC yields for (T) v where v is finite and within [min, 2^bits]. */
    static long cCast(double v, int n, boolean signed) {
        if (signed) {
            if (n == 8) return v >= 0x1p63 ? Long.MIN_VALUE : (long) v;
            // cvttsd2si to 32 bits then truncation: 2^31 becomes INT_MIN
            long i32 = v >= 0x1p31 ? Integer.MIN_VALUE : (long) v;
            return signExtend(i32, n);
        }
        if (n == 8) {
            if (v < 0x1p63) return (long) v;
            double w = v - 0x1p63;
            long r = w >= 0x1p63 ? Long.MIN_VALUE : (long) w;
            return r ^ Long.MIN_VALUE;
        }
        // unsigned 8/16/32-bit: through a 64-bit conversion, then truncation
        return ((long) v) & ((1L << (8 * n)) - 1);
    }

    static long nanCast(int n, boolean signed) {
        if (n == 8) return Long.MIN_VALUE; // 0x8000000000000000 both ways
        if (n == 4 && signed) return Integer.MIN_VALUE & 0xFFFFFFFFL;
        return 0;
    }

    /**
     * Rounding a double into an IEEE binary format by hand: Java has no float16 and no rounding
     * modes other than nearest-even, while libhdf5's soft conversions round half away from zero.
     */
    static final class Ieee {
        private static final Ieee HALF = new Ieee(5, 10);
        private static final Ieee SINGLE = new Ieee(8, 23);
        private static final Ieee DOUBLE = new Ieee(11, 52);

        private final int expBits;
        private final int mantBits;
        private final int bias;
        private final double maxFinite;
        private final double minNormal;

        private Ieee(int expBits, int mantBits) {
            this.expBits = expBits;
            this.mantBits = mantBits;
            this.bias = (1 << (expBits - 1)) - 1;
            this.minNormal = Math.scalb(1.0, 1 - bias);
            this.maxFinite = (2.0 - Math.scalb(1.0, -mantBits)) * Math.scalb(1.0, bias);
        }

        static Ieee of(int size) {
            return size == 2 ? HALF : size == 4 ? SINGLE : DOUBLE;
        }

        long roundNearestEven(double v) {
            return round(v, false);
        }

        long roundHalfAway(double v) {
            return round(v, true);
        }

        private long signBit() {
            return 1L << (expBits + mantBits);
        }

        private long infinity() {
            return ((1L << expBits) - 1) << mantBits;
        }

        private long round(double v, boolean halfAway) {
            long sign = Double.doubleToRawLongBits(v) < 0 ? signBit() : 0;
            if (Double.isNaN(v)) {
                // nearest-even follows the C cast (a quiet NaN); the soft conversion sets every bit
                return halfAway ? sign | infinity() | ((1L << mantBits) - 1) : infinity() | (1L << (mantBits - 1));
            }
            double a = Math.abs(v);
            if (this == DOUBLE) return Double.doubleToRawLongBits(v);
            if (Double.isInfinite(a) || a >= Math.scalb(1.0, bias + 1)) return sign | infinity();
            int e = a < minNormal ? 1 - bias : Math.getExponent(a);
            double ulp = Math.scalb(1.0, e - mantBits);
            double q = a / ulp; // exact: dividing by a power of two, far from the double's own limits
            double fl = Math.floor(q);
            double frac = q - fl;
            double units = frac > 0.5 || (frac == 0.5 && (halfAway || ((long) fl & 1) == 1)) ? fl + 1 : fl;
            double r = units * ulp;
            if (r > maxFinite) {
                if (!halfAway) return sign | infinity();
                r = maxFinite;
            }
            return sign | encodeFinite(r);
        }

        private long encodeFinite(double r) {
            if (r == 0) return 0;
            if (r < minNormal) return (long) (r / Math.scalb(1.0, 1 - bias - mantBits));
            int e = Math.getExponent(r);
            long mant = (long) (r / Math.scalb(1.0, e - mantBits)) - (1L << mantBits);
            return ((long) (e + bias) << mantBits) | mant;
        }

        static double halfToDouble(short h) {
            int bits = h & 0xFFFF;
            int exp = (bits >>> 10) & 0x1F;
            int mant = bits & 0x3FF;
            double v;
            if (exp == 0x1F) v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
            else if (exp == 0) v = mant * 0x1p-24;
            else v = (1024 + mant) * Math.scalb(1.0, exp - 25);
            return (bits & 0x8000) == 0 ? v : -v;
        }
    }

    /** The value of a standard number element as a double (tests and fill checks). */
    static double doubleValue(Num s, byte[] b, int off) {
        long raw = load(b, off, s.size, s.little);
        if (!s.isFloat()) return s.kind == Kind.SIGNED ? signExtend(raw, s.size) : s.size == 8 ? unsignedToDouble(raw) : raw;
        return s.size == 2 ? Ieee.halfToDouble((short) raw) : s.size == 4 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
    }
}
