package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The remote store's request pattern on an object in memory: one large first read, blocks
 * cached, adjacent blocks in one request, prefetched ranges requested together, concurrent
 * readers of a block sharing one request, the cache bounded, transient failures retried, a
 * changed version refused.
 */
class RemoteStoreTest {
    private static final int BLOCK = 4096;

    /** An object of {@code size} bytes (byte i = i mod 251) answering ranges, counting requests. */
    static final class FakeObject implements RangeSource {
        final byte[] bytes;
        final List<long[]> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger transientFailures = new AtomicInteger();
        volatile String version = "\"v1\"";
        volatile CountDownLatch gate;

        FakeObject(int size) {
            bytes = new byte[size];
            for (int i = 0; i < size; i++) bytes[i] = (byte) (i % 251);
        }

        @Override
        public String location() {
            return "fake://bucket/object.h5";
        }

        @Override
        public Fetched fetch(long start, int length, String expected) throws RemoteFailure {
            requests.add(new long[] {start, length});
            if (transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new RemoteFailure(RemoteFailure.Kind.TRANSIENT, "HTTP 503");
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (expected != null && !expected.equals(version)) throw new RemoteFailure(RemoteFailure.Kind.CHANGED, "ETag " + expected + " when opened, " + version + " now");
            int n = (int) Math.min(length, bytes.length - start);
            return new Fetched(java.util.Arrays.copyOfRange(bytes, (int) start, (int) start + n), bytes.length, version);
        }
    }

    private static RemoteIo io(int firstRead, long cache) {
        RemoteSettings s = RemoteSettings.defaults().withFirstRead(firstRead).withBlocks(BLOCK, 4 * BLOCK).withCacheBytes(cache)
                .withRetries(3, Duration.ofMillis(1), Duration.ofSeconds(1));
        return new RemoteIo(s, "test");
    }

    private static void assertBytes(ByteBuffer b, long position) {
        b.flip();
        for (int i = 0; i < b.limit(); i++) assertThat(b.get(i)).isEqualTo((byte) ((position + i) % 251));
    }

    private static ByteBuffer read(Store s, long position, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        s.read(position, b, "test");
        assertBytes(b, position);
        return b;
    }

    @Test
    void theFirstReadIsLargeAndCachedBlocksAreNotFetchedAgain() {
        FakeObject o = new FakeObject(100 * BLOCK + 17);
        try (RemoteStore s = RemoteStore.open(o, io(8 * BLOCK, 1 << 20))) {
            assertThat(s.size()).isEqualTo(100 * BLOCK + 17);
            assertThat(s.version()).isEqualTo("\"v1\"");
            assertThat(o.requests).hasSize(1);
            assertThat(o.requests.get(0)).containsExactly(0, 8 * BLOCK);
            read(s, 100, 5 * BLOCK);
            assertThat(o.requests).hasSize(1);
            // blocks 20..22 are missing and adjacent: one request
            read(s, 20 * BLOCK + 10, 2 * BLOCK + 100);
            assertThat(o.requests).hasSize(2);
            assertThat(o.requests.get(1)).containsExactly(20 * BLOCK, 3 * BLOCK);
            // the short last block
            read(s, 100 * BLOCK, 17);
            assertThat(o.requests.get(2)).containsExactly(100 * BLOCK, 17);
        }
    }

    @Test
    void prefetchedRangesAreCoalescedAndReadsWaitForThem() {
        FakeObject o = new FakeObject(64 * BLOCK);
        try (RemoteStore s = RemoteStore.open(o, io(BLOCK, 1 << 20))) {
            // 12 chunks of 1.5 blocks laid end to end from block 10: 18 blocks, requests of at most 4 blocks
            long[] pos = new long[12];
            long[] len = new long[12];
            for (int k = 0; k < 12; k++) {
                pos[k] = 10L * BLOCK + k * (BLOCK * 3L / 2);
                len[k] = BLOCK * 3L / 2;
            }
            s.prefetch(pos, len);
            for (int k = 0; k < 12; k++) read(s, pos[k], (int) len[k]);
            assertThat(o.requests).hasSize(1 + 5); // the first read, then 18 blocks in requests of 4
            long fetched = o.requests.stream().skip(1).mapToLong(r -> r[1]).sum();
            assertThat(fetched).isEqualTo(18L * BLOCK);
        }
    }

    @Test
    void concurrentReadersOfOneBlockShareOneRequest() throws Exception {
        FakeObject o = new FakeObject(64 * BLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RemoteStore s = RemoteStore.open(o, io(BLOCK, 1 << 20))) {
            o.gate = new CountDownLatch(1);
            List<Future<?>> reads = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                int off = k * 100;
                reads.add(pool.submit(() -> read(s, 30L * BLOCK + off, 200)));
            }
            Thread.sleep(200);
            o.gate.countDown();
            for (Future<?> f : reads) f.get();
            assertThat(o.requests).hasSize(2);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theCacheStaysWithinItsBound() {
        FakeObject o = new FakeObject(256 * BLOCK);
        RemoteIo io = io(BLOCK, 16L * BLOCK);
        try (RemoteStore s = RemoteStore.open(o, io)) {
            for (int b = 0; b < 256; b += 2) read(s, (long) b * BLOCK, BLOCK);
            assertThat(io.cache().heldBytes()).isLessThanOrEqualTo(16L * BLOCK);
        }
        assertThat(io.cache().heldBytes()).isZero();
    }

    @Test
    void transientFailuresAreRetriedAndAChangedVersionIsRefused() {
        FakeObject o = new FakeObject(64 * BLOCK);
        try (RemoteStore s = RemoteStore.open(o, io(BLOCK, 1 << 20))) {
            o.transientFailures.set(2);
            read(s, 5L * BLOCK, 10);
            assertThat(o.requests).hasSize(1 + 3);
            o.version = "\"v2\"";
            Throwable t = catchThrowable(() -> read(s, 40L * BLOCK, 10));
            assertThat(t).isInstanceOf(H5Exception.class)
                    .hasMessage("fake://bucket/object.h5: the object changed while it was being read (ETag \"v1\" when opened, \"v2\" now); open it again to read the new version");
            // a failed block is fetched again by the next reader, not remembered as failed
            o.version = "\"v1\"";
            read(s, 40L * BLOCK, 10);
        }
    }
}
