package org.h5vds.vds;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.OpenFile;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.Selection;

/**
 * Where rows of a virtual dataset can be cut along axis 0 so that the two sides read different
 * stored chunks: at the edges of its mapping pieces and, inside a piece, where the source rows it
 * maps change chunk. Used to split a read into parts that run on different machines without
 * decoding a chunk twice.
 *
 * <p>A cut at position x (between rows x-1 and x) is clean for a piece that does not span it, and
 * for a piece that spans it when the source rows paired with virtual rows before x lie in other
 * source chunks (along the source's axis 0) than those paired with rows from x on. Rows pair when
 * the piece takes, in order, the i-th selected virtual row from the i-th selected source row: both
 * selections products with as many rows and as many elements per row (a mapping that stacks,
 * concatenates or interleaves frames). A piece whose rows do not pair, a piece whose source is
 * missing, contiguous or virtual itself, puts no constraint on the cut.
 *
 * <p>Only the sources of pieces that span a candidate cut are opened, so splitting a virtual
 * dataset into parts larger than its mappings opens none. Not thread-safe (one per split).
 */
public final class VirtualCuts {
    /** How many times a cut moves to satisfy the pieces it meets before the last candidate is taken. */
    private static final int MAX_ROUNDS = 16;

    private final VirtualReader reader;
    private final ReadChain chain;
    private final MappingPlan plan;
    private final long[] dims;
    private final Map<Integer, Rows> rows = new HashMap<>();

    /** The rows a piece pairs, or null when they do not pair (no constraint). */
    private record Rows(DimSet virtual, DimSet source, long chunkRows) {
        /** The source chunk that rows on both sides of a cut at x lie in, or -1 when the cut is clean. */
        long chunkAcross(long x) {
            long i = virtual.rank(x);
            long chunk = source.at(i) / chunkRows;
            return source.at(i - 1) / chunkRows == chunk ? chunk : -1;
        }
    }

    VirtualCuts(VirtualReader reader) {
        this.reader = reader;
        this.chain = ReadChain.start().enter(reader.key(), reader.name());
        this.plan = reader.plan(chain);
        this.dims = plan.dims();
    }

    /** The largest clean cut at or below {@code x} (0 &lt; x &lt; rows), or the lowest candidate reached. */
    public long atOrBelow(long x) {
        long c = x;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (c <= 0) return 0;
            long m = c;
            for (int piece : spanning(c)) m = Math.min(m, floorCut(piece, c));
            if (m == c) return c;
            c = m;
        }
        return c;
    }

    /** The smallest clean cut above {@code x} (0 &lt; x &lt; rows), or the highest candidate reached. */
    public long above(long x) {
        long c = x + 1;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (c >= dims[0]) return dims[0];
            long m = c;
            for (int piece : spanning(c)) m = Math.max(m, ceilCut(piece, c));
            if (m == c) return c;
            c = m;
        }
        return Math.min(c, dims[0]);
    }

    /** The pieces holding both rows x-1 and x. */
    private int[] spanning(long x) {
        long[] start = new long[dims.length];
        long[] count = dims.clone();
        start[0] = x - 1;
        count[0] = 2;
        int[] hits = plan.index().query(new Box(start, count));
        int n = 0;
        for (int h : hits) {
            Box b = plan.pieces().get(h).virtual().bounds();
            if (b.start(0) < x && b.end(0) > x) hits[n++] = h;
        }
        return Arrays.copyOf(hits, n);
    }

    /**
     * The largest cut at or below x that is clean for this piece (x is inside the piece's rows):
     * the piece's first row whose source row starts the chunk that holds the source row of x.
     */
    private long floorCut(int piece, long x) {
        Rows r = rows(piece);
        long chunk = r == null ? -1 : r.chunkAcross(x);
        return chunk < 0 ? x : r.virtual.at(r.source.rank(chunk * r.chunkRows));
    }

    /** The smallest cut at or above x that is clean for this piece. */
    private long ceilCut(int piece, long x) {
        Rows r = rows(piece);
        long chunk = r == null ? -1 : r.chunkAcross(x);
        if (chunk < 0) return x;
        long next = r.source.rank(Math.multiplyExact(chunk + 1, r.chunkRows));
        // any position after the chunk's last row and up to the next row of the piece cuts the same
        return r.virtual.at(next - 1) + 1;
    }

    private Rows rows(int piece) {
        if (rows.containsKey(piece)) return rows.get(piece);
        Rows r = pairRows(plan.pieces().get(piece));
        rows.put(piece, r);
        return r;
    }

    private Rows pairRows(MappingPiece piece) {
        SourceDataset src = reader.source(piece.sourceKey(), chain);
        if (!src.found()) return null;
        try (SourceFilePool.Lease lease = src.isSameFile() ? null : reader.pool().lease(src.file())) {
            OpenFile file = lease == null ? reader.node().file() : lease.file();
            DatasetNode source = src.node(file);
            long[] chunks = source.chunkDims();
            if (source.isVirtual() || chunks == null || chunks.length == 0 || chunks[0] <= 1) return null;
            Selection v = piece.virtual();
            Selection s = piece.source().resolve(source.storageDims());
            DimSet[] va = v.axes();
            DimSet[] sa = s.axes();
            if (va == null || sa == null || sa.length == 0 || v.isEmpty() || s.isEmpty()) return null;
            long vRows = va[0].size();
            long sRows = sa[0].size();
            if (vRows != sRows || v.count() / vRows != s.count() / sRows) return null;
            return new Rows(va[0], sa[0], chunks[0]);
        } catch (RuntimeException e) {
            return null; // a source that fails to open is read as libhdf5 reads it; the cut is only a preference
        }
    }
}
