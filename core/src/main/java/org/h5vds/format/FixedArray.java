package org.h5vds.format;

import java.util.List;
import org.h5vds.io.Cursor;

/**
 * A fixed array chunk index (spec VII.C), read lazily: the header at open, the data block on first
 * use, pages through a bounded {@link NodeCache}. Looking up an entry costs at most one read of a
 * page once the data block is known.
 *
 * <p>Safe to share between threads.
 */
public final class FixedArray {
    private final FileContext ctx;
    private final long headerAddress;
    private final FixedArrayHeader header;
    private final ChunkElementFormat format;
    private final NodeCache<List<ChunkElement>> pages = new NodeCache<>();
    private volatile FixedArrayDataBlock dataBlock;

    /** Visits one allocated entry. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(long index, ChunkElement element);
    }

    private FixedArray(FileContext ctx, long headerAddress, FixedArrayHeader header, ChunkElementFormat format) {
        this.ctx = ctx;
        this.headerAddress = headerAddress;
        this.header = header;
        this.format = format;
    }

    public static FixedArray open(FileContext ctx, long headerAddress) {
        FixedArrayHeader header = FixedArrayHeader.read(ctx, headerAddress);
        return new FixedArray(ctx, headerAddress, header, header.elementFormat(ctx.offsetSize()));
    }

    /** Visits the header's block and the data block's, pages included (H5FA_get_stats counts the same). */
    public void forEachBlock(BlockVisitor visitor) {
        visitor.block(headerAddress, FixedArrayHeader.size(ctx.offsetSize(), ctx.lengthSize()));
        if (header.dataBlockAddress() != Cursor.UNDEFINED) {
            visitor.block(header.dataBlockAddress(), FixedArrayDataBlock.totalSize(header, ctx.offsetSize()));
        }
    }

    public FixedArrayHeader header() {
        return header;
    }

    public ChunkElementFormat elementFormat() {
        return format;
    }

    /** The data block, or null when no entry was ever written. */
    public FixedArrayDataBlock dataBlock() {
        if (header.dataBlockAddress() == Cursor.UNDEFINED) return null;
        FixedArrayDataBlock b = dataBlock;
        if (b == null) {
            b = FixedArrayDataBlock.read(ctx, header, headerAddress, format);
            dataBlock = b;
        }
        return b;
    }

    /** Entry {@code index}, or null when that chunk is not allocated or the index is beyond the array. */
    public ChunkElement get(long index) {
        if (index < 0 || index >= header.maxNumEntries()) return null;
        FixedArrayDataBlock b = dataBlock();
        if (b == null) return null;
        ChunkElement e;
        if (b.isPaged()) {
            long page = index / header.pageEntries();
            if (!b.isPageInitialized(page)) return null;
            e = page(page).get((int) (index % header.pageEntries()));
        } else {
            e = b.elements().get((int) index);
        }
        return e.isAllocated() ? e : null;
    }

    private List<ChunkElement> page(long page) {
        long address = header.dataBlockAddress() + FixedArrayDataBlock.prefixSize(header, ctx.offsetSize())
                + page * FixedArrayDataBlock.pageSize(header);
        return pages.get(address, a -> FixedArrayDataBlock.readPage(ctx, header, format, page));
    }

    /** Visits every allocated entry in index order. */
    public void forEach(EntryVisitor visitor) {
        FixedArrayDataBlock b = dataBlock();
        if (b == null) return;
        if (!b.isPaged()) {
            for (int i = 0; i < b.elements().size(); i++) {
                ChunkElement e = b.elements().get(i);
                if (e.isAllocated()) visitor.entry(i, e);
            }
            return;
        }
        for (long p = 0; p < header.numberOfPages(); p++) {
            if (!b.isPageInitialized(p)) continue;
            List<ChunkElement> elements = page(p);
            long first = p * header.pageEntries();
            for (int i = 0; i < elements.size(); i++) {
                if (elements.get(i).isAllocated()) visitor.entry(first + i, elements.get(i));
            }
        }
    }
}
