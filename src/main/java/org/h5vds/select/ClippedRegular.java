package org.h5vds.select;

/**
 * A finite {@link Regular} set cut to the window [lo, hi) so that its first and/or last block is
 * partial: what a regular selection becomes when a chunk boundary (or another window) cuts it.
 * The interior blocks stay whole, so the set needs no per-block storage.
 *
 * <p>Canonical form (checked): {@code base} is finite with at least two blocks,
 * {@code lo} lies in the first block, {@code hi - 1} in the last, and at least one end is partial.
 * Build instances with {@link Regular#restrict}, which returns a plain Regular or an interval when
 * nothing is partial.
 */
public record ClippedRegular(Regular base, long lo, long hi) implements DimSet {

    public ClippedRegular {
        if (base.isUnlimited() || base.single()) throw new IllegalArgumentException("a clipped set needs a finite base with several blocks: " + base);
        long lastStart = base.intervalStart(base.count() - 1);
        if (lo < base.start() || lo >= base.start() + base.block()) throw new IllegalArgumentException("lo " + lo + " outside the first block of " + base);
        if (hi <= lastStart || hi > lastStart + base.block()) throw new IllegalArgumentException("hi " + hi + " outside the last block of " + base);
        if (lo == base.start() && hi == lastStart + base.block()) throw new IllegalArgumentException("nothing is clipped: use the Regular " + base);
    }

    /** The members of {@code base} in [lo, hi), in canonical form. */
    static DimSet cut(Regular base, long lo, long hi) {
        lo = Math.max(lo, base.start());
        hi = Math.min(hi, base.end());
        if (lo >= hi) return DimSet.EMPTY;
        if (base.single()) return new Regular(lo, 1, 1, hi - lo);
        long s = base.start();
        long t = base.stride();
        long b = base.block();
        long j0 = (lo - s) / t;
        if ((lo - s) % t >= b) {
            j0++;
            lo = s + j0 * t;
        }
        long j1 = (hi - 1 - s) / t;
        if ((hi - 1 - s) % t >= b) hi = s + j1 * t + b;
        if (j0 > j1 || lo >= hi) return DimSet.EMPTY;
        if (j0 == j1) return new Regular(lo, 1, 1, hi - lo);
        long firstStart = s + j0 * t;
        long lastEnd = s + j1 * t + b;
        Regular whole = new Regular(firstStart, t, j1 - j0 + 1, b);
        if (lo == firstStart && hi == lastEnd) return whole;
        return new ClippedRegular(whole, lo, hi);
    }

    private long clippedHead() {
        return lo - base.start();
    }

    private long clippedTail() {
        return base.end() - hi;
    }

    @Override
    public long size() {
        return base.size() - clippedHead() - clippedTail();
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public boolean isContiguous() {
        return false;
    }

    @Override
    public long first() {
        return lo;
    }

    @Override
    public long last() {
        return hi - 1;
    }

    @Override
    public long end() {
        return hi;
    }

    @Override
    public long intervalCount() {
        return base.count();
    }

    @Override
    public long intervalStart(long j) {
        return j == 0 ? lo : base.intervalStart(j);
    }

    @Override
    public long intervalEnd(long j) {
        return j == base.count() - 1 ? hi : base.intervalEnd(j);
    }

    @Override
    public long firstIntervalEndingAfter(long x) {
        if (x >= hi) return base.count();
        return base.firstIntervalEndingAfter(x);
    }

    @Override
    public boolean contains(long i) {
        return i >= lo && i < hi && base.contains(i);
    }

    @Override
    public long rank(long i) {
        long c = Math.max(lo, Math.min(i, hi));
        return base.rank(c) - clippedHead();
    }

    @Override
    public long at(long rank) {
        if (rank < 0 || rank >= size()) throw new IndexOutOfBoundsException("rank " + rank + " outside " + this);
        return base.at(rank + clippedHead());
    }

    @Override
    public DimSet restrict(long a, long b) {
        return cut(base, Math.max(a, lo), Math.min(b, hi));
    }

    @Override
    public DimSet translate(long delta) {
        if (delta == 0) return this;
        return new ClippedRegular((Regular) base.translate(delta), lo + delta, hi + delta);
    }

    @Override
    public String toString() {
        return base + " cut to [" + lo + ", " + hi + ")";
    }
}
