package org.h5vds.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.h5vds.filter.FilterPipeline;
import org.h5vds.format.ChunkElementFormat;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.io.H5Exception;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;

/**
 * Writes a chunked dataset as its data arrives, without holding the dataset in memory: a new one,
 * or one already in the file, whose stored chunks (its <em>base</em> index as last committed) are
 * read back when written in part.
 *
 * <p>Chunks being filled live in a bounded cache (least recently used first out). A chunk whose
 * every element inside the maximum extent has been written is complete: it leaves the cache at
 * once and is encoded through the filter pipeline on the executor's threads, then written (see
 * {@link #store} for where: over its previous copy only where a crash cannot leave a chunk its
 * index describes wrongly). The bytes of chunks
 * handed to the executor and not yet written are bounded too: the writing thread waits when the
 * budget is spent, so memory stays bounded however fast data comes (backpressure). A chunk that
 * one write covers whole in one run of its values (a frame appended) skips the cache: unfiltered,
 * it is written from the caller's values; filtered, it is copied once and handed on at once, so
 * that the executor encodes and writes chunk k while the caller prepares chunk k+1. The chunk
 * arrays and the encoders' outputs are reused from chunk to chunk (see {@link SpareChunkArrays}
 * and {@link FilterPipeline#encodeReusing}).
 *
 * <p>A chunk pushed out of the cache before it is complete is written with the fill value in its
 * unwritten part, and which elements were written is remembered (within a budget), so writing to
 * it again reads it back, patches it and rewrites it. Partial chunks still cached are written by
 * {@link #flush()}; {@link #changes()} then says which chunks the index must point to anew, and
 * {@link #finish()} writes a new dataset's index ({@link ChunkIndexWriter}).
 *
 * <p>Shrinking the extent forgets the chunks now wholly outside it and resets the elements outside
 * the new extent of the chunks it cuts to the fill value, as libhdf5 does (H5D__chunk_prune_by_extent),
 * so growing the dataset again shows fill there.
 *
 * <p>A dataset of the implicit index (libhdf5's "none") has a place for every chunk of its maximum
 * grid in one block allocated early: its chunks are always written there, and shrinking frees
 * nothing. Growing it writes the fill value into each chunk newly inside the extent, as libhdf5
 * does (H5D__chunk_allocate fills the chunks beyond the old extent, unless the fill time is never),
 * since the block still holds whatever was there before.
 */
public final class ChunkedWriter implements LayoutWriter {
    /** Bytes of partially written chunks kept in memory. */
    public static final long DEFAULT_CACHE_BYTES = 32L << 20;
    /**
     * Bytes of complete chunks waiting to be encoded and written, by default: four chunks per
     * thread keep every core busy; 8 to 32 MiB whatever the chunk size (at least one chunk).
     */
    public static long defaultInFlightBytes(long chunkBytes, int threads) {
        return Math.max(chunkBytes, Math.min(32L << 20, Math.max(8L << 20, 4L * threads * chunkBytes)));
    }
    /** Bytes of remembered coverage bitmaps of partially written chunks that left the cache. */
    private static final long COVERAGE_BUDGET = 16L << 20;

    /**
     * A chunk in memory: its bytes and which of its elements were written, null when a write
     * covers all of them (a bitmap per chunk costs more than a frame's copy: 32 KiB for 512 KiB of
     * uint16).
     */
    private static final class OpenChunk {
        final ChunkKey key;
        final byte[] data;
        final BitSet written;
        /**
         * Whether the elements not written hold anything at all: a new chunk's array starts with
         * whatever a spare array held, and gets the fill value there only when it leaves the cache
         * ({@link #submit}), so that a chunk written whole, frame by frame, is never filled first.
         */
        boolean unfilled;

        OpenChunk(ChunkKey key, byte[] data, BitSet written) {
            this.key = key;
            this.data = data;
            this.written = written;
        }
    }

    /**
     * A chunk handed to the executor: its raw bytes stay readable until it is stored. Once stored,
     * its array goes back to the spare arrays unless the writing thread claimed it first (to go on
     * filling the chunk): whichever of the two claims first owns it.
     */
    private record InFlight(byte[] data, BitSet written, CompletableFuture<Void> done, AtomicBoolean claimed) {
        InFlight(byte[] data, BitSet written) {
            this(data, written, new CompletableFuture<>(), new AtomicBoolean());
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    private final RawSpace space;
    private final String name;
    private final long[] maxDims;
    private final long[] chunkDims;
    private final int[] chunkInts;
    private final int elementSize;
    private final int chunkBytes;
    private final int chunkElements;
    private final byte[] fillChunk; // null when the fill value is zero
    /** What shrinking puts into the parts of chunks it cuts: the fill value even when the fill time is never; null for zeros. */
    private byte[] cutFillChunk;
    private final FilterPipeline pipeline; // null without filters
    private final ChunkIndexType indexType;
    private final Executor executor;
    private final ChunkGrid grid;
    private final long cacheLimit;
    private final Semaphore budget;
    private final int budgetPermits;
    private long[] dims;

    /** Chunks written since the last commit (the committed index does not point to them yet). */
    private final Map<ChunkKey, ChunkLocation> stored = new ConcurrentHashMap<>();
    /** Chunks of the base index dropped since the last commit (shrinking). */
    private final Set<ChunkKey> removed = ConcurrentHashMap.newKeySet();
    /** The chunks as last committed, or null for a dataset never committed. */
    private volatile ChunkIndex base;
    /** The places of an implicit index's chunks (see the class comment), else null. */
    private final ImplicitChunkIndex places;
    /** Whether growing an implicit-indexed dataset fills the chunks newly inside its extent (not when the fill time is never). */
    private boolean fillGrown = true;
    private final Map<ChunkKey, InFlight> inFlight = new ConcurrentHashMap<>();
    private final LinkedHashMap<ChunkKey, OpenChunk> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<ChunkKey, BitSet> coverage = new HashMap<>();
    private long coverageBytes;
    private long cacheBytes;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean finished;
    private volatile boolean rebuild;
    private int offsetSize = 8;
    private int lengthSize = 8;

    /**
     * @param base        the chunks as stored (the committed index), or null for a new dataset
     * @param name        the dataset, for errors
     * @param dims        the current extent
     * @param maxDims     the maximum extent, {@link ChunkGeometry#UNLIMITED} where unlimited
     * @param fill        one element of fill value in the stored type, or null for zeros
     * @param pipeline    the filters, or null for none
     * @param executor    runs chunk encoding and writing
     * @param cacheBytes  the cache bound (at least one chunk is always allowed)
     * @param inFlightBytes bound of complete chunks waiting to be written (at least one chunk)
     */
    public ChunkedWriter(RawSpace space, ChunkIndex base, String name, long[] dims, long[] maxDims, long[] chunkDims, int elementSize,
                         byte[] fill, FilterPipeline pipeline, ChunkIndexType indexType, Executor executor, long cacheBytes,
                         long inFlightBytes) {
        this.space = space;
        this.base = base;
        this.places = base instanceof ImplicitChunkIndex i ? i : null;
        this.name = name;
        this.dims = dims.clone();
        this.maxDims = maxDims.clone();
        this.chunkDims = chunkDims.clone();
        this.chunkInts = new int[chunkDims.length];
        long bytes = elementSize;
        for (int i = 0; i < chunkDims.length; i++) {
            if (chunkDims[i] < 1 || chunkDims[i] > Integer.MAX_VALUE) throw new IllegalArgumentException("chunk dimension " + i + " is " + chunkDims[i]);
            chunkInts[i] = (int) chunkDims[i];
            bytes = Math.multiplyExact(bytes, chunkDims[i]);
        }
        if (bytes > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("chunks of " + bytes + " bytes exceed 2 GiB");
        this.elementSize = elementSize;
        this.chunkBytes = (int) bytes;
        this.chunkElements = chunkBytes / elementSize;
        this.fillChunk = fill == null || FillValue.of(fill, elementSize).isZero() ? null : repeat(fill, chunkBytes);
        this.cutFillChunk = fillChunk;
        this.pipeline = pipeline == null || pipeline.isEmpty() ? null : pipeline;
        this.indexType = indexType;
        this.executor = executor;
        this.grid = new ChunkGrid(chunkDims);
        this.cacheLimit = Math.max(cacheBytes, chunkBytes);
        this.budgetPermits = (int) Math.min(Integer.MAX_VALUE, Math.max(inFlightBytes, chunkBytes));
        this.budget = new Semaphore(budgetPermits);
    }

    /** A chunk-sized array with unspecified contents: a spare one ({@link SpareChunkArrays}) when there is one. */
    private byte[] array() {
        byte[] a = SpareChunkArrays.take(chunkBytes);
        return a != null ? a : new byte[chunkBytes];
    }

    private static byte[] repeat(byte[] element, int total) {
        byte[] b = new byte[total];
        for (int p = 0; p < total; p += element.length) System.arraycopy(element, 0, b, p, element.length);
        return b;
    }

    /** The index type of this dataset (chosen at creation for a new one); null for a stored dataset's other types. */
    public ChunkIndexType indexType() {
        return indexType;
    }

    /** Where a chunk was before the write at hand: {@code committed} when the committed index points to it. */
    private record Previous(ChunkLocation location, boolean committed) {
    }

    private Previous previous(ChunkKey key) {
        if (places != null) {
            // the chunk's place in the implicit index's block, written over whatever the extent was
            ChunkLocation at = places.place(key.scaled());
            if (at != null) return new Previous(at, true);
        }
        ChunkLocation s = stored.get(key);
        if (s != null) return new Previous(s, false);
        ChunkIndex b = base;
        if (b == null || removed.contains(key)) return null;
        ChunkLocation c = b.find(key.scaled());
        return c == null ? null : new Previous(c, true);
    }

    // ---- writing -------------------------------------------------------------------------------

    @Override
    public void write(ProductSelection selection, ByteBuffer values) {
        requireUsable();
        ByteBuffer data = values.slice();
        if (selection.isEmpty() || writeAlignedBox(selection, data)) return;
        long[] memShape = selection.sizes();
        SelectionPair pair = new SelectionPair(selection, Selection.box(new long[memShape.length], memShape));
        for (long[] scaled : grid.blocksTouching(selection)) {
            Box box = grid.box(scaled);
            SelectionPair sub = pair.restrictA(box);
            if (sub.a().isEmpty()) continue;
            long[] origin = box.start();
            ChunkKey key = new ChunkKey(scaled);
            boolean covered = sub.count() == chunkElements && !cache.containsKey(key);
            if (covered) {
                // the selection covers the whole chunk: when its elements sit in one run of the
                // values, that run is the chunk
                ByteBuffer whole = wholeChunkRun(sub, data, memShape, origin);
                if (whole != null) {
                    writeWhole(key, whole);
                    continue;
                }
            }
            OpenChunk c = covered ? openCovered(key) : open(key);
            BoxRuns runs = BoxRuns.of(sub, a -> grid.offsetInBlock(a, origin) * elementSize, elementSize,
                    b -> ContiguousWriter.linear(b, memShape) * elementSize, elementSize);
            if (runs != null) {
                // a frame's part of a tile: its rows by steps, not coordinates
                runs.forEach((at, from, elements) -> {
                    data.get(from, c.data, (int) at, elements * elementSize);
                    if (c.written != null) c.written.set((int) (at / elementSize), (int) (at / elementSize) + elements);
                });
            } else {
                sub.forEachRun((a, b, n) -> {
                    int at = (int) grid.offsetInBlock(a, origin);
                    long from = ContiguousWriter.linear(b, memShape);
                    data.get(Math.toIntExact(from * elementSize), c.data, at * elementSize, (int) (n * elementSize));
                    if (c.written != null) c.written.set(at, at + (int) n);
                });
            }
            if (isComplete(c)) {
                if (cache.remove(c.key) != null) cacheBytes -= chunkBytes;
                submit(c);
            }
        }
    }

    /**
     * The common write, of whole chunks each of which is one run of the values: a box aligned with
     * the chunk grid, whose chunks span it whole on every axis after the first along which a
     * chunk is longer than one element (a frame or a stack of frames appended with chunks of one
     * frame, a block of rows with chunks of whole rows). Its chunks are found by arithmetic and
     * written with {@link #writeWhole}, without the per-chunk selections the general path builds:
     * an append runs this once per frame, often before the JIT has compiled it, so the work per
     * call is kept to a few array operations. Returns false, having written nothing, for any other
     * write, or when a chunk of the box is partly written in the cache (the general path merges
     * it).
     */
    private boolean writeAlignedBox(ProductSelection selection, ByteBuffer data) {
        int rank = chunkDims.length;
        long[] start = new long[rank];
        long[] size = new long[rank];
        for (int d = 0; d < rank; d++) {
            DimSet axis = selection.axis(d);
            if (axis.intervalCount() != 1) return false;
            start[d] = axis.intervalStart(0);
            size[d] = axis.intervalEnd(0) - start[d];
        }
        return writeAlignedBox(start, size, data);
    }

    /**
     * Writes the box of {@code size} elements from {@code start} (inside the extent: the caller
     * checked) from {@code values}, its elements in C order, when it is aligned as for
     * {@link #write}'s common case; returns false, having written nothing, when it is not. An
     * append knows its box and skips building a selection.
     */
    public boolean writeBox(long[] start, long[] size, ByteBuffer values) {
        requireUsable();
        return writeAlignedBox(start, size, values.slice());
    }

    private boolean writeAlignedBox(long[] start, long[] size, ByteBuffer data) {
        int rank = chunkDims.length;
        long[] chunksPerAxis = new long[rank];
        boolean spread = false;
        for (int d = 0; d < rank; d++) {
            if (size[d] == 0) return true;
            if (start[d] % chunkDims[d] != 0 || size[d] % chunkDims[d] != 0) return false;
            if (spread && chunkDims[d] != size[d]) return false;
            spread |= chunkDims[d] > 1;
            chunksPerAxis[d] = size[d] / chunkDims[d];
        }
        long[] scaled = new long[rank];
        for (int d = 0; d < rank; d++) scaled[d] = start[d] / chunkDims[d];
        if (!cache.isEmpty()) {
            for (long[] k = Arrays.copyOf(scaled, scaled.length); k != null; k = nextChunk(k, scaled, chunksPerAxis)) {
                if (cache.containsKey(new ChunkKey(k))) return false;
            }
        }
        long[] inBox = new long[rank];
        for (long[] k = Arrays.copyOf(scaled, scaled.length); k != null; k = nextChunk(k, scaled, chunksPerAxis)) {
            for (int d = 0; d < rank; d++) inBox[d] = k[d] * chunkDims[d] - start[d];
            long from = ContiguousWriter.linear(inBox, size);
            writeWhole(new ChunkKey(k), data.slice(Math.toIntExact(from * elementSize), chunkBytes));
        }
        return true;
    }

    /** The chunk after {@code k} in C order among the {@code counts} chunks from {@code first}, or null after the last (updates {@code k}). */
    private static long[] nextChunk(long[] k, long[] first, long[] counts) {
        for (int d = k.length - 1; d >= 0; d--) {
            if (++k[d] < first[d] + counts[d]) return k;
            k[d] = first[d];
        }
        return null;
    }

    /** The values of a whole chunk when they form one run in chunk order, else null. */
    private ByteBuffer wholeChunkRun(SelectionPair sub, ByteBuffer data, long[] memShape, long[] origin) {
        // the common case at once (a frame appended, a block of rows): both sides boxes, so
        // element k of the whole chunk pairs with element k of a box of the values in row-major order
        if (sub.a() instanceof ProductSelection && sub.b() instanceof ProductSelection pb) {
            long from = oneRunStart(pb, memShape);
            if (from >= 0) return data.slice(Math.toIntExact(from * elementSize), chunkBytes);
        }
        long[] next = {0, -1}; // next offset in the chunk, offset in the values where the run began
        boolean[] oneRun = {true};
        sub.forEachRun((a, b, n) -> {
            if (!oneRun[0]) return;
            long at = grid.offsetInBlock(a, origin);
            long from = ContiguousWriter.linear(b, memShape);
            if (next[0] == 0) next[1] = from;
            if (at != next[0] || from != next[1] + at) oneRun[0] = false;
            next[0] = at + n;
        });
        if (!oneRun[0] || next[0] != chunkElements) return null;
        return data.slice(Math.toIntExact(next[1] * elementSize), chunkBytes);
    }

    /**
     * Where {@code box} starts in the dense C-order array of {@code shape} when its elements are one
     * run there (every axis one interval; after the first axis of more than one member, each
     * axis whole), else -1.
     */
    private static long oneRunStart(ProductSelection box, long[] shape) {
        long start = 0;
        boolean spread = false;
        for (int i = 0; i < shape.length; i++) {
            DimSet axis = box.axis(i);
            if (axis.intervalCount() != 1) return -1;
            long first = axis.intervalStart(0);
            long length = axis.intervalEnd(0) - first;
            if (spread && (first != 0 || length != shape[i])) return -1;
            spread |= length > 1;
            start = start * shape[i] + first;
        }
        return start;
    }

    /**
     * Writes a whole chunk whose values are one run. Unfiltered, it is written straight from the
     * caller's values in the caller's thread, as libhdf5 does: no copy, and no work for another
     * thread. (Handing it to the executor after one copy was tried: it halves the caller's CPU
     * time per 512 KiB frame, but on 2 cores it was 8-20% slower when they were not busy with
     * other work, and faster only when they were.) Filtered, it is copied once into a spare array
     * and handed to the executor, which encodes and writes it while the caller goes on to the
     * next chunk; the values may change once write() returns, so nothing may hold them.
     */
    private void writeWhole(ChunkKey key, ByteBuffer values) {
        if (pipeline == null) {
            InFlight earlier = inFlight.get(key);
            if (earlier != null) earlier.done().join();
            requireUsable();
            forgetCoverage(key);
            store(key, values, previous(key));
            return;
        }
        OpenChunk c = openCovered(key);
        values.duplicate().get(c.data, 0, chunkBytes);
        submit(c);
    }

    /**
     * A chunk the write at hand covers entirely: what was in it does not matter, so nothing is read
     * back and its array is not filled. A write of it still under way finishes first, so that the
     * two stores of the chunk cannot overtake one another.
     */
    private OpenChunk openCovered(ChunkKey key) {
        InFlight f = inFlight.get(key);
        if (f != null) f.done().join();
        requireUsable();
        forgetCoverage(key);
        return new OpenChunk(key, array(), null);
    }

    /** Elements of the chunk inside the maximum extent: what must be written for it to be complete. */
    private long needed(ChunkKey key) {
        long n = 1;
        for (int d = 0; d < chunkDims.length; d++) {
            long start = key.at(d) * chunkDims[d];
            long len = maxDims[d] == ChunkGeometry.UNLIMITED ? chunkDims[d] : Math.min(chunkDims[d], maxDims[d] - start);
            n *= len;
        }
        return n;
    }

    private boolean isComplete(OpenChunk c) {
        return c.written == null || c.written.cardinality() >= needed(c.key);
    }

    /** The chunk in memory, read back or started from the fill value when not cached. */
    private OpenChunk open(ChunkKey key) {
        OpenChunk c = cache.get(key);
        if (c != null) return c;
        makeRoom();
        c = load(key);
        cache.put(key, c);
        cacheBytes += chunkBytes;
        return c;
    }

    private void makeRoom() {
        while (!cache.isEmpty() && cacheBytes + chunkBytes > cacheLimit) {
            OpenChunk eldest = cache.values().iterator().next();
            cache.remove(eldest.key);
            cacheBytes -= chunkBytes;
            submit(eldest);
        }
    }

    private OpenChunk load(ChunkKey key) {
        InFlight f = inFlight.get(key);
        if (f != null) {
            boolean mine = f.claim();
            f.done().join();
            requireUsable();
            if (mine) {
                forgetCoverage(key);
                BitSet written = f.written();
                if (written == null) {
                    written = new BitSet(chunkElements);
                    written.set(0, chunkElements);
                }
                return new OpenChunk(key, f.data(), written);
            }
            // its array went back to the spares: it is stored by now, and read back below
        }
        Previous p = previous(key);
        if (p == null) {
            OpenChunk c = new OpenChunk(key, array(), new BitSet(chunkElements));
            c.unfilled = true;
            return c;
        }
        ChunkLocation loc = p.location();
        byte[] raw = readBack(loc);
        BitSet written = forgetCoverage(key);
        return new OpenChunk(key, raw, written != null ? written : fullCoverage(key));
    }

    private byte[] readBack(ChunkLocation loc) {
        if (loc.storedSize() < 0 || loc.storedSize() > Integer.MAX_VALUE - 16 || (pipeline == null && loc.storedSize() != chunkBytes)) {
            throw new H5Exception(name + ": chunk at address " + loc.address() + " has " + loc.storedSize() + " stored bytes"
                    + (pipeline == null ? ", not the " + chunkBytes + " of an unfiltered chunk" : ""));
        }
        if (pipeline == null) {
            byte[] raw = array();
            space.read(loc.address(), ByteBuffer.wrap(raw));
            return raw;
        }
        ByteBuffer b = ByteBuffer.allocate((int) loc.storedSize());
        space.read(loc.address(), b);
        b.flip();
        byte[] raw = array();
        pipeline.decodeInto(b, loc.filterMask(), chunkBytes, space.fileName(), loc.address(), raw, 0);
        return raw;
    }

    private BitSet forgetCoverage(ChunkKey key) {
        BitSet b = coverage.remove(key);
        if (b != null) coverageBytes -= b.size() / 8;
        return b;
    }

    /** Coverage of a chunk stored complete: every element inside the maximum extent. */
    private BitSet fullCoverage(ChunkKey key) {
        BitSet b = new BitSet(chunkElements);
        Box inside = insideMax(key);
        long[] origin = grid.box(key.scaled()).start();
        Selection.box(inside).forEachRun((start, n) -> {
            int at = (int) grid.offsetInBlock(start, origin);
            b.set(at, at + (int) n);
        });
        return b;
    }

    private Box insideMax(ChunkKey key) {
        long[] start = grid.box(key.scaled()).start();
        long[] count = new long[start.length];
        for (int d = 0; d < count.length; d++) {
            count[d] = maxDims[d] == ChunkGeometry.UNLIMITED ? chunkDims[d] : Math.min(chunkDims[d], maxDims[d] - start[d]);
        }
        return new Box(start, count);
    }

    /** Hands a chunk to the executor; waits while the in-flight budget is spent. */
    private void submit(OpenChunk c) {
        requireUsable();
        if (c.unfilled) fillUnwritten(c);
        boolean complete = isComplete(c);
        if (!complete && coverageBytes + c.written.size() / 8 <= COVERAGE_BUDGET) {
            coverage.put(c.key, c.written);
            coverageBytes += c.written.size() / 8;
        }
        budget.acquireUninterruptibly(chunkBytes);
        Previous previous = previous(c.key);
        InFlight f = new InFlight(c.data, c.written);
        inFlight.put(c.key, f);
        try {
            executor.execute(() -> {
                try {
                    store(c.key, ByteBuffer.wrap(c.data), previous);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    // the array is spare before the budget lets the writing thread ask for one
                    if (f.claim()) SpareChunkArrays.give(c.data);
                    inFlight.remove(c.key, f);
                    budget.release(chunkBytes);
                    f.done().complete(null);
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(c.key, f);
            budget.release(chunkBytes);
            f.done().complete(null);
            failure.compareAndSet(null, e);
            throw failed();
        }
    }

    /**
     * Encodes and writes one chunk (on an executor thread). A chunk the committed index points to
     * is overwritten in place only without filters, where its size cannot change and a crash
     * leaves old and new elements mixed but every chunk readable; a filtered one goes to new space
     * and its old copy is released for reuse after the next commit. A chunk written since the last
     * commit is rewritten where it is when it fits (nothing committed points to it).
     */
    private void store(ChunkKey key, ByteBuffer raw, Previous previous) {
        if (pipeline == null) {
            place(key, raw.duplicate(), 0, previous);
        } else {
            // the encoded bytes are this thread's scratch, written out below before it encodes again
            FilterPipeline.Encoded e = pipeline.encodeReusing(raw.duplicate());
            place(key, e.bytes(), e.filterMask(), previous);
        }
    }

    /** Puts a chunk's stored bytes ({@code out}'s remaining bytes, filters applied but those {@code mask} skips) in the file. */
    private void place(ChunkKey key, ByteBuffer out, int mask, Previous previous) {
        long size = out.remaining();
        long address;
        if (previous == null) {
            address = space.allocate(size);
        } else {
            ChunkLocation old = previous.location();
            if (previous.committed()) {
                if (pipeline == null && old.storedSize() == size) {
                    address = old.address();
                } else {
                    address = space.allocate(size);
                    space.release(old.address(), old.storedSize());
                }
            } else if (old.storedSize() >= size) {
                address = old.address();
                space.discard(old.address() + size, old.storedSize() - size);
            } else {
                address = space.allocate(size);
                space.discard(old.address(), old.storedSize());
            }
        }
        space.write(address, out);
        stored.put(key, new ChunkLocation(address, size, mask));
    }

    /**
     * Stores {@code bytes} as they are as the chunk at {@code scaled} (h5py's
     * {@code id.write_direct_chunk}): filters are not applied, {@code filterMask} says which of
     * them the bytes skipped (bit i: filter i), and reading decodes them as libhdf5 does. A partial
     * write of that chunk still in memory is dropped: the stored chunk replaces all of it. The
     * caller has checked that the chunk lies inside the current extent.
     *
     * @throws IllegalArgumentException when the bytes cannot be this dataset's chunk: not exactly a
     *                                  chunk's size without filters, none, or more than the chunk
     *                                  index can record
     */
    public void writeStored(long[] scaled, ByteBuffer bytes, int filterMask) {
        requireUsable();
        long size = bytes.remaining();
        if (pipeline == null) {
            if (size != chunkBytes) {
                throw new IllegalArgumentException(name + ": a chunk without filters is stored as its " + chunkBytes + " bytes, not " + size);
            }
            if (filterMask != 0) throw new IllegalArgumentException(name + ": filter mask " + filterMask + " for a dataset without filters");
        } else if (size == 0) {
            throw new IllegalArgumentException(name + ": a stored chunk has at least one byte");
        } else if (pipeline.skipsAll(filterMask) && size != chunkBytes) {
            throw new IllegalArgumentException(name + ": a chunk whose filter mask skips every filter is stored as its " + chunkBytes
                    + " bytes, not " + size);
        } else if (size > ChunkElementFormat.largestChunkSize(chunkBytes)) {
            throw new IllegalArgumentException(name + ": a stored chunk of " + size + " bytes is more than the chunk index records for chunks of "
                    + chunkBytes + " bytes (at most " + ChunkElementFormat.largestChunkSize(chunkBytes) + ")");
        }
        ChunkKey key = new ChunkKey(scaled);
        OpenChunk open = cache.remove(key);
        if (open != null) cacheBytes -= chunkBytes;
        InFlight earlier = inFlight.get(key);
        if (earlier != null) earlier.done().join();
        requireUsable();
        forgetCoverage(key);
        place(key, bytes.duplicate(), filterMask, previous(key));
        if (open != null) SpareChunkArrays.give(open.data);
    }

    // ---- extent --------------------------------------------------------------------------------

    /**
     * For a dataset whose fill time is never (the writer's fill is then zeros, what libhdf5
     * returns for storage never written): growing an implicit-indexed one leaves its new chunks as
     * they are, and shrinking still puts the fill value into the parts of chunks it cuts, as libhdf5
     * does (H5D__chunk_prune_fill does not look at the fill time).
     *
     * @param fill one element of the fill value in the stored type, or null for zeros
     * @return this writer
     */
    public ChunkedWriter fillTimeNever(byte[] fill) {
        fillGrown = false;
        cutFillChunk = fill == null || FillValue.of(fill, elementSize).isZero() ? null : repeat(fill, chunkBytes);
        return this;
    }

    @Override
    public void resize(long[] newDims) {
        requireUsable();
        boolean shrinks = false;
        for (int d = 0; d < dims.length; d++) shrinks |= newDims[d] < dims[d];
        long[] old = dims;
        dims = Arrays.copyOf(newDims, newDims.length);
        if (shrinks) prune();
        if (places != null && fillGrown) fillGrown(old);
    }

    /**
     * Writes the fill value into every chunk of an implicit index inside the extent and wholly
     * outside {@code old}, the extent before (H5D__chunk_allocate's chunks beyond the old one).
     */
    private void fillGrown(long[] old) {
        int rank = dims.length;
        long[] first = new long[rank]; // the first chunk along each axis wholly outside the old extent
        long[] count = new long[rank]; // chunks along each axis inside the new extent
        for (int d = 0; d < rank; d++) {
            first[d] = (old[d] + chunkDims[d] - 1) / chunkDims[d];
            count[d] = (dims[d] + chunkDims[d] - 1) / chunkDims[d];
            if (count[d] == 0) return;
        }
        ByteBuffer fill = null;
        long[] k = new long[rank];
        while (true) {
            boolean beyond = false;
            for (int d = 0; d < rank; d++) beyond |= k[d] >= first[d];
            if (beyond) {
                if (fill == null) fill = ByteBuffer.wrap(fillChunk != null ? fillChunk : new byte[chunkBytes]);
                ChunkKey key = new ChunkKey(k.clone());
                if (cache.remove(key) != null) cacheBytes -= chunkBytes;
                writeWhole(key, fill.duplicate());
            }
            int d = rank - 1;
            while (d >= 0 && ++k[d] == count[d]) k[d--] = 0;
            if (d < 0) return;
        }
    }

    private boolean outside(ChunkKey key) {
        for (int d = 0; d < dims.length; d++) if (key.at(d) * chunkDims[d] >= dims[d]) return true;
        return false;
    }

    private boolean straddles(ChunkKey key) {
        for (int d = 0; d < dims.length; d++) if ((key.at(d) + 1) * chunkDims[d] > dims[d]) return true;
        return false;
    }

    private void prune() {
        // with nothing in flight, every chunk is either stored, cached or in the base index: none slips between them
        awaitAll();
        requireUsable();
        Set<ChunkKey> known = new HashSet<>(stored.keySet());
        known.addAll(cache.keySet());
        ChunkIndex b = base;
        if (b != null) b.forEach((scaled, loc) -> {
            ChunkKey k = new ChunkKey(scaled);
            if (!removed.contains(k)) known.add(k);
        });
        for (ChunkKey key : known) {
            if (outside(key)) {
                InFlight f = inFlight.get(key);
                if (f != null) f.done().join();   // a chunk the loop pushed out of the cache
                requireUsable();
                if (cache.remove(key) != null) cacheBytes -= chunkBytes;
                if (places != null) {
                    // an implicit index's chunk keeps its place (and bytes): growing fills it again
                    forgetCoverage(key);
                    continue;
                }
                ChunkLocation mine = stored.remove(key);
                ChunkLocation committed = b == null || removed.contains(key) ? null : b.find(key.scaled());
                // a chunk rewritten since the commit is either over its committed copy (unfiltered,
                // same size) or in fresh space, which nothing committed points to; in the second
                // case store() or relocate() released the committed copy when they moved it, so it
                // is released here only when nothing did before (else its space is given back twice)
                boolean fresh = mine != null && (committed == null || committed.address() != mine.address());
                if (fresh) space.discard(mine.address(), mine.storedSize());
                if (committed != null) {
                    removed.add(key);
                    if (!fresh) space.release(committed.address(), committed.storedSize());
                }
                forgetCoverage(key);
            } else if (straddles(key)) {
                resetOutsideExtent(open(key));
            }
        }
    }

    /** Gives the elements of a new chunk that no write reached the fill value. */
    private void fillUnwritten(OpenChunk c) {
        for (int from = c.written.nextClearBit(0); from < chunkElements; ) {
            int to = c.written.nextSetBit(from);
            if (to < 0) to = chunkElements;
            if (fillChunk == null) {
                java.util.Arrays.fill(c.data, from * elementSize, to * elementSize, (byte) 0);
            } else {
                System.arraycopy(fillChunk, from * elementSize, c.data, from * elementSize, (to - from) * elementSize);
            }
            from = to < chunkElements ? c.written.nextClearBit(to) : chunkElements;
        }
        c.unfilled = false;
    }

    /** Puts the fill value back into the elements of a chunk beyond the current extent. */
    private void resetOutsideExtent(OpenChunk c) {
        Box box = grid.box(c.key.scaled());
        long[] origin = box.start();
        int last = dims.length - 1;
        Selection.box(box).forEachRun((start, n) -> {
            boolean rowOutside = false;
            for (int d = 0; d < last; d++) rowOutside |= start[d] >= dims[d];
            long first = rowOutside ? start[last] : Math.max(start[last], dims[last]);
            long end = start[last] + n;
            if (first >= end) return;
            long[] at = start.clone();
            at[last] = first;
            int off = (int) grid.offsetInBlock(at, origin);
            int len = (int) (end - first);
            if (cutFillChunk == null) {
                java.util.Arrays.fill(c.data, off * elementSize, (off + len) * elementSize, (byte) 0);
            } else {
                System.arraycopy(cutFillChunk, off * elementSize, c.data, off * elementSize, len * elementSize);
            }
            c.written.clear(off, off + len);
        });
    }

    // ---- finishing -----------------------------------------------------------------------------

    /** Writes every chunk still in memory and waits for the writes under way; the writer stays usable. */
    public void flush() {
        requireUsable();
        List<OpenChunk> rest = new ArrayList<>(cache.values());
        cache.clear();
        cacheBytes = 0;
        for (OpenChunk c : rest) submit(c);
        awaitAll();
        requireUsable();
    }

    /**
     * What the index must say after a {@link #flush()}: each chunk written since the last commit
     * at its (new) location, and the chunks dropped (null values).
     */
    public Map<long[], ChunkLocation> changes() {
        Map<long[], ChunkLocation> out = new java.util.LinkedHashMap<>();
        for (ChunkKey k : removed) if (!stored.containsKey(k)) out.put(k.scaled(), null);
        stored.forEach((k, v) -> out.put(k.scaled(), v));
        return out;
    }

    /** The chunks as they are now (after a {@link #flush()}), committed or not: what a reader of this dataset looks up. */
    public ChunkIndex view() {
        return new ChunkIndex() {
            @Override
            public ChunkLocation find(long[] scaled) {
                ChunkKey k = new ChunkKey(scaled);
                if (places != null) return places.place(scaled);
                ChunkLocation s = stored.get(k);
                if (s != null) return s;
                ChunkIndex b = base;
                return b == null || removed.contains(k) ? null : b.find(scaled);
            }

            @Override
            public void forEach(Visitor visitor) {
                ChunkIndex b = base;
                if (b != null) {
                    b.forEach((scaled, loc) -> {
                        ChunkKey k = new ChunkKey(scaled);
                        if (!stored.containsKey(k) && !removed.contains(k)) visitor.chunk(scaled, loc);
                    });
                }
                stored.forEach((k, v) -> visitor.chunk(k.scaled(), v));
            }
        };
    }

    /**
     * Moves a committed chunk to a block allocated now, its bytes as they are, and releases the
     * old copy: how a writer compacts a file. A chunk written since the last commit stays.
     */
    public void relocate(long[] scaled) {
        requireUsable();
        ChunkKey key = new ChunkKey(scaled);
        if (stored.containsKey(key) || cache.containsKey(key) || inFlight.containsKey(key)) return;
        ChunkIndex b = base;
        ChunkLocation old = b == null || removed.contains(key) ? null : b.find(scaled);
        if (old == null) return;
        long size = old.storedSize();
        long at = space.allocate(size);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, 1 << 20));
        for (long done = 0; done < size; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - done));
            space.read(old.address() + done, buffer);
            buffer.flip();
            space.write(at + done, buffer);
            done += buffer.limit();
        }
        stored.put(key, new ChunkLocation(at, size, old.filterMask()));
        space.release(old.address(), size);
        rebuildIndex();
    }

    /** Asks the next commit to write the chunk index anew, changed or not (to move it). */
    public void rebuildIndex() {
        rebuild = true;
    }

    /** Whether the next commit must write the chunk index anew. */
    public boolean indexRebuildAsked() {
        return rebuild;
    }

    /** The chunk index as last committed (the one the writer started from, or the last {@link #committed} one); null for a dataset never committed. */
    public ChunkIndex committedIndex() {
        return base;
    }

    /** The changes are committed: {@code newBase} (the index as now stored) is what the file points to. */
    public void committed(ChunkIndex newBase) {
        base = newBase;
        stored.clear();
        removed.clear();
        rebuild = false;
    }

    /** Flushes and writes a new dataset's index; returns its Data Layout message (version 4). */
    @Override
    public DataLayoutMessage finish() {
        flush();
        finished = true;
        ChunkGeometry geometry = new ChunkGeometry(dims, maxDims, chunkInts, elementSize);
        return ChunkIndexWriter.write(space, indexType, geometry, pipeline != null, view(), offsetSize, lengthSize);
    }

    /** Sizes of offsets and lengths of the file, for the index {@link #finish()} writes. */
    public ChunkedWriter sizes(int offsetSize, int lengthSize) {
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
        return this;
    }

    public long[] dims() {
        return Arrays.copyOf(dims, dims.length);
    }

    private void awaitAll() {
        for (InFlight f : new ArrayList<>(inFlight.values())) f.done().join();
        budget.acquireUninterruptibly(budgetPermits);
        budget.release(budgetPermits);
    }

    @Override
    public void abandon() {
        failure.compareAndSet(null, new H5Exception(name + ": the file is being abandoned"));
        cache.clear();
        awaitAll();
    }

    private void requireUsable() {
        if (failure.get() != null) throw failed();
        if (finished) throw new IllegalStateException(name + ": the dataset's storage is already finished");
    }

    private H5Exception failed() {
        Throwable t = failure.get();
        String detail = t instanceof H5Exception || t instanceof java.io.UncheckedIOException ? t.getMessage() : t.toString();
        return new H5Exception(name + ": writing a chunk failed, so the file cannot be completed: " + detail, t);
    }
}
