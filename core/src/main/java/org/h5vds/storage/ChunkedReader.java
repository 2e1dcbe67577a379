package org.h5vds.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.filter.FilterPipeline;
import org.h5vds.format.FileContext;
import org.h5vds.io.ScratchBuffers;
import org.h5vds.io.H5FormatException;
import org.h5vds.select.Box;
import org.h5vds.select.Points;
import org.h5vds.select.SelectionPair;

/**
 * Reads a chunked dataset: each chunk the selection touches is one piece of parallel work that
 * locates the chunk through the index, reads it with one positional read, decodes it through the
 * filter pipeline (no lock held) and copies its selected runs straight into the target.
 * Unallocated chunks read as the fill value.
 */
public final class ChunkedReader implements LayoutReader {
    /** Decodes a stored chunk; the filter pipeline of the dataset. */
    public interface ChunkDecoder {
        /** Decodes {@code stored} into exactly {@code out[outOffset, outOffset + expectedSize)}. */
        void decodeInto(ByteBuffer stored, int filterMask, int expectedSize, long address, byte[] out, int outOffset);

        /**
         * Decodes {@code stored} into a new buffer of {@code expectedSize} bytes, allocated only after
         * the filters have checked that the stored bytes can yield that many.
         */
        ByteBuffer decode(ByteBuffer stored, int filterMask, int expectedSize, long address);

        /** The decoder of a filter pipeline; {@code base} is the file's base address, for error offsets. */
        static ChunkDecoder of(FilterPipeline pipeline, String fileName, long base) {
            return new ChunkDecoder() {
                @Override
                public void decodeInto(ByteBuffer stored, int filterMask, int expectedSize, long address, byte[] out, int outOffset) {
                    pipeline.decodeInto(stored, filterMask, expectedSize, fileName, base + address, out, outOffset);
                }

                @Override
                public ByteBuffer decode(ByteBuffer stored, int filterMask, int expectedSize, long address) {
                    return pipeline.decode(stored, filterMask, expectedSize, fileName, base + address);
                }
            };
        }
    }

    /** Joined runs shorter than this on average come from one read of the whole chunk instead. */
    private static final long STRAIGHT_READ_MIN_BYTES = 16 << 10;

    private final FileContext file;
    private final ChunkIndex index;
    private final long[] dims;
    private final long[] chunkDims;
    private final int elementSize;
    private final int chunkBytes;
    private final ChunkDecoder decoder; // null when the dataset has no filters
    private final FillValue fill;
    private final ChunkGrid grid;
    private final boolean unfilteredEdges;
    private final SequentialReadAhead ahead; // null unless frame loops over this dataset's chunks decode ahead

    public ChunkedReader(FileContext file, ChunkIndex index, long[] dims, long[] chunkDims, int elementSize,
                         ChunkDecoder decoder, FillValue fill) {
        this(file, index, dims, chunkDims, elementSize, decoder, fill, false);
    }

    /**
     * @param unfilteredEdges the layout's H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS flag: chunks that
     *                        reach past the dataset's current extent are stored without the filters
     */
    public ChunkedReader(FileContext file, ChunkIndex index, long[] dims, long[] chunkDims, int elementSize,
                         ChunkDecoder decoder, FillValue fill, boolean unfilteredEdges) {
        this(file, index, dims, chunkDims, elementSize, decoder, fill, unfilteredEdges, false);
    }

    /**
     * @param readAhead whether a loop reading one chunk after the next may have the following chunks
     *                  decoded ahead ({@link SequentialReadAhead}); only for a file whose chunks do not
     *                  change while it is read (no other program writing it). It is used for filtered
     *                  chunks of a local file only.
     */
    public ChunkedReader(FileContext file, ChunkIndex index, long[] dims, long[] chunkDims, int elementSize,
                         ChunkDecoder decoder, FillValue fill, boolean unfilteredEdges, boolean readAhead) {
        this.unfilteredEdges = unfilteredEdges;
        this.file = file;
        this.index = index;
        this.dims = dims.clone();
        this.chunkDims = chunkDims.clone();
        this.elementSize = elementSize;
        long n = elementSize;
        for (long c : chunkDims) {
            if (c <= 0) throw new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET, "chunk dimension " + c + " is not positive");
            n = Math.multiplyExact(n, c);
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET, "chunks of " + n + " bytes are larger than supported (2 GiB)");
        }
        this.chunkBytes = (int) n;
        this.decoder = decoder;
        this.fill = fill;
        this.grid = new ChunkGrid(chunkDims);
        this.ahead = readAhead && decoder != null && file.store().prefetchWindow() <= 0 && SequentialReadAhead.worthwhile(chunkBytes)
                ? new SequentialReadAhead(dims, chunkDims, chunkBytes, index::find, (loc, out) -> decode(loc, out, 0))
                : null;
    }

    @Override
    public void read(SelectionPair pair, ReadTarget target, ElementConverter converter) {
        if (pair.a().isEmpty()) return;
        if (pair.a() instanceof Points a && pair.b() instanceof Points b && a.size() > 1) {
            List<PointBuckets.Bucket> buckets = PointBuckets.split(a, b, grid, dims);
            if (buckets != null) {
                List<Runnable> pieces = new ArrayList<>(buckets.size());
                for (PointBuckets.Bucket k : buckets) pieces.add(() -> readChunk(k.scaled(), null, k.pair(), target, converter));
                ParallelWork.runAll(pieces);
                return;
            }
        }
        List<long[]> chunks = grid.blocksTouching(pair.a());
        if (ReadAhead.wanted(file.store(), chunks.size())) {
            readAhead(chunks, pair, target, converter);
            return;
        }
        if (ahead != null) ahead.observe(chunks);
        List<Runnable> pieces = new ArrayList<>();
        for (long[] scaled : chunks) {
            pieces.add(() -> readChunk(scaled, null, pair, target, converter));
        }
        ParallelWork.runAll(pieces);
    }

    /**
     * For a store that prefetches (a remote object): every chunk is looked up first, so that their
     * stored bytes can be requested together ({@link ReadAhead}) before they are decoded.
     */
    private void readAhead(List<long[]> chunks, SelectionPair pair, ReadTarget target, ElementConverter converter) {
        int n = chunks.size();
        List<Runnable> pieces = new ArrayList<>(n);
        long[] positions = new long[n];
        long[] lengths = new long[n];
        for (int k = 0; k < n; k++) {
            long[] scaled = chunks.get(k);
            ChunkLocation loc = index.find(scaled);
            if (loc != null) {
                positions[k] = file.absolute(loc.address(), "chunk");
                lengths[k] = loc.storedSize() == 0 && decoder == null ? chunkBytes : loc.storedSize();
            }
            pieces.add(() -> readChunk(scaled, loc == null ? UNALLOCATED : loc, pair, target, converter));
        }
        ReadAhead.run(file.store(), pieces, positions, lengths);
    }

    /**
     * A frame ({@code dset[k]}: whole trailing axes) lying in one chunk whose trailing axes are the
     * dataset's, with no selection built: an unfiltered chunk's range read from the file straight
     * into {@code out} (chunked raw frames, one chunk each, read like contiguous ones), a filtered
     * chunk that is exactly the frame decoded straight into it (or copied from where a frame loop's
     * read-ahead decoded it). A filtered chunk holding more than the frame, and chunks never
     * written (the fill value), go to {@link #read}.
     */
    @Override
    public boolean readRun(long first, long count, byte[] out, int offset) {
        int r = dims.length;
        int k = r;
        long tail = 1;
        while (k > 0 && tail < count) {
            long d = dims[--k];
            if (d > count) return false; // not spanned whole (and the product below stays far from overflowing)
            tail *= d;
        }
        if (tail != count) return false;
        for (int j = k; j < r; j++) if (chunkDims[j] != dims[j]) return false;
        // a filtered chunk is decoded whole: only one that is the run itself (leading chunk sides 1)
        if (decoder != null && count * elementSize != chunkBytes) return false;
        long[] scaled = new long[r];
        long rest = first / count;
        long inChunk = 0;
        long stride = count;
        for (int j = k - 1; j >= 0; j--) {
            long a = rest % dims[j];
            rest /= dims[j];
            scaled[j] = a / chunkDims[j];
            inChunk += a % chunkDims[j] * stride;
            stride *= chunkDims[j];
        }
        ChunkLocation loc = index.find(scaled);
        if (loc == null) return false;
        if (decoder != null) {
            decodeWhole(scaled, loc, out, offset);
            return true;
        }
        String what = "chunk at address " + loc.address();
        long abs = unfilteredChunk(loc, what);
        file.store().read(abs + inChunk * elementSize, ByteBuffer.wrap(out, offset, Math.toIntExact(count * elementSize)), what);
        return true;
    }

    /**
     * A filtered chunk decoded whole into {@code out} from {@code offset}, as {@link #read} does for
     * a read that is this one chunk: the read-ahead told, the chunk taken from it when it decoded
     * it ahead, else decoded here.
     */
    private void decodeWhole(long[] scaled, ChunkLocation loc, byte[] out, int offset) {
        if (ahead != null) {
            ahead.observe(List.of(scaled));
            byte[] decoded = ahead.take(scaled, loc);
            if (decoded != null) {
                try {
                    System.arraycopy(decoded, 0, out, offset, chunkBytes);
                } finally {
                    ahead.release(decoded);
                }
                return;
            }
        }
        decode(loc, out, offset);
    }

    /** Marks a chunk already looked up and found unallocated. */
    private static final ChunkLocation UNALLOCATED = new ChunkLocation(-1, 0, 0);

    /** Reads one chunk's part of the request; {@code known} is its location when already looked up. */
    private void readChunk(long[] scaled, ChunkLocation known, SelectionPair pair, ReadTarget target, ElementConverter converter) {
        Box box = grid.box(scaled);
        SelectionPair sub = pair.restrictA(box);
        if (sub.a().isEmpty()) return;
        ChunkLocation loc = known == null ? index.find(scaled) : known == UNALLOCATED ? null : known;
        if (loc == null) {
            fill.fill(sub.b(), target, converter);
            return;
        }
        boolean unfiltered = unfilteredEdges && isPartial(box);
        byte[] decoded = ahead == null || unfiltered ? null : ahead.take(scaled, loc);
        if (decoded == null) {
            copyChunk(box, loc, unfiltered, null, sub, target, converter);
            return;
        }
        try {
            copyChunk(box, loc, false, decoded, sub, target, converter);
        } finally {
            ahead.release(decoded);
        }
    }

    /**
     * Copies the chunk's part of the request into the target; {@code decoded} is the chunk already
     * decoded (read ahead), or null to read and decode it here.
     */
    private void copyChunk(Box box, ChunkLocation loc, boolean unfiltered, byte[] decoded, SelectionPair sub,
                           ReadTarget target, ElementConverter converter) {
        long[] origin = box.start();
        byte[] out = target.data();
        boolean raw = decoded == null && (decoder == null || unfiltered);
        if (converter.isIdentity()) {
            // a frame (or rows of one) lands in the target as a few joined runs: one copy each, and an
            // unfiltered chunk's runs are read from the file straight into the target
            JoinedRuns runs = JoinedRuns.of(sub, a -> grid.offsetInBlock(a, origin) * elementSize, target, elementSize);
            if (runs != null) {
                if (decoded != null) {
                    for (int k = 0; k < runs.count(); k++) {
                        System.arraycopy(decoded, (int) runs.source(k), out, runs.target(k), runs.length(k));
                    }
                    return;
                }
                // (a remote object is read in one request instead of several)
                if (raw && runs.bytes() >= (long) runs.count() * STRAIGHT_READ_MIN_BYTES
                        && (runs.count() == 1 || file.store().prefetchWindow() <= 0)) {
                    readStraight(loc, runs, out);
                    return;
                }
                if (!raw) {
                    if (runs.count() == 1 && runs.source(0) == 0 && runs.length(0) == chunkBytes) {
                        // the whole chunk is one run of the target: the last filter decodes straight into it
                        decode(loc, out, runs.target(0));
                    } else {
                        byte[] data = load(loc, false);
                        for (int k = 0; k < runs.count(); k++) {
                            System.arraycopy(data, (int) runs.source(k), out, runs.target(k), runs.length(k));
                        }
                    }
                    return;
                }
            }
        }
        if (raw) {
            // an unfiltered chunk: the bytes of the selection's span, or its runs, not the whole chunk
            String what = "chunk at address " + loc.address();
            SpanReads.read(file.store(), unfilteredChunk(loc, what), what, sub, a -> grid.offsetInBlock(a, origin) * elementSize, target,
                    converter, elementSize);
            return;
        }
        byte[] data = decoded != null ? decoded : load(loc, unfiltered);
        BoxRuns runs = BoxRuns.of(sub, a -> grid.offsetInBlock(a, origin) * elementSize, elementSize, target);
        if (runs != null) {
            if (converter.isIdentity()) {
                runs.copy(data, 0, out, elementSize);
            } else {
                runs.forEach((from, to, elements) -> converter.convert(data, (int) from, out, to, elements));
            }
            return;
        }
        sub.forEachRun((aStart, bStart, length) -> {
            int src = Math.toIntExact(grid.offsetInBlock(aStart, origin) * elementSize);
            converter.convert(data, src, out, target.byteOffset(bStart), Math.toIntExact(length));
        });
    }

    /** A chunk reaching past the current extent on some axis (H5D__chunk_is_partial_edge_chunk). */
    private boolean isPartial(Box box) {
        for (int d = 0; d < dims.length; d++) if (box.start(d) + chunkDims[d] > dims[d]) return true;
        return false;
    }

    /** The runs of an unfiltered chunk read from the file into the target, after the checks {@link #load} makes. */
    private void readStraight(ChunkLocation loc, JoinedRuns runs, byte[] out) {
        String what = "chunk at address " + loc.address();
        long abs = unfilteredChunk(loc, what);
        for (int k = 0; k < runs.count(); k++) {
            file.store().read(abs + runs.source(k), ByteBuffer.wrap(out, runs.target(k), runs.length(k)), what);
        }
    }

    /**
     * The chunk's decoded bytes in this thread's {@link ScratchBuffers#DECODED} array (its first
     * {@code chunkBytes} bytes), valid until this thread loads the next chunk.
     */
    private byte[] load(ChunkLocation loc, boolean unfiltered) {
        String what = "chunk at address " + loc.address();
        if (decoder == null || unfiltered) {
            long abs = unfilteredChunk(loc, what);
            byte[] data = ScratchBuffers.take(ScratchBuffers.DECODED, chunkBytes);
            file.store().read(abs, ByteBuffer.wrap(data, 0, chunkBytes), what);
            return data;
        }
        if (chunkBytes > ScratchBuffers.MAX_KEPT) {
            // a new buffer: allocated only after the filters have checked the chunk size against the
            // stored bytes, since the size comes from the file
            ByteBuffer out = decoder.decode(stored(loc, what), loc.filterMask(), chunkBytes, loc.address());
            if (out.hasArray() && out.arrayOffset() == 0 && out.position() == 0) return out.array();
            byte[] b = new byte[out.remaining()];
            out.get(b);
            return b;
        }
        byte[] data = ScratchBuffers.take(ScratchBuffers.DECODED, chunkBytes);
        decode(loc, data, 0);
        return data;
    }

    /**
     * Decodes a filtered chunk into {@code out[outOffset, outOffset + chunkBytes)}; its stored bytes
     * are read into this thread's {@link ScratchBuffers#STORED} array after the range is checked.
     */
    private void decode(ChunkLocation loc, byte[] out, int outOffset) {
        String what = "chunk at address " + loc.address();
        decoder.decodeInto(stored(loc, what), loc.filterMask(), chunkBytes, loc.address(), out, outOffset);
    }

    /** A filtered chunk's stored bytes, in this thread's {@link ScratchBuffers#STORED} array. */
    private ByteBuffer stored(ChunkLocation loc, String what) {
        long abs = file.absolute(loc.address(), what);
        long n = loc.storedSize();
        file.store().checkRange(abs, n, what);
        byte[] stored = ScratchBuffers.take(ScratchBuffers.STORED, (int) n);
        ByteBuffer in = ByteBuffer.wrap(stored, 0, (int) n);
        file.store().read(abs, in, what);
        return in.flip();
    }

    /** The file offset of an unfiltered chunk, after checking its recorded size and that the file holds all of it. */
    private long unfilteredChunk(ChunkLocation loc, String what) {
        requireWholeSize(loc, what);
        long abs = file.absolute(loc.address(), what);
        file.store().checkRange(abs, chunkBytes, what);
        return abs;
    }

    /** libhdf5 records the full chunk size for unfiltered chunks (or none); anything else is corrupt. */
    private void requireWholeSize(ChunkLocation loc, String what) {
        if (loc.storedSize() != chunkBytes && loc.storedSize() != 0) {
            throw file.error(loc.address(), what + " is " + loc.storedSize() + " bytes, expected " + chunkBytes);
        }
    }

    public long[] dims() {
        return dims.clone();
    }

    public long[] chunkDims() {
        return chunkDims.clone();
    }

    /** The index locating this dataset's chunks (for tools that reference stored chunks rather than read them). */
    public ChunkIndex index() {
        return index;
    }
}
