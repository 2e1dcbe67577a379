package org.h5vds.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Read-ahead for a loop that reads a compressed chunked dataset chunk after chunk (frame by frame):
 * when two reads in a row each touch one chunk, the second the next one in the grid's row-major
 * order, the chunks after it are decoded on the worker threads of {@link ParallelWork} while the
 * caller works on its frame, so that a frame loop inflates on every core instead of one.
 *
 * <ul>
 *   <li><b>Bounded memory.</b> At most {@link #DEPTH} chunks are decoded ahead per dataset, into
 *   buffers reused from one chunk to the next, and at most {@link #MAX_ACTIVE} datasets hold
 *   read-ahead buffers at once: a new one cancels the oldest. All of them together stay within
 *   {@link #BUDGET}; larger chunks are not read ahead.</li>
 *   <li><b>Cancelled on random access.</b> A read of any other chunk, or of several chunks, drops
 *   what was decoded ahead; a decode already running finishes and its buffer is discarded.</li>
 *   <li><b>Exact.</b> A chunk decoded ahead is used only for the same chunk location (address,
 *   stored size, filter mask) the caller's own index lookup finds. A decode that failed ahead is
 *   repeated by the caller, so errors reach the caller exactly as without read-ahead. It is not
 *   used on a file another program is writing (the dataset reader does not ask for it there).</li>
 *   <li><b>Thread-safe.</b> All state is guarded by this object's lock, held only for bookkeeping,
 *   never while decoding. A chunk not yet started by a worker is decoded by the caller that needs
 *   it, so the caller never waits behind queued work.</li>
 * </ul>
 */
final class SequentialReadAhead {
    /** Decodes a whole chunk into {@code out[0, chunkBytes)}. */
    @FunctionalInterface
    interface Decoder {
        void decode(ChunkLocation loc, byte[] out);
    }

    /** Looks up where a chunk is stored, or null when it is not allocated. */
    @FunctionalInterface
    interface Locator {
        ChunkLocation find(long[] scaled);
    }

    /** Chunks decoded ahead per dataset: one per worker, so every core inflates. */
    static final int DEPTH = Math.max(1, Math.min(8, ParallelWork.parallelism()));
    /** Datasets that may hold read-ahead buffers at once. */
    static final int MAX_ACTIVE = 8;
    /**
     * What all read-ahead buffers together may hold: at most 128 MiB and a sixteenth of the heap
     * (16 MiB under a 256 MiB heap). Each dataset holds at most {@code 2 * DEPTH} chunks (decoded
     * ahead, and spare), so its share decides which chunk sizes are read ahead.
     */
    static final long BUDGET = Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 16);

    /** The datasets holding read-ahead buffers now, oldest first; guarded by itself. */
    private static final LinkedHashSet<SequentialReadAhead> ACTIVE = new LinkedHashSet<>();

    private static final int QUEUED = 0, RUNNING = 1, DONE = 2, FAILED = 3;

    private final long[] counts; // chunks per axis
    private final int chunkBytes;
    private final Locator locator;
    private final Decoder decoder;

    // guarded by this
    private long last = -2;
    private final Map<Long, Entry> ahead = new HashMap<>();
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

    private final class Entry {
        final ChunkLocation loc;
        final byte[] buffer;
        int state = QUEUED;       // guarded by SequentialReadAhead.this
        boolean abandoned;        // guarded by SequentialReadAhead.this

        Entry(ChunkLocation loc, byte[] buffer) {
            this.loc = loc;
            this.buffer = buffer;
        }

        /** The worker's part: decode unless the caller took the entry first or it was dropped. */
        void run() {
            synchronized (SequentialReadAhead.this) {
                if (state != QUEUED || abandoned) return;
                state = RUNNING;
            }
            boolean ok = false;
            try {
                decoder.decode(loc, buffer);
                ok = true;
            } catch (RuntimeException e) {
                // the caller decodes this chunk again and meets the error itself
            } finally {
                finish(ok);
            }
        }

        private void finish(boolean ok) {
            synchronized (SequentialReadAhead.this) {
                state = ok ? DONE : FAILED;
                if (abandoned) recycle(buffer);
                SequentialReadAhead.this.notifyAll();
            }
        }
    }

    /**
     * @param dims      the dataset's dimensions
     * @param chunkDims its chunk dimensions
     */
    SequentialReadAhead(long[] dims, long[] chunkDims, int chunkBytes, Locator locator, Decoder decoder) {
        this.counts = new long[dims.length];
        for (int d = 0; d < dims.length; d++) counts[d] = Math.max(1, (dims[d] + chunkDims[d] - 1) / chunkDims[d]);
        this.chunkBytes = chunkBytes;
        this.locator = locator;
        this.decoder = decoder;
    }

    /** Whether chunks of this size are read ahead: with more than one core, and within the memory budget. */
    static boolean worthwhile(int chunkBytes) {
        return ParallelWork.parallelism() > 1 && 2L * DEPTH * chunkBytes <= BUDGET / MAX_ACTIVE;
    }

    /**
     * Called with the chunks one read touches, before it reads them: a single chunk following the
     * previous one starts the decoding of the chunks after it; anything else cancels the read-ahead.
     */
    void observe(List<long[]> chunks) {
        long k = chunks.size() == 1 ? linear(chunks.get(0)) : -1;
        List<Entry> started = new ArrayList<>();
        boolean cancelled = false;
        synchronized (this) {
            boolean sequential = k >= 0 && k == last + 1;
            last = k < 0 ? -2 : k;
            if (!sequential) {
                if (k < 0 || !ahead.containsKey(k)) cancelled = cancelAll();
            } else {
                // drop what lies behind (never to be asked for in this loop), keep what lies ahead
                for (Iterator<Map.Entry<Long, Entry>> it = ahead.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Long, Entry> e = it.next();
                    if (e.getKey() < k) {
                        abandon(e.getValue());
                        it.remove();
                    }
                }
                long total = total();
                for (long next = k + 1; next <= k + DEPTH && next < total; next++) {
                    if (ahead.containsKey(next)) continue;
                    ChunkLocation loc = locator.find(unlinear(next));
                    if (loc == null) continue; // unallocated: the fill value, nothing to decode
                    byte[] buffer = spare.isEmpty() ? new byte[chunkBytes] : spare.pop();
                    Entry e = new Entry(loc, buffer);
                    ahead.put(next, e);
                    started.add(e);
                }
            }
        }
        if (cancelled) deactivate();
        if (!started.isEmpty()) {
            activate();
            for (Entry e : started) ParallelWork.submit(e::run);
        }
    }

    /**
     * The chunk {@code scaled} decoded ahead, or null when it was not (or for another location, or
     * the decode failed); the caller gives the buffer back with {@link #release} when it has copied
     * from it. A chunk a worker has not started yet is decoded here, by the caller.
     */
    byte[] take(long[] scaled, ChunkLocation loc) {
        Entry e;
        boolean mine = false;
        synchronized (this) {
            e = ahead.remove(linear(scaled));
            if (e == null) return null;
            if (!e.loc.equals(loc)) {
                abandon(e);
                return null;
            }
            if (e.state == QUEUED) {
                e.state = RUNNING;
                mine = true;
            } else {
                boolean interrupted = false;
                while (e.state == RUNNING) {
                    try {
                        wait();
                    } catch (InterruptedException x) {
                        interrupted = true;
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
                if (e.state == FAILED) {
                    recycle(e.buffer);
                    return null;
                }
                return e.buffer;
            }
        }
        // not started by a worker: decode it here (an error then is the caller's own)
        try {
            decoder.decode(loc, e.buffer);
            return e.buffer;
        } catch (RuntimeException x) {
            release(e.buffer);
            throw x;
        }
    }

    /** Gives back a buffer {@link #take} returned. */
    synchronized void release(byte[] buffer) {
        recycle(buffer);
    }

    // guarded by this
    private void recycle(byte[] buffer) {
        if (spare.size() < DEPTH) spare.push(buffer);
    }

    // guarded by this: a worker still decoding recycles the buffer itself when it finishes
    private void abandon(Entry e) {
        e.abandoned = true;
        if (e.state == DONE || e.state == FAILED) recycle(e.buffer);
        else if (e.state == QUEUED) {
            e.state = FAILED;
            recycle(e.buffer);
        }
    }

    /** Drops every chunk decoded ahead and the spare buffers; true when there was anything. */
    private synchronized boolean cancelAll() {
        boolean any = !ahead.isEmpty() || !spare.isEmpty();
        for (Entry e : ahead.values()) abandon(e);
        ahead.clear();
        spare.clear();
        return any;
    }

    /** Registers this dataset as holding buffers, cancelling the oldest one beyond {@link #MAX_ACTIVE}. */
    private void activate() {
        SequentialReadAhead evicted = null;
        synchronized (ACTIVE) {
            ACTIVE.remove(this);
            ACTIVE.add(this);
            if (ACTIVE.size() > MAX_ACTIVE) {
                Iterator<SequentialReadAhead> it = ACTIVE.iterator();
                evicted = it.next();
                it.remove();
            }
        }
        if (evicted != null) evicted.cancelAll();
    }

    private void deactivate() {
        synchronized (ACTIVE) {
            ACTIVE.remove(this);
        }
    }

    private long total() {
        long t = 1;
        for (long c : counts) {
            if (t > Long.MAX_VALUE / c) return Long.MAX_VALUE;
            t *= c;
        }
        return t;
    }

    /** The chunk's position in row-major order of the grid (-1 past the grid or beyond a long). */
    private long linear(long[] scaled) {
        long k = 0;
        for (int d = 0; d < counts.length; d++) {
            if (scaled[d] < 0 || scaled[d] >= counts[d]) return -1;
            if (k > (Long.MAX_VALUE - scaled[d]) / counts[d]) return -1;
            k = k * counts[d] + scaled[d];
        }
        return k;
    }

    private long[] unlinear(long k) {
        long[] scaled = new long[counts.length];
        for (int d = counts.length - 1; d >= 0; d--) {
            scaled[d] = k % counts[d];
            k /= counts[d];
        }
        return scaled;
    }
}
