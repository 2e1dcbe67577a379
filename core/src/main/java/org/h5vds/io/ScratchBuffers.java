package org.h5vds.io;

import java.lang.ref.SoftReference;

/**
 * Byte arrays kept one per thread and slot, reused from one chunk to the next: the stored bytes of
 * a compressed chunk, the output of a filter stage that another stage reads, a decoded chunk whose
 * runs are copied out, a chunk encoded for writing. A new array costs more than the work done on
 * it when the JVM's heap pages are touched for the first time (4 ms for 512 KiB on a VM where a
 * copy takes 65 µs); a reused one is already in memory and often in cache.
 *
 * <p>An array taken from a slot belongs to the calling thread until it takes from the same slot
 * again, so a caller must finish with it before the next chunk; nothing is shared between threads,
 * and no lock is taken. Memory stays bounded: each thread keeps at most {@link #SLOTS} arrays of at
 * most {@link #MAX_KEPT} bytes, softly held; a larger request gets a new array that is not kept.
 */
public final class ScratchBuffers {
    /** The stored (still encoded) bytes of a chunk. */
    public static final int STORED = 0;
    /** A decoded chunk whose runs are copied into the target. */
    public static final int DECODED = 1;
    /** Two slots for the outputs of a filter pipeline's intermediate stages, used in turn. */
    public static final int STAGE_A = 2, STAGE_B = 3;
    /** Two slots for the outputs of a filter pipeline's stages when a chunk is encoded, used in turn. */
    public static final int ENCODED_A = 4, ENCODED_B = 5;
    static final int SLOTS = 6;
    /** The largest array a thread keeps per slot. */
    public static final int MAX_KEPT = 4 << 20;

    /**
     * Softly held, so that the arrays of many threads (a server's request threads, say) give way to
     * the heap's needs instead of adding up: the collector clears them before it would run out.
     */
    @SuppressWarnings("unchecked")
    private static final ThreadLocal<SoftReference<byte[]>[]> ARRAYS = ThreadLocal.withInitial(() -> new SoftReference[SLOTS]);

    private ScratchBuffers() {
    }

    /**
     * An array of at least {@code size} bytes (exactly {@code size} when it is not kept), with
     * unspecified contents; the caller uses its first {@code size} bytes.
     */
    public static byte[] take(int slot, int size) {
        if (size < 0) throw new IllegalArgumentException("negative size " + size);
        if (size > MAX_KEPT) return new byte[size];
        SoftReference<byte[]>[] arrays = ARRAYS.get();
        byte[] a = arrays[slot] == null ? null : arrays[slot].get();
        if (a == null || a.length < size) {
            // grow to the next power of two so that chunks of slightly different sizes share one array
            int n = Math.min(MAX_KEPT, Integer.highestOneBit(Math.max(size, 4096) - 1) << 1);
            a = new byte[Math.max(n, size)];
            arrays[slot] = new SoftReference<>(a);
        }
        return a;
    }
}
