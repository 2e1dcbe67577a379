package org.h5vds.format;

import java.util.List;
import org.h5vds.io.Cursor;

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
    private final NodeCache<ExtensibleArraySuperBlock> superBlocks = new NodeCache<>();
    private final NodeCache<ExtensibleArrayDataBlock> dataBlocks = new NodeCache<>();
    private final NodeCache<List<ChunkElement>> pages = new NodeCache<>();
    private volatile ExtensibleArrayIndexBlock indexBlock;

    /** Visits one allocated element. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(long index, ChunkElement element);
    }

    private ExtensibleArray(FileContext ctx, long headerAddress, ExtensibleArrayHeader header, ExtensibleArrayGeometry geometry,
                            ChunkElementFormat format) {
        this.ctx = ctx;
        this.headerAddress = headerAddress;
        this.header = header;
        this.geometry = geometry;
        this.format = format;
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

    private static void visitAll(long first, List<ChunkElement> elements, EntryVisitor visitor) {
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).isAllocated()) visitor.entry(first + i, elements.get(i));
        }
    }
}
