package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The elements of a chunk index being built, sorted by element index: two parallel arrays rather
 * than a sorted map of boxed keys. A dataset's index is built when the file is closed, often in
 * code the JIT has not compiled yet (a program that appends a thousand frames and closes), where
 * a map's boxing and tree nodes cost microseconds per chunk.
 */
public final class SortedChunkElements {
    private final long[] indexes;
    private final ChunkElement[] elements;

    private SortedChunkElements(long[] indexes, ChunkElement[] elements) {
        this.indexes = indexes;
        this.elements = elements;
    }

    /** From a map of element index to element. */
    public static SortedChunkElements of(Map<Long, ChunkElement> map) {
        Collector c = new Collector(map.size());
        map.forEach(c::add);
        return c.sorted();
    }

    /** Gathers elements in any order; {@link #sorted()} orders them. */
    public static final class Collector {
        private long[] indexes;
        private ChunkElement[] elements;
        private int n;

        public Collector(int expected) {
            indexes = new long[Math.max(expected, 4)];
            elements = new ChunkElement[indexes.length];
        }

        public void add(long index, ChunkElement element) {
            if (n == indexes.length) {
                int grown = Math.max(n + 1, n + (n >> 1));
                indexes = java.util.Arrays.copyOf(indexes, grown);
                elements = java.util.Arrays.copyOf(elements, grown);
            }
            indexes[n] = index;
            elements[n++] = element;
        }

        /** @throws IllegalArgumentException when an index was given twice */
        public SortedChunkElements sorted() {
            long[] keys = java.util.Arrays.copyOf(indexes, n);
            ChunkElement[] values = java.util.Arrays.copyOf(elements, n);
            if (!ascending(keys)) sortTogether(keys, values);
            for (int i = 1; i < n; i++) {
                if (keys[i] == keys[i - 1]) throw new IllegalArgumentException("element index " + keys[i] + " given twice");
            }
            return new SortedChunkElements(keys, values);
        }
    }

    private static boolean ascending(long[] keys) {
        for (int i = 1; i < keys.length; i++) if (keys[i] < keys[i - 1]) return false;
        return true;
    }

    /** Sorts {@code keys} and moves {@code values} along (a bottom-up merge sort: no boxing, no comparator). */
    private static void sortTogether(long[] keys, ChunkElement[] values) {
        int n = keys.length;
        long[] k2 = new long[n];
        ChunkElement[] v2 = new ChunkElement[n];
        long[] ka = keys;
        ChunkElement[] va = values;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int o = lo; o < hi; o++) {
                    if (j >= hi || (i < mid && ka[i] <= ka[j])) {
                        k2[o] = ka[i];
                        v2[o] = va[i++];
                    } else {
                        k2[o] = ka[j];
                        v2[o] = va[j++];
                    }
                }
            }
            long[] kt = ka;
            ka = k2;
            k2 = kt;
            ChunkElement[] vt = va;
            va = v2;
            v2 = vt;
        }
        if (ka != keys) {
            System.arraycopy(ka, 0, keys, 0, n);
            System.arraycopy(va, 0, values, 0, n);
        }
    }

    public boolean isEmpty() {
        return indexes.length == 0;
    }

    public int size() {
        return indexes.length;
    }

    public long firstIndex() {
        return indexes[0];
    }

    public long lastIndex() {
        return indexes[indexes.length - 1];
    }

    /** The i-th element in index order. */
    public ChunkElement element(int i) {
        return elements[i];
    }

    /** The i-th index in ascending order. */
    public long index(int i) {
        return indexes[i];
    }

    /** Where the first index at or above {@code index} sits (the size when there is none). */
    public int position(long index) {
        int lo = 0;
        int hi = indexes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (indexes[mid] < index) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Whether any element has an index in {@code [from, to)}. */
    public boolean anyIn(long from, long to) {
        int p = position(from);
        return p < indexes.length && indexes[p] < to;
    }

    /** Elements {@code first .. first + n - 1}, {@link ChunkElement#UNALLOCATED} where none was given. */
    public List<ChunkElement> range(long first, long n) {
        List<ChunkElement> out = new ArrayList<>((int) n);
        int p = position(first);
        for (long i = first; i < first + n; i++) {
            if (p < indexes.length && indexes[p] == i) {
                out.add(elements[p++]);
            } else {
                out.add(ChunkElement.UNALLOCATED);
            }
        }
        return out;
    }
}
