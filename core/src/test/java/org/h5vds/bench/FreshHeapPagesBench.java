package org.h5vds.bench;

import java.util.Locale;

/**
 * What the launcher's JVM flags are for, without HDF5: a loop that allocates, per round, 50 new
 * arrays of 128 KiB (what 50 frames of {@code ./bench.sh vds} return) and touches one element of
 * each. On a virtual machine the first touch of a heap page never used before costs a fault into
 * the host; the JVM's default young generation keeps growing onto such pages, so rounds on fresh
 * pages cost ~60 times rounds on reused ones. Prints the total and the slowest and fastest rounds.
 * {@code ./bench.sh heap} runs it in fresh JVMs with the default flags, with {@code -Xmn64m} and
 * with the launcher's flags (jvm-flags.sh), alternately.
 */
public final class FreshHeapPagesBench {
    private static final int ROUNDS = 200;
    private static final int ARRAYS = 50;
    private static final int SHORTS = 64 * 1024;

    private FreshHeapPagesBench() {
    }

    public static void main(String[] args) {
        long total = 0, slowest = 0, fastest = Long.MAX_VALUE, sink = 0;
        int slowRounds = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < ARRAYS; i++) {
                short[] frame = new short[SHORTS];
                frame[i] = 1;
                sink += frame[7];
            }
            long ns = System.nanoTime() - t0;
            total += ns;
            slowest = Math.max(slowest, ns);
            fastest = Math.min(fastest, ns);
            if (ns > 2_000_000) slowRounds++;
        }
        System.out.printf(Locale.ROOT, "%-44s %9.0f %9.2f %9.2f %6d%s%n", args.length > 0 ? args[0] : "",
                total / 1e6, fastest / 1e6, slowest / 1e6, slowRounds, sink == 0 ? "" : " ");
    }
}
