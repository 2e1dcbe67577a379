package org.h5vds.storage;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.BTreeV2Builder;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.ChunkElement;
import org.h5vds.format.ChunkElementFormat;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.format.ExtensibleArrayBuilder;
import org.h5vds.format.ExtensibleArrayHeader;
import org.h5vds.format.FixedArrayBuilder;
import org.h5vds.format.FixedArrayHeader;
import org.h5vds.format.SortedChunkElements;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.io.Cursor;

/**
 * Writes the chunk index of a dataset once all its chunks are stored, and returns the version 4
 * Data Layout message pointing at it, with the parameters libhdf5 1.10 stores for each index type
 * (H5D_FARRAY_*, H5D_EARRAY_*, H5D_BT2_* defaults). An index without chunks is not written, as
 * libhdf5 leaves it: the address is undefined.
 */
final class ChunkIndexWriter {
    private ChunkIndexWriter() {
    }

    /**
     * @param chunks every stored chunk, each once; filtered chunks carry their stored size
     */
    static DataLayoutMessage write(RawSpace sink, ChunkIndexType type, ChunkGeometry geometry, boolean filtered,
                                   ChunkIndex chunks, int offsetSize, int lengthSize) {
        int[] chunkInts = geometry.chunkDims();
        long[] chunkDims = new long[chunkInts.length];
        for (int i = 0; i < chunkDims.length; i++) chunkDims[i] = chunkInts[i];
        int width = geometry.filteredChunkSizeWidth();
        ChunkElementFormat format = filtered ? ChunkElementFormat.filtered(offsetSize, width) : ChunkElementFormat.unfiltered(offsetSize);
        DataLayoutMessage.ChunkIndexing indexing;
        long address;
        switch (type) {
            case SINGLE_CHUNK -> {
                ChunkLocation[] found = {null}; // a single-chunk dataset has at most one
                chunks.forEach((scaled, loc) -> found[0] = loc);
                ChunkLocation only = found[0];
                address = only == null ? Cursor.UNDEFINED : only.address();
                indexing = filtered ? new DataLayoutMessage.SingleChunk(only == null ? 0 : only.storedSize(), only == null ? 0 : only.filterMask() & 0xFFFFFFFFL)
                        : new DataLayoutMessage.SingleChunk(-1, 0);
            }
            case FIXED_ARRAY -> {
                SortedChunkElements.Collector entries = new SortedChunkElements.Collector(64);
                chunks.forEach((scaled, loc) -> entries.add(geometry.fixedArrayIndex(scaled), element(loc, filtered)));
                EncodedStructure s = new FixedArrayBuilder(format, FixedArrayHeader.DEFAULT_PAGE_BITS, offsetSize, lengthSize)
                        .build(geometry.maxChunks(), entries.sorted(), sink::allocate);
                address = store(sink, s);
                indexing = new DataLayoutMessage.FixedArray(FixedArrayHeader.DEFAULT_PAGE_BITS);
            }
            case EXTENSIBLE_ARRAY -> {
                SortedChunkElements.Collector entries = new SortedChunkElements.Collector(64);
                chunks.forEach((scaled, loc) -> entries.add(geometry.extensibleArrayIndex(scaled), element(loc, filtered)));
                EncodedStructure s = new ExtensibleArrayBuilder(format, offsetSize, lengthSize).build(entries.sorted(), sink::allocate);
                address = store(sink, s);
                indexing = new DataLayoutMessage.ExtensibleArray(ExtensibleArrayHeader.DEFAULT_MAX_NELMTS_BITS,
                        ExtensibleArrayHeader.DEFAULT_INDEX_BLOCK_ELEMENTS, ExtensibleArrayHeader.DEFAULT_SUPER_BLOCK_MIN_DATA_POINTERS,
                        ExtensibleArrayHeader.DEFAULT_DATA_BLOCK_MIN_ELEMENTS, ExtensibleArrayHeader.DEFAULT_MAX_DATA_BLOCK_PAGE_NELMTS_BITS);
            }
            default -> {
                List<BTreeV2Record.ChunkRecord> records = new ArrayList<>();
                // an index may hand each chunk's coordinates in one array it reuses
                chunks.forEach((scaled, loc) -> records.add(filtered
                        ? new BTreeV2Record.FilteredChunk(loc.address(), loc.storedSize(), loc.filterMask(), scaled.clone())
                        : new BTreeV2Record.Chunk(loc.address(), scaled.clone())));
                records.sort((a, b) -> a.compareScaled(b.scaled()));
                BTreeV2Builder builder = filtered
                        ? BTreeV2Builder.forFilteredChunks(offsetSize, lengthSize, geometry.rank(), width)
                        : BTreeV2Builder.forChunks(offsetSize, lengthSize, geometry.rank());
                address = store(sink, builder.build(records, sink::allocate));
                indexing = new DataLayoutMessage.BTreeV2(BTreeV2Builder.CHUNK_NODE_SIZE, BTreeV2Builder.SPLIT_PERCENT, BTreeV2Builder.MERGE_PERCENT);
            }
        }
        return DataLayoutMessage.chunked(0, chunkDims, geometry.elementSize(), indexing, address);
    }

    private static ChunkElement element(ChunkLocation loc, boolean filtered) {
        return filtered ? new ChunkElement(loc.address(), loc.storedSize(), loc.filterMask()) : new ChunkElement(loc.address(), 0, 0);
    }

    private static long store(RawSpace sink, EncodedStructure s) {
        for (EncodedBlock b : s.blocks()) sink.write(b.address(), b.bytes());
        return s.address();
    }
}
