package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.h5vds.io.Cursor;
import org.h5vds.testing.CountingStore;
import org.h5vds.testing.Libhdf5Files;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old-style groups written by libhdf5 1.10 (libver 'earliest'): v1 B-tree of type 0 + symbol table nodes. */
class SymbolTableTest {
    @TempDir
    static Path dir;
    static Path file;
    static FileContext ctx;
    static SymbolTable root;
    static List<String> expectedNames = new ArrayList<>();
    static Map<String, String> expected = new HashMap<>();

    @BeforeAll
    static void writeFile() {
        file = Libhdf5Files.write(dir.resolve("groups.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='earliest') as f:
                    for i in range(1000):
                        if i % 3 == 0:
                            f.create_group('g%04d' % i)
                        else:
                            f.create_dataset('d%04d' % i, data=np.arange(3))
                    # ASCII only: libhdf5 moves a group with a UTF-8 link name to link messages
                    for name in ['Z', 'a b', '~', '_x']:
                        f.create_group(name)
                    f['soft'] = h5py.SoftLink('/g0003')
                """);
        String out = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    for name in f:
                        link = f.get(name, getlink=True)
                        if isinstance(link, h5py.SoftLink):
                            print(name.encode('utf-8').hex(), 'soft', link.path)
                        else:
                            print(name.encode('utf-8').hex(), 'hard', h5py.h5o.get_info(f[name].id).addr)
                """, file);
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            String name = new String(java.util.HexFormat.of().parseHex(f[0]), java.nio.charset.StandardCharsets.UTF_8);
            expectedNames.add(name);
            expected.put(name, f[1] + " " + f[2]);
        }
        ctx = Libhdf5Files.open(file);
        String header = Libhdf5Files.h5debug(file, Libhdf5Files.objectAddress(file, "/"));
        btree = Long.parseLong(Libhdf5Files.field(header, "B-tree address"));
        heap = Long.parseLong(Libhdf5Files.field(header, "Name heap address"));
        names = Libhdf5Files.localHeapNames(ctx, heap);
        root = new SymbolTable(ctx, btree, names);
    }

    static LongFunction<String> names;
    static long heap;
    static long btree;

    @Test
    void iteratesEveryLinkInLibhdf5sNameOrder() {
        List<String> got = root.links().stream().map(SymbolTable.Link::name).toList();
        assertThat(got).containsExactlyElementsOf(expectedNames);
        assertThat(got).hasSize(1005);
    }

    @Test
    void aListingReadsItsNodesAWindowAtATime() {
        int[] nodes = {0};
        root.btree().forEachLeafEntry((leaf, i) -> nodes[0]++);
        try (CountingStore counting = new CountingStore(org.h5vds.io.FileStore.open(file))) {
            SymbolTable fresh = new SymbolTable(Superblock.read(counting).context(), btree, names);
            long before = counting.reads();
            assertThat(fresh.links().stream().map(SymbolTable.Link::name).toList()).containsExactlyElementsOf(expectedNames);
            long reads = counting.reads() - before;
            // each node read alone: one read per node, plus the B-tree's
            assertThat(nodes[0]).isGreaterThan(150);
            assertThat(reads).as("reads for %d nodes", nodes[0]).isLessThan(nodes[0] / 5);
        }
    }

    @Test
    void entriesCarryTheObjectHeaderAddressesAndSoftLinkValues() {
        for (SymbolTable.Link link : root.links()) {
            String want = expected.get(link.name());
            if (want.startsWith("soft")) {
                assertThat(link.entry().cacheType()).isEqualTo(SymbolTableEntry.CACHE_SOFT_LINK);
                assertThat(link.entry().objectHeaderAddress()).isEqualTo(Cursor.UNDEFINED);
                assertThat(names.apply(link.entry().softLinkValueOffset())).isEqualTo(want.substring(5));
            } else {
                assertThat(link.entry().objectHeaderAddress()).as(link.name()).isEqualTo(Long.parseLong(want.substring(5)));
            }
        }
    }

    @Test
    void groupEntriesCacheTheirBTreeAndHeap() {
        SymbolTableEntry g = root.find("g0003").orElseThrow();
        assertThat(g.cacheType()).isEqualTo(SymbolTableEntry.CACHE_GROUP);
        String header = Libhdf5Files.h5debug(file, g.objectHeaderAddress());
        assertThat(g.btreeAddress()).isEqualTo(Long.parseLong(Libhdf5Files.field(header, "B-tree address")));
        assertThat(g.localHeapAddress()).isEqualTo(Long.parseLong(Libhdf5Files.field(header, "Name heap address")));
        SymbolTable empty = new SymbolTable(ctx, g.btreeAddress(), Libhdf5Files.localHeapNames(ctx, g.localHeapAddress()));
        assertThat(empty.links()).isEmpty();
        assertThat(empty.find("x")).isEmpty();
    }

    @Test
    void findsEveryNameAndNothingElse() {
        for (SymbolTable.Link link : root.links()) {
            assertThat(root.find(link.name())).as(link.name()).contains(link.entry());
        }
        for (String missing : List.of("", "A", "g", "g0000x", "g1000", "zzz", "d0001 ")) {
            assertThat(root.find(missing)).as(missing).isEmpty();
        }
    }

    @Test
    void theTreeHasSeveralLevelsAndNodesOfLibhdf5sSize() {
        BTreeV1Node top = root.btree().root();
        assertThat(top.nodeLevel()).isGreaterThanOrEqualTo(1);
        String dump = Libhdf5Files.h5debug(file, top.address(), heap);
        assertThat(Libhdf5Files.field(dump, "Size of node")).isEqualTo(Integer.toString(
                BTreeV1Node.size(BTreeV1Node.GROUP_NODE, 8, 8, 0, BTreeV1Node.DEFAULT_GROUP_K)));
        assertThat(Libhdf5Files.field(dump, "Level")).isEqualTo(Integer.toString(top.nodeLevel()));
        assertThat(Libhdf5Files.field(dump, "Number of children (max)")).startsWith(top.entriesUsed() + " (32)");
    }
}
