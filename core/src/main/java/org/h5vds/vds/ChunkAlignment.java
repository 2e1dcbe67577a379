package org.h5vds.vds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.io.H5Exception;
import org.h5vds.node.DatasetNode;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.Selection;
import org.h5vds.storage.ChunkIndex;
import org.h5vds.storage.ChunkLocation;

/**
 * Which chunks of a regular grid over a dataset are each exactly one stored chunk of a source —
 * so that a reader of byte ranges (Zarr through kerchunk references) can fetch and decode them
 * without HDF5 — and which are not.
 *
 * <p>A virtual chunk (a cell of the grid, clipped to the extent) is {@link Stored} when one mapping
 * piece covers all of it, later pieces leave it alone, and the source elements it takes are, in
 * the same C order and shape, one whole stored chunk of the source (or, for a contiguous source,
 * one run of bytes holding exactly a chunk's worth of elements). It is {@link Fill} when it reads
 * as the virtual dataset's fill value (unmapped, a missing source, a never-written source chunk
 * whose fill value is the same). Anything else is a {@link Misfit} with the reason, naming the
 * mapping: a piece covering only part of the chunk, a source chunk off the grid, interleaved
 * elements, another chunk shape, type conversion, a nested virtual source.
 *
 * <p>A plain dataset is the same question with one piece mapping the whole dataset onto itself
 * ({@link ResolvedPiece#whole}).
 *
 * <p>The work is one pass over the chunks each piece touches, with per-axis answers computed once
 * per piece and axis; chunk indexes are asked only for the chunks that fit.
 */
public final class ChunkAlignment {
    /** Chunks of contiguous data are cut to at most this many bytes (a Zarr reader fetches each whole). */
    public static final long CONTIGUOUS_TARGET_BYTES = 16L << 20;

    /** Opens a piece's source for the duration of {@code use}. */
    @FunctionalInterface
    public interface SourceAccess {
        void with(ResolvedPiece piece, Consumer<DatasetNode> use);
    }

    /** One step of a source's filter pipeline as far as decoding goes: the filter id and its client data. */
    public record Codec(int id, List<Integer> clientData) {
    }

    /** How a source's chunk bytes are stored: the pipeline a reader must undo, first filter first. */
    public record SourceFormat(List<Codec> codecs) {
        static SourceFormat of(FilterPipelineMessage m) {
            List<Codec> out = new ArrayList<>();
            if (m != null) {
                for (FilterPipelineMessage.Filter f : m.filters()) out.add(new Codec(f.id(), Arrays.stream(f.clientData()).boxed().toList()));
            }
            return new SourceFormat(List.copyOf(out));
        }
    }

    /** What one chunk of the grid is. */
    public sealed interface Cell permits Stored, Fill, Misfit {
        ResolvedPiece piece();
    }

    /** The chunk is {@code length} bytes at {@code byteOffset} of the piece's source file, stored with {@code format} less the filters {@code filterMask} skipped. */
    public record Stored(ResolvedPiece piece, long byteOffset, long length, int filterMask, SourceFormat format) implements Cell {
    }

    /** The chunk reads as the virtual dataset's fill value. */
    public record Fill(ResolvedPiece piece) implements Cell {
    }

    /** The chunk is not one stored source chunk; {@code reason} says why (one line). */
    public record Misfit(ResolvedPiece piece, String reason) implements Cell {
    }

    private final long[] dims;
    private final long[] chunk;
    private final long[] grid;
    private final TreeMap<Long, Cell> cells = new TreeMap<>();
    private final String name;

    private ChunkAlignment(String name, long[] dims, long[] chunk) {
        this.name = name;
        this.dims = dims.clone();
        this.chunk = chunk.clone();
        this.grid = new long[dims.length];
        long n = 1;
        for (int d = 0; d < dims.length; d++) {
            if (chunk[d] < 1) throw new IllegalArgumentException(name + ": chunk shape " + Arrays.toString(chunk) + " has " + chunk[d] + " on axis " + d);
            grid[d] = (dims[d] + chunk[d] - 1) / chunk[d];
            try {
                n = Math.multiplyExact(n, Math.max(1, grid[d]));
            } catch (ArithmeticException e) {
                throw new H5Exception(name + ": a grid of chunks " + Arrays.toString(chunk) + " over " + Arrays.toString(dims) + " has more chunks than can be numbered");
            }
        }
    }

    /**
     * Classifies every chunk of the grid of {@code chunk} over a dataset of {@code dims}.
     *
     * @param name     the dataset, for messages
     * @param type     its element type (a source of another type needs conversion: a misfit)
     * @param fill     its fill value in that type (zeros when null)
     * @param pieces   what it reads, in mapping order (see {@link VirtualReader#resolvedPieces()})
     */
    public static ChunkAlignment of(String name, long[] dims, long[] chunk, Datatype type, byte[] fill, List<ResolvedPiece> pieces,
                                    SourceAccess access) {
        if (chunk.length != dims.length) throw new IllegalArgumentException(name + ": chunk shape " + Arrays.toString(chunk) + " for rank " + dims.length);
        ChunkAlignment a = new ChunkAlignment(name, dims, chunk);
        byte[] ownFill = fill == null ? new byte[type.size()] : fill;
        for (ResolvedPiece p : pieces) a.place(p, type, ownFill, access);
        return a;
    }

    public long[] chunk() {
        return chunk.clone();
    }

    /** The number of chunks along each axis. */
    public long[] grid() {
        return grid.clone();
    }

    /** Every chunk some piece touches, by its number in C order over the grid; chunks absent read as fill. */
    public Map<Long, Cell> cells() {
        return java.util.Collections.unmodifiableMap(cells);
    }

    /** The grid coordinates of chunk number {@code n}. */
    public long[] coordinates(long n) {
        long[] c = new long[grid.length];
        for (int d = grid.length - 1; d >= 0; d--) {
            long g = Math.max(1, grid[d]);
            c[d] = n % g;
            n /= g;
        }
        return c;
    }

    /** The first misfit in chunk order, or null when every chunk is stored or fill. */
    public Misfit firstMisfit() {
        Misfit first = null;
        for (Cell c : cells.values()) {
            if (c instanceof Misfit m && (first == null || m.piece().mapping() < first.piece().mapping())) first = m;
        }
        return first;
    }

    private long number(long[] coords) {
        long n = 0;
        for (int d = 0; d < grid.length; d++) n = n * Math.max(1, grid[d]) + coords[d];
        return n;
    }

    // ---- placing one piece -----------------------------------------------------------------------

    /** A piece's element pairing with axes of size 1 set aside: virtual axis vAxes[j] runs with source axis sAxes[j]. */
    private record Pairing(int[] vAxes, int[] sAxes) {
    }

    /** The pairing, or null with the reason in {@code why[0]}. */
    static Pairing pairing(Selection v, Selection s, String[] why) {
        DimSet[] va = v.axes();
        DimSet[] sa = s == null ? null : s.axes();
        if (va == null) {
            why[0] = "its virtual selection is irregular (not one hyperslab)";
            return null;
        }
        if (sa == null) {
            why[0] = "its source selection is irregular (not one hyperslab)";
            return null;
        }
        if (v.count() != s.count()) {
            why[0] = "its virtual selection holds " + v.count() + " elements and its source selection " + s.count();
            return null;
        }
        int[] vAxes = nonUnit(va);
        int[] sAxes = nonUnit(sa);
        boolean same = vAxes.length == sAxes.length;
        for (int j = 0; same && j < vAxes.length; j++) same = va[vAxes[j]].size() == sa[sAxes[j]].size();
        if (!same) {
            why[0] = "it reshapes: virtual selection of sizes " + sizes(va) + " takes source elements of sizes " + sizes(sa);
            return null;
        }
        return new Pairing(vAxes, sAxes);
    }

    private static int[] nonUnit(DimSet[] axes) {
        return java.util.stream.IntStream.range(0, axes.length).filter(d -> axes[d].size() != 1).toArray();
    }

    private static String sizes(DimSet[] axes) {
        long[] s = new long[axes.length];
        for (int d = 0; d < s.length; d++) s[d] = axes[d].size();
        return shape(s);
    }

    /** What the source is, read once per piece with the source open. */
    private record SourceFacts(String unusable, long[] chunk, SourceFormat format, ChunkIndex index, long dataOffset, long[] dims,
                               int elementSize, boolean fillDiffers, DatasetNode node) {
    }

    private void place(ResolvedPiece p, Datatype type, byte[] fill, SourceAccess access) {
        Selection v = p.virtual();
        if (v.isEmpty()) return;
        if (!p.found()) {
            forEachTouched(v, (n, full) -> {
                Cell prev = cells.get(n);
                if (full || prev == null || prev instanceof Fill) cells.put(n, new Fill(p));
                else cells.put(n, new Misfit(p, "virtual chunk " + shape(coordinates(n)) + " mixes the fill value of a missing source with data of "
                        + prev.piece().label()));
            });
            return;
        }
        String[] why = new String[1];
        Pairing pairing = pairing(v, p.sourceSelection(), why);
        if (pairing == null) {
            String reason = p.label() + ": " + why[0];
            forEachTouched(v, (n, full) -> cells.put(n, new Misfit(p, reason)));
            return;
        }
        access.with(p, node -> {
            SourceFacts facts = facts(node, type, fill);
            if (facts.unusable != null) {
                String reason = p.label() + ": " + facts.unusable;
                forEachTouched(v, (n, full) -> cells.put(n, new Misfit(p, reason)));
                return;
            }
            placeRegular(p, pairing, facts);
        });
    }

    private static SourceFacts facts(DatasetNode node, Datatype type, byte[] fill) {
        if (node.isVirtual()) return unusable("its source is itself a virtual dataset");
        if (!node.datatype().equals(type)) {
            return unusable("type conversion: the source holds " + typeText(node.datatype()) + ", the dataset " + typeText(type));
        }
        byte[] sourceFill = node.unwrittenValue();
        if (sourceFill == null) sourceFill = new byte[node.elementSize()];
        boolean fillDiffers = !Arrays.equals(sourceFill, fill);
        long[] dims = node.storageDims();
        DataLayoutMessage.LayoutClass layout = node.layout().layoutClass();
        return switch (layout) {
            case CHUNKED -> new SourceFacts(null, node.chunkDims(), SourceFormat.of(node.filters()), node.chunkIndex(), -1, dims,
                    node.elementSize(), fillDiffers, node);
            case CONTIGUOUS -> {
                if (node.layout().dataAddress() != org.h5vds.io.Cursor.UNDEFINED && node.contiguousDataOffset() < 0) {
                    yield unusable("its source keeps its data in external raw files");
                }
                yield new SourceFacts(null, null, new SourceFormat(List.of()), null, node.contiguousDataOffset(), dims, node.elementSize(),
                        fillDiffers, node);
            }
            default -> unusable("its source is stored " + layout.name().toLowerCase() + " (inside the object header), not in chunks");
        };
    }

    private static SourceFacts unusable(String why) {
        return new SourceFacts(why, null, null, null, -1, null, 0, false, null);
    }

    /** One virtual axis at one grid position: whether the piece covers the chunk's extent there, and the source run it takes. */
    private record AxisFit(boolean full, String problem, long sourceStart) {
    }

    private void placeRegular(ResolvedPiece p, Pairing pairing, SourceFacts facts) {
        Selection v = p.virtual();
        Selection s = p.sourceSelection();
        DimSet[] va = v.axes();
        DimSet[] sa = s.axes();
        int rank = dims.length;
        int[] squeezedOf = new int[rank];
        Arrays.fill(squeezedOf, -1);
        for (int j = 0; j < pairing.vAxes.length; j++) squeezedOf[pairing.vAxes[j]] = j;

        // one answer per piece: does a stored chunk of this source have the grid's chunk shape?
        String shapeProblem = facts.chunk != null ? chunkShapeProblem(pairing, facts.chunk, sa) : contiguousShapeProblem(pairing, facts.dims, sa);

        long[][] ks = new long[rank][];
        AxisFit[][] fits = new AxisFit[rank][];
        for (int d = 0; d < rank; d++) {
            ks[d] = touched(va[d], chunk[d]);
            fits[d] = new AxisFit[ks[d].length];
            for (int i = 0; i < ks[d].length; i++) fits[d][i] = axisFit(d, ks[d][i], va[d], squeezedOf[d] < 0 ? null : sa[pairing.sAxes[squeezedOf[d]]]);
        }
        int[] at = new int[rank];
        long[] coords = new long[rank];
        long[] sourceStart = new long[sa.length];
        for (int x = 0; x < sa.length; x++) sourceStart[x] = sa[x].first(); // axes of size 1 keep their one index
        while (true) {
            boolean full = true;
            String problem = null;
            for (int d = 0; d < rank; d++) {
                AxisFit f = fits[d][at[d]];
                coords[d] = ks[d][at[d]];
                full &= f.full;
                if (problem == null && f.problem != null) problem = "axis " + d + ": " + f.problem;
                if (squeezedOf[d] >= 0) sourceStart[pairing.sAxes[squeezedOf[d]]] = f.sourceStart;
            }
            long n = number(coords);
            Cell cell;
            if (!full) {
                Cell prev = cells.get(n);
                cell = new Misfit(p, p.label() + " covers only part of chunk " + shape(coords) + " of the grid " + shape(chunk)
                        + (prev != null && !(prev instanceof Fill) ? ", the rest coming from " + prev.piece().label() : ", the rest reading as fill"));
            } else if (problem != null) {
                cell = new Misfit(p, p.label() + ": chunk " + shape(coords) + ": " + problem);
            } else if (shapeProblem != null) {
                cell = new Misfit(p, p.label() + ": " + shapeProblem);
            } else {
                cell = facts.chunk != null ? storedChunk(p, facts, sourceStart, coords) : contiguousRun(p, facts, pairing, sourceStart, coords);
            }
            cells.put(n, cell);
            int d = rank - 1;
            while (d >= 0 && ++at[d] == ks[d].length) at[d--] = 0;
            if (d < 0) break;
        }
    }

    /** Null when a stored chunk of shape {@code sourceChunk} holds, in C order, exactly a grid chunk: same lengths on paired axes, 1 elsewhere. */
    private String chunkShapeProblem(Pairing pairing, long[] sourceChunk, DimSet[] sa) {
        long[] expected = sourceShapeOfGridChunk(pairing, sa.length);
        if (expected == null) return "the grid's chunk " + shape(chunk) + " spans more than one element on an axis where the mapping takes one";
        if (!Arrays.equals(expected, sourceChunk)) {
            return "its source is stored in chunks of " + shape(sourceChunk) + ", while a chunk " + shape(chunk)
                    + " of the grid would take a block of " + shape(expected) + " of it";
        }
        return null;
    }

    /** For a contiguous source: null when a grid chunk's block of source elements is one run of bytes (1s, then one partial axis, then whole axes). */
    private String contiguousShapeProblem(Pairing pairing, long[] sourceDims, DimSet[] sa) {
        long[] b = sourceShapeOfGridChunk(pairing, sa.length);
        if (b == null) return "the grid's chunk " + shape(chunk) + " spans more than one element on an axis where the mapping takes one";
        if (!isRun(b, sourceDims)) {
            return "a chunk " + shape(chunk) + " of the grid takes a block " + shape(b) + " of its contiguous source of shape " + shape(sourceDims)
                    + ", which is not one run of bytes";
        }
        return null;
    }

    /** The block of source elements one grid chunk takes, or null when the grid chunk spans several elements on an unpaired axis. */
    private long[] sourceShapeOfGridChunk(Pairing pairing, int sourceRank) {
        boolean[] paired = new boolean[chunk.length];
        for (int va : pairing.vAxes) paired[va] = true;
        for (int d = 0; d < chunk.length; d++) if (!paired[d] && chunk[d] != 1) return null;
        long[] b = new long[sourceRank];
        Arrays.fill(b, 1);
        for (int j = 0; j < pairing.vAxes.length; j++) b[pairing.sAxes[j]] = chunk[pairing.vAxes[j]];
        return b;
    }

    /** True when a block of {@code b} inside {@code dims} is contiguous in C order: 1 on leading axes, whole extent after the first axis above 1. */
    static boolean isRun(long[] b, long[] dims) {
        int p = 0;
        while (p < b.length && b[p] == 1) p++;
        for (int i = p + 1; i < b.length; i++) if (b[i] != dims[i]) return false;
        return true;
    }

    private AxisFit axisFit(int d, long k, DimSet v, DimSet s) {
        long w0 = k * chunk[d];
        long wEnd = Math.min(w0 + chunk[d], dims[d]);
        long length = wEnd - w0;
        long covered = v.restrict(w0, wEnd).size();
        if (covered != length) return new AxisFit(false, null, -1);
        if (s == null) return new AxisFit(true, null, -1);
        long t0 = v.rank(w0);
        DimSet run = s.byRank(t0, t0 + length);
        if (run.size() != length || !run.isContiguous()) {
            return new AxisFit(true, "elements [" + w0 + ":" + wEnd + "] take source elements " + describe(run) + ", not " + length
                    + " consecutive ones", -1);
        }
        return new AxisFit(true, null, run.first());
    }

    private Cell storedChunk(ResolvedPiece p, SourceFacts f, long[] start, long[] coords) {
        long[] scaled = new long[start.length];
        for (int x = 0; x < start.length; x++) {
            if (start[x] % f.chunk[x] != 0) {
                return new Misfit(p, p.label() + ": chunk " + shape(coords) + " of the grid " + shape(chunk) + " takes source elements from "
                        + shape(start) + ", which is not where a stored chunk " + shape(f.chunk) + " of the source begins (off the grid on source axis "
                        + x + ")");
            }
            scaled[x] = start[x] / f.chunk[x];
        }
        ChunkLocation loc = f.index.find(scaled);
        if (loc == null) return unallocated(p, f, coords);
        return new Stored(p, f.node.absoluteAddress(loc.address()), loc.storedSize(), loc.filterMask(), f.format);
    }

    private Cell contiguousRun(ResolvedPiece p, SourceFacts f, Pairing pairing, long[] start, long[] coords) {
        long[] b = sourceShapeOfGridChunk(pairing, start.length);
        for (int x = 0; x < start.length; x++) {
            if (start[x] + b[x] > f.dims[x]) {
                return new Misfit(p, p.label() + ": chunk " + shape(coords) + " of the grid " + shape(chunk) + " would read source elements "
                        + shape(start) + " + " + shape(b) + ", past the end of its contiguous data on source axis " + x);
            }
        }
        if (f.dataOffset < 0) return unallocated(p, f, coords);
        long linear = 0;
        for (int x = 0; x < start.length; x++) linear = linear * f.dims[x] + start[x];
        long elements = 1;
        for (long e : b) elements *= e;
        return new Stored(p, f.dataOffset + linear * f.elementSize, elements * f.elementSize, 0, f.format);
    }

    private static Cell unallocated(ResolvedPiece p, SourceFacts f, long[] coords) {
        if (!f.fillDiffers) return new Fill(p);
        return new Misfit(p, p.label() + ": chunk " + shape(coords) + " comes from source storage never written, which reads as the source's fill value,"
                + " not the dataset's");
    }

    private static String typeText(Datatype t) {
        Datatype.ByteOrder order;
        String cls;
        if (t instanceof org.h5vds.format.message.FixedPointType f) {
            cls = (f.signed() ? "int" : "uint") + 8 * t.size();
            order = f.order();
        } else if (t instanceof org.h5vds.format.message.FloatingPointType f) {
            cls = "float" + 8 * t.size();
            order = f.order();
        } else {
            return t.typeClass().name().toLowerCase() + "[" + t.size() + "]";
        }
        return t.size() > 1 ? cls + (order == Datatype.ByteOrder.BIG_ENDIAN ? " big-endian" : " little-endian") : cls;
    }

    private static String describe(DimSet s) {
        if (s.isEmpty()) return "(none)";
        StringBuilder sb = new StringBuilder();
        long n = s.intervalCount();
        for (long j = 0; j < Math.min(n, 3); j++) {
            if (j > 0) sb.append(", ");
            long a = s.intervalStart(j), e = s.intervalEnd(j);
            sb.append(e - a == 1 ? Long.toString(a) : "[" + a + ":" + e + "]");
        }
        if (n > 3) sb.append(", ...");
        return "{" + sb + "}";
    }

    /** The chunk indexes along one axis that a set of indexes touches. */
    private static long[] touched(DimSet s, long c) {
        List<Long> out = new ArrayList<>();
        long[] last = {-1};
        s.forEachInterval((start, length) -> {
            long lo = Math.max(start / c, last[0] + 1), hi = (start + length - 1) / c;
            for (long k = lo; k <= hi; k++) out.add(k);
            if (hi > last[0]) last[0] = hi;
        });
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @FunctionalInterface
    private interface TouchVisitor {
        void chunk(long number, boolean full);
    }

    /** Visits every chunk a selection touches, saying whether it covers the chunk's part of the extent. */
    private void forEachTouched(Selection v, TouchVisitor visitor) {
        int rank = dims.length;
        DimSet[] axes = v.axes();
        long[][] ks = new long[rank][];
        Box bounds = v.bounds();
        for (int d = 0; d < rank; d++) {
            ks[d] = touched(axes != null ? axes[d] : DimSet.interval(bounds.start(d), bounds.count(d)), chunk[d]);
            if (ks[d].length == 0) return;
        }
        int[] at = new int[rank];
        long[] coords = new long[rank];
        while (true) {
            long[] start = new long[rank];
            long[] count = new long[rank];
            for (int d = 0; d < rank; d++) {
                coords[d] = ks[d][at[d]];
                start[d] = coords[d] * chunk[d];
                count[d] = Math.min(chunk[d], dims[d] - start[d]);
            }
            Box box = new Box(start, count);
            long inside = axes != null ? product(axes, box) : v.intersect(box).count();
            if (inside > 0) visitor.chunk(number(coords), inside == box.size());
            int d = rank - 1;
            while (d >= 0 && ++at[d] == ks[d].length) at[d--] = 0;
            if (d < 0) break;
        }
    }

    private static long product(DimSet[] axes, Box box) {
        long n = 1;
        for (int d = 0; d < axes.length; d++) n *= axes[d].restrict(box.start(d), box.end(d)).size();
        return n;
    }

    // ---- choosing the grid ------------------------------------------------------------------------------

    /**
     * The chunk shape whose grid lets the most elements be referenced as stored: the shape the
     * chunked sources' chunks take in the dataset (the one covering the most elements when they
     * differ); without chunked sources, the largest shape every contiguous piece divides into runs
     * of bytes, cut to at most {@code targetBytes}; without any source, one frame.
     */
    public static long[] naturalChunks(long[] dims, int elementSize, List<ResolvedPiece> pieces, SourceAccess access, long targetBytes) {
        int rank = dims.length;
        Map<List<Long>, Long> chunked = new java.util.HashMap<>();
        long[] g = new long[rank]; // gcd over contiguous pieces; 0: no constraint yet
        boolean[] contiguousSeen = {false};
        List<Runnable> contiguityChecks = new ArrayList<>();
        for (ResolvedPiece p : pieces) {
            if (!p.found() || p.virtual().isEmpty()) continue;
            Pairing pairing = pairing(p.virtual(), p.sourceSelection(), new String[1]);
            if (pairing == null) continue;
            access.with(p, node -> {
                if (node.isVirtual()) return;
                DimSet[] va = p.virtual().axes();
                DimSet[] sa = p.sourceSelection().axes();
                if (node.layout().layoutClass() == DataLayoutMessage.LayoutClass.CHUNKED) {
                    long[] cs = node.chunkDims();
                    long[] c = new long[rank];
                    Arrays.fill(c, 1);
                    boolean ok = true;
                    boolean[] paired = new boolean[sa.length];
                    for (int j = 0; j < pairing.vAxes.length; j++) {
                        c[pairing.vAxes[j]] = cs[pairing.sAxes[j]];
                        paired[pairing.sAxes[j]] = true;
                    }
                    for (int x = 0; x < sa.length; x++) ok &= paired[x] || cs[x] == 1;
                    if (ok) chunked.merge(Arrays.stream(c).boxed().toList(), p.virtual().count(), Long::sum);
                } else if (node.layout().layoutClass() == DataLayoutMessage.LayoutClass.CONTIGUOUS) {
                    contiguousSeen[0] = true;
                    boolean[] paired = new boolean[rank];
                    for (int j = 0; j < pairing.vAxes.length; j++) {
                        int d = pairing.vAxes[j];
                        paired[d] = true;
                        long[] acc = {g[d]};
                        va[d].forEachInterval((start, length) -> acc[0] = gcd(gcd(acc[0], start), length));
                        sa[pairing.sAxes[j]].forEachInterval((start, length) -> acc[0] = gcd(acc[0], length));
                        g[d] = acc[0];
                    }
                    for (int d = 0; d < rank; d++) if (!paired[d]) g[d] = 1;
                    long[] sdims = node.storageDims();
                    contiguityChecks.add(() -> {
                        // 1s before the first axis above 1 in the source, whole source axes after it
                        boolean changed = true;
                        while (changed) {
                            changed = false;
                            long[] b = new long[sa.length];
                            Arrays.fill(b, 1);
                            for (int j = 0; j < pairing.vAxes.length; j++) b[pairing.sAxes[j]] = Math.max(1, g[pairing.vAxes[j]]);
                            if (isRun(b, sdims)) break;
                            // keep the innermost partial axis, set the paired axes before it to 1
                            int last = b.length - 1;
                            while (last > 0 && b[last] == sdims[last]) last--;
                            for (int j = 0; j < pairing.vAxes.length; j++) {
                                if (pairing.sAxes[j] < last && g[pairing.vAxes[j]] != 1) {
                                    g[pairing.vAxes[j]] = 1;
                                    changed = true;
                                }
                            }
                            if (!changed) break;
                        }
                    });
                }
            });
        }
        if (!chunked.isEmpty()) {
            return chunked.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey().stream().mapToLong(Long::longValue).toArray();
        }
        if (contiguousSeen[0]) {
            for (int round = 0; round < rank + 1; round++) for (Runnable r : contiguityChecks) r.run();
            long[] c = new long[rank];
            for (int d = 0; d < rank; d++) c[d] = Math.max(1, g[d]);
            return capFirstAxis(c, elementSize, targetBytes);
        }
        return frame(dims, elementSize, targetBytes);
    }

    /**
     * The chunk shape all chunked sources agree on, seen in the dataset's axes (see
     * {@link #naturalChunks}); null when a found source is not chunked or two disagree.
     */
    public static long[] agreedSourceChunks(int rank, List<ResolvedPiece> pieces, SourceAccess access) {
        List<long[]> seen = new ArrayList<>();
        boolean[] other = {false};
        for (ResolvedPiece p : pieces) {
            if (!p.found() || p.virtual().isEmpty()) continue;
            Pairing pairing = pairing(p.virtual(), p.sourceSelection(), new String[1]);
            access.with(p, node -> {
                long[] cs = node.chunkDims();
                if (cs == null || node.isVirtual() || pairing == null) {
                    other[0] = true;
                    return;
                }
                long[] c = new long[rank];
                Arrays.fill(c, 1);
                for (int j = 0; j < pairing.vAxes.length; j++) c[pairing.vAxes[j]] = cs[pairing.sAxes[j]];
                seen.add(c);
            });
            if (other[0]) return null;
            if (seen.size() > 1 && !Arrays.equals(seen.get(0), seen.get(seen.size() - 1))) return null;
        }
        return seen.isEmpty() ? null : seen.get(0);
    }

    /** One frame, {@code (1, dims[1], ...)}, halved along the later axes until it fits in {@code targetBytes}; a guess for rank 1. */
    public static long[] frame(long[] dims, int elementSize, long targetBytes) {
        int rank = dims.length;
        long[] c = new long[rank];
        if (rank == 0) return c;
        if (rank == 1) {
            c[0] = Math.max(1, Math.min(Math.max(1, dims[0]), Math.max(1, (1L << 20) / elementSize)));
            return c;
        }
        c[0] = 1;
        for (int d = 1; d < rank; d++) c[d] = Math.max(1, dims[d]);
        for (int d = 1; bytes(c, elementSize) > targetBytes; d = d % (rank - 1) + 1) {
            if (Arrays.stream(c).allMatch(x -> x == 1)) break;
            c[d] = (c[d] + 1) / 2;
        }
        return c;
    }

    /** Cuts the first axis above 1 to the largest divisor of it that keeps a chunk within {@code targetBytes} (runs of bytes stay runs). */
    private static long[] capFirstAxis(long[] c, int elementSize, long targetBytes) {
        for (int d = 0; d < c.length; d++) {
            if (c[d] == 1) continue;
            long rest = bytes(c, elementSize) / c[d];
            long best = 1;
            for (long q = 1; q * q <= c[d]; q++) {
                if (c[d] % q != 0) continue;
                if (q * rest <= targetBytes) best = Math.max(best, q);
                long other = c[d] / q;
                if (other * rest <= targetBytes) best = Math.max(best, other);
            }
            c[d] = best;
            break;
        }
        return c;
    }

    private static long bytes(long[] c, int elementSize) {
        long n = elementSize;
        for (long x : c) n = Math.multiplyExact(n, x);
        return n;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }

    static String shape(long[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(s[i]);
        }
        if (s.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return "ChunkAlignment[" + name + ", chunks " + shape(chunk) + ", " + cells.size() + " chunks touched]";
    }
}
