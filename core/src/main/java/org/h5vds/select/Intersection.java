package org.h5vds.select;

import java.math.BigInteger;

/**
 * Exact intersection of two {@link DimSet}s, compact whenever the result is: an interval cuts the
 * other set; two regular sets intersect periodically (period lcm of the strides), and when each
 * period holds one run the result is again regular (for blocks of 1 this is the Chinese remainder
 * theorem); otherwise the intervals are merged one by one into an explicit list (capped).
 */
final class Intersection {
    /** Largest number of blocks examined to find the repeating pattern of two regular sets. */
    private static final long PATTERN_WORK = 1L << 20;
    /** Largest number of intervals stepped over by a merge walk. */
    private static final long WALK_WORK = 100_000_000L;

    private Intersection() {
    }

    static DimSet of(DimSet a, DimSet b) {
        if (a.isEmpty() || b.isEmpty()) return DimSet.EMPTY;
        long lo = Math.max(a.first(), b.first());
        long hi = Math.min(a.end(), b.end());
        if (lo >= hi) return DimSet.EMPTY;
        if (a.isContiguous()) return b.restrict(lo, hi);
        if (b.isContiguous()) return a.restrict(lo, hi);
        Pattern pa = pattern(a);
        Pattern pb = pattern(b);
        if (pa != null && pb != null) {
            DimSet r = periodic(pa, pb, lo, hi);
            if (r != null) return r;
        }
        return walk(a, b, lo, hi);
    }

    /** Blocks of {@code block} indices every {@code stride} from {@code start}, extended without end both ways. */
    private record Pattern(long start, long stride, long block) {
        @Override
        public String toString() {
            return "blocks of " + block + " every " + stride + " from " + start;
        }
    }

    /** The infinite periodic pattern of a regular-like set, whose members are the pattern's within the set's window. */
    private static Pattern pattern(DimSet s) {
        if (s instanceof Regular r) return new Pattern(r.start(), r.stride(), r.block());
        if (s instanceof ClippedRegular c) return new Pattern(c.start(), c.stride(), c.block());
        return null;
    }

    /** Intersection by period analysis, or null when the pattern has several runs per period (then walk). */
    private static DimSet periodic(Pattern a, Pattern b, long lo, long hi) {
        long ta = a.stride();
        long tb = b.stride();
        if (a.block() == 1 && b.block() == 1) return crt(a, b, lo, hi);
        long g = gcd(ta, tb);
        long period;
        try {
            period = Math.multiplyExact(ta / g, tb);
        } catch (ArithmeticException e) {
            return null;
        }
        long blocksA = period / ta;
        long blocksB = period / tb;
        if (blocksA + blocksB > PATTERN_WORK) return null;
        if (hi != Long.MAX_VALUE && (hi - lo) / period < 2) return null;
        // one period starting at the a-block at or before lo; every run lies inside one a-block, hence inside the period
        long p0 = a.start() + Math.floorDiv(lo - a.start(), ta) * ta;
        long runStart = -1;
        long runLength = 0;
        int runs = 0;
        long bs = b.start() + Math.floorDiv(p0 - b.start(), tb) * tb;
        for (long k = 0; k < blocksA; k++) {
            long as = p0 + k * ta;
            long ae = as + a.block();
            while (bs + tb <= as) bs += tb;
            for (long q = bs; q < ae; q += tb) {
                long s = Math.max(as, q);
                long e = Math.min(ae, q + b.block());
                if (s < e) {
                    runs++;
                    runStart = s;
                    runLength = e - s;
                }
            }
        }
        if (runs == 0) return DimSet.EMPTY;
        if (runs > 1) {
            if (hi == Long.MAX_VALUE) throw new SelectionTooComplexException("the intersection of two unlimited selections " + a + " and " + b + " is not regular");
            long estimate = runs * ((hi - lo) / period);
            if (estimate > DimSet.MAX_INTERVALS) {
                throw new SelectionTooComplexException("the intersection of " + a + " and " + b + " would need about " + estimate
                        + " separate intervals (limit " + DimSet.MAX_INTERVALS + ")");
            }
            return null;
        }
        return repeat(runStart, runLength, period, lo, hi);
    }

    /** The run [u, u + len) repeated every {@code period}, cut to [lo, hi). */
    private static DimSet repeat(long u, long len, long period, long lo, long hi) {
        long s0 = u + Math.floorDiv(lo - u, period) * period;
        if (s0 + len <= lo) s0 += period;
        if (s0 >= hi) return DimSet.EMPTY;
        if (hi == Long.MAX_VALUE) {
            if (s0 < lo) throw new SelectionTooComplexException("the intersection of two unlimited selections starts with a partial block");
            return new Regular(s0, period, DimSet.UNLIMITED, len);
        }
        long n = (hi - 1 - s0) / period + 1;
        return ClippedRegular.cut(new Regular(s0, period, n, len), lo, hi);
    }

    /** Two sets of isolated points: x = a.start (mod ta) and x = b.start (mod tb). */
    private static DimSet crt(Pattern a, Pattern b, long lo, long hi) {
        BigInteger ta = BigInteger.valueOf(a.stride());
        BigInteger tb = BigInteger.valueOf(b.stride());
        BigInteger g = ta.gcd(tb);
        BigInteger diff = BigInteger.valueOf(b.start()).subtract(BigInteger.valueOf(a.start()));
        if (diff.mod(g).signum() != 0) return DimSet.EMPTY;
        BigInteger m = tb.divide(g);
        BigInteger k = m.equals(BigInteger.ONE) ? BigInteger.ZERO
                : diff.divide(g).mod(m).multiply(ta.divide(g).modInverse(m)).mod(m);
        BigInteger period = ta.divide(g).multiply(tb);
        BigInteger x = BigInteger.valueOf(a.start()).add(ta.multiply(k)).mod(period);
        if (period.bitLength() > 62) {
            // at most two solutions below 2^63: list them
            BigInteger steps = BigInteger.valueOf(lo).subtract(x).add(period).subtract(BigInteger.ONE).divide(period).max(BigInteger.ZERO);
            BigInteger v = x.add(steps.multiply(period));
            IntervalsBuilder out = new IntervalsBuilder();
            BigInteger limit = BigInteger.valueOf(hi);
            while (v.compareTo(limit) < 0) {
                out.add(v.longValue(), v.longValue() + 1);
                v = v.add(period);
            }
            return out.build();
        }
        return repeat(x.longValue(), 1, period.longValue(), lo, hi);
    }

    /** Merge walk over both interval lists within [lo, hi). */
    private static DimSet walk(DimSet a, DimSet b, long lo, long hi) {
        if (hi == Long.MAX_VALUE) throw new SelectionTooComplexException("cannot intersect two unlimited selections " + a + " and " + b + " exactly");
        IntervalsBuilder out = new IntervalsBuilder();
        long i = a.firstIntervalEndingAfter(lo);
        long j = b.firstIntervalEndingAfter(lo);
        long na = a.intervalCount();
        long nb = b.intervalCount();
        long steps = 0;
        while (i < na && j < nb) {
            if (++steps > WALK_WORK) throw new SelectionTooComplexException("intersecting " + a + " with " + b + " needs more than " + WALK_WORK + " steps");
            long as = a.intervalStart(i);
            long bs = b.intervalStart(j);
            if (as >= hi || bs >= hi) break;
            long ae = a.intervalEnd(i);
            long be = b.intervalEnd(j);
            long s = Math.max(Math.max(as, bs), lo);
            long e = Math.min(Math.min(ae, be), hi);
            if (s < e) out.add(s, e);
            if (ae <= be) i++;
            else j++;
        }
        return out.build();
    }

    static long gcd(long x, long y) {
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }
}
