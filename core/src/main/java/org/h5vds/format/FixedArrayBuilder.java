package org.h5vds.format;

import org.h5vds.io.SpaceAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h5vds.io.Cursor;

/**
 * Builds a fixed array chunk index (spec VII.C) from the chunks written: header, data block, and
 * when the array has more entries than a page holds, the pages that hold at least one chunk.
 * The data block is allocated with room for all its pages, as libhdf5 allocates it
 * (H5FA_DBLOCK_SIZE); pages without chunks stay unwritten, their bitmap bits clear, as in files
 * libhdf5 writes.
 *
 * <p>As libhdf5 does, an array without chunks is not written at all: {@link #build} then returns
 * the undefined address and no blocks.
 */
public final class FixedArrayBuilder {
    private final ChunkElementFormat format;
    private final int pageBits;
    private final int offsetSize;
    private final int lengthSize;

    /**
     * @param pageBits log2 of the entries per page ({@link FixedArrayHeader#DEFAULT_PAGE_BITS} in libhdf5)
     */
    public FixedArrayBuilder(ChunkElementFormat format, int pageBits, int offsetSize, int lengthSize) {
        if (pageBits < 0 || pageBits > 62) throw new IllegalArgumentException("page bits must be 0..62: " + pageBits);
        this.format = format;
        this.pageBits = pageBits;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
    }

    /** With libhdf5's default page size (1024 entries). */
    public FixedArrayBuilder(ChunkElementFormat format, int offsetSize, int lengthSize) {
        this(format, FixedArrayHeader.DEFAULT_PAGE_BITS, offsetSize, lengthSize);
    }

    /**
     * @param maxNumEntries the chunks of the dataset's maximum chunk grid
     * @param entries       the chunks written, by fixed array index (see the storage layer's chunk geometry)
     */
    public EncodedStructure build(long maxNumEntries, Map<Long, ChunkElement> entries, SpaceAllocator allocator) {
        return build(maxNumEntries, SortedChunkElements.of(entries), allocator);
    }

    /**
     * @param maxNumEntries the chunks of the dataset's maximum chunk grid
     * @param sorted        the chunks written, by fixed array index
     */
    public EncodedStructure build(long maxNumEntries, SortedChunkElements sorted, SpaceAllocator allocator) {
        if (!sorted.isEmpty() && (sorted.firstIndex() < 0 || sorted.lastIndex() >= maxNumEntries)) {
            throw new IllegalArgumentException("entry indexes must lie in 0.." + (maxNumEntries - 1) + ": " + sorted.firstIndex() + ".." + sorted.lastIndex());
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (!sorted.element(i).isAllocated()) throw new IllegalArgumentException("entries must be allocated chunks: " + sorted.element(i));
        }
        if (sorted.isEmpty()) return new EncodedStructure(Cursor.UNDEFINED, List.of());

        int clientId = format.filtered() ? FixedArrayHeader.CLIENT_FILTERED_CHUNKS : FixedArrayHeader.CLIENT_CHUNKS;
        long headerAddress = allocator.allocate(FixedArrayHeader.size(offsetSize, lengthSize));
        FixedArrayHeader sizing = new FixedArrayHeader(clientId, format.size(), pageBits, maxNumEntries, Cursor.UNDEFINED);
        long dataBlockAddress = allocator.allocate(FixedArrayDataBlock.totalSize(sizing, offsetSize));
        FixedArrayHeader header = new FixedArrayHeader(clientId, format.size(), pageBits, maxNumEntries, dataBlockAddress);

        List<EncodedBlock> blocks = new ArrayList<>();
        blocks.add(new EncodedBlock(headerAddress, header.encode(offsetSize, lengthSize)));
        if (!header.isPaged()) {
            FixedArrayDataBlock block = FixedArrayDataBlock.unpaged(clientId, headerAddress, sorted.range(0, maxNumEntries));
            blocks.add(new EncodedBlock(dataBlockAddress, block.encode(header, format, offsetSize, lengthSize)));
            return new EncodedStructure(headerAddress, blocks);
        }
        long pageEntries = header.pageEntries();
        byte[] bitmap = new byte[(int) FixedArrayDataBlock.bitmapSize(header.numberOfPages())];
        long firstPage = dataBlockAddress + FixedArrayDataBlock.prefixSize(header, offsetSize);
        List<EncodedBlock> pages = new ArrayList<>();
        long page = -1;
        for (int i = 0; i < sorted.size(); i++) {
            long index = sorted.index(i);
            if (index / pageEntries == page) continue;
            page = index / pageEntries;
            FixedArrayDataBlock.setBit(bitmap, page);
            int n = FixedArrayDataBlock.pageElements(header, page);
            pages.add(new EncodedBlock(firstPage + page * FixedArrayDataBlock.pageSize(header),
                    FixedArrayDataBlock.encodePage(sorted.range(page * pageEntries, n), format, offsetSize, lengthSize)));
        }
        FixedArrayDataBlock block = FixedArrayDataBlock.paged(clientId, headerAddress, bitmap);
        blocks.add(new EncodedBlock(dataBlockAddress, block.encode(header, format, offsetSize, lengthSize)));
        blocks.addAll(pages);
        return new EncodedStructure(headerAddress, blocks);
    }
}
