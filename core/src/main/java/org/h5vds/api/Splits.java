package org.h5vds.api;

import java.util.Arrays;

/**
 * Cuts a range of rows into parts of about a target number of rows, each cut where the storage
 * allows a clean split ({@link Cuts}): the largest clean cut within the target, else the first
 * beyond it. Used by {@link Dataset#splits}.
 */
final class Splits {
    /** Clean cut positions along axis 0, asked only for 0 &lt; x &lt; rows. */
    interface Cuts {
        /** The largest clean cut at or below x (may be at or below the part's start: then none is in reach). */
        long atOrBelow(long x);

        /** The smallest clean cut above x (the row count when there is none). */
        long above(long x);
    }

    /** Every row is a clean cut (contiguous and compact storage). */
    static final Cuts ANY_ROW = new Cuts() {
        @Override
        public long atOrBelow(long x) {
            return x;
        }

        @Override
        public long above(long x) {
            return x + 1;
        }
    };

    /** Cuts at multiples of {@code chunkRows} (a chunked dataset's chunk boundaries along axis 0). */
    static Cuts everyChunk(long chunkRows, long rows) {
        return new Cuts() {
            @Override
            public long atOrBelow(long x) {
                return x - x % chunkRows;
            }

            @Override
            public long above(long x) {
                long c = (x / chunkRows + 1) * chunkRows;
                return c < 0 || c > rows ? rows : c;
            }
        };
    }

    private Splits() {
    }

    /** The bounds {from, c1, ..., to} of parts of about {@code targetRows} (at least 1) rows. */
    static long[] of(long from, long to, long targetRows, Cuts cuts) {
        long[] out = new long[16];
        int n = 0;
        out[n++] = from;
        long p = from;
        while (p < to) {
            long goal = p + targetRows;
            long c;
            if (goal >= to || goal < 0) {
                c = to;
            } else {
                c = cuts.atOrBelow(goal);
                if (c <= p) c = cuts.above(goal);
                c = Math.min(c, to);
            }
            if (n == out.length) out = Arrays.copyOf(out, n * 2);
            out[n++] = c;
            p = c;
        }
        return Arrays.copyOf(out, n);
    }
}
