package org.h5vds.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h5vds.format.BTreeV1Builder;
import org.h5vds.format.BTreeV1Node;
import org.h5vds.format.BTreeV2Builder;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.ChunkElement;
import org.h5vds.format.ChunkElementFormat;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.format.ExtensibleArray;
import org.h5vds.format.ExtensibleArrayBuilder;
import org.h5vds.format.FixedArrayBuilder;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.io.Cursor;

/**
 * The chunk index of a stored dataset after a commit: the stored chunks with those written since
 * (and without those dropped), as a new index in fresh space, and the Data Layout message pointing
 * at it — so that switching to it is the one rewrite of the dataset's header, and a crash before it
 * leaves the old index whole. The new index has the stored one's type and parameters and is laid
 * out as libhdf5 would lay out those chunks, and the old index's blocks are released. A single-chunk
 * index lives in the layout message itself; an implicit index does not change (its chunks are
 * written where they are).
 */
public final class ChunkIndexUpdate {
    private ChunkIndexUpdate() {
    }

    /**
     * @param layout    the layout message as stored
     * @param geometry  the dataset's chunk geometry with its new extent
     * @param filtered  whether the dataset has filters (chunk sizes and masks are stored)
     * @param base      the index as stored
     * @param changes   chunks written since the last commit at their locations, null for dropped ones
     * @param rebuild   write the index anew even without changes (to move it)
     * @param btreeK    the file's indexed storage internal node K (v1 B-trees)
     * @return the layout message to store, or null when it does not change
     */
    public static DataLayoutMessage apply(RawSpace space, DataLayoutMessage layout, ChunkGeometry geometry, boolean filtered, ChunkIndex base,
                                          Map<long[], ChunkLocation> changes, boolean rebuild, int btreeK, int offsetSize,
                                          int lengthSize, String where) {
        if (changes.isEmpty() && !rebuild) return null;
        DataLayoutMessage.ChunkIndexing ix = layout.chunkIndexing();
        if (ix instanceof DataLayoutMessage.Implicit) return null;
        if (ix instanceof DataLayoutMessage.SingleChunk) {
            if (changes.isEmpty()) return null;
            ChunkLocation only = null;
            for (ChunkLocation l : changes.values()) only = l;
            if (only == null) return layout.withSingleChunk(Cursor.UNDEFINED, 0, 0);
            return layout.withSingleChunk(only.address(), only.storedSize(), only.filterMask() & 0xFFFFFFFFL);
        }
        TreeMap<long[], ChunkLocation> all = new TreeMap<>(Arrays::compare);
        base.forEach((scaled, loc) -> all.put(scaled.clone(), loc));
        changes.forEach((scaled, loc) -> {
            if (loc == null) all.remove(scaled);
            else all.put(scaled.clone(), loc);
        });
        // layout version 5 (HDF5 2.0) gives a filtered chunk's size the file's "Size of Lengths" bytes in every
        // index, so that a filter may grow a chunk past what the derived width holds; version 4 derives the width
        int width = layout.version() >= 5 ? lengthSize : geometry.filteredChunkSizeWidth();
        ChunkElementFormat format = filtered ? ChunkElementFormat.filtered(offsetSize, width) : ChunkElementFormat.unfiltered(offsetSize);
        long address;
        if (ix == null || ix instanceof DataLayoutMessage.BTreeV1) {
            address = btreeV1(space, geometry, all, btreeK, offsetSize, lengthSize);
        } else if (ix instanceof DataLayoutMessage.FixedArray f) {
            Map<Long, ChunkElement> entries = new HashMap<>();
            all.forEach((k, loc) -> entries.put(geometry.fixedArrayIndex(k), element(loc, filtered)));
            EncodedStructure s = new FixedArrayBuilder(format, f.pageBits(), offsetSize, lengthSize).build(geometry.maxChunks(), entries, space::allocate);
            address = store(space, s);
        } else if (ix instanceof DataLayoutMessage.ExtensibleArray e) {
            Map<Long, ChunkElement> entries = new HashMap<>();
            all.forEach((k, loc) -> entries.put(geometry.extensibleArrayIndex(k), element(loc, filtered)));
            ExtensibleArrayBuilder.Parameters p = new ExtensibleArrayBuilder.Parameters(e.maxBits(), e.indexElements(), e.minElements(),
                    e.minPointers(), e.pageBits());
            address = store(space, new ExtensibleArrayBuilder(format, p, offsetSize, lengthSize).build(entries, space::allocate));
        } else {
            DataLayoutMessage.BTreeV2 b = (DataLayoutMessage.BTreeV2) ix;
            List<BTreeV2Record.ChunkRecord> records = new ArrayList<>(all.size());
            all.forEach((k, loc) -> records.add(filtered ? new BTreeV2Record.FilteredChunk(loc.address(), loc.storedSize(), loc.filterMask(), k)
                    : new BTreeV2Record.Chunk(loc.address(), k)));
            BTreeV2Builder builder = new BTreeV2Builder(filtered
                    ? org.h5vds.format.BTreeV2RecordFormat.forChunks(true, offsetSize, lengthSize, geometry.rank(), width)
                    : org.h5vds.format.BTreeV2RecordFormat.forChunks(false, offsetSize, lengthSize, geometry.rank(), 0),
                    b.nodeSize(), b.splitPercent(), b.mergePercent(), offsetSize, lengthSize);
            address = store(space, builder.build(records, space::allocate));
        }
        // the old index is free once the commit that stops pointing to it is durable
        base.forEachBlock(space::release);
        return layout.withAddress(address);
    }

    /**
     * A SWMR writer's flush (readers follow the index while it grows, as libhdf5's H5EA_set):
     * writes the changed chunks' elements into the stored extensible array where it lies and returns
     * the index as it is then, in memory, for the next flush to go on from; null, having written
     * nothing, when the index is not an extensible array or the changes do not allow it (then
     * {@link #apply} rebuilds it).
     */
    public static ChunkIndex appendInPlace(RawSpace space, DataLayoutMessage layout, ChunkGeometry geometry, ChunkIndex base,
                                           Map<long[], ChunkLocation> changes) {
        if (changes.isEmpty() || !(layout.chunkIndexing() instanceof DataLayoutMessage.ExtensibleArray)
                || !(base instanceof ExtensibleArrayChunkIndex stored)) {
            return null;
        }
        ExtensibleArray after = extensibleArrayInPlace(space, geometry, stored, changes);
        return after == null ? null : new ExtensibleArrayChunkIndex(geometry, after);
    }

    /**
     * Sets the changed chunks' elements in the stored extensible array where it lies, as libhdf5's
     * SWMR writer does (H5EA_set): a flush then costs O(chunks written) instead of O(chunks stored),
     * and the file does not gain a replaced index per flush. The blocks are written in the order
     * {@link ExtensibleArray#setInPlace} gives (new data before the pointers to it, header last);
     * the object header with the new dataspace is written after by the commit. Not done (false:
     * rebuild instead) for dropped chunks, an array never written, or an element format differing
     * from the stored one. Returns the array after the writes, or null.
     */
    private static ExtensibleArray extensibleArrayInPlace(RawSpace space, ChunkGeometry geometry, ExtensibleArrayChunkIndex stored,
                                                          Map<long[], ChunkLocation> changes) {
        ExtensibleArray array = stored.array();
        boolean filtered = array.elementFormat().filtered();
        TreeMap<Long, ChunkElement> elements = new TreeMap<>();
        for (Map.Entry<long[], ChunkLocation> e : changes.entrySet()) {
            if (e.getValue() == null) return null;
            long index;
            try {
                index = geometry.extensibleArrayIndex(e.getKey());
            } catch (ArithmeticException beyond) {
                return null;
            }
            elements.put(index, element(e.getValue(), filtered));
        }
        ChunkElementFormat format = array.elementFormat();
        if (format.filtered() && format.chunkSizeWidth() < 8) {
            for (ChunkElement e : elements.values()) {
                if (e.chunkSize() >>> (8 * format.chunkSizeWidth()) != 0) return null; // too wide: the rebuild reports it
            }
        }
        ExtensibleArray.InPlaceUpdate update = array.updateInPlace(elements, space::allocate);
        if (update == null) return null;
        for (EncodedBlock b : update.writes()) space.write(b.address(), b.bytes());
        return update.after();
    }

    /** A v1 B-tree of the chunks (undefined address for none, as libhdf5 leaves a dataset without chunks). */
    private static long btreeV1(RawSpace space, ChunkGeometry geometry, TreeMap<long[], ChunkLocation> all, int k, int offsetSize, int lengthSize) {
        if (all.isEmpty()) return Cursor.UNDEFINED;
        int rank = geometry.rank();
        List<BTreeV1Builder.ChunkEntry> entries = new ArrayList<>(all.size());
        long[] last = null;
        for (Map.Entry<long[], ChunkLocation> e : all.entrySet()) {
            long[] offsets = new long[rank + 1];
            for (int d = 0; d < rank; d++) offsets[d] = Math.multiplyExact(e.getKey()[d], (long) geometry.chunkDim(d));
            ChunkLocation loc = e.getValue();
            entries.add(new BTreeV1Builder.ChunkEntry(loc.address(), new BTreeV1Node.ChunkKey(loc.storedSize(), loc.filterMask(), offsets)));
            last = offsets;
        }
        long[] right = new long[rank + 1];
        for (int d = 0; d < rank; d++) right[d] = last[d] + geometry.chunkDim(d);
        right[rank] = geometry.elementSize();
        EncodedStructure s = BTreeV1Builder.chunks(k, rank, offsetSize, lengthSize)
                .buildChunks(entries, new BTreeV1Node.ChunkKey(0, 0, right), Cursor.UNDEFINED, space::allocate);
        return store(space, s);
    }

    private static ChunkElement element(ChunkLocation loc, boolean filtered) {
        return filtered ? new ChunkElement(loc.address(), loc.storedSize(), loc.filterMask()) : new ChunkElement(loc.address(), 0, 0);
    }

    private static long store(RawSpace space, EncodedStructure s) {
        for (EncodedBlock b : s.blocks()) space.write(b.address(), b.bytes());
        return s.address();
    }
}
