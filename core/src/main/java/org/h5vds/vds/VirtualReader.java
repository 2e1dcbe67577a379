package org.h5vds.vds;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.h5vds.format.FileContext;
import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5Exception;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.Locations;
import org.h5vds.io.NoSuchFileException;
import org.h5vds.io.Store;
import org.h5vds.io.Stores;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.GroupNode;
import org.h5vds.node.LinkEntry;
import org.h5vds.node.NoSuchObjectException;
import org.h5vds.node.ObjectNode;
import org.h5vds.node.OpenFile;
import org.h5vds.node.WriterState;
import org.h5vds.select.Box;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Points;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.FillValue;
import org.h5vds.storage.LayoutReader;
import org.h5vds.storage.ParallelWork;
import org.h5vds.storage.ReadTarget;

/**
 * Reads a virtual dataset (layout class 3) as libhdf5 reads it: each mapping piece the request
 * meets (found through the {@link MappingIndex}, not by scanning the mappings) is projected onto
 * its source dataset, which is opened lazily through the {@link SourceFilePool} and read by its own
 * layout reader straight into the output, converting from the source type to the requested type.
 * Pieces run in parallel; pieces that overlap run in mapping order, so the later mapping wins as in
 * libhdf5. Elements no found source provides read as the fill value.
 *
 * <p>The extent of a dataset with unlimited or printf mappings is computed from its sources on
 * first use and again after {@link #refresh()}. Where a source was found (or that it is missing) is
 * remembered until {@link #refresh()}; libhdf5 instead retries a missing source on every read.
 *
 * <p>As in libhdf5, a mapping whose selections no longer hold the same number of elements (its
 * source grew or shrank) pairs them by rank: a read fails only if it asks for elements without a
 * partner, and source elements beyond the source's extent read as the source's fill value.
 *
 * <p>Thread-safe: the plan is an immutable snapshot, published through a volatile field.
 */
public final class VirtualReader implements LayoutReader {
    private final DatasetNode node;
    private final VirtualReaders engine;
    private final MappingTable table;
    private final List<VirtualMapping> mappings;
    /**
     * The form of each mapping that is not a plain bounded one, null for the plain ones (LIMITED);
     * null altogether when every mapping is plain (100,000 mappings: 400 KB not taken per open).
     */
    private final MappingForm[] forms;
    private final Map<String, SourceName> parsedNames = new ConcurrentHashMap<>();
    private final int heapBlockVersion;
    private final long[] storedDims;
    private final long[] minDims;
    private final String key;
    private final String name;
    /**
     * The sources found since the last {@link #refresh()}: a new map at each refresh (not cleared),
     * so that a lookup that started before a refresh, in another thread, lands in the old map and
     * never puts a source as it was before the refresh into what later plans use.
     */
    private volatile Map<SourceKey, SourceDataset> sources = new ConcurrentHashMap<>();
    /** Counts refreshes: a plan built across one is returned to its caller but not kept. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    /** The names in remote folders listed to find printf sources, until {@link #refresh()}. */
    private final Map<String, java.util.Set<String>> listings = new ConcurrentHashMap<>();
    private volatile MappingPlan plan;

    VirtualReader(DatasetNode node, VirtualReaders engine) {
        this.node = node;
        this.engine = engine;
        this.name = node.file().fileName() + ":" + node.path();
        this.key = identity(engine, node.file()) + "#" + node.address();
        this.storedDims = node.storageDims();
        boolean scalar = node.dataspace().kind() == Dataspace.Kind.SCALAR;
        this.table = readHeapBlock(node, scalar ? -1 : storedDims.length);
        this.heapBlockVersion = table.version();
        this.mappings = table.asList();
        MappingForm[] forms = null;
        String lastFile = null, lastDataset = null;
        // every entry a box from entry 0's names (the usual block): past entry 0 the loop would find nothing to do
        int check = table.boxSlots() == null && table.namesShared() ? Math.min(1, table.size()) : table.size();
        for (int i = 0; i < check; i++) {
            try {
                if (table.isSimple(i)) {
                    // bounded on both sides: LIMITED, unless a name asks for printf blocks (checked once per distinct name)
                    String file = table.sourceFile(i), dataset = table.sourceDataset(i);
                    if (file != lastFile || dataset != lastDataset) {
                        if (sourceName(file).isPrintf() || sourceName(dataset).isPrintf()) {
                            throw new IllegalArgumentException("printf specifiers (%b) in a source name need an unlimited virtual selection");
                        }
                        lastFile = file;
                        lastDataset = dataset;
                    }
                } else {
                    // (a simple entry's box has the dataset's rank, checked as it was decoded; ALL has none)
                    int vRank = table.mapping(i).virtualSelection().rank();
                    if (vRank >= 0 && vRank != storedDims.length) {
                        // a scalar dataspace stores no rank to check the selections against while decoding
                        throw formatError("mapping " + i + ": virtual selection of rank " + vRank + " for a "
                                + (scalar ? "scalar virtual dataset" : "virtual dataset of rank " + storedDims.length));
                    }
                    MappingForm form = MappingForm.of(table.mapping(i), parsedNames);
                    if (form.kind() != MappingForm.Kind.LIMITED) {
                        if (forms == null) forms = new MappingForm[table.size()];
                        forms[i] = form;
                    }
                }
            } catch (IllegalArgumentException e) {
                throw formatError("mapping " + i + " (" + table.sourceFile(i) + ":" + table.sourceDataset(i) + "): " + e.getMessage());
            }
        }
        this.forms = forms;
        this.minDims = minDims(table, storedDims.length);
        for (int d = 0; d < storedDims.length; d++) {
            if (storedDims[d] < minDims[d]) {
                throw formatError("virtual dataset dimensions " + Arrays.toString(storedDims) + " are not large enough to contain the mappings' bounds "
                        + Arrays.toString(minDims) + " (H5D_virtual_check_min_dims)");
            }
        }
    }

    private static MappingTable readHeapBlock(DatasetNode node, int virtualRank) {
        DataLayoutMessage layout = node.layout();
        FileContext ctx = node.file().context();
        long address = layout.globalHeapAddress();
        if (address == Cursor.UNDEFINED) return MappingTable.empty(virtualRank);
        long index = layout.globalHeapIndex();
        // a view: MappingTable decodes the block in one pass and keeps nothing of its bytes
        GlobalHeapCollection heap = GlobalHeapCollection.view(ctx, address);
        if (index < 1 || index > GlobalHeapCollection.MAXIMUM_INDEX || !heap.contains((int) index)) {
            throw new H5FormatException(ctx.fileName(), node.path(), ctx.absolute(address, "global heap"),
                    "virtual dataset mapping list: global heap collection has no object " + index);
        }
        ByteBuffer object = heap.object((int) index);
        long base = heap.info((int) index).dataFileOffset();
        Cursor c = new Cursor(object, ctx.fileName(), base, ctx.offsetSize(), ctx.lengthSize());
        return MappingTable.decode(c, virtualRank, new BlockInStore(ctx.store(), base));
    }

    /** The heap block's bytes as its store reads them for {@link StreamedBlock} (a class, not a lambda: no bootstrap on a first open). */
    private static final class BlockInStore implements StreamedBlock.Source {
        private final Store store;
        private final long base;

        BlockInStore(Store store, long base) {
            this.store = store;
            this.base = base;
        }

        @Override
        public void read(int position, ByteBuffer into) {
            store.readStreamed(base + position, into, "virtual dataset mapping list");
        }
    }

    /** libhdf5's min_dims: the extent every limited part of a virtual selection needs (H5D_virtual_update_min_dims). */
    private static long[] minDims(MappingTable table, int rank) {
        long[] min = new long[rank];
        if (table.boxSlots() == null) {
            // every entry a box, none empty: the greatest ends, in one tight loop over the boxes
            long[] union = table.boxes().union(table.boxCount());
            if (union != null) {
                for (int d = 0; d < rank; d++) min[d] = Math.max(0, union[rank + d]);
                return min;
            }
        }
        for (int i = 0; i < table.size(); i++) {
            if (table.virtualKind(i) == MappingTable.ALL) continue;
            if (table.virtualKind(i) == MappingTable.BOX) {
                for (int d = 0; d < rank; d++) min[d] = Math.max(min[d], table.hi(i, d));
                continue;
            }
            Selection v = table.mapping(i).virtualSelection();
            if (!v.isResolved() && !(v instanceof Hyperslab)) continue; // ALL
            if (v instanceof Hyperslab h && h.unlimitedAxis() >= 0) {
                for (int d = 0; d < rank; d++) if (d != h.unlimitedAxis()) min[d] = Math.max(min[d], h.axis(d).end());
                continue;
            }
            if (v.isEmpty()) continue;
            Box b = v.bounds();
            if (b.rank() != rank) continue;
            for (int d = 0; d < rank; d++) min[d] = Math.max(min[d], b.end(d));
        }
        return min;
    }

    // ---- what the API shows ---------------------------------------------------------------------

    /** The mappings as stored (names unexpanded, selections unresolved), like h5py's virtual_sources(). */
    public List<VirtualMapping> mappings() {
        return mappings;
    }

    /** The heap block version the mappings were stored with (0 for libhdf5 1.10-1.14, 1 for HDF5 2.0's shared names). */
    public int heapBlockVersion() {
        return heapBlockVersion;
    }

    /** The current extent: the stored one, or the one computed from the sources for unlimited mappings. */
    public long[] dims() {
        return plan(ReadChain.start().enter(key, name)).dims();
    }

    /**
     * Recomputes the extent and forgets which sources were found, so that sources created or grown
     * since are seen (libhdf5 recomputes on every H5Dget_space). Source files are reopened when next
     * used; a source inside the virtual file itself is seen as it was when the file was opened.
     */
    public void refresh() {
        generation.incrementAndGet();
        engine.pool().invalidate();
        sources = new ConcurrentHashMap<>();
        listings.clear();
        plan = null;
    }

    /**
     * Tells {@code out} the sources a read of this dataset would need but cannot find, each once,
     * in mapping order: missing files, missing datasets, files that are not HDF5. Opens every
     * source to find out. (The value a user sees is the api's {@code UnresolvedSource}.)
     */
    public void forEachUnresolved(Unresolved out) {
        ReadChain chain = ReadChain.start().enter(key, name);
        MappingPlan p = plan(chain);
        Map<SourceKey, SourceDataset> missing = new LinkedHashMap<>();
        List<SourceDataset> all = new ArrayList<>(p.missingUnlimited());
        List<MappingPiece> pieces = new ArrayList<>(p.pieces());
        pieces.sort(Comparator.comparingInt(MappingPiece::mapping).thenComparingLong(MappingPiece::block));
        for (MappingPiece piece : pieces) all.add(source(piece.sourceKey(), chain));
        for (SourceDataset s : all) {
            if (!s.found()) missing.putIfAbsent(s.key(), s);
        }
        for (SourceDataset s : missing.values()) out.source(s.key().fileName(), s.key().datasetName(), s.problem());
    }

    /** Receives a source that cannot be read: its names after {@code %b} substitution, and why. */
    @FunctionalInterface
    public interface Unresolved {
        void source(String fileName, String datasetName, String problem);
    }

    /** Where reads along axis 0 can be cut cleanly (see {@link VirtualCuts}), at the current extent. */
    public VirtualCuts cuts() {
        return new VirtualCuts(this);
    }

    /**
     * What every mapping piece reads at the current extent, in mapping order: each source looked
     * up (and opened to learn its extent) as a read would. Sources that are missing come with
     * their problem and no source selection.
     */
    public List<ResolvedPiece> resolvedPieces() {
        ReadChain chain = ReadChain.start().enter(key, name);
        MappingPlan p = plan(chain);
        List<MappingPiece> pieces = p.pieces();
        List<ResolvedPiece> out = new ArrayList<>(pieces.size());
        for (MappingPiece piece : pieces) {
            SourceDataset src = source(piece.sourceKey(), chain);
            if (!src.found()) {
                out.add(new ResolvedPiece(piece.mapping(), piece.block(), piece.virtual(), src, null, null));
                continue;
            }
            long[] sdims = sourceDims(src, chain);
            out.add(new ResolvedPiece(piece.mapping(), piece.block(), piece.virtual(), src, sdims, sourceSelection(piece, sdims, src)));
        }
        return out;
    }

    /**
     * Runs {@code use} on a found piece's source dataset, its file held open meanwhile.
     *
     * @throws IllegalArgumentException when the piece's source was not found
     */
    public <T> T withSource(ResolvedPiece piece, java.util.function.Function<DatasetNode, T> use) {
        SourceDataset src = piece.source();
        if (!src.found()) throw new IllegalArgumentException(piece.label() + ": source not found: " + src.problem());
        try (SourceFilePool.Lease lease = src.isSameFile() ? null : engine.pool().lease(src.file())) {
            OpenFile file = lease == null ? node.file() : lease.file();
            return use.apply(src.node(file));
        }
    }

    /**
     * Who is writing the source files found at the current extent, each file asked once (its
     * superblock read again): {@link WriterState#SWMR_WRITING} if any SWMR writer has one,
     * else {@link WriterState#WRITING} if any writer has one, else {@link WriterState#NONE}, which
     * is also the answer when no source is found. The virtual file itself counts when it holds sources.
     */
    public WriterState sourceWriters() {
        ReadChain chain = ReadChain.start().enter(key, name);
        MappingPlan p = plan(chain);
        java.util.Set<String> asked = new java.util.HashSet<>();
        WriterState out = WriterState.NONE;
        for (MappingPiece piece : p.pieces()) {
            SourceDataset src = source(piece.sourceKey(), chain);
            if (!src.found() || !asked.add(src.isSameFile() ? "." : src.file())) continue;
            WriterState w;
            try (SourceFilePool.Lease lease = src.isSameFile() ? null : engine.pool().lease(src.file())) {
                OpenFile file = lease == null ? node.file() : lease.file();
                w = file.writerStateNow();
            }
            if (w == WriterState.SWMR_WRITING) return w;
            if (w == WriterState.WRITING) out = w;
        }
        return out;
    }

    /** The virtual dataset's own node. */
    public DatasetNode datasetNode() {
        return node;
    }

    // ---- reading ----------------------------------------------------------------------------------

    @Override
    public void read(SelectionPair pair, ReadTarget target, ElementConverter converter) {
        read(pair, target, converter, ReadChain.start());
    }

    /** Reads within a chain of virtual datasets being read (for nested virtual datasets). */
    void read(SelectionPair pair, ReadTarget target, ElementConverter converter, ReadChain outer) {
        ReadChain chain = outer.enter(key, name);
        MappingPlan p = plan(chain);
        Selection request = pair.a();
        if (request.isEmpty()) return;
        int[] hits = p.index().query(request.bounds());
        if (hits.length >= Gather.MIN_PIECES && Gather.tryRead(this, p, hits, pair, target, converter, chain)) return;
        locateTogether(p, hits);
        List<Part> parts = new ArrayList<>(hits.length);
        for (int h : hits) {
            MappingPiece piece = p.piece(h);
            SelectionPair sub = pair.restrictA(piece.virtual());
            if (sub.count() == 0) continue;
            SourceDataset src = source(piece.sourceKey(), chain);
            if (!src.found() && engine.options().failOnMissing()) {
                throw new H5Exception(name + ": mapping " + piece.mapping() + (piece.block() >= 0 ? " block " + piece.block() : "")
                        + ": source " + src.key() + " is missing: " + src.problem());
            }
            parts.add(new Part(h, piece, sub, src));
        }
        List<List<Part>> groups = overlapGroups(parts, p);
        boolean overlapping = groups.size() < parts.size();
        long present = 0;
        long absent = 0;
        for (Part part : parts) {
            if (part.source.found()) present += part.sub.count();
            else absent += part.sub.count();
        }
        long total = pair.count();
        FillValue fill = FillValue.of(node.fillValue(), node.elementSize());
        List<Runnable> work = new ArrayList<>();
        if (overlapping ? (absent > 0 || present < total) : present + absent < total) {
            fill.fill(pair.b(), target, converter);
        } else if (absent > 0) {
            for (Part part : parts) if (!part.source.found()) work.add(() -> fill.fill(part.sub.b(), target, converter));
        }
        for (List<Part> group : groups) {
            if (group.size() == 1 && !group.get(0).source.found()) continue;
            work.add(() -> {
                for (Part part : group) if (part.source.found()) readPart(part, target, converter, chain);
            });
        }
        ParallelWork.runAll(work);
    }

    /**
     * A frame ({@code dset[k]}: a run of whole trailing axes) inside one mapping piece whose virtual
     * and source selections are boxes of one shape, its source found, holding what the mapping
     * declares, of this dataset's type and not itself virtual: the source's own
     * {@link LayoutReader#readRun} of the same elements, so that a frame loop over a virtual
     * dataset builds no selection pair, parts or tasks and decodes a source chunk straight into
     * the result. False for anything else (several pieces or none, a strided or point selection,
     * a conversion, a source missing, grown or shrunk, elements the source layout does not hold as
     * one run), which {@link #read} reads with its checks and messages.
     */
    @Override
    public boolean readRun(long first, long count, byte[] out, int offset) {
        ReadChain chain = ReadChain.start().enter(key, name);
        MappingPlan p = plan(chain);
        Box frame = runBox(first, count, p.dims());
        if (frame == null) return false;
        int[] hits = p.index().query(frame, true);
        if (hits.length != 1) return false;
        MappingPiece piece = p.piece(hits[0]);
        Selection v = piece.virtual();
        // (libhdf5 refuses point selections in mappings; one in a file from elsewhere pairs its elements in its own order)
        if (v.isEmpty() || v instanceof Points) return false;
        Box vb = v.bounds();
        if (v.count() != vb.size() || !vb.contains(frame)) return false;
        SourceDataset src = source(piece.sourceKey(), chain);
        if (!src.found()) return false;
        try (SourceFilePool.Lease lease = src.isSameFile() ? null : engine.pool().lease(src.file())) {
            DatasetNode source = src.node(lease == null ? node.file() : lease.file());
            long[] sdims = source.storageDims();
            Selection s;
            try {
                if (source.isVirtual() || !Conversions.between(source.datatype(), node.datatype()).isIdentity()) return false;
                s = piece.source().resolve(sdims);
            } catch (IllegalArgumentException e) {
                return false; // no conversion, or a selection that does not fit: the general read names it
            }
            if (s.isEmpty() || s instanceof Points) return false;
            Box sb = s.bounds();
            if (s.count() != sb.size() || s.count() != v.count() || !Box.of(sdims).contains(sb)) return false;
            long sourceFirst;
            if (Arrays.equals(sb.count(), vb.count())) {
                // boxes of one shape: the frame's place in the source box is its place in the virtual one
                long[] at = new long[sdims.length];
                for (int d = 0; d < at.length; d++) at[d] = sb.start(d) + frame.start(d) - vb.start(d);
                sourceFirst = runStart(new Box(at, frame.count()), sdims);
            } else {
                // other shapes (or ranks) pair elements in C order: the frame is the virtual box's elements
                // [k, k + count), whose partners are a run of the source when its box is one
                long boxFirst = runStart(sb, sdims);
                sourceFirst = boxFirst < 0 ? -1 : boxFirst + offsetIn(vb, frame.start());
            }
            if (sourceFirst < 0 || !source.readRun(sourceFirst, count, out, offset)) return false;
            p.index().markQueried();
            return true;
        }
    }

    /** The C-order position of {@code at} among the elements of {@code box}. */
    private static long offsetIn(Box box, long[] at) {
        long k = 0;
        for (int d = 0; d < at.length; d++) k = k * box.count(d) + at[d] - box.start(d);
        return k;
    }

    /** The box of the run {@code [first, first + count)} of whole trailing axes of {@code dims}, or null when it is not one. */
    private static Box runBox(long first, long count, long[] dims) {
        int r = dims.length;
        long[] start = new long[r];
        long[] counts = new long[r];
        Arrays.fill(counts, 1);
        int k = r;
        long tail = 1;
        while (k > 0 && tail < count) {
            k--;
            counts[k] = dims[k];
            tail *= dims[k];
        }
        if (tail != count || count == 0 || first % count != 0) return null;
        long rest = first / count;
        for (int d = k - 1; d >= 0; d--) {
            start[d] = rest % dims[d];
            rest /= dims[d];
        }
        return rest == 0 ? new Box(start, counts) : null;
    }

    /** The C-order position of a box's first element when the box is one run of {@code dims}'s elements, else -1. */
    private static long runStart(Box b, long[] dims) {
        int d = dims.length - 1;
        while (d >= 0 && b.start(d) == 0 && b.count(d) == dims[d]) d--;
        for (int i = 0; i < d; i++) if (b.count(i) != 1) return -1;
        long first = 0;
        for (int i = 0; i < dims.length; i++) first = first * dims[i] + b.start(i);
        return first;
    }

    /** Pairs of parts whose bounds meet that {@link #overlapGroups} looks at per part before it runs them all as one group. */
    static final int OVERLAP_BUDGET = 64;

    /** One piece a read meets: the piece, the request's elements in it with their target positions, and its source. */
    private record Part(int order, MappingPiece piece, SelectionPair sub, SourceDataset source) {
    }

    /**
     * Groups parts whose virtual elements overlap (transitively), each group in mapping order;
     * groups are disjoint in the output and can run at the same time. Finding the groups looks at
     * the pairs whose bounds meet, which is quadratic when many parts overlap (a block of mappings
     * that all select the whole dataset: 20,000 of them made 4 x 10^8 pairs); past {@link
     * #OVERLAP_BUDGET} pairs per part the parts run as one group, in mapping order, as libhdf5
     * reads them: the same values, without the parallelism that such a read would not have anyway.
     */
    private List<List<Part>> overlapGroups(List<Part> parts, MappingPlan p) {
        int n = parts.size();
        List<List<Part>> out = new ArrayList<>(n);
        if (n <= 1) {
            for (Part part : parts) out.add(List.of(part));
            return out;
        }
        Map<Integer, Integer> byPiece = new HashMap<>(n * 2);
        for (int k = 0; k < n; k++) byPiece.put(parts.get(k).order, k);
        int[] parent = new int[n];
        for (int k = 0; k < n; k++) parent[k] = k;
        boolean any = false;
        long budget = OVERLAP_BUDGET * (long) n;
        for (int k = 0; k < n; k++) {
            Selection a = parts.get(k).sub.a();
            int[] met = p.index().query(a.bounds());
            budget -= met.length;
            if (budget < 0) {
                out.add(List.copyOf(parts)); // parts are in mapping order (hits are)
                return out;
            }
            for (int other : met) {
                Integer j = byPiece.get(other);
                if (j == null || j <= k) continue;
                int rk = root(parent, k);
                int rj = root(parent, j);
                if (rk == rj) continue; // grouped already: no intersection to compute
                if (!a.intersect(parts.get(j).sub.a()).isEmpty()) {
                    parent[Math.max(rk, rj)] = Math.min(rk, rj);
                    any = true;
                }
            }
        }
        if (!any) {
            for (Part part : parts) out.add(List.of(part));
            return out;
        }
        Map<Integer, List<Part>> groups = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) groups.computeIfAbsent(root(parent, k), x -> new ArrayList<>()).add(parts.get(k));
        out.addAll(groups.values());
        return out;
    }

    private static int root(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }

    /** The fill value of this virtual dataset. */
    FillValue fill() {
        return FillValue.of(node.fillValue(), node.elementSize());
    }

    boolean failOnMissing() {
        return engine.options().failOnMissing();
    }

    /** Runs {@code use} with the source's node, its file held open meanwhile. */
    <T> T withNode(SourceDataset src, java.util.function.Function<DatasetNode, T> use) {
        try (SourceFilePool.Lease lease = src.isSameFile() ? null : engine.pool().lease(src.file())) {
            OpenFile file = lease == null ? node.file() : lease.file();
            return use.apply(src.node(file));
        }
    }

    /** The current extent of a source dataset (a nested virtual dataset's computed one). */
    static long[] extentOf(DatasetNode source, ReadChain chain) {
        return dimsOf(source, chain);
    }

    /** Reads a source through its own layout reader (a nested virtual dataset within the chain; a SWMR writer's file repeating what meets a write). */
    static void readSource(DatasetNode source, SelectionPair onSource, ReadTarget target, ElementConverter toTarget, ReadChain chain) {
        LayoutReader reader = source.reader();
        if (reader instanceof VirtualReader nested) nested.read(onSource, target, toTarget, chain);
        else source.read(onSource, target, toTarget);
    }

    /**
     * The converter from a source's stored type to the target's. Variable-length data and
     * references are looked up in the file that holds the source dataset, which is not the
     * mapping's source file when the dataset path is an external link.
     */
    ElementConverter converterTo(DatasetNode source, SourceDataset src, ReadTarget target) {
        try {
            ReadTarget.Memory m = target.memory();
            if (m == null) {
                if (source.datatype().pointsIntoFile()) {
                    if (source.datatype().equals(node.datatype())) return ElementConverter.bytes(source.elementSize());
                    throw new ElementConverter.UnsupportedConversionException("variable-length data or references read as raw bytes");
                }
                return Conversions.between(source.datatype(), node.datatype());
            }
            return Conversions.reading(source.datatype(), m.type(), source.file().objects(), m.table(), m.codec());
        } catch (ElementConverter.UnsupportedConversionException e) {
            throw new H5Exception(name + ": source " + src.key() + " has a datatype that cannot be converted to the virtual dataset's: "
                    + e.getMessage());
        }
    }

    private void readPart(Part part, ReadTarget target, ElementConverter converter, ReadChain chain) {
        SourceDataset src = part.source;
        try (SourceFilePool.Lease lease = src.isSameFile() ? null : engine.pool().lease(src.file())) {
            OpenFile file = lease == null ? node.file() : lease.file();
            DatasetNode source = src.node(file);
            long[] sdims = dimsOf(source, chain);
            MappingPiece piece = part.piece;
            Selection s = sourceSelection(piece, sdims, src);
            SelectionPair onSource = compose(part.sub, piece, s, src, sdims);
            ElementConverter toTarget = converterTo(source, src, target);
            Box extent = Box.of(sdims);
            Selection wanted = onSource.a();
            if (!wanted.isEmpty() && !extent.intersect(wanted.bounds()).equals(wanted.bounds())) {
                // libhdf5 reads a source through its layout without checking the extent, so elements
                // beyond it (a source that shrank) read as what the source's unwritten storage reads as
                FillValue.of(source.unwrittenValue(), source.elementSize()).fill(onSource.b(), target, toTarget);
                onSource = onSource.restrictA(extent);
                if (onSource.count() == 0) return;
            }
            readSource(source, onSource, target, toTarget, chain);
        }
    }

    /** A piece's source selection resolved against the source's extent (ALL and unlimited counts). */
    private Selection sourceSelection(MappingPiece piece, long[] sdims, SourceDataset src) {
        try {
            return piece.source().resolve(sdims);
        } catch (IllegalArgumentException e) {
            throw new H5Exception(name + ": mapping " + piece.mapping() + ": source selection " + piece.source() + " does not fit "
                    + src.key() + " of shape " + Arrays.toString(sdims) + ": " + e.getMessage());
        }
    }

    /**
     * The request's elements of a piece ({@code sub}: virtual elements, target positions) as source
     * elements paired with the same target positions: element k of the virtual selection takes
     * element k of the source selection, so both orders agree.
     *
     * <p>When the source selection holds fewer elements than the virtual one (a source that shrank
     * since the mapping was made, with an ALL or limited selection), libhdf5 still pairs them by
     * rank: a read succeeds when every element it asks for has a partner, and fails otherwise
     * ("src and dest dataspaces have different number of elements selected").
     *
     * <p>When it holds more (a source larger than the shape the mapping declared), libhdf5 1.10.8,
     * 1.14.3 and 2.0.0 fail a read of the whole dataset (an H5S_ALL selection) with that error, but
     * answer a hyperslab read with the first elements in C order: part of the source, or its rows
     * mixed up when a trailing axis grew. h5vds never returns such an answer: any read that meets
     * the mapping fails, naming it.
     */
    private SelectionPair compose(SelectionPair sub, MappingPiece piece, Selection s, SourceDataset src, long[] sdims) {
        Selection v = piece.virtual();
        long vc = v.count();
        long sc = s.count();
        if (sc > vc) {
            throw new H5Exception(name + ": mapping " + piece.mapping() + ": source " + src.key() + " has shape " + MappingRules.shape(sdims)
                    + ", whose " + sc + " elements are more than the " + vc + " the mapping's virtual selection holds: the source is larger"
                    + " than the mapping declares (libhdf5: src and dest dataspaces have different number of elements selected)");
        }
        if (vc != sc) {
            Selection kept = firstElements(v, sc);
            if (kept.intersect(sub.a()).count() != sub.a().count()) {
                throw new H5Exception(name + ": mapping " + piece.mapping() + ": the virtual selection has " + vc
                        + " elements but the source selection of " + src.key() + " has " + sc
                        + ", and the read asks for elements without a partner (libhdf5: src and dest dataspaces have different number of elements selected)");
            }
            v = kept;
        }
        SelectionPair mapping = new SelectionPair(v, s);
        if (!(sub.a() instanceof Points points)) {
            return new SelectionPair(mapping.restrictA(sub.a()).b(), sub.b());
        }
        long[][] coords = new long[points.size()][];
        for (int k = 0; k < points.size(); k++) {
            Selection one = mapping.restrictA(Selection.points(points.point(k))).b();
            coords[k] = one.bounds().start();
        }
        return new SelectionPair(Selection.points(coords), sub.b());
    }

    /** The first {@code n} elements of a C-ordered selection: those before the element of rank n. */
    private static Selection firstElements(Selection sel, long n) {
        long[] p = elementAt(sel, n);
        int rank = p.length;
        Box bounds = sel.bounds();
        List<Box> before = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            if (p[d] == 0) continue;
            long[] start = new long[rank];
            long[] count = new long[rank];
            for (int i = 0; i < rank; i++) {
                if (i < d) {
                    start[i] = p[i];
                    count[i] = 1;
                } else if (i == d) {
                    count[i] = p[d];
                } else {
                    count[i] = bounds.end(i);
                }
            }
            before.add(new Box(start, count));
        }
        return before.isEmpty() ? Selection.none(rank) : sel.intersect(Selection.union(rank, before));
    }

    /** The element of rank {@code n} (0-based, in C order) of a selection with more than n elements. */
    private static long[] elementAt(Selection sel, long n) {
        if (sel instanceof org.h5vds.select.ProductSelection p) {
            long[] coord = new long[p.rank()];
            long rest = n;
            for (int i = p.rank() - 1; i >= 0; i--) {
                long size = p.axis(i).size();
                coord[i] = p.axis(i).at(rest % size);
                rest /= size;
            }
            return coord;
        }
        long[][] found = {null};
        long[] seen = {0};
        sel.forEachRun((start, length) -> {
            if (found[0] == null && seen[0] + length > n) {
                found[0] = start.clone();
                found[0][start.length - 1] += n - seen[0];
            }
            seen[0] += length;
        });
        return found[0];
    }

    /**
     * libhdf5 converts each source straight to the memory type (H5D__virtual_read reads every
     * source with the caller's memory type); so do we, through the source's own file for its
     * variable-length data. A target of raw bytes takes sources of the virtual dataset's own type.
     */
    // ---- sources -------------------------------------------------------------------------------------

    /** Where a source is, found once and remembered until {@link #refresh()}. */
    SourceDataset source(SourceKey k, ReadChain chain) {
        return source(k, false);
    }

    /**
     * Where a block of a printf mapping is: as {@link #source}, except that a remote candidate
     * whose folder (bucket prefix) lists without its name is skipped without a request, so that
     * looking for the blocks takes one listing rather than a failed GET per missing number.
     */
    SourceDataset printfSource(SourceKey k, ReadChain chain) {
        return source(k, true);
    }

    private SourceDataset source(SourceKey k, boolean printf) {
        Map<SourceKey, SourceDataset> found = sources;
        SourceDataset s = found.get(k);
        if (s == null) {
            s = locate(k, printf);
            SourceDataset prev = found.putIfAbsent(k, s);
            if (prev != null) s = prev;
        }
        return s;
    }

    /** Threads that find remote source files at once: opening one means a first read that may take a while. */
    private static final java.util.concurrent.ExecutorService LOCATORS = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "h5vds-locate");
        t.setDaemon(true);
        return t;
    });

    /**
     * Finds the not yet located sources of the pieces a read meets all at once when they may be
     * remote (the virtual file is, or a name is a URI), so that their first reads overlap instead
     * of following one another; local sources are found as the read meets them.
     */
    private void locateTogether(MappingPlan p, int[] hits) {
        if (hits.length < 2) return;
        boolean remote = Locations.isRemote(node.file().location());
        java.util.Set<SourceKey> todo = new java.util.LinkedHashSet<>();
        for (int h : hits) {
            SourceKey k = p.piece(h).sourceKey();
            if (k.isSameFile() || sources.containsKey(k)) continue;
            todo.add(k);
            remote |= Locations.isRemote(k.fileName());
        }
        if (!remote || todo.size() < 2) return;
        List<java.util.concurrent.Future<SourceDataset>> found = new ArrayList<>();
        for (SourceKey k : todo) found.add(LOCATORS.submit(() -> source(k, false)));
        for (java.util.concurrent.Future<SourceDataset> f : found) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new H5Exception(name + ": cannot locate a source: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new H5Exception(name + ": interrupted while locating sources", e);
            }
        }
    }

    /** False when {@code candidate} is remote and its folder's listing lacks it; true when present or unknown. */
    private boolean mayExist(String candidate, Stores stores) {
        if (!Locations.isRemote(candidate)) return true;
        String folder = stores.parent(candidate);
        java.util.Set<String> names = listings.computeIfAbsent(folder, f -> {
            try {
                return java.util.Set.copyOf(stores.list(f));
            } catch (UnsupportedOperationException | H5Exception e) {
                return java.util.Set.of(UNLISTABLE);
            }
        });
        return names.contains(UNLISTABLE) || names.contains(Locations.lastComponent(candidate));
    }

    /** Stands for a folder that cannot be listed (never a file name: it has a slash). */
    private static final String UNLISTABLE = "/unlistable/";

    private SourceDataset locate(SourceKey k, boolean printf) {
        if (k.isSameFile()) {
            String problem = datasetProblem(node.file(), k.datasetName());
            return problem == null ? SourceDataset.inVirtualFile(k) : SourceDataset.missing(k, problem);
        }
        String problem = "file not found";
        Stores stores = engine.stores();
        for (String candidate : SourceLocator.candidates(k.fileName(), node.file().location(), engine.options(), stores)) {
            if (printf && !mayExist(candidate, stores)) continue;
            String identity = stores.identify(candidate);
            if (identity == null) continue;
            SourceFilePool.Lease lease;
            try {
                lease = engine.pool().lease(identity);
            } catch (NoSuchFileException e) {
                continue; // a remote candidate is known to be missing only once opened
            } catch (H5Exception e) {
                // libhdf5 goes on to the next candidate when a file does not open
                problem = candidate + " does not open: " + e.getMessage();
                continue;
            }
            try (lease) {
                String missing = datasetProblem(lease.file(), k.datasetName());
                return missing == null ? SourceDataset.inFile(k, identity, candidate) : SourceDataset.missing(k, missing);
            }
        }
        return SourceDataset.missing(k, problem);
    }

    /**
     * The block numbers of a printf mapping whose names exist: files matching the file name in
     * every folder libhdf5 would look in, or, when only the dataset name holds {@code %b}, datasets
     * matching it in the one source file. Each folder or group is listed once (see PrintfBlocks).
     */
    TreeSet<Long> printfBlocks(MappingForm f) {
        Stores stores = engine.stores();
        if (f.file().isPrintf()) {
            TreeSet<Long> out = new TreeSet<>();
            String pattern = f.file().withMarker(PrintfBlocks.MARKER);
            for (String candidate : SourceLocator.candidates(pattern, node.file().location(), engine.options(), stores)) {
                if (!Locations.isRemote(candidate)) {
                    out.addAll(PrintfBlocks.find(candidate, PrintfBlocks::folder));
                    continue;
                }
                String folder = stores.parent(candidate);
                if (folder.contains(PrintfBlocks.MARKER)) return null; // a remote folder name with %b: its folders cannot be listed
                try {
                    out.addAll(PrintfBlocks.matching(Locations.lastComponent(candidate), stores.list(folder)));
                } catch (UnsupportedOperationException | H5Exception e) {
                    return null; // this kind of location cannot be listed: the caller tries block by block
                }
            }
            return out;
        }
        String pattern = f.dataset().withMarker(PrintfBlocks.MARKER);
        String fileName = f.file().literal();
        if (VirtualMapping.SAME_FILE.equals(fileName)) return PrintfBlocks.find(pattern, groupLister(node.file()));
        for (String candidate : SourceLocator.candidates(fileName, node.file().location(), engine.options(), stores)) {
            String identity = stores.identify(candidate);
            if (identity == null) continue;
            try (SourceFilePool.Lease lease = engine.pool().lease(identity)) {
                return PrintfBlocks.find(pattern, groupLister(lease.file()));
            } catch (H5Exception e) {
                // missing or not an HDF5 file: libhdf5 goes on to the next candidate
            }
        }
        return new TreeSet<>();
    }

    private static Function<String, List<String>> groupLister(OpenFile file) {
        return path -> {
            try {
                if (!(file.resolve(path.isEmpty() ? "/" : path) instanceof GroupNode g)) return List.of();
                List<String> names = new ArrayList<>();
                for (LinkEntry e : g.links()) names.add(e.name());
                return names;
            } catch (H5Exception e) {
                return List.of(); // a group that does not resolve holds no source
            }
        };
    }

    /**
     * Null when {@code path} names a dataset in {@code file}, else why not. As in libhdf5
     * (H5D__virtual_open_source_dset), any failure to open the source dataset makes it missing: no
     * such object, a dangling soft or external link (the Eiger/Odin master file whose data file is
     * not yet written), a link nobody can follow.
     */
    private static String datasetProblem(OpenFile file, String path) {
        try {
            ObjectNode n = file.resolve(path);
            return n instanceof DatasetNode ? null : "no dataset named " + path + " in " + file.fileName() + " (it is a " + n.kind().name().toLowerCase() + ")";
        } catch (NoSuchObjectException e) {
            return "no dataset named " + path + " in " + file.fileName() + (e.why() == null ? "" : ": " + e.path() + " is " + e.why());
        } catch (H5Exception e) {
            return path + " does not open: " + e.getMessage();
        }
    }

    /** The current extent of a found source (a nested virtual dataset's computed extent). */
    long[] sourceDims(SourceDataset src, ReadChain chain) {
        try (SourceFilePool.Lease lease = src.isSameFile() ? null : engine.pool().lease(src.file())) {
            OpenFile file = lease == null ? node.file() : lease.file();
            return dimsOf(src.node(file), chain);
        }
    }

    private static long[] dimsOf(DatasetNode source, ReadChain chain) {
        if (source.isVirtual() && source.reader() instanceof VirtualReader nested) return nested.plan(chain.enter(nested.key, nested.name)).dims();
        return source.storageDims();
    }

    // ---- the plan --------------------------------------------------------------------------------------

    /**
     * The current plan, built on first use without holding a lock (two threads may both build it;
     * one result wins), so that virtual datasets whose sources form a cycle fail instead of
     * deadlocking.
     *
     * @param chain the chain of datasets being read, ending with this one
     */
    MappingPlan plan(ReadChain chain) {
        MappingPlan p = plan;
        if (p != null) return p;
        long g = generation.get();
        p = MappingPlan.build(this, chain);
        // (a plan built while another thread refreshed may hold sources as they were before: not kept, or a
        // later reader would see the extent go back)
        synchronized (generation) {
            if (generation.get() == g) plan = p;
        }
        return p;
    }

    VirtualOptions options() {
        return engine.options();
    }

    SourceFilePool pool() {
        return engine.pool();
    }

    DatasetNode node() {
        return node;
    }

    /** Identifies the dataset across files: its file's real path and its object header address. */
    String key() {
        return key;
    }

    long[] storedDims() {
        return storedDims.clone();
    }

    long[] minDims() {
        return minDims.clone();
    }

    /** The form of every mapping (a list view; plain mappings' forms are made when asked for). */
    List<MappingForm> forms() {
        return new java.util.AbstractList<>() {
            @Override
            public MappingForm get(int i) {
                return form(i);
            }

            @Override
            public int size() {
                return table.size();
            }
        };
    }

    /** How libhdf5 treats mapping i. */
    MappingForm form(int i) {
        java.util.Objects.checkIndex(i, table.size());
        MappingForm f = forms == null ? null : forms[i];
        if (f != null) return f;
        return new MappingForm(MappingForm.Kind.LIMITED, -1, -1, sourceName(table.sourceFile(i)), sourceName(table.sourceDataset(i)));
    }

    /** Whether every mapping is LIMITED. */
    boolean allLimited() {
        return forms == null;
    }

    /** Whether mapping i is LIMITED: bounded, one source (no unlimited axis, no printf blocks). */
    boolean isLimited(int i) {
        java.util.Objects.checkIndex(i, table.size());
        return forms == null || forms[i] == null;
    }

    MappingTable table() {
        return table;
    }

    private SourceName sourceName(String stored) {
        return parsedNames.computeIfAbsent(stored, SourceName::parse);
    }

    String name() {
        return name;
    }

    /** Boxes the mapping index has tested so far (for tests that a read does not scan every mapping). */
    long indexTests() {
        MappingPlan p = plan;
        return p == null ? 0 : p.index().tested();
    }

    H5FormatException formatError(String detail) {
        return new H5FormatException(node.file().fileName(), node.path(), H5FormatException.NO_OFFSET, detail);
    }

    /**
     * The file's identity as the stores give it (its real path for a local file), else its
     * location; for the file the engine opened, the identity it was pinned under (worked out once
     * per opening: a local file's real path costs a system call per path component).
     */
    private static String identity(VirtualReaders engine, OpenFile file) {
        String id = engine.pool().pinnedKey(file);
        if (id != null) return id;
        id = engine.stores().identify(file.location());
        return id != null ? id : file.location();
    }

    @Override
    public String toString() {
        return "VirtualReader[" + name + ", " + mappings.size() + " mappings]";
    }
}
