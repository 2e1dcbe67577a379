package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Box slots are ints while every bound fits one and longs from the first that does not, the slots
 * filled before kept as they were; a copy keeps the form and the boxes.
 */
class BoxSlotsTest {
    @Test
    void theUnionOfTheFirstSlotsInEitherFormOrNullWhenOneIsEmpty() {
        Random rnd = new Random(8);
        for (int round = 0; round < 200; round++) {
            int rank = 1 + rnd.nextInt(3);
            int slots = 1 + rnd.nextInt(50);
            BoxSlots s = new BoxSlots(rank, slots + 5);
            boolean wide = rnd.nextInt(3) == 0;
            int emptyAt = rnd.nextInt(4) == 0 ? rnd.nextInt(slots) : -1;
            long[] lo = new long[rank];
            long[] hi = new long[rank];
            java.util.Arrays.fill(lo, Long.MAX_VALUE);
            java.util.Arrays.fill(hi, Long.MIN_VALUE);
            for (int k = 0; k < slots + 5; k++) {
                for (int d = 0; d < rank; d++) {
                    long a = (wide && k == slots / 2 ? 3_000_000_000L : 0) + rnd.nextInt(1000);
                    long b = k == emptyAt && d == rank - 1 ? a - rnd.nextInt(2) : a + 1 + rnd.nextInt(100);
                    s.set(k, d, a, b);
                    if (k < slots) {
                        lo[d] = Math.min(lo[d], a);
                        hi[d] = Math.max(hi[d], b);
                    }
                }
            }
            long[] u = s.union(slots);
            if (emptyAt >= 0) {
                assertThat(u).as("round %d", round).isNull();
            } else {
                long[] expected = java.util.Arrays.copyOf(lo, 2 * rank);
                System.arraycopy(hi, 0, expected, rank, rank);
                assertThat(u).as("round %d (%s)", round, s.isIntForm() ? "ints" : "longs").containsExactly(expected);
            }
        }
        assertThat(new BoxSlots(2, 3).union(0)).isNull();
    }

    @Test
    void intsWhileTheBoundsFitThenLongsWithTheEarlierSlotsKept() {
        BoxSlots s = new BoxSlots(2, 4);
        s.set(0, 0, 0, 1);
        s.set(0, 1, 7, Integer.MAX_VALUE); // the largest bound an int holds
        s.set(1, 0, 5, 6);
        s.set(1, 1, 1_000, 2_000);
        assertThat(s.isIntForm()).isTrue();
        assertThat(s.intStarts()).hasSize(8);
        assertThat(s.longStarts()).isNull();
        s.set(2, 0, 3_000_000_000L, 3_000_000_001L); // beyond 2^31: an exclusive end of 2^31 does not fit either
        s.set(2, 1, 0, 1L << 31);
        assertThat(s.isIntForm()).isFalse();
        assertThat(s.intStarts()).isNull();
        assertThat(s.longStarts()).hasSize(8);
        assertThat(new long[] {s.lo(0, 0), s.hi(0, 0), s.lo(0, 1), s.hi(0, 1)}).containsExactly(0, 1, 7, Integer.MAX_VALUE);
        assertThat(new long[] {s.lo(1, 0), s.hi(1, 0), s.lo(1, 1), s.hi(1, 1)}).containsExactly(5, 6, 1_000, 2_000);
        assertThat(new long[] {s.lo(2, 0), s.hi(2, 0), s.lo(2, 1), s.hi(2, 1)}).containsExactly(3_000_000_000L, 3_000_000_001L, 0, 1L << 31);
        s.set(3, 0, 1L << 62, Long.MAX_VALUE);
        assertThat(s.hi(3, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anEndOfTwoToThe31SwitchesEvenWhenTheStartFits() {
        BoxSlots s = new BoxSlots(1, 2);
        s.set(0, 0, Integer.MAX_VALUE - 1L, 1L << 31);
        assertThat(s.isIntForm()).isFalse();
        assertThat(s.lo(0, 0)).isEqualTo(Integer.MAX_VALUE - 1L);
        assertThat(s.hi(0, 0)).isEqualTo(1L << 31);
    }

    @Test
    void growingAndCopyingKeepFormAndBoxes() {
        Random rnd = new Random(3);
        for (boolean wide : new boolean[] {false, true}) {
            BoxSlots s = new BoxSlots(3, 1);
            long[][] lo = new long[40][3];
            long[][] hi = new long[40][3];
            for (int k = 0; k < 40; k++) {
                if (k == s.capacity()) s.grow(2 * s.capacity());
                for (int d = 0; d < 3; d++) {
                    lo[k][d] = wide && k == 30 ? 5_000_000_000L : rnd.nextInt(1 << 30);
                    hi[k][d] = lo[k][d] + 1 + rnd.nextInt(100);
                    s.set(k, d, lo[k][d], hi[k][d]);
                }
            }
            assertThat(s.isIntForm()).isEqualTo(!wide);
            BoxSlots c = s.copy(45);
            assertThat(c.capacity()).isEqualTo(45);
            assertThat(c.isIntForm()).isEqualTo(!wide);
            for (int k = 0; k < 40; k++) {
                for (int d = 0; d < 3; d++) {
                    assertThat(s.lo(k, d)).isEqualTo(lo[k][d]);
                    assertThat(s.hi(k, d)).isEqualTo(hi[k][d]);
                    assertThat(c.lo(k, d)).isEqualTo(lo[k][d]);
                    assertThat(c.hi(k, d)).isEqualTo(hi[k][d]);
                }
            }
            // the copy is the plan's own: writing it leaves the table's boxes as they were
            c.set(0, 0, 1L << 40, (1L << 40) + 1);
            assertThat(s.lo(0, 0)).isEqualTo(lo[0][0]);
        }
    }
}
