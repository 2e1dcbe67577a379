package org.h5vds.vds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.io.H5Exception;
import org.h5vds.select.Box;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Regular;
import org.h5vds.select.Selection;

/**
 * A virtual dataset at one moment: its extent, computed from the sources as libhdf5's
 * H5D__virtual_set_extent_unlim computes it, and the pieces a read draws from (the clipped
 * selections of H5D__virtual_set_extent_unlim and H5D__virtual_pre_io), indexed by their bounds.
 * Immutable; {@link VirtualReader#refresh()} builds a new one.
 *
 * <p>The extent along an axis that some mapping makes unlimited is the smallest
 * ({@link VirtualOptions.View#FIRST_MISSING}) or largest ({@link VirtualOptions.View#LAST_AVAILABLE})
 * of what those mappings reach, but never less than the bounds of the limited selections; other
 * axes keep the stored extent. An unlimited mapping reaches as far as its source extent covers; a
 * printf mapping as far as its blocks are found, block 0, 1, 2, ... until more than the printf gap
 * are missing in a row (the gap is 0 with FIRST_MISSING).
 *
 * <p>With FIRST_MISSING, libhdf5 1.10 to 1.14 clip an unlimited mapping's virtual selection to the
 * extent along the <em>source's</em> unlimited axis (H5D__virtual_set_extent_unlim indexes the
 * new extent with unlim_dim_source). When the two axes differ this reads less than the source
 * holds; we read what libhdf5 reads so that values match it.
 */
final class MappingPlan {
    private final long[] dims;
    private final MappingTable table;
    private final VirtualReader reader;
    /** Pieces of LIMITED mappings by mapping number, made when a read first meets them (null: not yet, or none). */
    private final PagedArray<MappingPiece> limited;
    /**
     * Whether mapping i has a LIMITED piece (a LIMITED mapping whose virtual selection is not empty
     * at this extent); null when every mapping has one.
     */
    private final boolean[] hasLimited;
    /** The resolved virtual selection every ALL mapping has at this extent. */
    private final Selection allResolved;
    /** Pieces of UNLIMITED and PRINTF mappings, in mapping order; index entry {@code table.size() + k} is piece k. */
    private final List<MappingPiece> extra;
    private final MappingIndex index;
    private final List<SourceDataset> missingUnlimited;

    private MappingPlan(VirtualReader reader, long[] dims, PagedArray<MappingPiece> limited, boolean[] hasLimited, Selection allResolved,
                        List<MappingPiece> extra, List<SourceDataset> missingUnlimited) {
        this.reader = reader;
        this.table = reader.table();
        this.dims = dims;
        this.limited = limited;
        this.hasLimited = hasLimited;
        this.allResolved = allResolved;
        this.extra = List.copyOf(extra);
        this.missingUnlimited = List.copyOf(missingUnlimited);
        int n = table.size();
        int rank = dims.length;
        int entries = n + extra.size();
        if (extra.isEmpty() && hasLimited == null && table.boxSlots() == null) {
            // the common case (every mapping a single block, limited): the index works on the table's
            // own boxes, which nothing writes once the table is decoded (100,000 mappings: 1.6 MB less)
            this.index = new MappingIndex(entries, table.boxes(), null, null);
            return;
        }
        // slots: the table's boxes, then one box that every ALL mapping shares, then one per other
        // piece; so the arrays grow with what the block encodes, not with mappings x rank (a block of
        // 34-byte ALL entries in a rank-32 dataset would otherwise make 512 bytes per entry here)
        int boxes = table.boxCount();
        int others = 0;
        boolean anyAll = false;
        for (int i = 0; i < n; i++) {
            if (!hasLimited(i)) continue;
            switch (table.virtualKind(i)) {
                case MappingTable.BOX -> { }
                case MappingTable.ALL -> anyAll = true;
                default -> others++;
            }
        }
        int slots = boxes + (anyAll ? 1 : 0) + others + extra.size();
        BoxSlots bounds = table.boxes().copy(slots);
        boolean[] present = new boolean[entries];
        int[] slot = new int[entries];
        int next = boxes;
        int allSlot = -1;
        for (int i = 0; i < n; i++) {
            if (!hasLimited(i)) continue;
            present[i] = true;
            switch (table.virtualKind(i)) {
                case MappingTable.BOX -> slot[i] = table.boxSlot(i);
                case MappingTable.ALL -> {
                    if (allSlot < 0) bounds(allResolved.bounds(), allSlot = next++, bounds);
                    slot[i] = allSlot;
                }
                default -> bounds(limited.get(i).virtual().bounds(), slot[i] = next++, bounds);
            }
        }
        for (int k = 0; k < extra.size(); k++) {
            present[n + k] = true;
            bounds(extra.get(k).virtual().bounds(), slot[n + k] = next++, bounds);
        }
        this.index = new MappingIndex(entries, bounds, slot, present);
    }

    private boolean hasLimited(int i) {
        return hasLimited == null || hasLimited[i];
    }

    private static void bounds(Box b, int slot, BoxSlots into) {
        for (int d = 0; d < into.rank(); d++) into.set(slot, d, b.start(d), b.end(d));
    }

    long[] dims() {
        return dims.clone();
    }

    /** The piece of index entry {@code id} (see {@link #index()}). */
    MappingPiece piece(int id) {
        int n = table.size();
        if (id >= n) return extra.get(id - n);
        MappingPiece p = limited.get(id);
        if (p == null) {
            Selection v = table.virtualKind(id) == MappingTable.ALL ? allResolved : table.virtualSelection(id);
            p = new MappingPiece(id, -1, v, table.sourceSelection(id), reader.form(id).literalKey());
            limited.set(id, p); // racing threads store equal pieces
        }
        return p;
    }

    /** Every piece in mapping order (printf blocks in block order). */
    List<MappingPiece> pieces() {
        List<MappingPiece> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < table.size(); i++) {
            if (hasLimited(i)) out.add(piece(i));
            while (k < extra.size() && extra.get(k).mapping() == i) out.add(extra.get(k++));
        }
        return out;
    }

    /** The pieces' virtual bounds; entry ids are mapping numbers for LIMITED pieces, then {@code table size + k} for the others. */
    MappingIndex index() {
        return index;
    }

    /** Sources of unlimited mappings that were not found (they add no piece, so a read never meets them). */
    List<SourceDataset> missingUnlimited() {
        return missingUnlimited;
    }

    /** What one unlimited or printf mapping reaches along its unlimited virtual axis (source: its source, or a printf mapping's first block found). */
    private record Reach(long clip, SourceDataset source, long[] sourceDims, long blocks) {
    }

    static MappingPlan build(VirtualReader r, ReadChain chain) {
        VirtualOptions options = r.options();
        boolean firstMissing = options.view() == VirtualOptions.View.FIRST_MISSING;
        long[] stored = r.storedDims();
        int rank = stored.length;
        MappingTable table = r.table();
        int n = table.size();
        long[] reached = new long[rank];
        Arrays.fill(reached, -1);
        Reach[] reaches = null; // made at the first unlimited or printf mapping: most datasets have none
        for (int i = 0; i < (r.allLimited() ? 0 : n); i++) {
            if (r.isLimited(i)) continue;
            if (reaches == null) reaches = new Reach[n];
            MappingForm f = r.form(i);
            List<VirtualMapping> mappings = r.mappings();
            Hyperslab v = (Hyperslab) mappings.get(i).virtualSelection();
            Reach reach;
            if (f.kind() == MappingForm.Kind.UNLIMITED) {
                Hyperslab s = (Hyperslab) mappings.get(i).sourceSelection();
                SourceDataset src = r.source(f.literalKey(), chain);
                if (src.found()) {
                    long[] sdims = r.sourceDims(src, chain);
                    if (sdims.length != s.rank()) throw rankMismatch(r, i, s.rank(), sdims.length, src);
                    long slices = s.slicesWithin(sdims[f.sourceAxis()]);
                    reach = new Reach(clipExtent(r, i, v, slices, firstMissing), src, sdims, 0);
                } else {
                    reach = new Reach(0, src, null, 0);
                }
            } else {
                reach = printfReach(r, v, f, options.effectivePrintfGap(), firstMissing, chain);
            }
            reaches[i] = reach;
            int axis = f.virtualAxis();
            if (reached[axis] < 0 || (firstMissing ? reach.clip < reached[axis] : reach.clip > reached[axis])) reached[axis] = reach.clip;
        }
        long[] minDims = r.minDims();
        long[] dims = new long[rank];
        for (int d = 0; d < rank; d++) dims[d] = reached[d] < 0 ? stored[d] : Math.max(reached[d], minDims[d]);

        List<MappingPiece> pieces = new ArrayList<>();
        List<SourceDataset> missing = new ArrayList<>();
        PagedArray<MappingPiece> limited = new PagedArray<>(n);
        boolean[] hasLimited = null; // made at the first mapping without a LIMITED piece
        Selection allResolved = null;
        // every mapping a limited box (the usual list): each has its piece, made when first met; nothing to do here
        boolean boxesOnly = r.allLimited() && table.boxSlots() == null;
        for (int i = 0; i < (boxesOnly ? 0 : n); i++) {
            boolean has = false;
            if (r.isLimited(i)) {
                // a box is its own resolution and never empty; ALL resolves to the extent, once for all;
                // anything else is resolved now, so that a selection that does not fit fails here
                switch (table.virtualKind(i)) {
                    case MappingTable.BOX -> has = true;
                    case MappingTable.ALL -> {
                        if (allResolved == null) allResolved = resolve(r, i, table.virtualSelection(i), dims);
                        has = !allResolved.isEmpty();
                    }
                    default -> {
                        Selection v = resolve(r, i, table.virtualSelection(i), dims);
                        if (!v.isEmpty()) {
                            limited.set(i, new MappingPiece(i, -1, v, table.sourceSelection(i), r.form(i).literalKey()));
                            has = true;
                        }
                    }
                }
            }
            if (!has && hasLimited == null) {
                hasLimited = new boolean[n];
                Arrays.fill(hasLimited, 0, i, true);
            }
            if (hasLimited != null) hasLimited[i] = has;
            if (r.isLimited(i)) continue;
            VirtualMapping m = r.mappings().get(i);
            MappingForm f = r.form(i);
            switch (f.kind()) {
                case LIMITED -> throw new IllegalStateException("mapping " + i + " is LIMITED");
                case UNLIMITED -> {
                    Reach reach = reaches[i];
                    Hyperslab v = (Hyperslab) m.virtualSelection();
                    Hyperslab s = (Hyperslab) m.sourceSelection();
                    Selection vClip;
                    Selection sClip;
                    if (!firstMissing) {
                        if (!reach.source.found()) {
                            missing.add(reach.source);
                            continue;
                        }
                        vClip = v.resolve(with(dims, f.virtualAxis(), reach.clip));
                        sClip = s.resolve(reach.sourceDims);
                    } else {
                        if (!reach.source.found()) missing.add(reach.source);
                        int axis = f.sourceAxis() < rank ? f.sourceAxis() : f.virtualAxis();
                        vClip = v.resolve(with(dims, f.virtualAxis(), dims[axis]));
                        long slices = vClip.isEmpty() ? 0 : vClip.count() / nonUnlimitedCount(r, i, s);
                        sClip = s.resolve(with(new long[s.rank()], f.sourceAxis(), clipExtent(r, i, s, slices, false)));
                    }
                    if (!vClip.isEmpty()) pieces.add(new MappingPiece(i, -1, vClip, sClip, f.literalKey()));
                }
                case PRINTF -> {
                    Hyperslab v = (Hyperslab) m.virtualSelection();
                    Box extent = Box.of(dims);
                    Selection s = printfSourceSelection(r, m.sourceSelection(), reaches[i].source, chain);
                    for (long j = 0; j < reaches[i].blocks; j++) {
                        Selection vj = block(v, f.virtualAxis(), j).intersect(extent);
                        if (!vj.isEmpty()) pieces.add(new MappingPiece(i, j, vj, s, f.keyOfBlock(j)));
                    }
                }
            }
        }
        return new MappingPlan(r, dims, limited, hasLimited, allResolved, pieces, missing);
    }

    /**
     * Looks for blocks 0, 1, 2, ... until more than {@code gap} in a row are missing (among the
     * blocks whose names exist, so that a huge gap costs nothing); the mapping
     * reaches the end of the last block found (LAST_AVAILABLE) or the start of the first block
     * after the leading run of found ones (FIRST_MISSING, where the gap is 0).
     */
    private static Reach printfReach(VirtualReader r, Hyperslab v, MappingForm f, long gap, boolean firstMissing, ReadChain chain) {
        Regular axis = v.axis(f.virtualAxis());
        long found = 0;
        // libhdf5 tries block 0, 1, 2, ... until more than the gap are missing in a row; trying
        // only the blocks whose names exist (listed once) stops at the same block, whatever the gap
        SourceDataset first = null;
        java.util.TreeSet<Long> listed = r.printfBlocks(f);
        if (listed != null) {
            for (long j : listed) {
                if (j - found > gap || blockStart(axis, j) < 0) break;
                SourceDataset src = r.source(f.keyOfBlock(j), chain);
                if (src.found()) {
                    found = j + 1;
                    if (first == null) first = src;
                }
            }
        } else {
            // locations that cannot be listed (a remote folder name holding %b): block by block, as libhdf5
            for (long j = 0; j - found <= gap; j++) {
                if (blockStart(axis, j) < 0) break;
                SourceDataset src = r.printfSource(f.keyOfBlock(j), chain);
                if (src.found()) {
                    found = j + 1;
                    if (first == null) first = src;
                }
            }
        }
        long clip;
        if (found == 0) clip = 0;
        else if (firstMissing) clip = blockStart(axis, found);
        else clip = blockStart(axis, found - 1) + axis.block();
        if (clip < 0) clip = Long.MAX_VALUE;
        return new Reach(clip, first, null, found);
    }

    /**
     * The source selection every block of a printf mapping reads: libhdf5 keeps one for all blocks
     * and gives an ALL selection the extent of the first block source it opens (the lowest found,
     * H5D__virtual_open_source_dset patching the mapping's selection once), so a block of another
     * shape reads that many elements: a shorter one its rows and then what its storage holds beyond
     * its extent, a longer one its first elements. Other selections are kept as stored.
     */
    private static Selection printfSourceSelection(VirtualReader r, Selection stored, SourceDataset first, ReadChain chain) {
        if (!(stored instanceof org.h5vds.select.All all) || first == null) return stored;
        long[] dims = r.sourceDims(first, chain);
        return all.rank() >= 0 && all.rank() != dims.length ? stored : stored.resolve(dims);
    }

    /** Start of block j along a printf axis, or -1 beyond 2^63. */
    private static long blockStart(Regular axis, long j) {
        try {
            return Math.addExact(axis.start(), Math.multiplyExact(axis.stride(), j));
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** H5S_hyper_get_unlim_block: the hyperslab with its unlimited count replaced by block j alone. */
    private static Hyperslab block(Hyperslab v, int axis, long j) {
        Regular[] axes = new Regular[v.rank()];
        for (int d = 0; d < axes.length; d++) axes[d] = v.axis(d);
        Regular u = axes[axis];
        axes[axis] = new Regular(blockStart(u, j), 1, 1, u.block());
        return new Hyperslab(axes);
    }

    /** Hyperslab.clipExtent, with an extent beyond 2^63 (a corrupt selection) reported against the mapping. */
    private static long clipExtent(VirtualReader r, int mapping, Hyperslab h, long slices, boolean includeTrailing) {
        try {
            return h.clipExtent(slices, includeTrailing);
        } catch (ArithmeticException e) {
            throw r.formatError("mapping " + mapping + ": " + slices + " slices of the unlimited selection " + h
                    + " reach beyond 2^63 elements");
        }
    }

    private static long nonUnlimitedCount(VirtualReader r, int mapping, Hyperslab h) {
        try {
            return h.nonUnlimitedCount();
        } catch (ArithmeticException e) {
            throw r.formatError("mapping " + mapping + ": the limited axes of " + h + " select more than 2^63 elements");
        }
    }

    private static long[] with(long[] a, int axis, long value) {
        long[] out = a.clone();
        out[axis] = value;
        return out;
    }

    private static Selection resolve(VirtualReader r, int mapping, Selection s, long[] dims) {
        try {
            return s.resolve(dims);
        } catch (IllegalArgumentException e) {
            throw new H5Exception(r.name() + ": mapping " + mapping + ": virtual selection " + s + " does not fit the extent "
                    + Arrays.toString(dims) + ": " + e.getMessage());
        }
    }

    private static H5Exception rankMismatch(VirtualReader r, int mapping, int selectionRank, int sourceRank, SourceDataset src) {
        return new H5Exception(r.name() + ": mapping " + mapping + ": source selection of rank " + selectionRank + " for source "
                + src.key() + " of rank " + sourceRank);
    }
}
