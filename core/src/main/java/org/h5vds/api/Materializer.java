package org.h5vds.api;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterRegistry;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.node.DatasetNode;
import org.h5vds.select.DimSet;
import org.h5vds.select.IndexExpression;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.vds.ChunkAlignment;
import org.h5vds.vds.ResolvedPiece;
import org.h5vds.vds.VirtualReader;

/**
 * Copies a dataset's values (a virtual dataset's included) into a dataset being written, streaming:
 * the copy goes in slabs of whole output chunks of at most {@link #SLAB_BYTES}, the next slab read
 * (each of its source chunks in parallel) while the last one is compressed and written (on the
 * writer's threads), so memory stays at a few slabs whatever the size.
 *
 * <p>Also chooses the storage of a copy when none is asked for ({@link #naturalStorage}).
 */
final class Materializer {
    /**
     * Bytes of one slab, what is read at once (at least one output chunk): 32 MiB, or a sixteenth of
     * the heap when that is less, since two slabs (one being read, one being written) and the
     * writer's chunks in flight are in memory together.
     */
    static final long SLAB_BYTES = Math.max(1L << 20, Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16));
    /** Frames larger than this are cut into several chunks when one frame is the chunk. */
    static final long FRAME_BYTES = 16L << 20;

    private Materializer() {
    }

    // ---- choosing the storage -----------------------------------------------------------------------

    static StoragePlan naturalStorage(Dataset d, Index index) {
        DatasetNode n = d.datasetNode();
        DType dtype = d.dtype();
        long[] dims = d.currentDims();
        Shape outShape = d.shapeOf(index);
        long[] out = outShape.toArray();
        NdArray fill = d.fillValue();
        if (out.length == 0) return new StoragePlan(DatasetOptions.contiguous().fillValue(fill), "a single element", "a single element");
        IndexExpression.Resolved r = index.expression().resolve(dims);
        boolean whole = r.selectsAll() && out.length == dims.length;
        long[] chunk;
        String chunksFrom;
        List<FilterPipelineMessage.Filter> filters;
        String filtersFrom;
        if (d.isVirtual()) {
            VirtualReader vr = d.virtualReader();
            List<ResolvedPiece> pieces = vr.resolvedPieces();
            ChunkAlignment.SourceAccess access = (p, use) -> vr.withSource(p, node -> {
                use.accept(node);
                return null;
            });
            long[] agreed = ChunkAlignment.agreedSourceChunks(dims.length, pieces, access);
            List<List<FilterPipelineMessage.Filter>> seen = new ArrayList<>();
            boolean[] anyChunked = {false};
            for (ResolvedPiece p : pieces) {
                if (!p.found()) continue;
                vr.withSource(p, node -> {
                    anyChunked[0] |= node.chunkDims() != null;
                    return seen.add(node.filters() == null ? List.of() : node.filters().filters());
                });
            }
            if (agreed != null) {
                chunk = agreed;
                chunksFrom = "the sources' chunks";
            } else {
                chunk = ChunkAlignment.frame(dims, dtype.size(), FRAME_BYTES);
                chunksFrom = seen.isEmpty() ? "one frame: no source was found"
                        : anyChunked[0] ? "one frame: the sources are not all chunked alike" : "one frame: the sources are not chunked";
            }
            boolean agree = !seen.isEmpty() && seen.stream().allMatch(f -> sameFilters(f, seen.get(0)));
            filters = agree ? seen.get(0) : List.of();
            filtersFrom = !agree ? (seen.isEmpty() ? "no source was found" : "the sources' filters differ")
                    : filters.isEmpty() ? "as the sources" : "the sources' filters";
        } else if (n.chunkDims() != null) {
            chunk = n.chunkDims();
            chunksFrom = "as stored";
            filters = n.filters() == null ? List.of() : n.filters().filters();
            filtersFrom = "as stored";
        } else {
            DatasetOptions o = (d.layout() == Dataset.Layout.COMPACT ? DatasetOptions.compact() : DatasetOptions.contiguous()).fillValue(fill);
            return new StoragePlan(o, "as stored", "as stored");
        }
        String unwritable = unwritable(filters);
        if (unwritable != null) {
            filters = List.of();
            filtersFrom = unwritable;
        }
        long[] outChunk = outAxes(chunk, r.dropped(), out);
        DatasetOptions o = DatasetOptions.chunked(outChunk).fillValue(fill);
        for (FilterPipelineMessage.Filter f : filters) o = withFilter(o, f);
        if (whole) o = o.maxShape(d.maxShape());
        return new StoragePlan(o, chunksFrom, filtersFrom);
    }

    private static boolean sameFilters(List<FilterPipelineMessage.Filter> a, List<FilterPipelineMessage.Filter> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).id() != b.get(i).id() || !Arrays.equals(a.get(i).clientData(), b.get(i).clientData())) return false;
        }
        return true;
    }

    /** How a plan's {@link StoragePlan#filtersFrom()} begins when the stored filters were dropped, h5vds not writing one of them. */
    static final String UNWRITABLE = "h5vds cannot write ";

    /** Why h5vds cannot write with these filters, or null. */
    private static String unwritable(List<FilterPipelineMessage.Filter> filters) {
        for (FilterPipelineMessage.Filter f : filters) {
            Filter impl = FilterRegistry.standard().find(f.id()).orElse(null);
            if (impl == null || !impl.canEncode()) return UNWRITABLE + FilterRegistry.describe(f.id(), f.name());
        }
        return null;
    }

    /** The filter as options ask for it: the values a user passes, not those the filter added when it was stored. */
    private static DatasetOptions withFilter(DatasetOptions o, FilterPipelineMessage.Filter f) {
        return switch (f.id()) {
            case DatasetOptions.SHUFFLE -> o.shuffle();
            case DatasetOptions.FLETCHER32 -> o.fletcher32();
            default -> o.filter(f.id(), userClientData(f));
        };
    }

    /** The client data a user passes for a stored filter: bitshuffle stores its version and the element size before the user's values. */
    static int[] userClientData(FilterPipelineMessage.Filter f) {
        int[] cd = f.clientData();
        if (f.id() == DatasetOptions.BITSHUFFLE) return cd.length > 3 ? Arrays.copyOfRange(cd, 3, cd.length) : new int[0];
        return cd;
    }

    /** A chunk shape of the dataset's axes, on the axes an index keeps, no longer than the result along each. */
    private static long[] outAxes(long[] chunk, boolean[] dropped, long[] out) {
        long[] c = new long[out.length];
        int i = 0;
        for (int a = 0; a < chunk.length; a++) {
            if (dropped[a]) continue;
            c[i] = out[i] == 0 ? chunk[a] : Math.max(1, Math.min(chunk[a], out[i]));
            i++;
        }
        return c;
    }

    // ---- copying --------------------------------------------------------------------------------------

    /** Copies what {@code index} selects of {@code source} into {@code target}, whose shape is that of the selection. */
    static void copy(Dataset source, Index index, Dataset target, java.util.function.LongConsumer progress) {
        DatasetNode w = target.datasetNode();
        int size = source.datasetNode().elementSize();
        long[] out = w.dims();
        if (source.isScalar() || out.length == 0) {
            byte[] one;
            if (source.isScalar()) {
                one = source.readRaw(Selection.box(new long[] {0}, new long[] {1}), new long[] {1}, size);
            } else {
                IndexExpression.Resolved r = index.expression().resolve(source.currentDims());
                one = source.readRaw(r.selection(), onesLike(r.selection().rank()), size);
            }
            w.write(Selection.box(new long[] {0}, new long[] {1}), ByteBuffer.wrap(one));
            progress.accept(size);
            return;
        }
        IndexExpression.Resolved r = index.expression().resolve(source.currentDims());
        long total = size;
        for (long o : out) total = Math.multiplyExact(total, o);
        if (total == 0) return;
        long[] unit = w.chunkDims() != null ? w.chunkDims() : onesLike(out.length);
        long[] slab = slabShape(out, unit, size);
        List<long[]> starts = slabStarts(out, slab);
        ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "h5vds-materialize-read");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<byte[]> next = reader.submit(() -> readSlab(source, r, starts.get(0), slab, out, size));
            long done = 0;
            for (int k = 0; k < starts.size(); k++) {
                byte[] data = await(next, source);
                if (k + 1 < starts.size()) {
                    long[] s = starts.get(k + 1);
                    next = reader.submit(() -> readSlab(source, r, s, slab, out, size));
                }
                long[] start = starts.get(k);
                w.write(Selection.box(start, counts(start, slab, out)), ByteBuffer.wrap(data));
                done += data.length;
                progress.accept(done);
            }
        } finally {
            reader.shutdownNow();
        }
    }

    /** Copies the boxes (start, count, in the dataset's coordinates) of {@code source} into the same places of {@code target}. */
    static void copyBoxes(Dataset source, Dataset target, List<long[][]> boxes) {
        DatasetNode w = target.datasetNode();
        int size = source.datasetNode().elementSize();
        for (long[][] box : boxes) {
            DimSet[] axes = new DimSet[box[0].length];
            for (int a = 0; a < axes.length; a++) axes[a] = DimSet.interval(box[0][a], box[1][a]);
            byte[] data = source.readRaw(Selection.product(axes), box[1], size);
            w.write(Selection.box(box[0], box[1]), ByteBuffer.wrap(data));
        }
    }

    private static byte[] await(Future<byte[]> f, Dataset source) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new H5Exception(source.path() + ": interrupted while copying", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new H5Exception(source.path() + ": " + c, c);
        }
    }

    /** Reads the slab at {@code start} (output coordinates) of what the index selects. */
    private static byte[] readSlab(Dataset source, IndexExpression.Resolved r, long[] start, long[] slab, long[] out, int size) {
        DimSet[] axes = r.selection().axes().clone();
        boolean[] dropped = r.dropped();
        long[] mem = new long[axes.length];
        int i = 0;
        for (int a = 0; a < axes.length; a++) {
            if (dropped[a]) {
                mem[a] = 1;
                continue;
            }
            long end = Math.min(out[i], start[i] + slab[i]);
            axes[a] = axes[a].byRank(start[i], end);
            mem[a] = end - start[i];
            i++;
        }
        ProductSelection sel = Selection.product(axes);
        return source.readRaw(sel, mem, size);
    }

    /**
     * Whole units (output chunks) per slab: every axis whole from the last one backwards while the
     * slab stays within {@link #SLAB_BYTES}, then as many units of the next axis as fit, one unit
     * of the axes before.
     */
    static long[] slabShape(long[] out, long[] unit, int elementSize) {
        int rank = out.length;
        long[] s = unit.clone();
        for (int d = rank - 1; d >= 0; d--) {
            long units = (out[d] + unit[d] - 1) / unit[d];
            long others = bytes(s, elementSize) / s[d];
            long fit = Math.max(1, SLAB_BYTES / Math.max(1, others * unit[d]));
            s[d] = Math.min(units, fit) * unit[d];
            if (fit < units) break;
        }
        return s;
    }

    private static List<long[]> slabStarts(long[] out, long[] slab) {
        int rank = out.length;
        List<long[]> starts = new ArrayList<>();
        long[] cur = new long[rank];
        while (true) {
            starts.add(cur.clone());
            int d = rank - 1;
            while (d >= 0) {
                cur[d] += slab[d];
                if (cur[d] < out[d]) break;
                cur[d] = 0;
                d--;
            }
            if (d < 0) return starts;
        }
    }

    private static long[] counts(long[] start, long[] slab, long[] out) {
        long[] c = new long[start.length];
        for (int d = 0; d < c.length; d++) c[d] = Math.min(slab[d], out[d] - start[d]);
        return c;
    }

    private static long[] onesLike(int rank) {
        long[] o = new long[rank];
        Arrays.fill(o, 1);
        return o;
    }

    private static long bytes(long[] s, int elementSize) {
        long n = elementSize;
        for (long x : s) n = Math.multiplyExact(n, x);
        return n;
    }
}
