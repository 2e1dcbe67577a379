package org.h5vds.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.Selection;

/**
 * A regular grid of equal blocks over a dataset (its chunks, or the slabs a contiguous dataset is
 * read in): which blocks a selection touches, and where a block's elements sit inside it.
 */
final class ChunkGrid {
    private final long[] block;

    ChunkGrid(long[] block) {
        this.block = block.clone();
    }

    long[] block() {
        return block.clone();
    }

    /** The box of the block at scaled coordinates. */
    Box box(long[] scaled) {
        long[] start = new long[block.length];
        for (int i = 0; i < block.length; i++) start[i] = scaled[i] * block[i];
        return new Box(start, block.clone());
    }

    /**
     * The scaled coordinates of every block holding at least one element of {@code sel} — exactly
     * those when the selection is a product of per-axis sets, else every block of its bounds.
     */
    List<long[]> blocksTouching(Selection sel) {
        int rank = block.length;
        long[][] perAxis = new long[rank][];
        DimSet[] axes = sel.axes();
        Box bounds = sel.bounds();
        for (int d = 0; d < rank; d++) {
            long size = block[d];
            if (axes != null) {
                // block indexes in increasing order, each once, without boxing: a frame read asks this on every call
                long[] idx = new long[8];
                int n = 0;
                long last = -1;
                DimSet axis = axes[d];
                for (long j = 0; j < axis.intervalCount(); j++) {
                    long lo = Math.max(axis.intervalStart(j) / size, last + 1), hi = (axis.intervalEnd(j) - 1) / size;
                    for (long c = lo; c <= hi; c++) {
                        if (n == idx.length) idx = Arrays.copyOf(idx, 2 * n);
                        idx[n++] = c;
                    }
                    if (hi > last) last = hi;
                }
                perAxis[d] = Arrays.copyOf(idx, n);
            } else {
                long lo = bounds.start()[d] / size, hi = (bounds.start()[d] + bounds.count()[d] - 1) / size;
                perAxis[d] = new long[(int) (hi - lo + 1)];
                for (int i = 0; i < perAxis[d].length; i++) perAxis[d][i] = lo + i;
            }
        }
        List<long[]> out = new ArrayList<>();
        long[] cur = new long[rank];
        addProduct(perAxis, 0, cur, out);
        return out;
    }

    private static void addProduct(long[][] perAxis, int d, long[] cur, List<long[]> out) {
        if (d == perAxis.length) {
            out.add(cur.clone());
            return;
        }
        for (long c : perAxis[d]) {
            cur[d] = c;
            addProduct(perAxis, d + 1, cur, out);
        }
    }

    /** The offset in elements of {@code coords} inside the block starting at {@code origin}. */
    long offsetInBlock(long[] coords, long[] origin) {
        long e = 0;
        for (int i = 0; i < block.length; i++) e = e * block[i] + (coords[i] - origin[i]);
        return e;
    }
}
