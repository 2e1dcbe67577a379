package org.h5vds.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.select.Points;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;

/**
 * A pair of point lists (what a virtual dataset of many small mappings reads from one source)
 * split by the block of a grid each point of {@code a} falls in, in one pass and one sort, so that
 * each chunk (or slab) is read once and looks only at its own points: restricting the whole list
 * to every block in turn would cost points × blocks.
 */
final class PointBuckets {
    /** The points of one block: its scaled coordinates and the sub-pair, in the original order. */
    record Bucket(long[] scaled, SelectionPair pair) {
    }

    private PointBuckets() {
    }

    /** The buckets, or null when the grid's block numbers do not fit a long (the caller reads block by block). */
    static List<Bucket> split(Points a, Points b, ChunkGrid grid, long[] dims) {
        int n = a.size();
        int rank = a.rank();
        int brank = b.rank();
        long[] block = grid.block();
        long[] blocks = new long[rank];
        long total = 1;
        try {
            for (int d = 0; d < rank; d++) {
                blocks[d] = Math.max(1, (dims[d] + block[d] - 1) / block[d]);
                total = Math.multiplyExact(total, blocks[d]);
            }
        } catch (ArithmeticException e) {
            return null;
        }
        int posBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        if (64 - Long.numberOfLeadingZeros(total) + posBits > 63) return null;
        long[] keyed = new long[n];
        for (int k = 0; k < n; k++) {
            long linear = 0;
            for (int d = 0; d < rank; d++) {
                long s = a.coord(k, d) / block[d];
                if (s >= blocks[d]) return null; // outside the extent: left to the caller's checks
                linear = linear * blocks[d] + s;
            }
            keyed[k] = linear << posBits | k;
        }
        // a stable order within each block: the position is the low bits of the key
        Arrays.sort(keyed);
        long mask = (1L << posBits) - 1;
        List<Bucket> out = new ArrayList<>();
        for (int from = 0; from < n; ) {
            long blockNo = keyed[from] >>> posBits;
            int to = from;
            while (to < n && keyed[to] >>> posBits == blockNo) to++;
            long[] ca = new long[(to - from) * rank];
            long[] cb = new long[(to - from) * brank];
            for (int j = from; j < to; j++) {
                int k = (int) (keyed[j] & mask);
                for (int d = 0; d < rank; d++) ca[(j - from) * rank + d] = a.coord(k, d);
                for (int d = 0; d < brank; d++) cb[(j - from) * brank + d] = b.coord(k, d);
            }
            long[] scaled = new long[rank];
            long rest = blockNo;
            for (int d = rank - 1; d >= 0; d--) {
                scaled[d] = rest % blocks[d];
                rest /= blocks[d];
            }
            // ca and cb are made above for this bucket alone: handed over, not copied
            Selection pa = Points.wrapFlat(rank, ca);
            Selection pb = Points.wrapFlat(brank, cb);
            out.add(new Bucket(scaled, new SelectionPair(pa, pb)));
            from = to;
        }
        return out;
    }
}
