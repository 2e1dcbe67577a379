package org.h5vds.storage;

import java.lang.ref.SoftReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Arrays of chunks already written, kept for the next chunks of the same byte size, whichever
 * writer asks: a new chunk-sized array per chunk costs an allocation, its zeroing and, for chunks
 * of half a G1 region or more, a humongous allocation that counts towards a concurrent collection.
 * Shared by all writers because a SWMR writer's dataset gets a new {@link ChunkedWriter} at every
 * flush.
 *
 * <p>Bounded: at most min(32 MiB, a sixteenth of the heap) in all, held by soft references so
 * that the collector takes them back before it would run out. Safe from many threads; an array
 * handed out belongs to the caller alone until it gives it back.
 */
final class SpareChunkArrays {
    private static final long LIMIT = Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16);
    private static final ConcurrentHashMap<Integer, ConcurrentLinkedDeque<SoftReference<byte[]>>> BY_SIZE = new ConcurrentHashMap<>();
    /** Bytes of the arrays given back and not taken since, including any the collector cleared. */
    private static final AtomicLong HELD = new AtomicLong();

    private SpareChunkArrays() {
    }

    /** A kept array of exactly {@code size} bytes with unspecified contents, or null when there is none. */
    static byte[] take(int size) {
        ConcurrentLinkedDeque<SoftReference<byte[]>> q = BY_SIZE.get(size);
        if (q == null) return null;
        for (SoftReference<byte[]> r; (r = q.pollFirst()) != null; ) {
            HELD.addAndGet(-size);
            byte[] a = r.get();
            if (a != null) return a;
        }
        return null;
    }

    /** Keeps {@code array} for a later {@link #take} unless the bound is reached; the caller no longer uses it. */
    static void give(byte[] array) {
        int size = array.length;
        if (HELD.addAndGet(size) > LIMIT) {
            HELD.addAndGet(-size);
            dropCleared();
            return;
        }
        BY_SIZE.computeIfAbsent(size, k -> new ConcurrentLinkedDeque<>()).addFirst(new SoftReference<>(array));
    }

    /** Forgets the references the collector cleared, so that their bytes no longer count. */
    private static void dropCleared() {
        // (remove() says whether this call took the reference out: a take() polling it at the same
        // time has already uncounted it, and must not be uncounted twice)
        BY_SIZE.forEach((size, q) -> {
            for (SoftReference<byte[]> r : q) if (r.get() == null && q.remove(r)) HELD.addAndGet(-size);
        });
    }
}
