package org.h5vds.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@link SequentialReadAhead} decodes ahead, when it stops, and that a chunk it hands out
 * holds what the decoder wrote for that very chunk location. The decoder here writes the chunk's
 * address into every byte and records which chunks it was asked for.
 */
class SequentialReadAheadTest {
    private static final int CHUNK = 64;

    private final Set<Long> decoded = ConcurrentHashMap.newKeySet();

    private static ChunkLocation at(long[] scaled) {
        return new ChunkLocation(1000 + scaled[0] * 10 + scaled[1], CHUNK, 0);
    }

    private SequentialReadAhead ahead(SequentialReadAhead.Decoder decoder) {
        // 10 x 2 chunks of 4 x 4: chunk (i, j) is number 2i + j in row-major order
        return new SequentialReadAhead(new long[] {40, 8}, new long[] {4, 4}, CHUNK, SequentialReadAheadTest::at, decoder);
    }

    private void fill(ChunkLocation loc, byte[] out) {
        decoded.add(loc.address());
        java.util.Arrays.fill(out, 0, CHUNK, (byte) loc.address());
    }

    private static void assertHolds(byte[] chunk, long[] scaled) {
        assertThat(chunk).isNotNull();
        for (int i = 0; i < CHUNK; i++) assertThat(chunk[i]).isEqualTo((byte) at(scaled).address());
    }

    @Test
    void aForwardLoopDecodesTheNextChunksAheadAndHandsThemOut() throws Exception {
        SequentialReadAhead r = ahead(this::fill);
        long[][] chunks = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}};
        r.observe(List.<long[]>of(chunks[0]));
        assertThat(r.take(chunks[0], at(chunks[0]))).as("nothing ahead before the loop shows").isNull();
        r.observe(List.<long[]>of(chunks[1]));
        // chunks 2 and 3 (up to DEPTH of them) are now decoded by the workers, or by the caller who takes them first
        waitFor(1010);
        assertThat(decoded).as("chunk 2 decoded by a worker before anyone asked for it").contains(1010L);
        for (int k = 2; k < 5; k++) {
            r.observe(List.<long[]>of(chunks[k]));
            byte[] got = r.take(chunks[k], at(chunks[k]));
            assertHolds(got, chunks[k]);
            r.release(got);
        }
        assertThat(decoded).contains(1010L, 1011L, 1020L);
    }

    @Test
    void randomAccessCancelsAndAnotherLocationIsNotUsed() {
        SequentialReadAhead r = ahead(this::fill);
        r.observe(List.<long[]>of(new long[] {3, 0}));
        r.observe(List.<long[]>of(new long[] {3, 1}));
        // a jump back: what was decoded ahead is dropped
        r.observe(List.<long[]>of(new long[] {0, 0}));
        assertThat(r.take(new long[] {4, 0}, at(new long[] {4, 0}))).isNull();
        // forward again, but the chunk has moved (rewritten elsewhere) when the caller looks it up
        r.observe(List.<long[]>of(new long[] {0, 1}));
        assertThat(r.take(new long[] {1, 0}, new ChunkLocation(5555, CHUNK, 0))).isNull();
        // several chunks in one read: no read-ahead
        r.observe(List.of(new long[] {1, 0}, new long[] {1, 1}));
        assertThat(r.take(new long[] {2, 0}, at(new long[] {2, 0}))).isNull();
    }

    @Test
    void aFailedDecodeAheadIsRepeatedByTheCallerWhoSeesTheError() {
        long[] bad = {2, 0};
        SequentialReadAhead r = ahead((loc, out) -> {
            if (loc.address() == at(bad).address()) throw new IllegalStateException("corrupt chunk at " + loc.address());
            fill(loc, out);
        });
        for (long k = 0; k < 4; k++) {
            long[] c = {k / 2, k % 2};
            r.observe(List.<long[]>of(c));
            byte[] got = r.take(c, at(c));
            if (got != null) {
                assertHolds(got, c);
                r.release(got);
            }
        }
        r.observe(List.<long[]>of(bad));
        // failed on a worker: nothing is handed out (the reader decodes it again and meets the error);
        // not started yet: the caller decodes it here and meets the error itself
        try {
            assertThat(r.take(bad, at(bad))).isNull();
        } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("corrupt chunk at 1020");
        }
    }

    @Test
    void aChunkNoWorkerHasStartedIsDecodedByTheCaller() throws InterruptedException {
        CountDownLatch block = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(SequentialReadAhead.DEPTH);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        SequentialReadAhead r = ahead((loc, out) -> {
            if (Thread.currentThread().getName().startsWith("h5vds-read")) {
                busy.countDown();
                try {
                    block.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                threads.add(loc.address() + " " + Thread.currentThread().getName());
            }
            fill(loc, out);
        });
        try {
            r.observe(List.<long[]>of(new long[] {5, 0}));
            r.observe(List.<long[]>of(new long[] {5, 1}));   // chunks 12.. go to the workers, which are held up
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            r.observe(List.<long[]>of(new long[] {6, 0}));
            r.observe(List.<long[]>of(new long[] {6, 1}));
            r.observe(List.<long[]>of(new long[] {7, 0}));   // chunk 15, (7, 1), is queued behind them
            long[] queued = {7, 1};
            byte[] got = r.take(queued, at(queued));
            assertHolds(got, queued);
            if (SequentialReadAhead.DEPTH == ParallelWork.parallelism()) {
                assertThat(threads).as("every worker is held up").contains("1071 " + Thread.currentThread().getName());
            }
        } finally {
            block.countDown();
        }
    }

    @Test
    void readAheadStaysWithinItsBudget() {
        assertThat(SequentialReadAhead.BUDGET).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 16);
        for (int size : new int[] {1 << 10, 64 << 10, 512 << 10, 4 << 20, 64 << 20, Integer.MAX_VALUE - 16}) {
            if (SequentialReadAhead.worthwhile(size)) {
                assertThat(2L * SequentialReadAhead.DEPTH * size * SequentialReadAhead.MAX_ACTIVE).as("%d-byte chunks", size)
                        .isLessThanOrEqualTo(SequentialReadAhead.BUDGET);
            }
        }
        assertThat(SequentialReadAhead.worthwhile(Integer.MAX_VALUE - 16)).isFalse();
        assertThat(ahead(this::fill).take(new long[] {99, 0}, at(new long[] {99, 0}))).as("outside the grid").isNull();
    }

    private void waitFor(long address) throws InterruptedException {
        for (int i = 0; i < 2000 && !decoded.contains(address); i++) Thread.sleep(5);
    }
}
