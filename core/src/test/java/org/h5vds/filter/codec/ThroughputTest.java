package org.h5vds.filter.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.h5vds.filter.FilterPipeline;
import org.h5vds.filter.FilterRegistry;
import org.h5vds.filter.FilterSpec;
import org.junit.jupiter.api.Test;

/**
 * A sanity number, printed, for the two decoders on the hot path of detector data: bitshuffle+LZ4
 * (Eiger) and shuffle+deflate. No timing is asserted; a JMH benchmark carries performance claims.
 */
class ThroughputTest {
    private static final long[] FRAME = {512, 1030};

    /** A detector-like 16-bit frame: mostly small counts with a few hot pixels. */
    private static byte[] frame() {
        Random r = new Random(42);
        int n = (int) (FRAME[0] * FRAME[1]);
        byte[] b = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            int v = r.nextDouble() < 0.001 ? r.nextInt(60000) : (int) Math.abs(r.nextGaussian() * 3);
            b[2 * i] = (byte) v;
            b[2 * i + 1] = (byte) (v >>> 8);
        }
        return b;
    }

    private static double decodeMBps(String label, List<FilterSpec> requested) {
        byte[] raw = frame();
        List<FilterSpec> specs = FilterPipeline.forWriting(requested, 2, FRAME, FilterRegistry.standard());
        FilterPipeline p = FilterPipeline.create(specs, 2, FRAME);
        FilterPipeline.Encoded e = p.encode(ByteBuffer.wrap(raw));
        byte[] stored = new byte[e.bytes().remaining()];
        e.bytes().get(stored);
        long checksum = 0;
        for (int warm = 0; warm < 30; warm++) checksum += p.decode(ByteBuffer.wrap(stored), e.filterMask(), raw.length, "t", 0).get(7);
        int rounds = 60;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) checksum += p.decode(ByteBuffer.wrap(stored), e.filterMask(), raw.length, "t", 0).get(i);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double mbps = rounds * (double) raw.length / 1e6 / seconds;
        System.out.printf("%s decode: %.0f MB/s (decoded bytes per second, one thread; ratio %.1f:1; checksum %d)%n",
                label, mbps, raw.length / (double) stored.length, checksum);
        return mbps;
    }

    @Test
    void printsDecodeThroughput() {
        assertThat(decodeMBps("bitshuffle+lz4", List.of(FilterSpec.optional(32008, 0, 2)))).isPositive();
        assertThat(decodeMBps("shuffle+deflate(4)", List.of(FilterSpec.optional(2), FilterSpec.optional(1, 4)))).isPositive();
        assertThat(decodeMBps("blosc(lz4, bitshuffle)", List.of(FilterSpec.optional(32001, 0, 0, 0, 0, 5, 2, 1)))).isPositive();
    }
}
