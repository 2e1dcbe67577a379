package org.h5vds.io;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * A {@link Store} over a remote object (S3, HTTP) read by ranged GETs.
 *
 * <ul>
 *   <li>Opening fetches the first {@link RemoteSettings#firstRead()} bytes in one request: HDF5
 *       metadata sits at the front of a file, so most files are described by it (libhdf5 2.0's
 *       ros3 driver caches 16 MiB the same way); the answer also gives the object's size and
 *       version (ETag).</li>
 *   <li>Bytes are fetched and cached in blocks of {@link RemoteSettings#blockSize()} in the
 *       provider's bounded {@link BlockCache}; a read fetches the blocks it lacks, adjacent ones in
 *       one request of at most {@link RemoteSettings#maxRequest()} bytes.</li>
 *   <li>{@link #prefetch} starts fetching the blocks of many ranges at once (the chunks of one
 *       read), coalesced the same way, on the provider's threads, at most
 *       {@link RemoteSettings#concurrency()} requests at a time; reads then wait for their blocks.</li>
 *   <li>Every request after the first carries the version seen at opening, and an answer of
 *       another version fails the read: a file replaced while open is an error, never a mix of
 *       two files.</li>
 * </ul>
 * Thread-safe without a lock around requests: two readers of one block share one request.
 */
final class RemoteStore implements Store {
    private final RangeSource source;
    private final RemoteIo io;
    private final BlockCache cache;
    private final long object;
    private final int blockSize;
    private final int blocksPerRequest;
    private final long size;
    private final String version;
    private volatile boolean closed;

    private RemoteStore(RangeSource source, RemoteIo io, long size, String version) {
        this.source = source;
        this.io = io;
        this.cache = io.cache();
        this.object = cache.newObject();
        this.blockSize = io.settings().blockSize();
        this.blocksPerRequest = Math.max(1, io.settings().maxRequest() / blockSize);
        this.size = size;
        this.version = version;
    }

    /**
     * Opens the object with its first, large read.
     *
     * @throws NoSuchFileException when there is no object at the location
     */
    static RemoteStore open(RangeSource source, RemoteIo io) {
        RemoteSettings s = io.settings();
        int blocks = Math.max(1, (s.firstRead() + s.blockSize() - 1) / s.blockSize());
        int first = (int) Math.min(Integer.MAX_VALUE - 16L, (long) blocks * s.blockSize());
        RangeSource.Fetched f = io.fetch(source, 0, first, null);
        RemoteStore store = new RemoteStore(source, io, f.objectSize(), f.version());
        store.keep(0, f.bytes());
        return store;
    }

    @Override
    public String location() {
        return source.location();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void read(long position, ByteBuffer dst, String what) {
        int wanted = dst.remaining();
        checkRange(position, wanted, what);
        if (wanted == 0) return;
        if (closed) throw new H5Exception(location() + ": file is closed");
        long first = position / blockSize;
        long last = (position + wanted - 1) / blockSize;
        BlockCache.Slot[] slots = new BlockCache.Slot[(int) (last - first + 1)];
        long b = first;
        while (b <= last) {
            BlockCache.Slot s = cache.get(key(b));
            if (s != null) {
                slots[(int) (b - first)] = s;
                b++;
                continue;
            }
            List<BlockCache.Slot> run = claimRun(b, last);
            if (run.isEmpty()) continue; // another reader claimed it just now: look it up again
            fetchRun(b, run);
            for (BlockCache.Slot c : run) slots[(int) (b++ - first)] = c;
        }
        long pos = position;
        for (int k = 0; k < slots.length; k++) {
            byte[] block = await(slots[k]);
            long blockStart = (first + k) * blockSize;
            int from = (int) (pos - blockStart);
            int n = Math.min(dst.remaining(), block.length - from);
            if (n <= 0) {
                throw new H5FormatException(location(), pos, what + ": block " + (first + k) + " holds " + block.length + " bytes, short of byte " + pos);
            }
            dst.put(block, from, n);
            pos += n;
        }
    }

    /** Starts fetching the blocks of the ranges {@code [positions[i], positions[i] + lengths[i])} that are not cached yet. */
    @Override
    public void prefetch(long[] positions, long[] lengths) {
        if (closed || positions.length == 0) return;
        long[] blocks = blocksOf(positions, lengths);
        int i = 0;
        while (i < blocks.length) {
            long start = blocks[i];
            List<BlockCache.Slot> run = new ArrayList<>();
            while (i < blocks.length && blocks[i] == start + run.size() && run.size() < blocksPerRequest) {
                BlockCache.Slot s = cache.get(key(blocks[i])) == null ? cache.claim(key(blocks[i])) : null;
                if (s == null) break;
                run.add(s);
                i++;
            }
            if (run.isEmpty()) {
                i++;
                continue;
            }
            io.submit(() -> {
                try {
                    fetchRun(start, run);
                } catch (RuntimeException e) {
                    // the readers waiting on these blocks see the failure
                }
            });
        }
    }

    /** A third of the cache: what one read may have prefetched and not yet consumed, so that prefetched blocks are not evicted before use. */
    @Override
    public long prefetchWindow() {
        return io.settings().cacheBytes() / 3;
    }

    private long[] blocksOf(long[] positions, long[] lengths) {
        long count = 0;
        for (int k = 0; k < positions.length; k++) {
            if (lengths[k] <= 0 || positions[k] < 0 || positions[k] >= size) continue;
            count += (Math.min(size, positions[k] + lengths[k]) - 1) / blockSize - positions[k] / blockSize + 1;
        }
        long[] out = new long[(int) Math.min(count, Integer.MAX_VALUE - 16)];
        int n = 0;
        for (int k = 0; k < positions.length && n < out.length; k++) {
            if (lengths[k] <= 0 || positions[k] < 0 || positions[k] >= size) continue;
            long last = (Math.min(size, positions[k] + lengths[k]) - 1) / blockSize;
            for (long b = positions[k] / blockSize; b <= last && n < out.length; b++) out[n++] = b;
        }
        Arrays.sort(out, 0, n);
        int unique = 0;
        for (int k = 0; k < n; k++) if (unique == 0 || out[unique - 1] != out[k]) out[unique++] = out[k];
        return Arrays.copyOf(out, unique);
    }

    /** Claims the blocks from {@code b} on that nobody has, up to {@code last} and one request's worth. */
    private List<BlockCache.Slot> claimRun(long b, long last) {
        List<BlockCache.Slot> run = new ArrayList<>();
        for (long k = b; k <= last && run.size() < blocksPerRequest; k++) {
            BlockCache.Slot s = cache.claim(key(k));
            if (s == null) break;
            run.add(s);
        }
        return run;
    }

    /** Fetches the claimed blocks {@code start ...} in one request and fills them (or fails them all). */
    private void fetchRun(long start, List<BlockCache.Slot> run) {
        try {
            if (closed) throw new H5Exception(location() + ": file is closed");
            long from = start * blockSize;
            int length = (int) Math.min((long) run.size() * blockSize, size - from);
            RangeSource.Fetched f = io.fetch(source, from, length, version);
            if (f.bytes().length < length) {
                throw new H5Exception(location() + ": the server sent " + f.bytes().length + " of the " + length + " bytes asked for at " + from
                        + " (object of " + size + " bytes)");
            }
            for (int k = 0; k < run.size(); k++) {
                int off = k * blockSize;
                int n = Math.min(blockSize, length - off);
                cache.fill(key(start + k), run.get(k), Arrays.copyOfRange(f.bytes(), off, off + n));
            }
        } catch (RuntimeException e) {
            for (int k = 0; k < run.size(); k++) cache.fail(key(start + k), run.get(k), e);
            throw e;
        }
    }

    /** Caches the blocks of bytes fetched at {@code position} (a multiple of the block size). */
    private void keep(long position, byte[] bytes) {
        for (int off = 0; off < bytes.length; off += blockSize) {
            BlockCache.Key k = key((position + off) / blockSize);
            BlockCache.Slot s = cache.claim(k);
            if (s == null) continue;
            int n = Math.min(blockSize, bytes.length - off);
            // a block cut short by the first read's end (not the object's) is not kept
            if (n < blockSize && position + off + n < size) {
                cache.fail(k, s, new IllegalStateException("partial block"));
                continue;
            }
            cache.fill(k, s, Arrays.copyOfRange(bytes, off, off + n));
        }
    }

    private byte[] await(BlockCache.Slot slot) {
        try {
            return slot.bytes.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof H5Exception h) throw h; // as the reader that made the request saw it
            throw new H5Exception(location() + ": read failed: " + e.getCause(), e.getCause());
        }
    }

    private BlockCache.Key key(long block) {
        return new BlockCache.Key(object, block);
    }

    @Override
    public void close() {
        closed = true;
        cache.drop(object);
    }

    @Override
    public String toString() {
        return "RemoteStore[" + location() + ", " + size + " bytes, version " + version + "]";
    }
}
