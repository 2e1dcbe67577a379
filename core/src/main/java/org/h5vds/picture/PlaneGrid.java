package org.h5vds.picture;

import java.util.Arrays;
import org.h5vds.api.Region;

/**
 * The drawn plane of a mapping picture cut into cells, each remembering the one piece shown there.
 * Pieces are painted from last to first and a cell keeps the first paint it gets, so the last
 * piece touching a cell wins, as when later pieces are drawn over earlier ones. Painted cells are
 * skipped with a disjoint-set "next unpainted cell" link per row and a link past full rows, so
 * painting costs about one step per cell plus one per row a piece reaches, however many pieces
 * overlap.
 */
final class PlaneGrid {
    /** Owner of a cell nothing was painted on. */
    static final int NONE = -1;

    final Cuts rows;
    final Cuts cols;
    private final int width;
    private final int[] owner;
    /** Per row, {@code width + 1} links: a painted cell links to the next cell; the root of a cell is the first unpainted one at or after it. */
    private final int[] nextInRow;
    /** A row whose cells are all painted links to the next row. */
    private final int[] nextRow;

    PlaneGrid(Cuts rows, Cuts cols) {
        this.rows = rows;
        this.cols = cols;
        this.width = cols.cells();
        int height = rows.cells();
        this.owner = new int[Math.multiplyExact(height, width)];
        Arrays.fill(owner, NONE);
        this.nextInRow = new int[Math.multiplyExact(height, width + 1)];
        for (int r = 0; r < height; r++) {
            int base = r * (width + 1);
            for (int c = 0; c <= width; c++) nextInRow[base + c] = c;
        }
        this.nextRow = new int[height + 1];
        for (int r = 0; r <= height; r++) nextRow[r] = r;
    }

    int owner(int row, int col) {
        return owner[row * width + col];
    }

    /** Paints {@code id} on the cells of rows [r0, r1) and columns [c0, c1) that are not painted yet. */
    void paint(int id, int r0, int r1, int c0, int c1) {
        for (int r = findRow(r0); r < r1; r = findRow(r + 1)) {
            int base = r * (width + 1);
            for (int c = findCol(base, c0); c < c1; c = findCol(base, c + 1)) {
                owner[r * width + c] = id;
                nextInRow[base + c] = c + 1;
            }
            if (findCol(base, 0) == width) nextRow[r] = r + 1;
        }
    }

    private int findCol(int base, int c) {
        while (nextInRow[base + c] != c) {
            int up = nextInRow[base + c];
            nextInRow[base + c] = nextInRow[base + up];
            c = up;
        }
        return c;
    }

    private int findRow(int r) {
        while (nextRow[r] != r) {
            int up = nextRow[r];
            nextRow[r] = nextRow[up];
            r = up;
        }
        return r;
    }

    /** Rectangles of cells, in cell units: rows [r0, r1), columns [c0, c1), and the key of their cells. */
    record Rects(int count, int[] r0, int[] r1, int[] c0, int[] c1, int[] key) {
    }

    /**
     * Covers the plane with rectangles of cells whose owners have the same key: runs of equal keys
     * along each row, a run extended downwards while the row below has the same run.
     *
     * @param keyOfOwner the key of owner {@code o} at index {@code o + 1} (index 0: unpainted cells)
     * @param limit      the most rectangles wanted
     * @return the rectangles, or null when there would be more than {@code limit}
     */
    Rects merge(int[] keyOfOwner, int limit) {
        int height = rows.cells();
        int cap = Math.max(16, Math.min(limit, 1024));
        int[] r0 = new int[cap], r1 = new int[cap], c0 = new int[cap], c1 = new int[cap], key = new int[cap];
        int count = 0;
        int[] prevStart = new int[width], prevRect = new int[width];
        int[] curStart = new int[width], curRect = new int[width];
        int prevRuns = 0;
        for (int r = 0; r < height; r++) {
            int runs = 0;
            int p = 0;
            int row = r * width;
            for (int c = 0; c < width; ) {
                int k = keyOfOwner[owner[row + c] + 1];
                int e = c + 1;
                while (e < width && keyOfOwner[owner[row + e] + 1] == k) e++;
                while (p < prevRuns && prevStart[p] < c) p++;
                int id;
                if (p < prevRuns && prevStart[p] == c && c1[prevRect[p]] == e && key[prevRect[p]] == k) {
                    id = prevRect[p];
                    r1[id] = r + 1;
                } else {
                    if (count == limit) return null;
                    if (count == r0.length) {
                        int n = (int) Math.min((long) limit, 2L * count);
                        r0 = Arrays.copyOf(r0, n);
                        r1 = Arrays.copyOf(r1, n);
                        c0 = Arrays.copyOf(c0, n);
                        c1 = Arrays.copyOf(c1, n);
                        key = Arrays.copyOf(key, n);
                    }
                    id = count++;
                    r0[id] = r;
                    r1[id] = r + 1;
                    c0[id] = c;
                    c1[id] = e;
                    key[id] = k;
                }
                curStart[runs] = c;
                curRect[runs] = id;
                runs++;
                c = e;
            }
            int[] t = prevStart;
            prevStart = curStart;
            curStart = t;
            t = prevRect;
            prevRect = curRect;
            curRect = t;
            prevRuns = runs;
        }
        return new Rects(count, r0, r1, c0, c1, key);
    }

    /** Cell boundaries along one drawn axis, in dataset indices: cell i holds indices [edge(i), edge(i + 1)). */
    static final class Cuts {
        private final long[] edges;

        private Cuts(long[] edges) {
            this.edges = edges;
        }

        /** At most {@code maxCells} cells of equal width (the last may be narrower) over [0, extent). */
        static Cuts uniform(long extent, int maxCells) {
            if (extent < 1) throw new IllegalArgumentException("extent " + extent + " has no cells");
            long step = Math.max(1, (extent + maxCells - 1) / maxCells);
            int n = (int) ((extent + step - 1) / step);
            long[] e = new long[n + 1];
            for (int i = 0; i < n; i++) e[i] = i * step;
            e[n] = extent;
            return new Cuts(e);
        }

        /** Cells between the given boundaries; 0 and {@code extent} are added, values outside [0, extent] ignored. */
        static Cuts at(long extent, long[] boundaries) {
            if (extent < 1) throw new IllegalArgumentException("extent " + extent + " has no cells");
            long[] e = Arrays.copyOf(boundaries, boundaries.length + 2);
            e[boundaries.length] = 0;
            e[boundaries.length + 1] = extent;
            Arrays.sort(e);
            int n = 0;
            for (long v : e) {
                if (v < 0 || v > extent || (n > 0 && e[n - 1] == v)) continue;
                e[n++] = v;
            }
            return new Cuts(Arrays.copyOf(e, n));
        }

        int cells() {
            return edges.length - 1;
        }

        long extent() {
            return edges[edges.length - 1];
        }

        long edge(int i) {
            return edges[i];
        }

        /** The cell holding dataset index {@code index} (clamped into [0, extent)). */
        int cellOf(long index) {
            if (index <= 0) return 0;
            if (index >= extent()) return cells() - 1;
            int k = Arrays.binarySearch(edges, index);
            return k >= 0 ? k : -k - 2;
        }

        /** The cells [from, to) that hold some index of [start, end); {@code from == to} when none. */
        int[] cellsOf(long start, long end) {
            start = Math.max(0, start);
            end = Math.min(extent(), end);
            if (start >= end) return new int[] {0, 0};
            return new int[] {cellOf(start), cellOf(end - 1) + 1};
        }

        /**
         * The cells holding members of {@code set}, as merged [from, to) pairs. Skips intervals inside
         * cells already taken, so the cost is bounded by the number of cells, not of intervals.
         */
        int[] cellRuns(Region.Intervals set) {
            long n = set.count();
            int[] out = new int[8];
            int size = 0;
            int next = 0;
            for (long j = 0; j < n && next < cells(); ) {
                long from = Math.max(set.start(j), edges[next]);
                long to = Math.min(set.end(j), extent());
                if (from < to) {
                    int a = cellOf(from);
                    int b = cellOf(to - 1) + 1;
                    if (size > 0 && out[size - 1] == a) {
                        out[size - 1] = b;
                    } else {
                        if (size == out.length) out = Arrays.copyOf(out, size * 2);
                        out[size++] = a;
                        out[size++] = b;
                    }
                    next = b;
                }
                if (next >= cells()) break;
                j = Math.max(j + 1, set.firstEndingAfter(edges[next]));
            }
            return Arrays.copyOf(out, size);
        }
    }
}
