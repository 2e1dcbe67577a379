package org.h5vds.select;

import java.util.Arrays;
import java.util.Comparator;

/** Items ordered by long keys with a primitive sort where it can (index R-trees, span tree unions). */
public final class KeyOrder {
    private KeyOrder() {
    }

    /**
     * The items ordered by their keys (non-negative, {@code key[k]} for {@code items[k]}): packed
     * as key and position in one long each and sorted as primitives when both fit in 63 bits,
     * which they do for any dataset below 2^40 elements along an axis; else sorted through a
     * comparator.
     */
    public static int[] sort(int[] items, long[] key) {
        int n = items.length;
        int posBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        long max = 0;
        for (long k : key) max = Math.max(max, k);
        if (64 - Long.numberOfLeadingZeros(max) + posBits <= 63) {
            long[] packed = new long[n];
            for (int k = 0; k < n; k++) packed[k] = key[k] << posBits | k;
            Arrays.sort(packed);
            long mask = (1L << posBits) - 1;
            int[] out = new int[n];
            for (int k = 0; k < n; k++) out[k] = items[(int) (packed[k] & mask)];
            return out;
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) order[k] = k;
        Arrays.sort(order, Comparator.comparingLong(k -> key[k]));
        int[] out = new int[n];
        for (int k = 0; k < n; k++) out[k] = items[order[k]];
        return out;
    }
}
