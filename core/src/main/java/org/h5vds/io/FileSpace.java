package org.h5vds.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The space of one HDF5 file being written, in addresses relative to its base: new blocks go into
 * freed space that fits (the smallest such block) or else at the end of allocated space, which
 * moves on (the superblock's "End of File Address").
 *
 * <p>Freeing follows the file's commits, so that a crash cannot expose half-reused space: a block
 * the committed file still points to is {@linkplain #release released} and becomes usable only
 * once the next commit, which stops pointing to it, is durable ({@link #committed()}); a block
 * written since the last commit, which nothing committed points to, is {@linkplain #discard
 * discarded} and usable at once. Like libhdf5's default file-space strategy, free space is known
 * only while the file is open; {@link #trimTail()} gives back free space at the end of the file.
 *
 * <p>Free space that last held raw data (given back through {@link #discardRaw}/{@link #releaseRaw})
 * is remembered as such ({@link #rawFreeBlocks()}): libhdf5 keeps raw-data and metadata free space
 * in different managers, and a file that records its free space at close files each where libhdf5
 * would look for it. Safe from many threads.
 */
public final class FileSpace implements org.h5vds.io.SpaceAllocator {
    private long end;
    private final TreeMap<Long, Long> free = new TreeMap<>();
    /** The parts of {@link #free} that last held raw data, merged where they touch. */
    private final TreeMap<Long, Long> rawFree = new TreeMap<>();
    /** Blocks given back until the next commit: address, size, 1 when raw data. */
    private final List<long[]> released = new ArrayList<>();
    private long reused;
    private boolean atEnd;
    private long pageSize;

    /** @param end the end of allocated space: nothing at or after it is in use */
    public FileSpace(long end) {
        if (end < 0) throw new IllegalArgumentException("end of allocation " + end);
        this.end = end;
    }

    /** Reserves {@code size} bytes (at least one) and returns their address. */
    @Override
    public synchronized long allocate(long size) {
        if (size <= 0) throw new IllegalArgumentException("cannot allocate " + size + " bytes");
        Map.Entry<Long, Long> best = null;
        long bestAt = 0;
        if (!atEnd) for (Map.Entry<Long, Long> e : free.entrySet()) {
            long at = placed(e.getKey(), size);
            if (at + size <= e.getKey() + e.getValue() && (best == null || e.getValue() < best.getValue())) {
                best = e;
                bestAt = at;
            }
        }
        if (best != null) {
            long start = best.getKey();
            long length = best.getValue();
            free.remove(start);   // (a TreeMap entry is not to be read once removed)
            if (bestAt > start) free.put(start, bestAt - start);
            if (start + length > bestAt + size) free.put(bestAt + size, start + length - bestAt - size);
            cut(rawFree, bestAt, bestAt + size);
            reused += size;
            return bestAt;
        }
        long at = placed(end, size);
        if (at > end) addFree(end, at - end, Math.addExact(at, size));
        end = Math.addExact(at, size);
        return at;
    }

    /**
     * Where a block of {@code size} bytes goes at or after {@code from}: right there, or, when the
     * file allocates in pages, at the next page start if a block smaller than a page would cross
     * a page boundary or a larger one would not start on a page.
     */
    private long placed(long from, long size) {
        return placed(from, size, pageSize);
    }

    /** {@code at} rounded up to a page boundary in a file of pages of {@code pageSize} bytes (0: not paged, {@code at} itself). */
    public static long pageEnd(long at, long pageSize) {
        return pageSize <= 0 ? at : -Math.floorDiv(-at, pageSize) * pageSize;
    }

    /** Where a block of {@code size} bytes goes at or after {@code from} in a file of pages of {@code pageSize} bytes (0: not paged). */
    public static long placed(long from, long size, long pageSize) {
        if (pageSize <= 0) return from;
        long next = pageEnd(from, pageSize);
        if (size >= pageSize) return next;
        return from / pageSize == (from + size - 1) / pageSize ? from : next;
    }

    /**
     * Makes every later allocation follow libhdf5's paged aggregation (H5F_FSPACE_STRATEGY_PAGE):
     * a block smaller than {@code pageSize} within one page, a larger one starting on a page.
     */
    public synchronized void pages(long pageSize) {
        if (pageSize < 0) throw new IllegalArgumentException("page size " + pageSize);
        this.pageSize = pageSize;
    }

    /** Gives back a block nothing committed points to (written since the last commit): usable at once. */
    public synchronized void discard(long address, long size) {
        if (size <= 0 || address == Cursor.UNDEFINED) return;
        addFree(address, size);
    }

    /** As {@link #discard}, for a block of raw data. */
    public synchronized void discardRaw(long address, long size) {
        if (size <= 0 || address == Cursor.UNDEFINED) return;
        addFree(address, size);
        addRaw(address, size);
    }

    /** Gives back a block the committed file points to: usable once the next commit is durable. */
    public synchronized void release(long address, long size) {
        if (size <= 0 || address == Cursor.UNDEFINED) return;
        released.add(new long[] {address, size, 0});
    }

    /** As {@link #release}, for a block of raw data. */
    public synchronized void releaseRaw(long address, long size) {
        if (size <= 0 || address == Cursor.UNDEFINED) return;
        released.add(new long[] {address, size, 1});
    }

    /** The commit that stopped pointing to the released blocks is durable: they become usable. */
    public synchronized void committed() {
        for (long[] b : released) {
            addFree(b[0], b[1]);
            if (b[2] == 1) addRaw(b[0], b[1]);
        }
        released.clear();
    }

    private void addFree(long address, long size) {
        addFree(address, size, end);
    }

    /** Notes that the free block [address, address + size) last held raw data. */
    private void addRaw(long address, long size) {
        merge(rawFree, address, size);
    }

    /** Adds [address, address + size), which overlaps none of {@code ranges}, joining the ranges it touches. */
    private static void merge(TreeMap<Long, Long> ranges, long address, long size) {
        long start = address;
        long stop = address + size;
        Map.Entry<Long, Long> below = ranges.floorEntry(start);
        if (below != null && below.getKey() + below.getValue() == start) {
            start = below.getKey();
            ranges.remove(start);
        }
        Long above = ranges.remove(stop);
        if (above != null) stop += above;
        ranges.put(start, stop - start);
    }

    /** Removes [from, to) from the ranges of {@code ranges}, splitting a range it falls inside. */
    private static void cut(TreeMap<Long, Long> ranges, long from, long to) {
        Map.Entry<Long, Long> e = ranges.lowerEntry(to);
        while (e != null && e.getKey() + e.getValue() > from) {
            long start = e.getKey();
            long stop = start + e.getValue();
            ranges.remove(start);
            if (start < from) ranges.put(start, from - start);
            if (stop > to) ranges.put(to, stop - to);
            e = ranges.lowerEntry(Math.min(start, to));
        }
    }

    private void addFree(long address, long size, long end) {
        if (address < 0 || address + size > end) {
            throw new IllegalArgumentException("block [" + address + ", " + (address + size) + ") is not inside allocated space (end " + end + ")");
        }
        Map.Entry<Long, Long> below = free.floorEntry(address);
        if (below != null && below.getKey() + below.getValue() > address) {
            throw new IllegalStateException("block [" + address + ", " + (address + size) + ") is freed twice (overlaps ["
                    + below.getKey() + ", " + (below.getKey() + below.getValue()) + "))");
        }
        Map.Entry<Long, Long> above = free.ceilingEntry(address);
        if (above != null && above.getKey() < address + size) {
            throw new IllegalStateException("block [" + address + ", " + (address + size) + ") is freed twice (overlaps ["
                    + above.getKey() + ", " + (above.getKey() + above.getValue()) + "))");
        }
        merge(free, address, size);
    }

    /**
     * While true, every block is allocated at the end, past all free space: how a writer moves
     * blocks out of a region it means to free whole.
     */
    public synchronized void allocateAtEnd(boolean atEnd) {
        this.atEnd = atEnd;
    }

    /** The free blocks usable now, address to size in address order. */
    public synchronized java.util.NavigableMap<Long, Long> freeBlocks() {
        return new TreeMap<>(free);
    }

    /** The free blocks usable now that last held raw data (each inside one of {@link #freeBlocks()}), address to size. */
    public synchronized java.util.NavigableMap<Long, Long> rawFreeBlocks() {
        return new TreeMap<>(rawFree);
    }

    /** Moves the end of allocation back over free space that ends it; returns the new end. */
    public synchronized long trimTail() {
        Map.Entry<Long, Long> last = free.lastEntry();
        if (last != null && last.getKey() + last.getValue() == end) {
            free.remove(last.getKey());
            cut(rawFree, last.getKey(), end);
            end = last.getKey();
        }
        return end;
    }

    /** The end of allocated space. */
    public synchronized long end() {
        return end;
    }

    /** Bytes usable again now (freed and not yet reused). */
    public synchronized long freeBytes() {
        long n = 0;
        for (long v : free.values()) n += v;
        return n;
    }

    /** Bytes handed out again from freed space so far. */
    public synchronized long reusedBytes() {
        return reused;
    }

    @Override
    public synchronized String toString() {
        return "FileSpace[end " + end + ", free " + free + ", released " + released.size() + "]";
    }
}
