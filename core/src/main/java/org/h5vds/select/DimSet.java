package org.h5vds.select;

/**
 * A sorted set of indices along one axis: the per-axis building block of every product selection.
 * Immutable and safe to share between threads.
 *
 * <p>Three kinds, each in a canonical form produced by the factories here:
 * <ul>
 *   <li>{@link Regular}: {@code count} blocks of {@code block} indices, {@code stride} apart, as
 *       HDF5's H5Sselect_hyperslab takes them; {@code count} (or {@code block}) may be
 *       {@link #UNLIMITED} until the set is {@linkplain #resolve resolved} against an extent. A
 *       single interval is a Regular with one block.</li>
 *   <li>{@link ClippedRegular}: a Regular cut by a window so that its first and/or last block is
 *       partial (what a chunk boundary does to a regular set) — cutting never explodes into one
 *       interval per block.</li>
 *   <li>{@link Intervals}: an explicit list of disjoint, non-adjacent intervals, capped at
 *       {@link #MAX_INTERVALS}; also the canonical empty set {@link #EMPTY}.</li>
 * </ul>
 *
 * <p>The <em>rank</em> of an index is the number of members below it; the members of a set are
 * numbered by rank 0, 1, ... . {@link #ranksOf} and {@link #atRanks} move between a set and its
 * "rank space" (the positions of its members in a dense array), which is how a request is turned
 * into positions in an output buffer.
 *
 * <p>Equality is structural ({@code equals} compares representations, which are canonical for
 * Regular/ClippedRegular/Intervals built by the factories); use {@link #sameMembers} to compare sets.
 */
public sealed interface DimSet permits Regular, ClippedRegular, Intervals {
    /** HDF5's H5S_UNLIMITED (all bits set) for a count or block that extends to the end of the axis. */
    long UNLIMITED = -1L;

    /** The most intervals an explicit list may hold; more raises {@link SelectionTooComplexException}. */
    int MAX_INTERVALS = 10_000_000;

    /** The empty set. */
    DimSet EMPTY = new Intervals(new long[0], new long[0]);

    /** Visits maximal runs of consecutive members. */
    @FunctionalInterface
    interface IntervalVisitor {
        void interval(long start, long length);
    }

    // ---- factories -----------------------------------------------------------------------

    /** The interval [start, start + length); empty when length is 0. */
    static DimSet interval(long start, long length) {
        if (length < 0) throw new IllegalArgumentException("negative interval length " + length);
        return length == 0 ? EMPTY : new Regular(start, 1, 1, length);
    }

    /** A regular set; a count or block of 0 gives the empty set. */
    static DimSet regular(long start, long stride, long count, long block) {
        if (count == 0 || block == 0) return EMPTY;
        return new Regular(start, stride, count, block);
    }

    /** The set of the given indices, which must be strictly increasing and non-negative. */
    static DimSet of(long... indices) {
        IntervalsBuilder b = new IntervalsBuilder();
        long prev = -1;
        for (long i : indices) {
            if (i < 0) throw new IllegalArgumentException("negative index " + i);
            if (i <= prev) throw new IllegalArgumentException("indices must be strictly increasing: " + i + " after " + prev);
            b.add(i, i + 1);
            prev = i;
        }
        return b.build();
    }

    /** The union of intervals [starts[k], starts[k] + lengths[k]), given in increasing, non-overlapping order. */
    static DimSet intervals(long[] starts, long[] lengths) {
        if (starts.length != lengths.length) throw new IllegalArgumentException("starts and lengths differ in length");
        IntervalsBuilder b = new IntervalsBuilder();
        for (int k = 0; k < starts.length; k++) {
            if (lengths[k] < 0) throw new IllegalArgumentException("negative interval length " + lengths[k]);
            if (lengths[k] == 0) continue;
            b.add(starts[k], Math.addExact(starts[k], lengths[k]));
        }
        return b.build();
    }

    // ---- queries -------------------------------------------------------------------------

    /** Number of members; throws {@link IllegalStateException} for an unresolved unlimited set. */
    long size();

    default boolean isEmpty() {
        return intervalCount() == 0;
    }

    /** True while a count or block is {@link #UNLIMITED}. */
    default boolean isUnlimited() {
        return false;
    }

    /** The smallest member. */
    default long first() {
        if (isEmpty()) throw new java.util.NoSuchElementException("empty set has no first member");
        return intervalStart(0);
    }

    /** The largest member; throws for an unlimited set. */
    default long last() {
        if (isEmpty()) throw new java.util.NoSuchElementException("empty set has no last member");
        if (isUnlimited()) throw new IllegalStateException("an unlimited set has no last member: resolve it first");
        return intervalEnd(intervalCount() - 1) - 1;
    }

    /** One past the largest member ({@link Long#MAX_VALUE} for an unlimited set, 0 for the empty set). */
    default long end() {
        if (isEmpty()) return 0;
        return intervalEnd(intervalCount() - 1);
    }

    boolean contains(long i);

    /** The number of members smaller than {@code i}. */
    long rank(long i);

    /** The member with the given rank. */
    long at(long rank);

    // ---- intervals -----------------------------------------------------------------------

    /** Number of maximal intervals ({@link Long#MAX_VALUE} for an unlimited count). */
    long intervalCount();

    /** Start of the {@code j}-th maximal interval. */
    long intervalStart(long j);

    /** End (exclusive) of the {@code j}-th maximal interval. */
    long intervalEnd(long j);

    /** Index of the first interval that ends after {@code x} (== {@link #intervalCount()} if none). */
    long firstIntervalEndingAfter(long x);

    /** Visits the maximal intervals in increasing order; throws for an unlimited set. */
    default void forEachInterval(IntervalVisitor v) {
        if (isUnlimited()) throw new IllegalStateException("cannot enumerate an unlimited set: resolve it first");
        long n = intervalCount();
        for (long j = 0; j < n; j++) {
            long s = intervalStart(j);
            v.interval(s, intervalEnd(j) - s);
        }
    }

    // ---- algebra -------------------------------------------------------------------------

    /** The members in [lo, hi). */
    DimSet restrict(long lo, long hi);

    /** The members with rank in [fromRank, toRank). */
    default DimSet byRank(long fromRank, long toRank) {
        if (fromRank < 0) fromRank = 0;
        if (!isUnlimited()) toRank = Math.min(toRank, size());
        if (fromRank >= toRank) return EMPTY;
        return restrict(at(fromRank), at(toRank - 1) + 1);
    }

    /** The exact intersection. */
    default DimSet intersect(DimSet other) {
        return Intersection.of(this, other);
    }

    /** The set shifted by {@code delta}; no member may become negative. */
    DimSet translate(long delta);

    /** An unlimited set clipped to [0, extent) exactly as libhdf5's H5S_hyper_clip_unlim does; other sets unchanged. */
    default DimSet resolve(long extent) {
        return this;
    }

    /** The ranks (within this set) of the members of this set that are also in {@code other}. */
    default DimSet ranksOf(DimSet other) {
        return RankSpace.ranksOf(this, other);
    }

    /** The members whose ranks are in {@code ranks} (ranks at or beyond {@link #size()} are ignored). */
    default DimSet atRanks(DimSet ranks) {
        return RankSpace.atRanks(this, ranks);
    }

    /** True when both sets have the same members, whatever their representation (unlimited sets compare by their parameters). */
    default boolean sameMembers(DimSet other) {
        // Regular and ClippedRegular forms are canonical, so only an explicit list needs comparing interval by interval
        if (!(this instanceof Intervals) && !(other instanceof Intervals)) return equals(other);
        if (isUnlimited() || other.isUnlimited()) return false;
        long n = intervalCount();
        if (n != other.intervalCount()) return false;
        for (long j = 0; j < n; j++) {
            if (intervalStart(j) != other.intervalStart(j) || intervalEnd(j) != other.intervalEnd(j)) return false;
        }
        return true;
    }

    /** True when the set is one interval (or empty). */
    default boolean isContiguous() {
        return intervalCount() <= 1;
    }
}
