package org.h5vds.select;

/**
 * A regular pattern of {@code count} blocks of {@code block} indices, {@code stride} apart from
 * {@code start}, cut to the window [lo, hi) so that its first and/or last block is partial: what a
 * regular selection becomes when a chunk boundary (or another window) cuts it. The interior blocks
 * stay whole, so the set needs no per-block storage.
 *
 * <p>{@code start} is where the first block would begin if it were whole; it may lie below 0 when
 * the set was translated towards 0 (only the members, from {@code lo}, must be indices).
 * Canonical form (checked): at least two blocks, stride > block, {@code lo} in the first block,
 * {@code hi - 1} in the last, at least one end partial, and not two blocks of equal length
 * (that is a Regular). Build instances with
 * {@link DimSet#restrict}, which returns a {@link Regular} or an interval when nothing is partial.
 */
public record ClippedRegular(long start, long stride, long count, long block, long lo, long hi) implements DimSet {

    public ClippedRegular {
        if (count < 2 || block < 1 || stride <= block) throw new IllegalArgumentException("a clipped set needs several separate blocks: stride " + stride + ", count " + count + ", block " + block);
        if (lo < 0) throw new IllegalArgumentException("clipped set starts at negative index " + lo);
        long lastStart;
        try {
            lastStart = Math.addExact(start, Math.multiplyExact(stride, count - 1));
            Math.addExact(lastStart, block);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("clipped set extends beyond 2^63 indices");
        }
        if (lo < start || lo >= start + block) throw new IllegalArgumentException("lo " + lo + " outside the first block [" + start + ", " + (start + block) + ")");
        if (hi <= lastStart || hi > lastStart + block) throw new IllegalArgumentException("hi " + hi + " outside the last block [" + lastStart + ", " + (lastStart + block) + ")");
        if (lo == start && hi == lastStart + block) throw new IllegalArgumentException("nothing is clipped: use a Regular");
        if (count == 2 && start + block - lo == hi - lastStart) throw new IllegalArgumentException("two blocks of equal length: use a Regular");
    }

    /** The members of {@code base} in [lo, hi), in canonical form. */
    static DimSet cut(Regular base, long lo, long hi) {
        lo = Math.max(lo, base.start());
        hi = Math.min(hi, base.end());
        if (lo >= hi) return DimSet.EMPTY;
        if (base.single()) return new Regular(lo, 1, 1, hi - lo);
        return cut(base.start(), base.stride(), base.blocks(), base.block(), lo, hi);
    }

    /** The members of the pattern (start, stride, count, block) in [lo, hi), lo already >= start and >= 0. */
    private static DimSet cut(long s, long t, long n, long b, long lo, long hi) {
        hi = Math.min(hi, s + (n - 1) * t + b);
        if (lo >= hi) return DimSet.EMPTY;
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
        long blocks = j1 - j0 + 1;
        if (lo == firstStart && hi == lastEnd) return new Regular(firstStart, t, blocks, b);
        long lastStart = s + j1 * t;
        if (blocks == 2 && firstStart + b - lo == hi - lastStart) {
            // two cut blocks of equal length are again a regular set
            return new Regular(lo, lastStart - lo, 2, hi - lastStart);
        }
        return new ClippedRegular(firstStart, t, blocks, b, lo, hi);
    }

    private long blockStart(long j) {
        return start + j * stride;
    }

    private long patternEnd() {
        return blockStart(count - 1) + block;
    }

    /** Members of the whole first block cut away. */
    long head() {
        return lo - start;
    }

    /** The whole-block pattern shifted up by a multiple of the stride so that it starts at an index (for rank arithmetic). */
    long shiftToIndices() {
        return start >= 0 ? 0 : ((-start + stride - 1) / stride) * stride;
    }

    /** The uncut pattern; its start must be an index. */
    Regular pattern() {
        return new Regular(start, stride, count, block);
    }

    /** The uncut pattern moved up by {@link #shiftToIndices()}. */
    Regular shiftedPattern() {
        return new Regular(start + shiftToIndices(), stride, count, block);
    }

    @Override
    public long size() {
        return count * block - head() - (patternEnd() - hi);
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
        return count;
    }

    @Override
    public long intervalStart(long j) {
        return j == 0 ? lo : blockStart(j);
    }

    @Override
    public long intervalEnd(long j) {
        return j == count - 1 ? hi : blockStart(j) + block;
    }

    @Override
    public long firstIntervalEndingAfter(long x) {
        if (x < lo) return 0;
        if (x >= hi) return count;
        long off = x - start;
        long j = off / stride;
        if (off % stride >= block) j++;
        return j;
    }

    @Override
    public boolean contains(long i) {
        if (i < lo || i >= hi) return false;
        return (i - start) % stride < block;
    }

    @Override
    public long rank(long i) {
        if (i <= lo) return 0;
        if (i >= hi) return size();
        long off = i - start;
        return (off / stride) * block + Math.min(off % stride, block) - head();
    }

    @Override
    public long at(long rank) {
        if (rank < 0 || rank >= size()) throw new IndexOutOfBoundsException("rank " + rank + " outside " + this);
        long r = rank + head();
        return blockStart(r / block) + r % block;
    }

    @Override
    public DimSet restrict(long a, long b) {
        long from = Math.max(a, lo);
        long to = Math.min(b, hi);
        if (from >= to) return DimSet.EMPTY;
        return cut(start, stride, count, block, from, to);
    }

    @Override
    public DimSet translate(long delta) {
        if (delta == 0) return this;
        if (lo + delta < 0) throw new IllegalArgumentException("translating by " + delta + " makes index " + lo + " negative");
        return new ClippedRegular(Math.addExact(start, delta), stride, count, block, lo + delta, Math.addExact(hi, delta));
    }

    @Override
    public String toString() {
        return "Regular(start=" + start + ", stride=" + stride + ", count=" + count + ", block=" + block + ") cut to [" + lo + ", " + hi + ")";
    }
}
