package org.h5vds.picture;

import java.util.HashSet;
import java.util.Set;

/**
 * The layout of the drawn plane: the {@link PlaneGrid} the pieces of a {@link PictureModel} are
 * painted on (the last piece touching a cell owns it, as when later pieces are drawn over earlier
 * ones) and the rectangles its equal cells merge into. The grid is cut at every block edge when
 * there are few enough, else into at most {@value #MAX_CELLS} × {@value #MAX_CELLS} uniform cells,
 * made coarser until at most {@value #MAX_RECTS} rectangles remain, which keeps the SVG under
 * about 2 MB however many mappings there are.
 */
record PlaneLayout(PlaneGrid grid, PlaneGrid.Rects rects) {
    static final int MAX_CELLS = 1000;
    static final int MAX_RECTS = 25_000;

    private static PlaneGrid paint(PictureModel m, PlaneGrid.Cuts rows, PlaneGrid.Cuts cols) {
        PlaneGrid g = new PlaneGrid(rows, cols);
        for (int id = m.pieces.size() - 1; id >= 0; id--) {
            PictureModel.Piece p = m.pieces.get(id);
            final int owner = id;
            if (p.rects != null) {
                for (int k = 0; k < p.rects.length; k += 4) {
                    int[] rr = rows.cellsOf(p.rects[k], p.rects[k + 1]);
                    int[] cc = cols.cellsOf(p.rects[k + 2], p.rects[k + 3]);
                    g.paint(owner, rr[0], rr[1], cc[0], cc[1]);
                }
                continue;
            }
            int[] rr = p.rows == null ? new int[] {0, rows.cells()} : rows.cellRuns(p.rows);
            int[] cc = cols.cellRuns(p.cols);
            for (int a = 0; a < rr.length; a += 2) {
                for (int b = 0; b < cc.length; b += 2) g.paint(owner, rr[a], rr[a + 1], cc[b], cc[b + 1]);
            }
        }
        return g;
    }

    /** Cuts at every block edge when there are few enough, else null. */
    private static PlaneGrid.Cuts[] exactCuts(PictureModel m) {
        Set<Long> rowEdges = new HashSet<>();
        Set<Long> colEdges = new HashSet<>();
        for (PictureModel.Piece p : m.pieces) {
            m.forEachBlock(p, (r0, r1, c0, c1) -> {
                rowEdges.add(r0);
                rowEdges.add(r1);
                colEdges.add(c0);
                colEdges.add(c1);
            });
            if (rowEdges.size() > MAX_CELLS || colEdges.size() > MAX_CELLS) return null;
        }
        return new PlaneGrid.Cuts[] {
            PlaneGrid.Cuts.at(m.rowsExtent, rowEdges.stream().mapToLong(Long::longValue).toArray()),
            PlaneGrid.Cuts.at(m.colsExtent, colEdges.stream().mapToLong(Long::longValue).toArray()),
        };
    }

    /**
     * The layout for a model: exact cuts when there are few enough blocks and edges, else uniform
     * cells made coarser until few enough rectangles remain.
     *
     * @param keyOfOwner for each owner (piece index + 1; 0 for no piece) the key whose equal
     *     neighbouring cells merge into one rectangle: 0 for every piece when blocks are drawn one
     *     by one, the source file (and whether missing) when cells are merged
     */
    static PlaneLayout of(PictureModel m, int[] keyOfOwner) {
        if (m.exact) {
            PlaneGrid.Cuts[] cuts = exactCuts(m);
            if (cuts != null) {
                PlaneGrid g = paint(m, cuts[0], cuts[1]);
                PlaneGrid.Rects r = g.merge(keyOfOwner, MAX_RECTS);
                if (r != null) return new PlaneLayout(g, r);
            }
        }
        for (int cells = MAX_CELLS; ; cells = Math.max(1, cells / 2)) {
            PlaneGrid g = paint(m, PlaneGrid.Cuts.uniform(m.rowsExtent, cells), PlaneGrid.Cuts.uniform(m.colsExtent, cells));
            PlaneGrid.Rects r = g.merge(keyOfOwner, MAX_RECTS);
            if (r != null) return new PlaneLayout(g, r);
            if (cells == 1) throw new IllegalStateException("a 1 x 1 grid cannot need more than " + MAX_RECTS + " rectangles");
        }
    }
}
