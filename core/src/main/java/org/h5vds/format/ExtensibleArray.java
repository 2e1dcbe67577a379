package org.h5vds.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.h5vds.io.Cursor;
import org.h5vds.io.SpaceAllocator;

/**
 * An extensible array chunk index (spec VII.D), read lazily: header at open, index block on first
 * use, super blocks, data blocks and pages through bounded {@link NodeCache}s. A lookup costs at
 * most three reads (super block, data block or page) once the index block is known. Element
 * positions follow {@link ExtensibleArrayGeometry}.
 *
 * <p>Safe to share between threads.
 */
public final class ExtensibleArray {
    private final FileContext ctx;
    private final long headerAddress;
    private final ExtensibleArrayHeader header;
    private final ExtensibleArrayGeometry geometry;
    private final ChunkElementFormat format;
    private final NodeCache<ExtensibleArraySuperBlock> superBlocks;
    private final NodeCache<ExtensibleArrayDataBlock> dataBlocks;
    private final NodeCache<List<ChunkElement>> pages;
    private volatile ExtensibleArrayIndexBlock indexBlock;

    /** Visits one allocated element. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(long index, ChunkElement element);
    }

    private ExtensibleArray(FileContext ctx, long headerAddress, ExtensibleArrayHeader header, ExtensibleArrayGeometry geometry,
                            ChunkElementFormat format) {
        this(ctx, headerAddress, header, geometry, format, new NodeCache<>(), new NodeCache<>(), new NodeCache<>());
    }

    /** An array over the given caches: {@link #updateInPlace}'s successor takes over its predecessor's. */
    private ExtensibleArray(FileContext ctx, long headerAddress, ExtensibleArrayHeader header, ExtensibleArrayGeometry geometry,
                            ChunkElementFormat format, NodeCache<ExtensibleArraySuperBlock> superBlocks,
                            NodeCache<ExtensibleArrayDataBlock> dataBlocks, NodeCache<List<ChunkElement>> pages) {
        this.ctx = ctx;
        this.headerAddress = headerAddress;
        this.header = header;
        this.geometry = geometry;
        this.format = format;
        this.superBlocks = superBlocks;
        this.dataBlocks = dataBlocks;
        this.pages = pages;
    }

    public static ExtensibleArray open(FileContext ctx, long headerAddress) {
        Cursor c = ctx.read(headerAddress, ExtensibleArrayHeader.size(ctx.offsetSize(), ctx.lengthSize()), "extensible array header");
        ExtensibleArrayHeader header = ExtensibleArrayHeader.decode(c);
        ChunkElementFormat format = ChunkElementFormat.forClient(ctx.fileName(), c.base() + 5, header.clientId(), header.elementSize(),
                ctx.offsetSize(), "extensible array header");
        ExtensibleArrayGeometry geometry;
        try {
            geometry = new ExtensibleArrayGeometry(header);
        } catch (IllegalArgumentException e) {
            throw ctx.error(headerAddress, "extensible array header: " + e.getMessage());
        }
        return new ExtensibleArray(ctx, headerAddress, header, geometry, format);
    }

    public ExtensibleArrayHeader header() {
        return header;
    }

    public ExtensibleArrayGeometry geometry() {
        return geometry;
    }

    public ChunkElementFormat elementFormat() {
        return format;
    }

    /** The index block, or null when no element was ever written. */
    public ExtensibleArrayIndexBlock indexBlock() {
        if (header.indexBlockAddress() == Cursor.UNDEFINED) return null;
        ExtensibleArrayIndexBlock b = indexBlock;
        if (b == null) {
            b = ExtensibleArrayIndexBlock.read(ctx, header.indexBlockAddress(), geometry, headerAddress, format);
            indexBlock = b;
        }
        return b;
    }

    private ExtensibleArraySuperBlock superBlock(long address, int s) {
        ExtensibleArraySuperBlock b = superBlocks.get(address, a -> ExtensibleArraySuperBlock.read(ctx, a, s, geometry, headerAddress));
        if (b.dataBlockAddresses().size() != geometry.dataBlocks(s)) {
            throw ctx.error(address, "extensible array super block is referenced as super block " + s + " and as another");
        }
        return b;
    }

    private ExtensibleArrayDataBlock dataBlock(long address, int s) {
        ExtensibleArrayDataBlock b = dataBlocks.get(address, a -> ExtensibleArrayDataBlock.read(ctx, a, s, geometry, headerAddress, format));
        if (b.elements().size() != (geometry.isPaged(s) ? 0 : geometry.dataBlockElements(s))) {
            throw ctx.error(address, "extensible array data block is referenced as a block of super block " + s + " and as another");
        }
        return b;
    }

    private List<ChunkElement> page(long dataBlockAddress, long page) {
        long address = dataBlockAddress + geometry.blockPrefixSize(ctx.offsetSize()) + page * geometry.pageSize();
        return pages.get(address, a -> ExtensibleArrayDataBlock.readPage(ctx, a, geometry, format));
    }

    /** Element {@code index}, or null when that chunk is not allocated. */
    public ChunkElement get(long index) {
        if (!geometry.inRange(index)) return null;
        ExtensibleArrayIndexBlock ib = indexBlock();
        if (ib == null) return null;
        ChunkElement e = locate(ib, index);
        return e != null && e.isAllocated() ? e : null;
    }

    private ChunkElement locate(ExtensibleArrayIndexBlock ib, long index) {
        int ibe = header.indexBlockElements();
        if (index < ibe) return ib.elements().get((int) index);
        int s = geometry.superBlockOf(index);
        if (s >= geometry.superBlocks()) return null;
        long inSuperBlock = index - ibe - geometry.startIndex(s);
        long perBlock = geometry.dataBlockElements(s);
        if (s < geometry.indexBlockSuperBlocks()) {
            long dataBlockAddress = ib.dataBlockAddresses().get((int) (geometry.startDataBlock(s) + inSuperBlock / perBlock));
            if (dataBlockAddress == Cursor.UNDEFINED) return null;
            return dataBlock(dataBlockAddress, s).elements().get((int) (inSuperBlock % perBlock));
        }
        long superBlockAddress = ib.superBlockAddresses().get(s - geometry.indexBlockSuperBlocks());
        if (superBlockAddress == Cursor.UNDEFINED) return null;
        ExtensibleArraySuperBlock sb = superBlock(superBlockAddress, s);
        long dataBlockIndex = inSuperBlock / perBlock;
        long dataBlockAddress = sb.dataBlockAddresses().get((int) dataBlockIndex);
        if (dataBlockAddress == Cursor.UNDEFINED) return null;
        long inDataBlock = inSuperBlock % perBlock;
        if (!geometry.isPaged(s)) return dataBlock(dataBlockAddress, s).elements().get((int) inDataBlock);
        long page = inDataBlock / geometry.pageElements();
        if (!sb.isPageInitialized(dataBlockIndex, geometry.pagesPerDataBlock(s), page)) return null;
        return page(dataBlockAddress, page).get((int) (inDataBlock % geometry.pageElements()));
    }

    /**
     * Visits the blocks of the array: header, index block, super blocks and data blocks (pages
     * included, as a data block is allocated with its pages), as H5EA_get_stats counts them.
     */
    public void forEachBlock(BlockVisitor visitor) {
        int o = ctx.offsetSize();
        visitor.block(headerAddress, ExtensibleArrayHeader.size(o, ctx.lengthSize()));
        ExtensibleArrayIndexBlock ib = indexBlock();
        if (ib == null) return;
        visitor.block(header.indexBlockAddress(), geometry.indexBlockSize(o));
        for (int s = 0; s < geometry.indexBlockSuperBlocks(); s++) {
            for (long j = 0; j < geometry.dataBlocks(s); j++) {
                long address = ib.dataBlockAddresses().get((int) (geometry.startDataBlock(s) + j));
                if (address != Cursor.UNDEFINED) visitor.block(address, geometry.dataBlockSize(s, o));
            }
        }
        for (int t = 0; t < geometry.indexBlockSuperBlockAddresses(); t++) {
            long superBlockAddress = ib.superBlockAddresses().get(t);
            if (superBlockAddress == Cursor.UNDEFINED) continue;
            int s = geometry.indexBlockSuperBlocks() + t;
            visitor.block(superBlockAddress, geometry.superBlockSize(s, o));
            for (long address : superBlock(superBlockAddress, s).dataBlockAddresses()) {
                if (address != Cursor.UNDEFINED) visitor.block(address, geometry.dataBlockSize(s, o));
            }
        }
    }

    /** Visits every allocated element in index order. */
    public void forEach(EntryVisitor visitor) {
        ExtensibleArrayIndexBlock ib = indexBlock();
        if (ib == null) return;
        int ibe = header.indexBlockElements();
        visitAll(0, ib.elements(), visitor);
        for (int s = 0; s < geometry.indexBlockSuperBlocks(); s++) {
            for (long j = 0; j < geometry.dataBlocks(s); j++) {
                long address = ib.dataBlockAddresses().get((int) (geometry.startDataBlock(s) + j));
                if (address == Cursor.UNDEFINED) continue;
                long first = ibe + geometry.startIndex(s) + j * geometry.dataBlockElements(s);
                visitAll(first, dataBlock(address, s).elements(), visitor);
            }
        }
        for (int t = 0; t < geometry.indexBlockSuperBlockAddresses(); t++) {
            long superBlockAddress = ib.superBlockAddresses().get(t);
            if (superBlockAddress == Cursor.UNDEFINED) continue;
            int s = geometry.indexBlockSuperBlocks() + t;
            ExtensibleArraySuperBlock sb = superBlock(superBlockAddress, s);
            for (int j = 0; j < sb.dataBlockAddresses().size(); j++) {
                long address = sb.dataBlockAddresses().get(j);
                if (address == Cursor.UNDEFINED) continue;
                long first = ibe + geometry.startIndex(s) + j * geometry.dataBlockElements(s);
                if (!geometry.isPaged(s)) {
                    visitAll(first, dataBlock(address, s).elements(), visitor);
                    continue;
                }
                long pagesPerBlock = geometry.pagesPerDataBlock(s);
                for (long p = 0; p < pagesPerBlock; p++) {
                    if (sb.isPageInitialized(j, pagesPerBlock, p)) visitAll(first + p * geometry.pageElements(), page(address, p), visitor);
                }
            }
        }
    }

    /**
     * Sets elements in place, as libhdf5 sets them (H5EA_set): each touched data block or data
     * block page is rewritten whole with its checksum where it lies, a data block or super block is
     * created only when an element first falls into it, and the index block and header are
     * rewritten when a pointer or counter in them changes. Nothing is written here: the blocks come
     * back in the order a SWMR reader needs them written — data blocks and pages, then super blocks
     * pointing to them, then the index block, then the header — so that a reader never follows a
     * pointer to bytes not yet written (a torn block fails its checksum and the reader retries).
     *
     * <p>This instance is not to be used after: open the array again after the writes, or use the
     * one {@link #updateInPlace} returns.
     *
     * @param elements allocated elements by index
     * @return the blocks to write in order, or null when the array cannot be updated in place
     *         (never written, or an index beyond what it can hold)
     */
    public List<EncodedBlock> setInPlace(NavigableMap<Long, ChunkElement> elements, SpaceAllocator allocator) {
        InPlaceUpdate u = updateInPlace(elements, allocator);
        return u == null ? null : u.writes();
    }

    /**
     * The writes of {@link #setInPlace} and the array as it is once they are made: a SWMR writer
     * that appends a chunk per flush goes on from it without reading back and decoding the blocks it
     * has just written (libhdf5 keeps them in its metadata cache). Its header and index block are
     * the new ones; it takes over this array's caches with the blocks just rewritten put in them,
     * decoded (so this array, whose cached blocks then are the new ones, is not to be updated
     * again); blocks never read are read when first needed, as in an array opened from the file.
     */
    public record InPlaceUpdate(List<EncodedBlock> writes, ExtensibleArray after) {
    }

    /** As {@link #setInPlace}, with the array as it is after the writes; null when it cannot be updated in place. */
    public InPlaceUpdate updateInPlace(NavigableMap<Long, ChunkElement> elements, SpaceAllocator allocator) {
        ExtensibleArrayIndexBlock ib = indexBlock();
        if (ib == null || elements.isEmpty() || elements.firstKey() < 0 || !geometry.inRange(elements.lastKey())) return null;
        for (ChunkElement e : elements.values()) if (!e.isAllocated()) return null;
        int o = ctx.offsetSize();
        int l = ctx.lengthSize();
        int clientId = header.clientId();
        int ibe = header.indexBlockElements();
        List<EncodedBlock> dataWrites = new ArrayList<>();
        List<EncodedBlock> superWrites = new ArrayList<>();
        // what the array holds after the writes, decoded, for the successor's caches
        Map<Long, ExtensibleArrayDataBlock> newDataBlocks = new HashMap<>();
        Map<Long, ExtensibleArraySuperBlock> newSuperBlocks = new HashMap<>();
        Map<Long, List<ChunkElement>> newPages = new HashMap<>();
        List<ChunkElement> ibElements = new ArrayList<>(ib.elements());
        List<Long> ibData = new ArrayList<>(ib.dataBlockAddresses());
        List<Long> ibSuper = new ArrayList<>(ib.superBlockAddresses());
        boolean ibChanged = false;
        long[] stats = {header.numSuperBlocks(), header.superBlockSize(), header.numDataBlocks(), header.dataBlockSize(), header.numElements()};

        for (var e : elements.headMap((long) ibe, false).entrySet()) {
            ibElements.set((int) (long) e.getKey(), e.getValue());
            ibChanged = true;
        }
        // sub maps are always taken of the elements map itself: a view of a view refuses keys past its bounds
        Long key = elements.ceilingKey((long) ibe);
        while (key != null) {
            int s = geometry.superBlockOf(key);
            if (s >= geometry.superBlocks()) return null;
            long first = ibe + geometry.startIndex(s);
            long perBlock = geometry.dataBlockElements(s);
            long end = saturatingAdd(first, saturatingMultiply(geometry.dataBlocks(s), perBlock));
            boolean inIndexBlock = s < geometry.indexBlockSuperBlocks();
            long superAddress = Cursor.UNDEFINED;
            ExtensibleArraySuperBlock sb = null;
            List<Long> sbData = null;
            byte[] bitmap = null;
            boolean sbChanged = false;
            if (!inIndexBlock) {
                superAddress = ibSuper.get(s - geometry.indexBlockSuperBlocks());
                if (superAddress == Cursor.UNDEFINED) {
                    superAddress = allocator.allocate(geometry.superBlockSize(s, o));
                    stats[0]++;
                    stats[1] += geometry.superBlockSize(s, o);
                    sbData = new ArrayList<>(Collections.nCopies((int) geometry.dataBlocks(s), Cursor.UNDEFINED));
                    bitmap = new byte[(int) (geometry.dataBlocks(s) * geometry.pageBitmapSize(s))];
                    ibSuper.set(s - geometry.indexBlockSuperBlocks(), superAddress);
                    ibChanged = true;
                    sbChanged = true;
                } else {
                    sb = superBlock(superAddress, s);
                    sbData = new ArrayList<>(sb.dataBlockAddresses());
                    bitmap = sb.pageBitmap();
                }
            }
            while (key != null && key < end) {
                long j = (key - first) / perBlock;
                long blockFirst = first + j * perBlock;
                long blockEnd = blockFirst + perBlock;
                NavigableMap<Long, ChunkElement> inBlock = elements.subMap(blockFirst, true, blockEnd, false);
                key = elements.ceilingKey(blockEnd);
                int slot = (int) (inIndexBlock ? geometry.startDataBlock(s) + j : j);
                long address = inIndexBlock ? ibData.get(slot) : sbData.get(slot);
                boolean created = address == Cursor.UNDEFINED;
                // H5EA__lookup_elmt numbers the index block's data blocks by their index among all data blocks
                long blockOffset = geometry.startIndex(s) + (inIndexBlock ? geometry.startDataBlock(s) + j : j) * perBlock;
                if (created) {
                    address = allocator.allocate(geometry.dataBlockSize(s, o));
                    stats[2]++;
                    stats[3] += geometry.dataBlockSize(s, o);
                    stats[4] += perBlock;
                    if (inIndexBlock) {
                        ibData.set(slot, address);
                        ibChanged = true;
                    } else {
                        sbData.set(slot, address);
                        sbChanged = true;
                    }
                }
                if (!geometry.isPaged(s)) {
                    List<ChunkElement> current = created ? Collections.nCopies((int) perBlock, ChunkElement.UNALLOCATED)
                            : dataBlock(address, s).elements();
                    if (!created) blockOffset = dataBlock(address, s).blockOffset();
                    List<ChunkElement> merged = merge(current, blockFirst, inBlock);
                    ExtensibleArrayDataBlock block = new ExtensibleArrayDataBlock(clientId, headerAddress, blockOffset, merged);
                    dataWrites.add(new EncodedBlock(address, block.encode(s, geometry, format, o, l)));
                    newDataBlocks.put(address, block);
                    continue;
                }
                if (created) {
                    ExtensibleArrayDataBlock block = new ExtensibleArrayDataBlock(clientId, headerAddress, blockOffset, List.of());
                    dataWrites.add(new EncodedBlock(address, block.encode(s, geometry, format, o, l)));
                    newDataBlocks.put(address, block);
                }
                long pages = geometry.pagesPerDataBlock(s);
                long pageElements = geometry.pageElements();
                for (Long at = inBlock.firstKey(); at != null && at < blockEnd; ) {
                    long p = (at - blockFirst) / pageElements;
                    long pageFirst = blockFirst + p * pageElements;
                    NavigableMap<Long, ChunkElement> inPage = elements.subMap(pageFirst, true, pageFirst + pageElements, false);
                    at = elements.ceilingKey(pageFirst + pageElements);
                    boolean written = FixedArrayDataBlock.isBitSet(bitmap, j * pages + p);
                    List<ChunkElement> current = written ? page(address, p) : Collections.nCopies((int) pageElements, ChunkElement.UNALLOCATED);
                    long pageAddress = address + geometry.blockPrefixSize(o) + p * geometry.pageSize();
                    List<ChunkElement> merged = merge(current, pageFirst, inPage);
                    dataWrites.add(new EncodedBlock(pageAddress, ExtensibleArrayDataBlock.encodePage(merged, format, o, l)));
                    newPages.put(pageAddress, merged);
                    if (!written) {
                        FixedArrayDataBlock.setBit(bitmap, j * pages + p);
                        sbChanged = true;
                    }
                }
            }
            if (sbChanged) {
                long blockOffset = sb == null ? geometry.startIndex(s) : sb.blockOffset();
                ExtensibleArraySuperBlock block = new ExtensibleArraySuperBlock(clientId, headerAddress, blockOffset, bitmap, sbData);
                superWrites.add(new EncodedBlock(superAddress, block.encode(s, geometry, o, l)));
                newSuperBlocks.put(superAddress, block);
            }
        }
        List<EncodedBlock> writes = new ArrayList<>(dataWrites);
        writes.addAll(superWrites);
        ExtensibleArrayIndexBlock newIndexBlock = ib;
        if (ibChanged) {
            newIndexBlock = new ExtensibleArrayIndexBlock(clientId, headerAddress, ibElements, ibData, ibSuper);
            writes.add(new EncodedBlock(header.indexBlockAddress(), newIndexBlock.encode(geometry, format, o, l)));
        }
        ExtensibleArrayHeader h = new ExtensibleArrayHeader(clientId, header.elementSize(), header.maxNelmtsBits(), ibe,
                header.dataBlockMinElements(), header.superBlockMinDataPointers(), header.maxDataBlockPageNelmtsBits(), stats[0], stats[1],
                stats[2], stats[3], Math.max(header.maxIndexSet(), elements.lastKey() + 1), stats[4], header.indexBlockAddress());
        // (the counters are all that can differ; compared one by one: a record's equals goes through method
        // handles, which cost a SWMR writer more than the rest of this method until the JIT has compiled them)
        boolean same = h.numSuperBlocks() == header.numSuperBlocks() && h.superBlockSize() == header.superBlockSize()
                && h.numDataBlocks() == header.numDataBlocks() && h.dataBlockSize() == header.dataBlockSize()
                && h.maxIndexSet() == header.maxIndexSet() && h.numElements() == header.numElements();
        if (!same) writes.add(new EncodedBlock(headerAddress, h.encode(o, l)));
        // the successor takes this array's caches over, the blocks rewritten replaced: this array is not to be
        // used for writing again (a reader still using it may see the blocks as they are after the writes)
        ExtensibleArray after = new ExtensibleArray(ctx, headerAddress, h, geometry, format, superBlocks, dataBlocks, pages);
        after.indexBlock = newIndexBlock;
        newDataBlocks.forEach(dataBlocks::put);
        newSuperBlocks.forEach(superBlocks::put);
        newPages.forEach(pages::put);
        return new InPlaceUpdate(writes, after);
    }

    private static List<ChunkElement> merge(List<ChunkElement> current, long first, NavigableMap<Long, ChunkElement> changes) {
        List<ChunkElement> out = new ArrayList<>(current);
        changes.forEach((index, e) -> out.set((int) (index - first), e));
        return out;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatingMultiply(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static void visitAll(long first, List<ChunkElement> elements, EntryVisitor visitor) {
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).isAllocated()) visitor.entry(first + i, elements.get(i));
        }
    }
}
