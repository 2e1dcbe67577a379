package org.h5vds.vds;

import java.util.Arrays;

/**
 * Boxes of one rank in numbered slots, [lo, hi) per axis, {@code rank} values per slot: held as
 * ints while every bound fits one (0 to {@link Integer#MAX_VALUE}), which is every virtual dataset
 * of fewer than 2^31 elements along each axis, and as longs from the first bound that does not
 * (the slots already filled are widened once). The int form halves what a list of many small
 * mappings costs when it is opened: 100,000 boxes of rank 2 are 1.6 MB rather than 3.2 MB of
 * fresh memory.
 *
 * <p>Written only while being filled (by one thread, before the object is published through a final
 * field); read-only afterwards, when {@link MappingIndex} reads its arrays directly.
 */
final class BoxSlots {
    private final int rank;
    /** The int form (null in the long form). */
    private int[] intLo;
    private int[] intHi;
    /** The long form (null in the int form). */
    private long[] longLo;
    private long[] longHi;

    /** Room for {@code slots} boxes, in the int form. */
    BoxSlots(int rank, int slots) {
        this.rank = rank;
        this.intLo = new int[Math.multiplyExact(slots, rank)];
        this.intHi = new int[intLo.length];
    }

    private BoxSlots(int rank, int[] intLo, int[] intHi, long[] longLo, long[] longHi) {
        this.rank = rank;
        this.intLo = intLo;
        this.intHi = intHi;
        this.longLo = longLo;
        this.longHi = longHi;
    }

    int rank() {
        return rank;
    }

    /** How many slots there is room for. */
    int capacity() {
        return rank <= 0 ? 0 : (intLo != null ? intLo.length : longLo.length) / rank;
    }

    /** Whether the bounds are held as ints. */
    boolean isIntForm() {
        return intLo != null;
    }

    /** Room for {@code slots} boxes in all (the boxes held are kept). */
    void grow(int slots) {
        int length = Math.multiplyExact(slots, rank);
        if (intLo != null) {
            intLo = Arrays.copyOf(intLo, length);
            intHi = Arrays.copyOf(intHi, length);
        } else {
            longLo = Arrays.copyOf(longLo, length);
            longHi = Arrays.copyOf(longHi, length);
        }
    }

    /** Sets slot {@code slot}'s bounds on axis {@code d}; a bound that does not fit an int turns the slots into longs. */
    void set(int slot, int d, long lo, long hi) {
        int at = slot * rank + d;
        if (intLo != null) {
            if (fitsInt(lo) && fitsInt(hi)) {
                intLo[at] = (int) lo;
                intHi[at] = (int) hi;
                return;
            }
            widen();
        }
        longLo[at] = lo;
        longHi[at] = hi;
    }

    private static boolean fitsInt(long v) {
        return v >= 0 && v <= Integer.MAX_VALUE;
    }

    /** From ints to longs, once: the first bound beyond 2^31 - 1 (or below 0). */
    private void widen() {
        longLo = new long[intLo.length];
        longHi = new long[intHi.length];
        for (int j = 0; j < intLo.length; j++) {
            longLo[j] = intLo[j];
            longHi[j] = intHi[j];
        }
        intLo = null;
        intHi = null;
    }

    /** Start of slot {@code slot}'s box on axis d. */
    long lo(int slot, int d) {
        int at = slot * rank + d;
        return intLo != null ? intLo[at] : longLo[at];
    }

    /** End (exclusive) of slot {@code slot}'s box on axis d. */
    long hi(int slot, int d) {
        int at = slot * rank + d;
        return intHi != null ? intHi[at] : longHi[at];
    }

    /**
     * The union of the boxes of slots 0 to {@code slots - 1}: the least start per axis, then the
     * greatest end per axis; null when one of them is empty (or there are none). One tight loop over
     * the arrays, so that opening 100,000 mappings does not run one call per box and axis through
     * code the JIT has not compiled yet.
     */
    long[] union(int slots) {
        if (slots <= 0) return null;
        long[] u = new long[2 * rank];
        int n = slots * rank;
        for (int d = 0; d < rank; d++) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            boolean empty = false;
            if (intLo != null) {
                int[] a = intLo;
                int[] b = intHi;
                for (int j = d; j < n; j += rank) {
                    lo = Math.min(lo, a[j]);
                    hi = Math.max(hi, b[j]);
                    empty |= b[j] <= a[j];
                }
            } else {
                long[] a = longLo;
                long[] b = longHi;
                for (int j = d; j < n; j += rank) {
                    lo = Math.min(lo, a[j]);
                    hi = Math.max(hi, b[j]);
                    empty |= b[j] <= a[j];
                }
            }
            if (empty) return null;
            u[d] = lo;
            u[rank + d] = hi;
        }
        return u;
    }

    /** A copy with room for {@code slots} boxes, the first of them these (in the same form). */
    BoxSlots copy(int slots) {
        int length = Math.multiplyExact(slots, rank);
        return intLo != null
                ? new BoxSlots(rank, Arrays.copyOf(intLo, length), Arrays.copyOf(intHi, length), null, null)
                : new BoxSlots(rank, null, null, Arrays.copyOf(longLo, length), Arrays.copyOf(longHi, length));
    }

    // the arrays themselves, for the index's loops; null in the other form

    int[] intStarts() {
        return intLo;
    }

    int[] intEnds() {
        return intHi;
    }

    long[] longStarts() {
        return longLo;
    }

    long[] longEnds() {
        return longHi;
    }
}
