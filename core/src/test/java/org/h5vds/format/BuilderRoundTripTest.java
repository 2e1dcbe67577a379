package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.h5vds.io.Cursor;
import org.h5vds.testing.BumpAllocator;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the builders encode, the decoders read back: every record or element, at the shape libhdf5 expects. */
class BuilderRoundTripTest {
    static final int O = 8;
    static final int L = 8;

    static FileContext context(EncodedStructure s, BumpAllocator a) {
        return new FileContext(MemoryStore.of(a.end(), s), O, L, 0);
    }

    static List<BTreeV2Record> chunkRecords(int n, boolean filtered) {
        List<BTreeV2Record> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] scaled = {i / 100, i % 100, 7};
            records.add(filtered ? new BTreeV2Record.FilteredChunk(1_000_000 + 64L * i, 1 + i % 60000, i % 3, scaled)
                    : new BTreeV2Record.Chunk(1_000_000 + 64L * i, scaled));
        }
        return records;
    }

    static void assertTreeHolds(EncodedStructure s, BumpAllocator a, List<BTreeV2Record> records, int rank) {
        BTreeV2 tree = BTreeV2.open(context(s, a), s.address(), rank);
        List<BTreeV2Record> got = new ArrayList<>();
        tree.forEach(got::add);
        assertThat(got).isEqualTo(records);
        assertThat(tree.size()).isEqualTo(records.size());
        int depth = tree.header().depth();
        assertThat(tree.sizes().cumulativeMaxRecords(depth)).isGreaterThanOrEqualTo(records.size());
        if (depth > 0) assertThat(tree.sizes().cumulativeMaxRecords(depth - 1)).as("minimal depth").isLessThan(records.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 84, 85, 86, 1000, 5269, 5270, 20000})
    void chunkTreesOfAnySize(int n) {
        // rank 3: 32-byte records, leaves of (2048 - 10) / 32 = 63 records
        List<BTreeV2Record> records = chunkRecords(n, false);
        BumpAllocator a = new BumpAllocator(4096);
        EncodedStructure s = BTreeV2Builder.forChunks(O, L, 3).build(records, a);
        assertTreeHolds(s, a, records, 3);
        BTreeV2 tree = BTreeV2.open(context(s, a), s.address(), 3);
        assertThat(tree.header().nodeSize()).isEqualTo(2048);
        assertThat(tree.header().splitPercent()).isEqualTo(100);
        assertThat(tree.header().mergePercent()).isEqualTo(40);
        for (int i = 0; i < n; i += Math.max(1, n / 97)) {
            BTreeV2Record.ChunkRecord r = (BTreeV2Record.ChunkRecord) records.get(i);
            assertThat(tree.findChunk(r.scaled())).isEqualTo(r);
        }
        assertThat(tree.findChunk(new long[] {0, 100, 7})).isNull();
        assertThat(tree.findChunk(new long[] {n, 0, 0})).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 500, 7000})
    void filteredChunkTrees(int n) {
        List<BTreeV2Record> records = chunkRecords(n, true);
        BumpAllocator a = new BumpAllocator(100);
        EncodedStructure s = BTreeV2Builder.forFilteredChunks(O, L, 3, 2).build(records, a);
        assertTreeHolds(s, a, records, 3);
        assertThat(BTreeV2.open(context(s, a), s.address(), 3).header().type()).isEqualTo(BTreeV2Header.TYPE_FILTERED_CHUNK);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 45, 46, 3000})
    void linkNameTrees(int n) {
        Random random = new Random(n);
        List<BTreeV2Record> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[7];
            random.nextBytes(id);
            records.add(new BTreeV2Record.LinkName(i % 10 == 0 && i > 0 ? ((BTreeV2Record.LinkName) records.get(i - 1)).hash() : random.nextInt(), id));
        }
        // by hash, then (standing in for the name) by heap ID, the order a search below relies on
        records.sort((x, y) -> {
            int c = Integer.compareUnsigned(((BTreeV2Record.LinkName) x).hash(), ((BTreeV2Record.LinkName) y).hash());
            return c != 0 ? c : java.util.Arrays.compare(((BTreeV2Record.LinkName) x).heapId(), ((BTreeV2Record.LinkName) y).heapId());
        });
        BumpAllocator a = new BumpAllocator(0);
        EncodedStructure s = BTreeV2Builder.forLinkNames(O, L).build(records, a);
        assertTreeHolds(s, a, records, 0);
        BTreeV2 tree = BTreeV2.open(context(s, a), s.address(), 0);
        assertThat(tree.header().nodeSize()).isEqualTo(512);
        assertThat(tree.header().recordSize()).isEqualTo(11);
        for (BTreeV2Record r : records) {
            int hash = ((BTreeV2Record.LinkName) r).hash();
            // a caller resolves equal hashes by name; here by heap ID
            BTreeV2Record hit = tree.find(x -> {
                int c = Integer.compareUnsigned(hash, ((BTreeV2Record.LinkName) x).hash());
                return c != 0 ? c : java.util.Arrays.compare(((BTreeV2Record.LinkName) r).heapId(), ((BTreeV2Record.LinkName) x).heapId());
            });
            assertThat(hit).isEqualTo(r);
        }
    }

    @Test
    void emptyIndexesAreNotWritten() {
        BumpAllocator a = new BumpAllocator(0);
        assertThat(BTreeV2Builder.forChunks(O, L, 2).build(List.of(), a).address()).isEqualTo(Cursor.UNDEFINED);
        assertThat(new FixedArrayBuilder(ChunkElementFormat.unfiltered(O), O, L).build(10, Map.of(), a).blocks()).isEmpty();
        assertThat(new ExtensibleArrayBuilder(ChunkElementFormat.unfiltered(O), O, L).build(Map.of(), a).address()).isEqualTo(Cursor.UNDEFINED);
        assertThat(a.end()).isZero();
    }

    @Test
    void recordsOutOfOrderAreRefused() {
        List<BTreeV2Record> records = new ArrayList<>(chunkRecords(3, false));
        java.util.Collections.swap(records, 0, 2);
        assertThatThrownBy(() -> BTreeV2Builder.forChunks(O, L, 3).build(records, new BumpAllocator(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of order");
    }

    static Map<Long, ChunkElement> sparse(long n, int every, boolean filtered) {
        Map<Long, ChunkElement> m = new HashMap<>();
        for (long i = 0; i < n; i += every) m.put(i, new ChunkElement(10_000 + 16 * i, filtered ? 1 + i % 300 : 0, filtered ? (int) (i % 2) : 0));
        return m;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 21, 1024, 1025, 2500, 100_000})
    void fixedArrays(long n) {
        for (boolean filtered : new boolean[] {false, true}) {
            ChunkElementFormat f = filtered ? ChunkElementFormat.filtered(O, 2) : ChunkElementFormat.unfiltered(O);
            Map<Long, ChunkElement> entries = sparse(n, n > 2000 ? 1500 : 3, filtered);
            BumpAllocator a = new BumpAllocator(512);
            EncodedStructure s = new FixedArrayBuilder(f, O, L).build(n, entries, a);
            FixedArray fa = FixedArray.open(context(s, a), s.address());
            assertThat(fa.header().maxNumEntries()).isEqualTo(n);
            assertThat(fa.header().pageBits()).isEqualTo(10);
            Map<Long, ChunkElement> got = new HashMap<>();
            fa.forEach(got::put);
            assertThat(got).isEqualTo(entries);
            for (long i = 0; i < n; i += Math.max(1, n / 1000)) assertThat(fa.get(i)).isEqualTo(entries.get(i));
            if (fa.header().isPaged()) {
                for (long p = 0; p < fa.header().numberOfPages(); p++) {
                    long page = p;
                    boolean used = entries.keySet().stream().anyMatch(i -> i / 1024 == page);
                    assertThat(fa.dataBlock().isPageInitialized(p)).isEqualTo(used);
                }
            }
            // the data block is allocated with room for all pages (H5FA_DBLOCK_SIZE)
            assertThat(a.end() - 512).isEqualTo(FixedArrayHeader.size(O, L) + FixedArrayDataBlock.totalSize(fa.header(), O));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 5, 100, 3000, 150_000})
    void extensibleArraysDense(int n) {
        Map<Long, ChunkElement> entries = sparse(n, 1, false);
        BumpAllocator a = new BumpAllocator(64);
        EncodedStructure s = new ExtensibleArrayBuilder(ChunkElementFormat.unfiltered(O), O, L).build(entries, a);
        ExtensibleArray ea = ExtensibleArray.open(context(s, a), s.address());
        Map<Long, ChunkElement> got = new HashMap<>();
        ea.forEach(got::put);
        assertThat(got).isEqualTo(entries);
        assertThat(ea.header().maxIndexSet()).isEqualTo(n);
        for (long i = 0; i < n; i += Math.max(1, n / 2000)) assertThat(ea.get(i)).isEqualTo(entries.get(i));
        assertThat(ea.get(n)).isNull();
    }

    @Test
    void extensibleArraysSparseAndPagedAndFiltered() {
        Set<Long> indexes = new HashSet<>(List.of(0L, 3L, 5L, 100L, 2000L, 131055L, 131060L, 131100L, 140000L, 150000L, 163000L, 262200L,
                299999L, 1_000_000L, 70_000_000L));
        Map<Long, ChunkElement> entries = new HashMap<>();
        for (long i : indexes) entries.put(i, new ChunkElement(4096 + i, 100 + i % 1000, (int) (i % 2)));
        BumpAllocator a = new BumpAllocator(0);
        ExtensibleArrayBuilder builder = new ExtensibleArrayBuilder(ChunkElementFormat.filtered(O, 3), O, L);
        EncodedStructure s = builder.build(entries, a);
        ExtensibleArray ea = ExtensibleArray.open(context(s, a), s.address());
        Map<Long, ChunkElement> got = new HashMap<>();
        ea.forEach(got::put);
        assertThat(got).isEqualTo(entries);
        for (long i : indexes) {
            assertThat(ea.get(i)).isEqualTo(entries.get(i));
            assertThat(ea.get(i + 1)).isEqualTo(entries.get(i + 1));
        }
        assertThat(ea.geometry().isPaged(ea.geometry().superBlockOf(70_000_000L))).isTrue();
    }
}
