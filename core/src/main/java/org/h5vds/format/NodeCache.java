package org.h5vds.format;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A bounded, thread-safe cache of decoded index nodes keyed by file address, so that repeated chunk
 * lookups walk a B-tree or array without re-reading its nodes. Values must be immutable: they are
 * shared between threads. Least recently used entries are dropped beyond the capacity.
 *
 * <p>The loader runs outside the lock, so two threads missing the same node at once may both decode
 * it; one result is kept. That costs a read, never a wrong answer, and never blocks other lookups
 * behind a slow read.
 */
public final class NodeCache<V> {
    /** Enough for the upper levels of any tree plus a working set of leaves and pages. */
    public static final int DEFAULT_CAPACITY = 256;

    private final int capacity;
    private final LinkedHashMap<Long, V> map;

    public NodeCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > NodeCache.this.capacity;
            }
        };
    }

    public NodeCache() {
        this(DEFAULT_CAPACITY);
    }

    /** The node at {@code address}, decoded by {@code loader} unless already cached. */
    public V get(long address, LongFunction<V> loader) {
        synchronized (map) {
            V v = map.get(address);
            if (v != null) return v;
        }
        V loaded = loader.apply(address);
        synchronized (map) {
            V raced = map.putIfAbsent(address, loaded);
            return raced != null ? raced : loaded;
        }
    }

    /** Caches {@code value} as the node at {@code address}, replacing what was there (a node the caller has just rewritten). */
    public void put(long address, V value) {
        synchronized (map) {
            map.put(address, value);
        }
    }

    /** Number of cached nodes (for tests and statistics). */
    public int size() {
        synchronized (map) {
            return map.size();
        }
    }
}
