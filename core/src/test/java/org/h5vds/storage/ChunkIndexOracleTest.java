package org.h5vds.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.format.FileContext;
import org.h5vds.testing.Libhdf5Files;
import org.h5vds.testing.Libhdf5Files.ChunkInfo;
import org.h5vds.testing.Libhdf5Files.DatasetShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every chunk index type libhdf5 1.10 writes, read back and compared chunk by chunk (scaled
 * offset, address, size, filter mask) with what libhdf5 itself reports through h5py's
 * get_chunk_info, including filtered records, partial edge chunks, unallocated chunks and chunks
 * whose filters were skipped.
 */
class ChunkIndexOracleTest {
    @TempDir
    static Path dir;
    static Path earliest;
    static Path latest;

    @BeforeAll
    static void writeFiles() {
        earliest = Libhdf5Files.write(dir.resolve("earliest.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='earliest') as f:
                    f.create_dataset('small', data=np.arange(2000, dtype='i2').reshape(40, 50), chunks=(4, 5))
                    f.create_dataset('edge_gzip', data=np.arange(23 * 17, dtype='f8').reshape(23, 17), chunks=(5, 4), compression='gzip')
                    d = f.create_dataset('sparse', shape=(100, 100), chunks=(10, 10), dtype='i4')
                    d[0:10, 0:30] = 1
                    d[55:56, 95:100] = 2
                    d[99, 0] = 3
                    d = f.create_dataset('masked', shape=(6, 8, 10), chunks=(3, 4, 5), dtype='u1', compression='gzip')
                    d[...] = 7
                    d.id.write_direct_chunk((3, 4, 5), bytes(range(60)), filter_mask=1)
                    f.create_dataset('large', data=np.arange(20000, dtype='i1'), chunks=(2,))
                """);
        latest = Libhdf5Files.write(dir.resolve("latest.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    a = np.arange(70, dtype='i4').reshape(10, 7)
                    f.create_dataset('single', data=a, chunks=(10, 7), compression='gzip')
                    f.create_dataset('single_nf', data=a, chunks=(10, 7))
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_chunk((3, 4))
                    dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
                    h5py.h5d.create(f.id, b'implicit', h5py.h5t.NATIVE_INT32, h5py.h5s.create_simple((10, 7), (20, 9)), dcpl=dcpl)
                    f['implicit'][...] = a
                    d = f.create_dataset('fa', shape=(10, 7), maxshape=(20, 9), chunks=(3, 4), dtype='i4')
                    d[0:6, :] = a[0:6]
                    d[9, 6] = 1
                    d = f.create_dataset('fa_gzip', shape=(10, 7), maxshape=(20, 9), chunks=(3, 4), dtype='i4', compression='gzip')
                    d[...] = a
                    d.id.write_direct_chunk((3, 4), bytes(48), filter_mask=1)
                    for name, comp in [('fa_paged', None), ('fa_paged_gzip', 'gzip')]:
                        d = f.create_dataset(name, shape=(200, 50), chunks=(2, 2), dtype='i2', compression=comp)
                        d[0:20, :] = 1
                        d[180:200, :] = np.arange(1000).reshape(20, 50)
                    for name, comp in [('ea', None), ('ea_gzip', 'gzip')]:
                        d = f.create_dataset(name, shape=(100, 6), maxshape=(None, 6), chunks=(3, 4), dtype='i4', compression=comp)
                        d[...] = np.arange(600).reshape(100, 6)
                        d[40:50, :] = 0 if comp is None else d[40:50, :]
                    d = f.create_dataset('ea_swizzled', shape=(5, 100), maxshape=(5, None), chunks=(2, 7), dtype='i4')
                    d[...] = np.arange(500).reshape(5, 100)
                    d = f.create_dataset('ea_swizzled_3d', shape=(3, 40, 4), maxshape=(6, None, 4), chunks=(2, 3, 3), dtype='i2', compression='gzip')
                    d[...] = np.arange(480).reshape(3, 40, 4)
                    f.create_dataset('ea_super', data=np.arange(3000, dtype='i1'), maxshape=(None,), chunks=(1,))
                    for name, comp in [('ea_paged', None), ('ea_paged_gzip', 'gzip')]:
                        d = f.create_dataset(name, shape=(300000,), maxshape=(None,), chunks=(1,), dtype='i1', compression=comp)
                        for i in [0, 3, 5, 100, 2000, 131055, 131060, 131100, 140000, 150000, 163000, 262200, 299999]:
                            d[i] = 1
                    for name, comp in [('bt2', None), ('bt2_gzip', 'gzip')]:
                        d = f.create_dataset(name, shape=(10, 7), maxshape=(None, None), chunks=(3, 4), dtype='i4', compression=comp)
                        d[0:6, :] = a[0:6]
                        d[9, 6] = 1
                    d = f.create_dataset('bt2_large', shape=(100, 60), maxshape=(None, None), chunks=(1, 1), dtype='i1')
                    d[...] = 1
                    d = f.create_dataset('bt2_large_gzip', shape=(40, 60), maxshape=(None, None), chunks=(1, 1), dtype='i2', compression='gzip')
                    d[...] = 1
                    d.id.write_direct_chunk((7, 9), bytes(2), filter_mask=1)
                """);
    }

    static final Map<Path, Map<String, Libhdf5Files.DatasetFacts>> FACTS = new java.util.concurrent.ConcurrentHashMap<>();

    static Libhdf5Files.DatasetFacts facts(Path file, String dataset) {
        return FACTS.computeIfAbsent(file, Libhdf5Files::describe).get(dataset);
    }

    static String[] typeAndAddress(Path file, String dataset) {
        Libhdf5Files.IndexRef ref = Libhdf5Files.index(file, facts(file, dataset));
        return new String[] {ref.type(), Long.toString(ref.address())};
    }

    static ChunkGeometry geometry(DatasetShape s) {
        return new ChunkGeometry(s.dims(), s.maxDims(), s.chunkDims(), s.elementSize());
    }

    static ChunkIndex open(Path file, String dataset, ChunkGeometry g, List<ChunkInfo> chunks) {
        FileContext ctx = Libhdf5Files.open(file);
        String[] typeAndAddress = typeAndAddress(file, dataset);
        String type = typeAndAddress[0];
        long address = Long.parseUnsignedLong(typeAndAddress[1]);
        switch (type) {
            case "v1 B-tree":
                return new BTreeV1ChunkIndex(ctx, address, g);
            case "v2 B-tree":
                return new BTreeV2ChunkIndex(ctx, address, g);
            case "Fixed Array":
                return new FixedArrayChunkIndex(ctx, address, g);
            case "Extensible Array":
                return new ExtensibleArrayChunkIndex(ctx, address, g);
            case "Implicit":
                return new ImplicitChunkIndex(g, address);
            case "Single Chunk":
                // size and mask come from the layout message (task A); here from libhdf5's listing
                ChunkInfo only = chunks.get(0);
                return dataset.endsWith("_nf") ? SingleChunkIndex.unfiltered(g, address)
                        : SingleChunkIndex.filtered(g, address, only.size(), only.filterMask());
            default:
                throw new AssertionError("unknown index type " + type);
        }
    }

    /** Checks forEach lists exactly libhdf5's chunks, and find answers for every chunk of the grid. */
    static void assertMatchesLibhdf5(Path file, String dataset, String expectedType) {
        assertMatches(file, dataset, expectedType, facts(file, dataset).chunks());
    }

    static void assertMatches(Path file, String dataset, String expectedType, List<ChunkInfo> chunks) {
        assertThat(typeAndAddress(file, dataset)[0]).isEqualTo(expectedType);
        DatasetShape shape = facts(file, dataset).shape();
        ChunkGeometry g = geometry(shape);
        ChunkIndex index = open(file, dataset, g, chunks);

        Map<List<Long>, ChunkLocation> expected = new HashMap<>();
        for (ChunkInfo c : chunks) {
            long[] scaled = new long[g.rank()];
            for (int d = 0; d < scaled.length; d++) scaled[d] = c.offset()[d] / g.chunkDim(d);
            expected.put(key(scaled), new ChunkLocation(c.address(), c.size(), c.filterMask()));
        }
        Map<List<Long>, ChunkLocation> listed = new HashMap<>();
        index.forEach((scaled, location) -> assertThat(listed.put(key(scaled), location)).as("listed twice").isNull());
        assertThat(listed).as(dataset + " forEach").isEqualTo(expected);

        long[] extent = g.scaledDims();
        long[] scaled = new long[extent.length];
        int found = 0;
        while (true) {
            ChunkLocation want = expected.get(key(scaled));
            assertThat(index.find(scaled)).as(dataset + " find " + Arrays.toString(scaled)).isEqualTo(want);
            if (want != null) found++;
            int d = extent.length - 1;
            while (d >= 0 && ++scaled[d] == extent[d]) scaled[d--] = 0;
            if (d < 0) break;
        }
        assertThat(found).as(dataset + " chunks found in the grid").isEqualTo(chunks.size());
    }

    static List<Long> key(long[] scaled) {
        return Arrays.stream(scaled).boxed().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "edge_gzip", "sparse", "masked", "large"})
    void v1BTree(String dataset) {
        assertMatchesLibhdf5(earliest, dataset, "v1 B-tree");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "single_nf"})
    void singleChunk(String dataset) {
        assertMatchesLibhdf5(latest, dataset, "Single Chunk");
    }

    @Test
    void implicit() {
        assertMatchesLibhdf5(latest, "implicit", "Implicit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fa", "fa_gzip", "fa_paged", "fa_paged_gzip"})
    void fixedArray(String dataset) {
        assertMatchesLibhdf5(latest, dataset, "Fixed Array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ea", "ea_gzip", "ea_super", "ea_paged", "ea_paged_gzip"})
    void extensibleArray(String dataset) {
        assertMatchesLibhdf5(latest, dataset, "Extensible Array");
    }

    /** Unlimited dimension not first: coordinates established by chunk content (see {@link Libhdf5Files#chunksByContent}). */
    @ParameterizedTest
    @ValueSource(strings = {"ea_swizzled", "ea_swizzled_3d"})
    void extensibleArraySwizzled(String dataset) {
        assertMatches(latest, dataset, "Extensible Array", Libhdf5Files.chunksByContent(latest, dataset));
    }

    @Test
    void libhdf5ListsSwizzledChunksAtSwizzledOffsets() {
        // documents the libhdf5 1.10.8 behaviour the test above works around: the chunk holding
        // rows 2-3, columns 0-6 (scaled (1, 0)) is listed at offset (0, 7)
        ChunkInfo listed = facts(latest, "ea_swizzled").chunks().get(1);
        ChunkInfo byContent = Libhdf5Files.chunksByContent(latest, "ea_swizzled").get(1);
        assertThat(listed.address()).isEqualTo(byContent.address());
        assertThat(listed.offset()).containsExactly(0, 7);
        assertThat(byContent.offset()).containsExactly(2, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bt2", "bt2_gzip", "bt2_large", "bt2_large_gzip"})
    void v2BTree(String dataset) {
        assertMatchesLibhdf5(latest, dataset, "v2 B-tree");
    }

    static <T> T index(Path file, String dataset, Class<T> type) {
        ChunkGeometry g = geometry(facts(file, dataset).shape());
        return type.cast(open(file, dataset, g, facts(file, dataset).chunks()));
    }

    static long h5debugLong(String dump, String key) {
        return Long.parseUnsignedLong(Libhdf5Files.field(dump, key).split(" ")[0]);
    }

    @Test
    void largeV1BTreeHasSeveralLevels() {
        BTreeV1ChunkIndex index = index(earliest, "large", BTreeV1ChunkIndex.class);
        assertThat(index.btree().root().nodeLevel()).isEqualTo(2);
        assertThat(index.btree().root().entriesUsed()).isBetween(2, 64);
    }

    @Test
    void fixedArrayHeadersMatchH5debug() {
        for (String name : List.of("fa", "fa_gzip", "fa_paged", "fa_paged_gzip")) {
            FixedArrayChunkIndex index = index(latest, name, FixedArrayChunkIndex.class);
            org.h5vds.format.FixedArrayHeader h = index.array().header();
            String dump = Libhdf5Files.h5debug(latest, Long.parseLong(typeAndAddress(latest, name)[1]), facts(latest, name).objectAddress());
            assertThat(h.entrySize()).as(name).isEqualTo(h5debugLong(dump, "Raw Element Size"));
            assertThat(1L << h.pageBits()).as(name).isEqualTo(h5debugLong(dump, "Max. # of elements in data block page"));
            assertThat(h.maxNumEntries()).as(name).isEqualTo(h5debugLong(dump, "Number of elements in Fixed Array"));
            assertThat(h.dataBlockAddress()).as(name).isEqualTo(h5debugLong(dump, "Fixed Array Data Block Address"));
            assertThat(h.clientId()).isEqualTo(name.endsWith("gzip") ? 1 : 0);
        }
        FixedArrayChunkIndex paged = index(latest, "fa_paged", FixedArrayChunkIndex.class);
        assertThat(paged.array().header().numberOfPages()).isEqualTo(3);
        assertThat(paged.array().dataBlock().isPageInitialized(0)).isTrue();
        assertThat(paged.array().dataBlock().isPageInitialized(1)).isFalse();
        assertThat(paged.array().dataBlock().isPageInitialized(2)).isTrue();
    }

    @Test
    void extensibleArrayHeadersMatchH5debug() {
        for (String name : List.of("ea", "ea_gzip", "ea_super", "ea_paged", "ea_paged_gzip", "ea_swizzled_3d")) {
            ExtensibleArrayChunkIndex index = index(latest, name, ExtensibleArrayChunkIndex.class);
            org.h5vds.format.ExtensibleArrayHeader h = index.array().header();
            String dump = Libhdf5Files.h5debug(latest, Long.parseLong(typeAndAddress(latest, name)[1]), facts(latest, name).objectAddress());
            assertThat(h.elementSize()).as(name).isEqualTo(h5debugLong(dump, "Raw Element Size"));
            assertThat(h.maxNelmtsBits()).isEqualTo(h5debugLong(dump, "Log2(Max. # of elements in array)"));
            assertThat(h.indexBlockElements()).isEqualTo(h5debugLong(dump, "# of elements in index block"));
            assertThat(h.dataBlockMinElements()).isEqualTo(h5debugLong(dump, "Min. # of elements per data block"));
            assertThat(h.superBlockMinDataPointers()).isEqualTo(h5debugLong(dump, "Min. # of data block pointers for a super block"));
            assertThat(h.maxDataBlockPageNelmtsBits()).isEqualTo(h5debugLong(dump, "Log2(Max. # of elements in data block page)"));
            assertThat(h.maxIndexSet()).as(name).isEqualTo(h5debugLong(dump, "Highest element index stored (+1)"));
            assertThat(h.numSuperBlocks()).as(name).isEqualTo(h5debugLong(dump, "Number of super blocks created"));
            assertThat(h.numDataBlocks()).as(name).isEqualTo(h5debugLong(dump, "Number of data blocks created"));
            assertThat(h.numElements()).as(name).isEqualTo(h5debugLong(dump, "Number of elements 'realized'"));
            assertThat(h.indexBlockAddress()).as(name).isEqualTo(h5debugLong(dump, "Index Block Address"));
        }
        ExtensibleArrayChunkIndex paged = index(latest, "ea_paged", ExtensibleArrayChunkIndex.class);
        assertThat(paged.array().header().numSuperBlocks()).isGreaterThanOrEqualTo(3);
        assertThat(paged.array().geometry().isPaged(paged.array().geometry().superBlockOf(150000))).isTrue();
    }

    @Test
    void filteredChunkSizeWidthIsLibhdf5s() {
        // chunk byte sizes around the width steps: 1 + (floor(log2(bytes)) + 8) / 8
        Path file = Libhdf5Files.write(dir.resolve("widths.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    for n in [1, 2, 255, 256, 65535, 65536, 16777216]:
                        d = f.create_dataset('w%d' % n, shape=(n, 2), maxshape=(None, 2), chunks=(n, 1), dtype='u1', compression='gzip')
                        d[0, 0] = 1  # libhdf5 creates the array with the first chunk
                """);
        for (long n : new long[] {1, 2, 255, 256, 65535, 65536, 16777216}) {
            ChunkGeometry g = new ChunkGeometry(new long[] {n, 2}, new long[] {-1, 2}, new int[] {(int) n, 1}, 1);
            String dump = Libhdf5Files.h5debug(file, Long.parseLong(typeAndAddress(file, "w" + n)[1]), facts(file, "w" + n).objectAddress());
            assertThat(8 + g.filteredChunkSizeWidth() + 4).as("chunk of " + n + " bytes").isEqualTo(h5debugLong(dump, "Raw Element Size"));
        }
    }

    @Test
    void largeV2BTreeIsTwoLevelsDeepWithLibhdf5sParameters() {
        for (String name : List.of("bt2", "bt2_gzip", "bt2_large", "bt2_large_gzip")) {
            BTreeV2ChunkIndex index = index(latest, name, BTreeV2ChunkIndex.class);
            org.h5vds.format.BTreeV2Header h = index.btree().header();
            assertThat(h.nodeSize()).isEqualTo(2048);
            assertThat(h.splitPercent()).isEqualTo(100);
            assertThat(h.mergePercent()).isEqualTo(40);
            assertThat(h.totalNumberOfRecords()).isEqualTo(facts(latest, name).chunks().size());
        }
        assertThat(index(latest, "bt2_large", BTreeV2ChunkIndex.class).btree().header().depth()).isEqualTo(2);
        assertThat(index(latest, "bt2_large_gzip", BTreeV2ChunkIndex.class).btree().header().depth()).isGreaterThanOrEqualTo(1);
    }
}
