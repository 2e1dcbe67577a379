package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import org.h5vds.io.Cursor;
import org.h5vds.testing.BumpAllocator;
import org.h5vds.testing.CountingStore;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.api.Test;

/** Lookups do not re-read cached nodes, caches stay bounded, and one index serves many threads. */
class CachingAndConcurrencyTest {
    static final int O = 8;

    static List<BTreeV2Record> records(int n) {
        List<BTreeV2Record> r = new ArrayList<>();
        for (int i = 0; i < n; i++) r.add(new BTreeV2Record.Chunk(100_000 + i, new long[] {i / 1000, i % 1000}));
        return r;
    }

    @Test
    void aRepeatedLookupReadsNothingAndCachesStayBounded() {
        List<BTreeV2Record> records = records(40_000);
        BumpAllocator a = new BumpAllocator(0);
        EncodedStructure s = BTreeV2Builder.forChunks(O, 8, 2).build(records, a);
        CountingStore store = new CountingStore(MemoryStore.of(a.end(), s));
        BTreeV2 tree = BTreeV2.open(new FileContext(store, O, 8, 0), s.address(), 2);
        assertThat(tree.header().depth()).isEqualTo(2);
        long afterOpen = store.reads();
        tree.findChunk(new long[] {17, 345});
        assertThat(store.reads() - afterOpen).isEqualTo(3); // root, internal, leaf
        long before = store.reads();
        assertThat(tree.findChunk(new long[] {17, 345})).isEqualTo(records.get(17_345));
        assertThat(store.reads()).isEqualTo(before);
        // walking all ~700 leaves keeps at most NodeCache.DEFAULT_CAPACITY nodes
        int[] n = {0};
        tree.forEach(r -> n[0]++);
        assertThat(n[0]).isEqualTo(40_000);
        assertThat(store.reads()).isGreaterThan(NodeCache.DEFAULT_CAPACITY);
    }

    @Test
    void nodeCacheEvictsTheLeastRecentlyUsed() {
        NodeCache<String> cache = new NodeCache<>(2);
        int[] loads = {0};
        LongFunction<String> loader = a -> {
            loads[0]++;
            return "node" + a;
        };
        cache.get(1, loader);
        cache.get(2, loader);
        cache.get(1, loader);
        cache.get(3, loader); // evicts 2
        assertThat(cache.size()).isEqualTo(2);
        cache.get(1, loader);
        assertThat(loads[0]).isEqualTo(3);
        cache.get(2, loader);
        assertThat(loads[0]).isEqualTo(4);
    }

    @Test
    void oneIndexServesManyThreads() throws Exception {
        List<BTreeV2Record> records = records(30_000);
        Map<Long, ChunkElement> elements = new HashMap<>();
        for (long i = 0; i < 200_000; i += 7) elements.put(i, new ChunkElement(5_000_000 + i, 0, 0));
        BumpAllocator a = new BumpAllocator(0);
        EncodedStructure tree = BTreeV2Builder.forChunks(O, 8, 2).build(records, a);
        EncodedStructure array = new ExtensibleArrayBuilder(ChunkElementFormat.unfiltered(O), O, 8).build(elements, a);
        FileContext ctx = new FileContext(MemoryStore.of(a.end(), tree, array), O, 8, 0);
        BTreeV2 bt = BTreeV2.open(ctx, tree.address(), 2);
        ExtensibleArray ea = ExtensibleArray.open(ctx, array.address());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int ok = 0;
                    for (int i = 0; i < 3000; i++) {
                        int r = random.nextInt(records.size());
                        if (bt.findChunk(((BTreeV2Record.ChunkRecord) records.get(r)).scaled()).equals(records.get(r))) ok++;
                        long e = random.nextInt(200_000);
                        ChunkElement want = elements.get(e);
                        ChunkElement got = ea.get(e);
                        if (want == null ? got == null : want.equals(got)) ok++;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) assertThat(f.get()).isEqualTo(6000);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Names whose UTF-8 byte order differs from Java's UTF-16 order: libhdf5 compares bytes (strcmp). */
    @Test
    void groupLookupComparesNamesAsBytes() {
        List<String> names = new ArrayList<>(List.of("a", "b", "\uE000", "\uD834\uDD1E", "z\u00e9", "\u00e9"));
        names.sort((x, y) -> java.util.Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertThat(names.indexOf("\uE000")).isLessThan(names.indexOf("\uD834\uDD1E")); // the opposite of String order
        // a local heap stand-in: name i at offset 8 * (i + 1), offset 0 the empty name
        LongFunction<String> heap = off -> off == 0 ? "" : names.get((int) (off / 8 - 1));
        List<SymbolTableEntry> entries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) entries.add(SymbolTableEntry.hardLink(8L * (i + 1), 1000 + i));
        // two symbol table nodes of 3 under one group node; key i+1 = last name of child i
        long snod1 = 0;
        long snod2 = 400;
        long btree = 800;
        byte[] file = new byte[2000];
        put(file, snod1, new SymbolTableNode(snod1, entries.subList(0, 3)).encode(O, 8, 8));
        put(file, snod2, new SymbolTableNode(snod2, entries.subList(3, 6)).encode(O, 8, 8));
        BTreeV1Node root = BTreeV1Node.group(btree, 0, Cursor.UNDEFINED, Cursor.UNDEFINED, new long[] {snod1, snod2}, new long[] {0, 24, 48});
        put(file, btree, root.encode(O, 8, 0, 16));
        SymbolTable table = new SymbolTable(new FileContext(new MemoryStore(file, "group.h5"), O, 8, 0), btree, heap);
        assertThat(table.links().stream().map(SymbolTable.Link::name).toList()).isEqualTo(names);
        for (int i = 0; i < names.size(); i++) assertThat(table.find(names.get(i)).orElseThrow().objectHeaderAddress()).isEqualTo(1000 + i);
        assertThat(table.find("\uFFFF")).isEmpty();
        assertThat(table.find("")).isEmpty();
    }

    static void put(byte[] file, long at, byte[] b) {
        System.arraycopy(b, 0, file, (int) at, b.length);
    }
}
