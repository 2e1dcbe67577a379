package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Large pairs through restrict and forEachRun, timings printed (not asserted: a benchmark carries
 * performance claims, see SelectionBenchmark); the assertions check the run counts, which is what
 * keeps the work proportional to rows rather than elements.
 */
class PerformanceSanityTest {
    static final long[] SHAPE = {8, 100, 256, 256};

    static long[] runs(SelectionPair p) {
        long[] n = new long[2];
        p.forEachRun((a, b, len) -> {
            n[0]++;
            n[1] += len;
        });
        return n;
    }

    static void report(String what, long t0, long[] n) {
        System.out.printf("%-70s %8.1f ms, %,d runs, %,d elements%n", what, (System.nanoTime() - t0) / 1e6, n[0], n[1]);
    }

    @Test
    void alignedPair() {
        ProductSelection v = Selection.box(new long[4], SHAPE);
        ProductSelection s = Selection.box(new long[] {8, 0, 0, 0}, SHAPE);
        for (int warm = 0; warm < 3; warm++) {
            long t0 = System.nanoTime();
            long[] all = runs(new SelectionPair(v, s));
            report("full 8x100x256x256 aligned pair, forEachRun", t0, all);
            assertThat(all[0]).isEqualTo(8 * 100 * 256);
            ProductSelection region = IndexExpression.parse("2:6, 10:90, ::2, 64:192").resolve(SHAPE).selection();
            t0 = System.nanoTime();
            long[] part = runs(new SelectionPair(v, s).restrictA(region));
            report("aligned pair restricted to [2:6, 10:90, ::2, 64:192], forEachRun", t0, part);
            assertThat(part[0]).isEqualTo(4 * 80 * 128);
        }
    }

    @Test
    void reshapedPair() {
        ProductSelection v = Selection.box(new long[4], SHAPE);
        ProductSelection s = Selection.box(new long[] {0, 0}, new long[] {8 * 100 * 256, 256});
        ProductSelection flat = Selection.box(new long[] {0}, new long[] {8L * 100 * 256 * 256});
        for (int warm = 0; warm < 3; warm++) {
            ProductSelection region = Selection.box(new long[] {0, 0, 0, 0}, new long[] {4, 50, 256, 256});
            long t0 = System.nanoTime();
            long[] part = runs(new SelectionPair(v, s).restrictA(region));
            report("4-D to 2-D pair restricted to half, forEachRun", t0, part);
            assertThat(part[1]).isEqualTo(4L * 50 * 256 * 256);
            t0 = System.nanoTime();
            long[] flatRuns = runs(new SelectionPair(v, flat).restrictA(region));
            report("4-D to 1-D pair restricted to half, forEachRun", t0, flatRuns);
            assertThat(flatRuns[1]).isEqualTo(4L * 50 * 256 * 256);
            ProductSelection request = IndexExpression.parse("1:7, 5:95:3, 100:200, :").resolve(SHAPE).selection();
            t0 = System.nanoTime();
            long[] proj = runs(VdsProjection.project(v, flat, request));
            report("VDS projection of a 1-D source through a strided request", t0, proj);
            assertThat(proj[1]).isEqualTo(request.count());
        }
    }
}
