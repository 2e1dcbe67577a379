package org.h5vds.select;

/**
 * A regular set of indices: {@code count} blocks of {@code block} consecutive indices, the blocks
 * {@code stride} apart, starting at {@code start} — one axis of an H5Sselect_hyperslab call.
 *
 * <p>The constructor normalises the parameters the way libhdf5 1.10's H5S_select_hyperslab does
 * before it stores or serialises them, so that encoding a Regular gives libhdf5's bytes: when
 * {@code stride == block} and the count is finite the blocks merge into one block of
 * {@code count * block}; a single block gets stride 1. A count or block of {@link DimSet#UNLIMITED}
 * extends the set to the end of the axis (only one of the two, and an unlimited block needs count 1).
 */
public record Regular(long start, long stride, long count, long block) implements DimSet {

    public Regular {
        if (start < 0) throw new IllegalArgumentException("hyperslab start " + start + " is negative");
        if (stride < 1) throw new IllegalArgumentException("hyperslab stride must be >= 1 (got " + stride + ")");
        if (count != UNLIMITED && count < 1) throw new IllegalArgumentException("hyperslab count must be >= 1 or UNLIMITED (got " + count + ")");
        if (block != UNLIMITED && block < 1) throw new IllegalArgumentException("hyperslab block must be >= 1 or UNLIMITED (got " + block + ")");
        if (count == UNLIMITED && block == UNLIMITED) throw new IllegalArgumentException("hyperslab count and block cannot both be UNLIMITED");
        if (block == UNLIMITED && count != 1) throw new IllegalArgumentException("an UNLIMITED block needs count 1 (got count " + count + ")");
        if (stride == block && count != UNLIMITED) {
            // libhdf5 merges adjacent blocks into one (H5S_select_hyperslab's "contiguous" optimisation)
            block = multiply(block, count);
            count = 1;
            stride = 1;
        } else if (count == 1) {
            stride = 1;
        } else if (stride < block) {
            throw new IllegalArgumentException("hyperslab blocks overlap: stride " + stride + " < block " + block);
        }
        if (count != UNLIMITED && block != UNLIMITED) {
            long span = add(multiply(stride, count - 1), block);
            add(start, span);
        }
    }

    private static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("hyperslab extends beyond 2^63 indices");
        }
    }

    private static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("hyperslab extends beyond 2^63 indices");
        }
    }

    /** One interval: a single block, or adjacent unlimited blocks (libhdf5 keeps stride == block when count is unlimited). */
    boolean single() {
        return count == 1 || (count == UNLIMITED && stride == block);
    }

    /** Length of each block, treating an unlimited one as reaching {@link Long#MAX_VALUE}. */
    long blockLength() {
        if (single()) return (block == UNLIMITED || count == UNLIMITED) ? Long.MAX_VALUE - start : block;
        return block;
    }

    /** Number of blocks, treating an unlimited count as "as many as fit below {@link Long#MAX_VALUE}". */
    long blocks() {
        if (single()) return 1;
        return count == UNLIMITED ? (Long.MAX_VALUE - start) / stride : count;
    }

    @Override
    public boolean isUnlimited() {
        return count == UNLIMITED || block == UNLIMITED;
    }

    @Override
    public long size() {
        if (isUnlimited()) throw new IllegalStateException("an unlimited selection has no size until it is resolved against an extent");
        return count * block;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public boolean isContiguous() {
        return single();
    }

    @Override
    public long first() {
        return start;
    }

    @Override
    public long end() {
        return intervalEnd(blocks() - 1);
    }

    @Override
    public long intervalCount() {
        return blocks();
    }

    @Override
    public long intervalStart(long j) {
        return start + j * stride;
    }

    @Override
    public long intervalEnd(long j) {
        return start + j * stride + blockLength();
    }

    @Override
    public long firstIntervalEndingAfter(long x) {
        if (x < start) return 0;
        if (single()) return x - start < blockLength() ? 0 : 1;
        long off = x - start;
        long j = off / stride;
        if (off % stride >= block) j++;
        return Math.min(j, blocks());
    }

    @Override
    public boolean contains(long i) {
        if (i < start) return false;
        long off = i - start;
        if (single()) return off < blockLength();
        return off / stride < blocks() && off % stride < block;
    }

    @Override
    public long rank(long i) {
        if (i <= start) return 0;
        long off = i - start;
        if (single()) return Math.min(off, blockLength());
        long j = off / stride;
        if (j >= blocks()) return blocks() * block;
        return j * block + Math.min(off % stride, block);
    }

    @Override
    public long at(long rank) {
        if (rank >= 0) {
            if (single()) {
                if (rank < blockLength()) return start + rank;
            } else {
                long j = rank / block;
                if (j < blocks()) return start + j * stride + rank % block;
            }
        }
        throw new IndexOutOfBoundsException("rank " + rank + " outside " + this);
    }

    @Override
    public DimSet restrict(long lo, long hi) {
        return ClippedRegular.cut(this, lo, hi);
    }

    @Override
    public DimSet translate(long delta) {
        if (delta == 0) return this;
        return new Regular(add(start, delta), stride, count, block);
    }

    /** Clips an unlimited count or block to [0, extent): H5S__hyper_get_clip_diminfo plus the partial last block of H5S_hyper_clip_unlim. */
    @Override
    public DimSet resolve(long extent) {
        if (!isUnlimited()) return this;
        if (extent < 0) throw new IllegalArgumentException("negative extent " + extent);
        return restrict(0, extent);
    }

    @Override
    public String toString() {
        if (single() && !isUnlimited()) return "[" + start + ", " + (start + block) + ")";
        return "Regular(start=" + start + ", stride=" + stride + ", count=" + text(count) + ", block=" + text(block) + ")";
    }

    private static String text(long v) {
        return v == UNLIMITED ? "UNLIMITED" : Long.toString(v);
    }
}
