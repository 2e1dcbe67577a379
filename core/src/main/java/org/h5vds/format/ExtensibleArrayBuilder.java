package org.h5vds.format;

import org.h5vds.io.SpaceAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h5vds.io.Cursor;

/**
 * Builds an extensible array chunk index (spec VII.D) from the chunks written, creating exactly the
 * blocks libhdf5 would have created by setting those elements (H5EA__lookup_elmt): the index block,
 * each data block and super block holding at least one element, and within paged data blocks the
 * pages holding at least one element. Block offsets and header statistics are filled in as libhdf5
 * fills them, including its numbering of the data blocks addressed from the index block.
 *
 * <p>As libhdf5 does, an array without chunks is not written at all: {@link #build} then returns
 * the undefined address and no blocks.
 */
public final class ExtensibleArrayBuilder {
    /** The array's creation parameters, as the header and the data layout message store them. */
    public record Parameters(int maxNelmtsBits, int indexBlockElements, int dataBlockMinElements, int superBlockMinDataPointers,
                             int maxDataBlockPageNelmtsBits) {
        /** libhdf5's defaults for chunk indexes (H5D_EARRAY_*). */
        public static final Parameters DEFAULTS = new Parameters(ExtensibleArrayHeader.DEFAULT_MAX_NELMTS_BITS,
                ExtensibleArrayHeader.DEFAULT_INDEX_BLOCK_ELEMENTS, ExtensibleArrayHeader.DEFAULT_DATA_BLOCK_MIN_ELEMENTS,
                ExtensibleArrayHeader.DEFAULT_SUPER_BLOCK_MIN_DATA_POINTERS, ExtensibleArrayHeader.DEFAULT_MAX_DATA_BLOCK_PAGE_NELMTS_BITS);
    }

    private final ChunkElementFormat format;
    private final Parameters parameters;
    private final int offsetSize;
    private final int lengthSize;
    private final ExtensibleArrayGeometry geometry;

    public ExtensibleArrayBuilder(ChunkElementFormat format, Parameters parameters, int offsetSize, int lengthSize) {
        this.format = format;
        this.parameters = parameters;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
        this.geometry = new ExtensibleArrayGeometry(header(0, 0, 0, 0, 0, 0, Cursor.UNDEFINED));
    }

    /** With libhdf5's default parameters. */
    public ExtensibleArrayBuilder(ChunkElementFormat format, int offsetSize, int lengthSize) {
        this(format, Parameters.DEFAULTS, offsetSize, lengthSize);
    }

    private ExtensibleArrayHeader header(long superBlocks, long superBlockSize, long dataBlocks, long dataBlockSize, long maxIndexSet,
                                         long elements, long indexBlockAddress) {
        int clientId = format.filtered() ? 1 : 0;
        return new ExtensibleArrayHeader(clientId, format.size(), parameters.maxNelmtsBits(), parameters.indexBlockElements(),
                parameters.dataBlockMinElements(), parameters.superBlockMinDataPointers(), parameters.maxDataBlockPageNelmtsBits(),
                superBlocks, superBlockSize, dataBlocks, dataBlockSize, maxIndexSet, elements, indexBlockAddress);
    }

    public ExtensibleArrayGeometry geometry() {
        return geometry;
    }

    /** @param elements the chunks written, by extensible array index (see the storage layer's chunk geometry) */
    public EncodedStructure build(Map<Long, ChunkElement> elements, SpaceAllocator allocator) {
        return build(SortedChunkElements.of(elements), allocator);
    }

    /** @param sorted the chunks written, by extensible array index */
    public EncodedStructure build(SortedChunkElements sorted, SpaceAllocator allocator) {
        if (sorted.isEmpty()) return new EncodedStructure(Cursor.UNDEFINED, List.of());
        if (sorted.firstIndex() < 0 || !geometry.inRange(sorted.lastIndex())) {
            throw new IllegalArgumentException("element indexes must lie below 2^" + parameters.maxNelmtsBits() + ": " + sorted.lastIndex());
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (!sorted.element(i).isAllocated()) throw new IllegalArgumentException("elements must be allocated chunks: " + sorted.element(i));
        }
        int clientId = format.filtered() ? 1 : 0;
        long headerAddress = allocator.allocate(ExtensibleArrayHeader.size(offsetSize, lengthSize));
        long indexBlockAddress = allocator.allocate(geometry.indexBlockSize(offsetSize));
        List<EncodedBlock> blocks = new ArrayList<>();
        long superBlocks = 0;
        long superBlockBytes = 0;
        long dataBlocks = 0;
        long dataBlockBytes = 0;
        long realized = parameters.indexBlockElements();

        int ibe = parameters.indexBlockElements();
        List<ChunkElement> indexElements = sorted.range(0, ibe);
        List<Long> indexDataBlocks = new ArrayList<>();
        for (int i = 0; i < geometry.indexBlockDataBlockAddresses(); i++) indexDataBlocks.add(Cursor.UNDEFINED);
        List<Long> indexSuperBlocks = new ArrayList<>();
        for (int i = 0; i < geometry.indexBlockSuperBlockAddresses(); i++) indexSuperBlocks.add(Cursor.UNDEFINED);

        for (int s = 0; s < geometry.superBlocks(); s++) {
            long first = ibe + geometry.startIndex(s);
            if (first < 0 || first == Long.MAX_VALUE) break; // beyond any index
            long perBlock = geometry.dataBlockElements(s);
            long end = saturatingAdd(first, geometry.dataBlocks(s) * perBlock);
            if (!sorted.anyIn(first, end)) continue;
            boolean inIndexBlock = s < geometry.indexBlockSuperBlocks();
            long superBlockAddress = Cursor.UNDEFINED;
            List<Long> superBlockDataBlocks = new ArrayList<>();
            byte[] bitmap = null;
            if (!inIndexBlock) {
                superBlockAddress = allocator.allocate(geometry.superBlockSize(s, offsetSize));
                superBlocks++;
                superBlockBytes += geometry.superBlockSize(s, offsetSize);
                bitmap = new byte[(int) (geometry.dataBlocks(s) * geometry.pageBitmapSize(s))];
            }
            for (long j = 0; j < geometry.dataBlocks(s); j++) {
                long blockFirst = first + j * perBlock;
                if (!sorted.anyIn(blockFirst, blockFirst + perBlock)) {
                    if (!inIndexBlock) superBlockDataBlocks.add(Cursor.UNDEFINED);
                    continue;
                }
                long address = allocator.allocate(geometry.dataBlockSize(s, offsetSize));
                dataBlocks++;
                dataBlockBytes += geometry.dataBlockSize(s, offsetSize);
                realized += perBlock;
                long blockOffset;
                if (inIndexBlock) {
                    long global = geometry.startDataBlock(s) + j;
                    indexDataBlocks.set((int) global, address);
                    // H5EA__lookup_elmt numbers these blocks by their index among all data blocks
                    blockOffset = geometry.startIndex(s) + global * perBlock;
                } else {
                    superBlockDataBlocks.add(address);
                    blockOffset = geometry.startIndex(s) + j * perBlock;
                }
                if (!geometry.isPaged(s)) {
                    ExtensibleArrayDataBlock block = new ExtensibleArrayDataBlock(clientId, headerAddress, blockOffset,
                            sorted.range(blockFirst, perBlock));
                    blocks.add(new EncodedBlock(address, block.encode(s, geometry, format, offsetSize, lengthSize)));
                    continue;
                }
                ExtensibleArrayDataBlock block = new ExtensibleArrayDataBlock(clientId, headerAddress, blockOffset, List.of());
                blocks.add(new EncodedBlock(address, block.encode(s, geometry, format, offsetSize, lengthSize)));
                long pages = geometry.pagesPerDataBlock(s);
                long pageElements = geometry.pageElements();
                for (long p = 0; p < pages; p++) {
                    long pageFirst = blockFirst + p * pageElements;
                    if (!sorted.anyIn(pageFirst, pageFirst + pageElements)) continue;
                    FixedArrayDataBlock.setBit(bitmap, j * pages + p);
                    long pageAddress = address + geometry.blockPrefixSize(offsetSize) + p * geometry.pageSize();
                    blocks.add(new EncodedBlock(pageAddress,
                            ExtensibleArrayDataBlock.encodePage(sorted.range(pageFirst, pageElements), format, offsetSize, lengthSize)));
                }
            }
            if (!inIndexBlock) {
                indexSuperBlocks.set(s - geometry.indexBlockSuperBlocks(), superBlockAddress);
                ExtensibleArraySuperBlock block = new ExtensibleArraySuperBlock(clientId, headerAddress, geometry.startIndex(s), bitmap,
                        superBlockDataBlocks);
                blocks.add(new EncodedBlock(superBlockAddress, block.encode(s, geometry, offsetSize, lengthSize)));
            }
        }
        ExtensibleArrayIndexBlock index = new ExtensibleArrayIndexBlock(clientId, headerAddress, indexElements, indexDataBlocks, indexSuperBlocks);
        blocks.add(0, new EncodedBlock(indexBlockAddress, index.encode(geometry, format, offsetSize, lengthSize)));
        ExtensibleArrayHeader header = header(superBlocks, superBlockBytes, dataBlocks, dataBlockBytes, sorted.lastIndex() + 1, realized,
                indexBlockAddress);
        blocks.add(0, new EncodedBlock(headerAddress, header.encode(offsetSize, lengthSize)));
        return new EncodedStructure(headerAddress, blocks);
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
