package org.h5vds.vds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.KeyOrder;
import org.h5vds.select.Points;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionCodec;
import org.h5vds.select.SelectionPair;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.ParallelWork;
import org.h5vds.storage.ReadTarget;

/**
 * A read that meets many small mapping pieces (a virtual dataset of one element or one row per
 * mapping) as one read per source dataset: the pieces' elements become two point lists, source
 * coordinates and target coordinates in the same order, which the source's layout reader reads in
 * one pass (its slabs or chunks each read once) instead of one read, one selection pair and one
 * task per piece. The pieces are taken from the {@link MappingTable} as they lie in it: no mapping
 * is decoded into objects.
 *
 * <p>It applies when the request is a box read into a box of the same shape, every piece met is a
 * plain mapping (a box of the virtual dataset to a single-block hyperslab or ALL of a source, with
 * as many elements, inside the source's extent) of at most {@link #MAX_PIECE} elements, and the
 * pieces do not overlap (shown by their first and last elements in C order: sorted by the first,
 * each ends before the next begins). Otherwise {@link #tryRead} returns false before writing
 * anything, and the read goes piece by piece.
 */
final class Gather {
    /** Fewer pieces than this go piece by piece: the per-piece cost does not matter then. */
    static final int MIN_PIECES = 64;
    /** Larger pieces go piece by piece: a layout reader reads a box faster than its points. */
    static final long MAX_PIECE = 64;
    /** Points per task when one source's points are split between threads. */
    private static final int POINTS_PER_TASK = 1 << 14;

    private Gather() {
    }

    /**
     * One source's pieces (positions in the hit list) and their element count: a run of
     * consecutive positions while they are (one source, or a source per run of mappings: no
     * array), a list of positions from the first that breaks the run.
     */
    private static final class SourcePieces {
        final SourceKey key;
        int first;
        int[] hits;
        int size;
        long elements;

        SourcePieces(SourceKey key) {
            this.key = key;
        }

        void add(int k, long count) {
            if (size == 0) {
                first = k;
            } else if (hits == null && k != first + size) {
                hits = new int[Math.max(16, 2 * size)];
                for (int j = 0; j < size; j++) hits[j] = first + j;
            }
            if (hits != null) {
                if (size == hits.length) hits = java.util.Arrays.copyOf(hits, size * 2);
                hits[size] = k;
            }
            size++;
            elements += count;
        }

        /** The position in the hit list of this source's j-th piece. */
        int hit(int j) {
            return hits == null ? first + j : hits[j];
        }
    }

    static boolean tryRead(VirtualReader r, MappingPlan p, int[] hits, SelectionPair pair, ReadTarget target,
                           ElementConverter converter, ReadChain chain) {
        MappingTable table = r.table();
        Box request = boxOf(pair.a());
        Box into = boxOf(pair.b());
        if (request == null || into == null || request.rank() != into.rank()) return false;
        int rank = request.rank();
        for (int d = 0; d < rank; d++) if (request.count(d) != into.count(d)) return false;
        long[] dims = p.dims();
        long[] qlo = request.start();
        long[] qhi = new long[rank];
        for (int d = 0; d < rank; d++) qhi[d] = request.end(d);
        // pass 1: every piece plain and small; their C-order spans disjoint, which is plain to see
        // when each starts after the one before ends (mappings listed in C order), else sorted below
        int n = hits.length;
        boolean ascending = true;
        long previousLast = -1;
        long total = 0;
        Map<SourceKey, SourcePieces> bySource = new LinkedHashMap<>();
        String lastFile = null, lastDataset = null;
        SourcePieces current = null;
        try {
            for (int k = 0; k < n; k++) {
                int i = hits[k];
                if (i >= table.size() || table.virtualKind(i) != MappingTable.BOX || !r.isLimited(i)) return false;
                long a = 0, b = 0, count = 1;
                for (int d = 0; d < rank; d++) {
                    long lo = Math.max(table.lo(i, d), qlo[d]);
                    long hi = Math.min(table.hi(i, d), qhi[d]);
                    if (hi <= lo) return false;
                    count *= hi - lo;
                    a = Math.addExact(Math.multiplyExact(a, dims[d]), lo);
                    b = Math.addExact(Math.multiplyExact(b, dims[d]), hi - 1);
                }
                if (count > MAX_PIECE) return false;
                ascending &= a > previousLast;
                previousLast = b;
                total += count;
                String file = table.sourceFile(i), dataset = table.sourceDataset(i);
                if (file != lastFile || dataset != lastDataset) {
                    SourceKey key = r.form(i).literalKey();
                    current = bySource.computeIfAbsent(key, SourcePieces::new);
                    lastFile = file;
                    lastDataset = dataset;
                }
                current.add(k, count);
            }
        } catch (ArithmeticException e) {
            return false; // an extent beyond 2^63 elements: piece by piece
        }
        if (!ascending && !disjoint(table, hits, qlo, qhi, dims)) return false;
        // pass 2: each source found, its pieces inside its extent with as many elements, before anything is written
        Map<SourcePieces, SourceDataset> found = new LinkedHashMap<>();
        boolean missing = false;
        for (SourcePieces sp : bySource.values()) {
            SourceDataset src = r.source(sp.key, chain);
            if (src.found()) {
                found.put(sp, src);
            } else {
                if (r.failOnMissing()) return false; // the piece-by-piece read names the mapping in its error
                missing = true;
            }
        }
        for (Map.Entry<SourcePieces, SourceDataset> e : found.entrySet()) {
            SourcePieces sp = e.getKey();
            boolean fits = r.withNode(e.getValue(), source -> {
                long[] sdims = VirtualReader.extentOf(source, chain);
                long[] s0 = new long[SelectionCodec.MAX_RANK];
                long[] s1 = new long[SelectionCodec.MAX_RANK];
                for (int j = 0; j < sp.size; j++) {
                    int i = hits[sp.hit(j)];
                    int srank = table.sourceBox(i, s0, s1);
                    long sc = 1;
                    if (srank < 0) {
                        for (long x : sdims) sc *= x;
                    } else {
                        if (srank != sdims.length) return false;
                        for (int d = 0; d < srank; d++) {
                            if (s1[d] > sdims[d]) return false;
                            sc *= s1[d] - s0[d];
                        }
                    }
                    long vc = 1;
                    for (int d = 0; d < rank; d++) vc *= table.hi(i, d) - table.lo(i, d);
                    if (sc != vc) return false;
                }
                return true;
            });
            if (!fits) return false;
        }
        // from here on the read is ours
        if (total < pair.count() || missing) r.fill().fill(pair.b(), target, converter);
        long[] shift = new long[rank];
        for (int d = 0; d < rank; d++) shift[d] = into.start(d) - request.start(d);
        List<Runnable> work = new ArrayList<>();
        for (Map.Entry<SourcePieces, SourceDataset> e : found.entrySet()) {
            SourcePieces sp = e.getKey();
            SourceDataset src = e.getValue();
            int tasks = (int) Math.max(1, Math.min(64, sp.elements / POINTS_PER_TASK));
            int per = (sp.size + tasks - 1) / tasks;
            for (int from = 0; from < sp.size; from += per) {
                int lo = from, hi = Math.min(sp.size, from + per);
                work.add(() -> r.withNode(src, source -> {
                    long[] sdims = VirtualReader.extentOf(source, chain);
                    SelectionPair onSource = points(table, hits, sp, lo, hi, sdims, qlo, qhi, shift);
                    VirtualReader.readSource(source, onSource, target, r.converterTo(source, src, target), chain);
                    return null;
                }));
            }
        }
        ParallelWork.runAll(work);
        return true;
    }

    /** Source and target coordinates of the requested elements of pieces {@code which[lo..hi)}, in matching order. */
    private static SelectionPair points(MappingTable table, int[] hits, SourcePieces which, int from, int to, long[] sdims,
                                        long[] qlo, long[] qhi, long[] shift) {
        int rank = qlo.length;
        int srank = sdims.length;
        long elements = 0;
        for (int j = from; j < to; j++) {
            int i = hits[which.hit(j)];
            long c = 1;
            for (int d = 0; d < rank; d++) c *= Math.min(table.hi(i, d), qhi[d]) - Math.max(table.lo(i, d), qlo[d]);
            elements += c;
        }
        long[] src = new long[Math.toIntExact(elements * srank)];
        long[] dst = new long[Math.toIntExact(elements * rank)];
        int at = 0;
        long[] x = new long[rank];
        long[] lo = new long[rank];
        long[] hi = new long[rank];
        long[] s0 = new long[Math.max(srank, 1)];
        long[] s1 = new long[Math.max(srank, 1)];
        for (int j = from; j < to; j++) {
            int i = hits[which.hit(j)];
            if (table.sourceBox(i, s0, s1) < 0) {
                for (int d = 0; d < srank; d++) {
                    s0[d] = 0;
                    s1[d] = sdims[d];
                }
            }
            for (int d = 0; d < rank; d++) {
                lo[d] = Math.max(table.lo(i, d), qlo[d]);
                hi[d] = Math.min(table.hi(i, d), qhi[d]);
                x[d] = lo[d];
            }
            while (true) {
                // element x of the virtual box is the element of the same C-order rank in the source box
                long ordinal = 0;
                for (int d = 0; d < rank; d++) ordinal = ordinal * (table.hi(i, d) - table.lo(i, d)) + (x[d] - table.lo(i, d));
                for (int d = srank - 1; d >= 0; d--) {
                    long len = s1[d] - s0[d];
                    src[at * srank + d] = s0[d] + ordinal % len;
                    ordinal /= len;
                }
                for (int d = 0; d < rank; d++) dst[at * rank + d] = x[d] + shift[d];
                at++;
                int d = rank - 1;
                while (d >= 0 && ++x[d] == hi[d]) {
                    x[d] = lo[d];
                    d--;
                }
                if (d < 0) break;
            }
        }
        // both arrays are this read's own, made above: handed over, not copied
        return new SelectionPair(Points.wrapFlat(srank, src), Points.wrapFlat(rank, dst));
    }

    /**
     * Whether the pieces' spans in C order (from the first element the request takes of each to its
     * last) are pairwise disjoint; pass 1 of {@link #tryRead} has checked that each piece is a box
     * whose spans fit a long.
     */
    private static boolean disjoint(MappingTable table, int[] hits, long[] qlo, long[] qhi, long[] dims) {
        int n = hits.length;
        int rank = qlo.length;
        long[] first = new long[n];
        long[] last = new long[n];
        for (int k = 0; k < n; k++) {
            int i = hits[k];
            long a = 0, b = 0;
            for (int d = 0; d < rank; d++) {
                a = a * dims[d] + Math.max(table.lo(i, d), qlo[d]);
                b = b * dims[d] + Math.min(table.hi(i, d), qhi[d]) - 1;
            }
            first[k] = a;
            last[k] = b;
        }
        int[] order = new int[n];
        for (int k = 0; k < n; k++) order[k] = k;
        int[] sorted = KeyOrder.sort(order, first);
        for (int k = 1; k < n; k++) if (first[sorted[k]] <= last[sorted[k - 1]]) return false;
        return true;
    }

    /** The selection as a box when it is one (every axis a single interval), else null. */
    static Box boxOf(Selection s) {
        DimSet[] axes = s.axes();
        if (axes == null) return null;
        long[] start = new long[axes.length];
        long[] count = new long[axes.length];
        for (int d = 0; d < axes.length; d++) {
            DimSet a = axes[d];
            if (a.isEmpty() || a.end() - a.first() != a.size()) return null;
            start[d] = a.first();
            count[d] = a.size();
        }
        return new Box(start, count);
    }
}
