package org.h5vds.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.h5vds.api.Region;
import org.h5vds.api.Shape;
import org.junit.jupiter.api.Test;

/** The cell grid behind aggregated mapping pictures: cells of a set, last-painted-wins, merged rectangles. */
class PlaneGridTest {

    /** The cells holding a member of {@code set}, found by testing every index. */
    static boolean[] bruteCells(PlaneGrid.Cuts cuts, Region.Intervals set) {
        boolean[] hit = new boolean[cuts.cells()];
        for (long k = 0; k < set.count(); k++) {
            for (long i = set.start(k); i < set.end(k) && i < cuts.extent(); i++) hit[cuts.cellOf(i)] = true;
        }
        return hit;
    }

    /** The index set along the one axis of a 1-D region, inside {@code extent}. */
    static Region.Intervals along(Region r, long extent) {
        return r.within(Shape.of(extent)).axis(0);
    }

    static boolean[] fromRuns(int cells, int[] runs) {
        boolean[] hit = new boolean[cells];
        for (int k = 0; k < runs.length; k += 2) {
            assertThat(runs[k]).isLessThan(runs[k + 1]);
            if (k > 0) assertThat(runs[k]).as("runs are merged and increasing").isGreaterThan(runs[k - 1]);
            for (int c = runs[k]; c < runs[k + 1]; c++) hit[c] = true;
        }
        return hit;
    }

    @Test
    void cellRunsMatchTheMembersOfRegularAndListedSets() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            long extent = 1 + rnd.nextInt(400);
            PlaneGrid.Cuts cuts = rnd.nextBoolean()
                    ? PlaneGrid.Cuts.uniform(extent, 1 + rnd.nextInt(60))
                    : PlaneGrid.Cuts.at(extent, rnd.longs(rnd.nextInt(30), 0, extent + 1).toArray());
            Region.Intervals set;
            if (rnd.nextInt(3) > 0) {
                long start = rnd.nextInt((int) extent);
                long block = 1 + rnd.nextInt(8);
                long stride = block + rnd.nextInt(12);
                long count = 1 + rnd.nextInt(40);
                set = along(Region.hyperslab(new long[] {start}, new long[] {stride}, new long[] {count}, new long[] {block}), extent);
            } else {
                set = along(Region.union(rnd.longs(1 + rnd.nextInt(20), 0, extent).distinct().sorted()
                        .mapToObj(i -> Region.box(new long[] {i}, new long[] {1})).toList()), extent);
            }
            boolean[] expected = bruteCells(cuts, set);
            assertThat(fromRuns(cuts.cells(), cuts.cellRuns(set))).as("set %s on %d cells", set, cuts.cells()).isEqualTo(expected);
        }
    }

    @Test
    void cellRunsOfAHugeStridedSetCostCellsNotBlocks() {
        PlaneGrid.Cuts cuts = PlaneGrid.Cuts.uniform(4_000_000_000_000L, 1000);
        Region.Intervals everyOther = along(Region.hyperslab(new long[] {0}, new long[] {2}, new long[] {2_000_000_000_000L}, null),
                4_000_000_000_000L);
        assertThat(cuts.cellRuns(everyOther)).containsExactly(0, 1000);
    }

    @Test
    void uniformCutsCoverTheExtent() {
        PlaneGrid.Cuts c = PlaneGrid.Cuts.uniform(1586, 1000);
        assertThat(c.cells()).isEqualTo(793);
        assertThat(c.edge(0)).isZero();
        assertThat(c.edge(793)).isEqualTo(1586);
        assertThat(c.cellOf(1585)).isEqualTo(792);
        PlaneGrid.Cuts small = PlaneGrid.Cuts.uniform(7, 1000);
        assertThat(small.cells()).isEqualTo(7);
        PlaneGrid.Cuts at = PlaneGrid.Cuts.at(100, new long[] {50, 10, 10, 100, 0, 250});
        assertThat(at.cells()).isEqualTo(3);
        assertThat(at.cellOf(9)).isZero();
        assertThat(at.cellOf(10)).isEqualTo(1);
        assertThat(at.cellOf(99)).isEqualTo(2);
        assertThat(at.cellsOf(49, 51)).containsExactly(1, 3);
    }

    @Test
    void theFirstPaintOfACellStaysAndFullRowsAreSkipped() {
        PlaneGrid g = new PlaneGrid(PlaneGrid.Cuts.uniform(4, 4), PlaneGrid.Cuts.uniform(5, 5));
        g.paint(7, 1, 3, 1, 4);
        g.paint(3, 0, 4, 0, 5);
        g.paint(9, 0, 4, 0, 5);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 5; c++) {
                boolean inner = r >= 1 && r < 3 && c >= 1 && c < 4;
                assertThat(g.owner(r, c)).as("cell %d,%d", r, c).isEqualTo(inner ? 7 : 3);
            }
        }
    }

    @Test
    void equalCellsMergeIntoRectangles() {
        PlaneGrid g = new PlaneGrid(PlaneGrid.Cuts.uniform(4, 4), PlaneGrid.Cuts.uniform(5, 5));
        g.paint(0, 1, 3, 1, 4);
        // owners: 0 inside, none (key -1) around it
        PlaneGrid.Rects r = g.merge(new int[] {-1, 5}, 100);
        assertThat(r.count()).isEqualTo(5);
        int inner = -1;
        for (int k = 0; k < r.count(); k++) if (r.key()[k] == 5) inner = k;
        assertThat(new int[] {r.r0()[inner], r.r1()[inner], r.c0()[inner], r.c1()[inner]}).containsExactly(1, 3, 1, 4);
        long area = 0;
        for (int k = 0; k < r.count(); k++) area += (long) (r.r1()[k] - r.r0()[k]) * (r.c1()[k] - r.c0()[k]);
        assertThat(area).isEqualTo(20);
        assertThat(g.merge(new int[] {-1, 5}, 4)).isNull();
    }
}
