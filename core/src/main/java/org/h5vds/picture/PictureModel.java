package org.h5vds.picture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h5vds.api.Region;
import org.h5vds.api.Shape;
import org.h5vds.api.UnresolvedSource;
import org.h5vds.api.VirtualSourceInfo;

/**
 * What a mapping picture draws, before anything is drawn: the mappings of a {@link MappingSubject}
 * as pieces on the plane of the two drawn axes (the other axes projected), each piece one mapping
 * or one block of a printf ({@code %b}) mapping, with the source file it comes from (one legend
 * entry per file as stored) and whether that source is missing. A piece covers either a product
 * of index sets (rows × columns) or, for irregular selections, rectangles traced from its runs.
 * Laid out by {@link PlaneLayout}, drawn by {@link SvgPicture}. Built once, then only read.
 */
final class PictureModel {
    /** At most this many blocks are drawn one by one; beyond, cells are merged per source file. */
    static final int EXACT_BLOCKS = 4000;
    /** Runs of irregular selections traced, over all mappings, before the rest are drawn as bounding boxes. */
    static final long RUN_BUDGET = 2_000_000;
    /** Printf blocks drawn one by one; a mapping with more is drawn whole. */
    static final long MAX_PRINTF_BLOCKS = 100_000;

    /** One source file of the legend (keyed by the file name as stored, so a printf pattern is one entry). */
    static final class Source {
        final String stored;
        final int index;
        final String colour;
        int mappings;
        int firstMapping = -1;
        boolean printf;
        long pieces;
        long missingPieces;
        String problem;

        Source(String stored, int index) {
            this.stored = stored;
            this.index = index;
            this.colour = Palette.colour(index);
        }
    }

    /** What one mapping, or one block of a printf mapping, covers. */
    static final class Piece {
        final int mapping;
        final Source source;
        /** The printf block number, or -1. */
        final long block;
        final String file;
        final String dataset;
        final String problem;
        /** The covered sets of the drawn axes (rows null for a strip) when the selection is a product. */
        Region.Intervals rows;
        Region.Intervals cols;
        /** Otherwise covered rectangles: row start, row end, column start, column end, repeated. */
        long[] rects;
        long blocks;

        Piece(int mapping, Source source, long block, String file, String dataset, String problem) {
            this.mapping = mapping;
            this.source = source;
            this.block = block;
            this.file = file;
            this.dataset = dataset;
            this.problem = problem;
        }
    }

    final MappingSubject subject;
    final int rank;
    /** Axis drawn as rows (-1 for a strip) and axis drawn as columns. */
    final int rowAxis;
    final int colAxis;
    final long rowsExtent;
    final long colsExtent;
    final Map<String, Source> sources = new LinkedHashMap<>();
    final List<Piece> pieces = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    private long runsLeft = RUN_BUDGET;
    int approximated;
    int outside;
    long totalBlocks;
    /** Whether every block is drawn as its own rectangle (else cells are merged per source file). */
    final boolean exact;

    /** @param axes the axes drawn as rows and columns, as {@link MappingPicture#axes} returns them */
    PictureModel(MappingSubject subject, int[] axes) {
        this.subject = subject;
        this.rank = subject.extent().length;
        if (rank == 0) throw new IllegalArgumentException(subject.dataset() + ": a scalar dataset has no extent to draw");
        this.rowAxis = axes[0];
        this.colAxis = axes[1];
        this.rowsExtent = rowAxis < 0 ? 1 : Math.max(1, subject.extent()[rowAxis]);
        this.colsExtent = Math.max(1, subject.extent()[colAxis]);
        collectPieces();
        for (Piece p : pieces) project(p);
        this.exact = totalBlocks <= EXACT_BLOCKS;
    }

    private void collectPieces() {
        Map<String, String> missing = new HashMap<>();
        for (UnresolvedSource u : subject.unresolved()) missing.putIfAbsent(u.fileName() + '\0' + u.datasetName(), u.problem());
        Shape extent = Shape.of(subject.extent());
        List<VirtualSourceInfo> mappings = subject.mappings();
        for (int i = 0; i < mappings.size(); i++) {
            VirtualSourceInfo m = mappings.get(i);
            Source src = sources.computeIfAbsent(m.fileName(), name -> new Source(name, sources.size()));
            src.mappings++;
            if (src.firstMapping < 0) src.firstMapping = i;
            Region virtual;
            try {
                virtual = m.virtualSelection().within(extent);
            } catch (IllegalArgumentException | IllegalStateException e) {
                notes.add("mapping " + i + " (" + m + ") cannot be drawn: " + e.getMessage());
                continue;
            }
            if (m.isPrintf()) {
                src.printf = true;
                long blocks = m.blockCount(extent);
                if (blocks <= MAX_PRINTF_BLOCKS) {
                    if (blocks == 0) outside++;
                    for (long k = 0; k < blocks; k++) {
                        VirtualSourceInfo b = m.block(k);
                        String f = b.fileName();
                        String ds = b.datasetName();
                        addPiece(new Piece(i, src, k, f, ds, missing.get(f + '\0' + ds)), b.virtualSelection().within(extent));
                    }
                    continue;
                }
                notes.add("mapping " + i + " has " + blocks + " printf blocks in the extent: drawn whole, not block by block");
            }
            // a printf mapping drawn whole names many files; any other is looked up as it is opened
            String f = m.plainFileName();
            String ds = m.plainDatasetName();
            addPiece(new Piece(i, src, -1, f, ds, m.isPrintf() ? null : missing.get(f + '\0' + ds)), virtual);
        }
    }

    private void addPiece(Piece p, Region clipped) {
        p.source.pieces++;
        if (p.problem != null) {
            p.source.missingPieces++;
            if (p.source.problem == null) p.source.problem = p.problem;
        }
        if (clipped.isEmpty()) {
            outside++;
            return;
        }
        if (clipped.kind() == Region.Kind.HYPERSLAB) {
            p.rows = rowAxis < 0 ? null : clipped.axis(rowAxis);
            p.cols = clipped.axis(colAxis);
        } else {
            p.rects = trace(clipped);
        }
        pieces.add(p);
    }

    /** Signals that the run budget is spent. */
    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super(null, null, false, false);
        }
    }

    /**
     * The rectangles an irregular selection covers on the drawn plane, traced from its runs (runs
     * of consecutive rows with equal column spans merged); its bounding box once the run budget is
     * spent.
     */
    private long[] trace(Region s) {
        int last = rank - 1;
        List<long[]> rects = new ArrayList<>();
        Map<Long, long[]> open = new HashMap<>();
        Set<List<Long>> seen = new HashSet<>();
        try {
            s.forEachRun((start, length) -> {
                if (--runsLeft < 0) throw new BudgetSpent();
                long r0 = rowAxis < 0 ? 0 : start[rowAxis];
                long r1 = r0 + (rowAxis == last ? length : 1);
                long c0 = start[colAxis];
                long c1 = c0 + (colAxis == last ? length : 1);
                long key = c0 * 31 + c1;
                long[] o = open.get(key);
                if (o != null && o[2] == c0 && o[3] == c1) {
                    if (o[1] == r0) {
                        o[1] = r1;
                        return;
                    }
                    if (o[0] <= r0 && r1 <= o[1]) return;
                }
                long[] rect = {r0, r1, c0, c1};
                open.put(key, rect);
                rects.add(rect);
            });
        } catch (BudgetSpent e) {
            approximated++;
            long[] start = s.boundsStart();
            long[] end = s.boundsEnd();
            return new long[] {rowAxis < 0 ? 0 : start[rowAxis], rowAxis < 0 ? 1 : end[rowAxis], start[colAxis], end[colAxis]};
        }
        List<Long> flat = new ArrayList<>();
        for (long[] r : rects) {
            if (seen.add(List.of(r[0], r[1], r[2], r[3]))) for (long v : r) flat.add(v);
        }
        long[] out = new long[flat.size()];
        for (int i = 0; i < out.length; i++) out[i] = flat.get(i);
        return out;
    }

    private void project(Piece p) {
        if (p.rects != null) {
            p.blocks = p.rects.length / 4;
        } else {
            long r = p.rows == null ? 1 : p.rows.count();
            long c = p.cols.count();
            p.blocks = r > Long.MAX_VALUE / Math.max(1, c) ? Long.MAX_VALUE : r * c;
        }
        totalBlocks = totalBlocks > Long.MAX_VALUE - p.blocks ? Long.MAX_VALUE : totalBlocks + p.blocks;
    }

    /** Visits the covered rectangles of a piece: rows [r0, r1) and columns [c0, c1) in dataset indices. */
    void forEachBlock(Piece p, BlockVisitor v) {
        if (p.rects != null) {
            for (int k = 0; k < p.rects.length; k += 4) v.block(p.rects[k], p.rects[k + 1], p.rects[k + 2], p.rects[k + 3]);
            return;
        }
        long nr = p.rows == null ? 1 : p.rows.count();
        long nc = p.cols.count();
        for (long i = 0; i < nr; i++) {
            long r0 = p.rows == null ? 0 : p.rows.start(i);
            long r1 = p.rows == null ? 1 : p.rows.end(i);
            for (long j = 0; j < nc; j++) v.block(r0, r1, p.cols.start(j), p.cols.end(j));
        }
    }

    @FunctionalInterface
    interface BlockVisitor {
        void block(long r0, long r1, long c0, long c1);
    }

    /** Number of pieces drawn (mappings, and printf blocks counted one by one), for tests. */
    int pieceCount() {
        return pieces.size();
    }
}
