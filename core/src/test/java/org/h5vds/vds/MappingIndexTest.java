package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.h5vds.select.Box;
import org.junit.jupiter.api.Test;

/**
 * The index returns exactly the boxes a region meets (checked against a scan), in entry order, by
 * scanning for its first query and through the R-tree after that, testing few boxes.
 */
class MappingIndexTest {
    static MappingIndex of(List<Box> boxes, int rank) {
        int n = boxes.size();
        BoxSlots slots = new BoxSlots(rank, n);
        for (int k = 0; k < n; k++) {
            Box b = boxes.get(k);
            for (int d = 0; d < rank; d++) slots.set(k, d, b.start(d), b.end(d));
        }
        return new MappingIndex(n, slots, null, null);
    }

    /**
     * The same boxes held through slots, as MappingPlan holds them: equal boxes share one slot (as
     * every ALL mapping does), the slots in another order than the entries.
     */
    static MappingIndex throughSlots(List<Box> boxes, int rank) {
        int n = boxes.size();
        List<Box> distinct = new ArrayList<>();
        int[] slot = new int[n];
        for (int k = n - 1; k >= 0; k--) {
            int at = distinct.indexOf(boxes.get(k));
            if (at < 0) {
                at = distinct.size();
                distinct.add(boxes.get(k));
            }
            slot[k] = at;
        }
        BoxSlots slots = new BoxSlots(rank, distinct.size());
        for (int s = 0; s < distinct.size(); s++) {
            for (int d = 0; d < rank; d++) slots.set(s, d, distinct.get(s).start(d), distinct.get(s).end(d));
        }
        boolean[] present = new boolean[n];
        java.util.Arrays.fill(present, true);
        return new MappingIndex(n, slots, slot, present);
    }

    @Test
    void entriesSharingSlotsAreFoundAsEntries() {
        Random rnd = new Random(11);
        for (int rank = 1; rank <= 3; rank++) {
            for (int n : new int[] {1, 17, 400}) {
                List<Box> pool = new ArrayList<>();
                for (int k = 0; k < 12; k++) pool.add(randomBox(rnd, rank, 300, k == 5));
                List<Box> boxes = new ArrayList<>();
                for (int k = 0; k < n; k++) boxes.add(pool.get(rnd.nextInt(pool.size())));
                MappingIndex dense = of(boxes, rank);
                MappingIndex slots = throughSlots(boxes, rank);
                for (int q = 0; q < 100; q++) {
                    Box region = randomBox(rnd, rank, 300, false);
                    assertThat(slots.query(region)).as("rank %d, %d entries, region %s", rank, n, region).containsExactly(dense.query(region));
                }
            }
        }
    }

    @Test
    void queriesEqualABruteForceScan() {
        Random rnd = new Random(7);
        for (int rank = 1; rank <= 4; rank++) {
            for (int n : new int[] {0, 1, 5, 16, 17, 300, 5000}) {
                List<Box> boxes = new ArrayList<>();
                for (int k = 0; k < n; k++) boxes.add(randomBox(rnd, rank, 1000, k % 11 == 0));
                MappingIndex index = of(boxes, rank);
                for (int q = 0; q < 200; q++) {
                    Box region = randomBox(rnd, rank, 1000, false);
                    List<Integer> want = new ArrayList<>();
                    for (int k = 0; k < n; k++) if (!boxes.get(k).isEmpty() && !boxes.get(k).intersect(region).isEmpty()) want.add(k);
                    int[] got = index.query(region);
                    assertThat(got).as("rank %d, %d boxes, region %s", rank, n, region).containsExactly(want.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
    }

    @Test
    void boxesBeyondTwoToThe31AreFoundAsTheOthers() {
        // bounds near and beyond 2^31: the slots turn into longs at the first that does not fit an
        // int (first, in the middle, or never), and queries still find exactly what a scan finds
        Random rnd = new Random(5);
        long edge = 1L << 31;
        for (int rank = 1; rank <= 2; rank++) {
            for (int wideAt : new int[] {-1, 0, 150, 299}) {
                List<Box> boxes = new ArrayList<>();
                for (int k = 0; k < 300; k++) {
                    long[] s = new long[rank];
                    long[] c = new long[rank];
                    for (int d = 0; d < rank; d++) {
                        s[d] = edge - 200 + rnd.nextInt(k == wideAt ? 400 : 150);
                        if (k == wideAt) s[d] = Math.max(s[d], edge - 1);
                        c[d] = 1 + rnd.nextInt(40);
                        if (k != wideAt) c[d] = Math.min(c[d], edge - 1 - s[d]);
                    }
                    boxes.add(new Box(s, c));
                }
                MappingIndex index = of(boxes, rank);
                for (int q = 0; q < 100; q++) {
                    long[] s = new long[rank];
                    long[] c = new long[rank];
                    for (int d = 0; d < rank; d++) {
                        s[d] = edge - 250 + rnd.nextInt(500);
                        c[d] = 1 + rnd.nextInt(q % 2 == 0 ? 3 : 300);
                    }
                    Box region = new Box(s, c);
                    List<Integer> want = new ArrayList<>();
                    for (int k = 0; k < boxes.size(); k++) if (!boxes.get(k).intersect(region).isEmpty()) want.add(k);
                    assertThat(index.query(region)).as("rank %d, wide at %d, region %s", rank, wideAt, region)
                            .containsExactly(want.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
    }

    @Test
    void aQueryCoveringEveryBoxReturnsThemAll() {
        List<Box> boxes = List.of(new Box(new long[] {0}, new long[] {3}), new Box(new long[] {5}, new long[] {0}), new Box(new long[] {9}, new long[] {2}));
        MappingIndex index = of(boxes, 1);
        index.query(new Box(new long[] {0}, new long[] {1}));
        assertThat(index.query(new Box(new long[] {0}, new long[] {20}))).containsExactly(0, 2);
        assertThat(index.query(new Box(new long[] {2}, new long[] {8}))).containsExactly(0, 2);
        assertThat(index.query(new Box(new long[] {3}, new long[] {6}))).isEmpty();
    }

    @Test
    void aPointQueryAmongATiledMillionTestsAFewDozenBoxes() {
        List<Box> tiles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) for (int j = 0; j < 1000; j++) tiles.add(new Box(new long[] {i * 4L, j * 3L}, new long[] {4, 3}));
        MappingIndex index = of(tiles, 2);
        index.query(new Box(new long[] {0, 0}, new long[] {1, 1})); // the first query scans; the tree is built by the next
        long before = index.tested();
        int[] hit = index.query(new Box(new long[] {1234, 2345}, new long[] {1, 1}));
        assertThat(hit).containsExactly(308 * 1000 + 781);
        assertThat(index.tested() - before).isLessThan(200);
    }

    /**
     * A tentative first query (a frame read trying its short way) scans without counting as the
     * first: the query after it scans too, so that a read that then takes the general way still
     * costs scans, not a tree; once its answer is used (markQueried), the next query builds the tree.
     */
    @Test
    void aTentativeFirstQueryLeavesTheTreeForLater() {
        List<Box> tiles = new ArrayList<>();
        for (int i = 0; i < 100; i++) for (int j = 0; j < 100; j++) tiles.add(new Box(new long[] {i * 4L, j * 3L}, new long[] {4, 3}));
        Box one = new Box(new long[] {5, 7}, new long[] {1, 1});
        MappingIndex declined = of(tiles, 2);
        assertThat(declined.query(one, true)).containsExactly(102);
        assertThat(declined.tested()).isEqualTo(10_000);
        assertThat(declined.query(one)).containsExactly(102);
        assertThat(declined.tested()).as("the general read's query scans as a first query does").isEqualTo(20_000);
        assertThat(declined.query(one)).containsExactly(102);
        assertThat(declined.tested() - 20_000).as("then the tree").isLessThan(200);
        MappingIndex used = of(tiles, 2);
        assertThat(used.query(one, true)).containsExactly(102);
        used.markQueried();
        assertThat(used.query(one, true)).containsExactly(102);
        assertThat(used.tested() - 10_000).as("the tree, after an answer was used").isLessThan(200);
    }

    private static Box randomBox(Random rnd, int rank, int extent, boolean empty) {
        long[] s = new long[rank];
        long[] c = new long[rank];
        for (int d = 0; d < rank; d++) {
            s[d] = rnd.nextInt(extent);
            c[d] = empty && d == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 200);
        }
        return new Box(s, c);
    }
}
