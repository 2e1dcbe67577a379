package org.h5vds.io;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The blocks of remote objects fetched so far, shared by every object of one provider and
 * bounded in bytes. A block is present as soon as a fetch for it is under way (a future), so two
 * readers of one block make one request; readers wait on the future, never on a lock. Beyond the
 * bound, blocks leave in the order they arrived, except that a block read since it last came up
 * for eviction gets a second chance (the clock algorithm).
 */
final class BlockCache {
    record Key(long object, long block) {
    }

    /** A cached block: its bytes once fetched, and whether it was read since it last came up for eviction. */
    static final class Slot {
        final CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        volatile boolean referenced;
    }

    private final long capacity;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Key> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();

    BlockCache(long capacity) {
        this.capacity = capacity;
    }

    /** A new number for an opened object, so that its blocks never mix with another's (or an earlier version's). */
    long newObject() {
        return objects.incrementAndGet();
    }

    /** The slot of a block, or null when it is neither cached nor being fetched. */
    Slot get(Key key) {
        Slot s = slots.get(key);
        if (s != null) s.referenced = true;
        return s;
    }

    /**
     * Claims a block that is not cached: returns a new slot the caller must fill (with
     * {@link #fill}) or fail (with {@link #fail}), or null when another reader has it already.
     */
    Slot claim(Key key) {
        Slot s = new Slot();
        return slots.putIfAbsent(key, s) == null ? s : null;
    }

    void fill(Key key, Slot slot, byte[] bytes) {
        slot.bytes.complete(bytes);
        arrivals.add(key);
        if (held.addAndGet(bytes.length) > capacity) evict();
    }

    /** A failed fetch: readers waiting for it see the failure; the next reader fetches again. */
    void fail(Key key, Slot slot, Throwable failure) {
        slots.remove(key, slot);
        slot.bytes.completeExceptionally(failure);
    }

    /** Forgets every block of {@code object} (closed). */
    void drop(long object) {
        for (Iterator<Map.Entry<Key, Slot>> it = slots.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Slot> e = it.next();
            if (e.getKey().object() == object) {
                it.remove();
                byte[] b = e.getValue().bytes.getNow(null);
                if (b != null) held.addAndGet(-b.length);
            }
        }
    }

    /** Bytes held now (for tests and diagnostics). */
    long heldBytes() {
        return held.get();
    }

    private void evict() {
        int passes = arrivals.size() * 2 + 1; // each block is passed over at most once for its reference bit
        while (held.get() > capacity && passes-- > 0) {
            Key k = arrivals.poll();
            if (k == null) return;
            Slot s = slots.get(k);
            if (s == null) continue; // dropped with its object
            if (s.referenced) {
                s.referenced = false;
                arrivals.add(k);
                continue;
            }
            if (slots.remove(k, s)) {
                byte[] b = s.bytes.getNow(null);
                if (b != null) held.addAndGet(-b.length);
            }
        }
    }
}
