package org.h5vds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h5vds.api.DType;
import org.h5vds.api.NdArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the test harness itself: every oracle runs here and reads the fixture matrix as h5py did,
 * and the matrix holds every case the brief lists.
 */
class HarnessSelfTest {

    @BeforeAll
    static void oracles() {
        Oracles.requireAll();
    }

    @Test
    void fixturesAreGeneratedOnceEvenWhenAskedConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> dirs = new ArrayList<>();
            for (int i = 0; i < 8; i++) dirs.add(pool.submit(Fixtures::dir));
            Set<Path> distinct = new TreeSet<>();
            for (Future<Path> f : dirs) distinct.add(f.get());
            assertThat(distinct).containsExactly(Project.target().resolve("fixtures"));
        } finally {
            pool.shutdown();
        }
        Path dir = Fixtures.dir();
        assertThat(Fixtures.upToDate(dir, Fixtures.scriptHash())).isTrue();
        assertThat(Fixtures.upToDate(dir, "a different script")).isFalse();
        long bytes;
        try (Stream<Path> walk = Files.walk(dir)) {
            bytes = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).as("size of the matrix").isLessThan(50L << 20);
    }

    @Test
    void manifestCoversTheMatrix() {
        Fixtures.Manifest m = Fixtures.manifest();
        assertThat(m.generator().get("hdf5").asText()).startsWith("1.10.");
        assertThat(m.files().stream().map(Fixtures.FileInfo::superblock)).contains(0, 1, 2, 3);
        assertThat(m.files().stream().map(Fixtures.FileInfo::userblock)).contains(512);
        assertThat(Fixtures.datasets().map(Fixtures.DatasetCase::index))
                .contains("single", "implicit", "fixed", "fixed-paged", "extensible", "btree2", "btree1");
        assertThat(Fixtures.datasets().map(Fixtures.DatasetCase::layout)).contains("compact", "contiguous", "chunked", "virtual");
        assertThat(Fixtures.datasets().flatMap(d -> d.filters().stream()).map(Fixtures.Filter::id).collect(Collectors.toSet()))
                .contains(1, 2, 3, 6, 307, 32000, 32001, 32004, 32008, 32015);
        Set<String> dtypes = Fixtures.datasets().map(Fixtures.DatasetCase::dtype).collect(Collectors.toSet());
        for (DType t : DType.ALL) assertThat(dtypes).contains(t.numpy(), t.bigEndian().numpy());
        assertThat(Fixtures.datasets().filter(Fixtures.DatasetCase::isNull)).isNotEmpty();
        assertThat(Fixtures.datasets().filter(d -> !d.isNull() && d.shape().isEmpty())).as("scalars").isNotEmpty();
        assertThat(Fixtures.datasets().filter(d -> !d.isNull() && d.shape().contains(0L))).as("empty").isNotEmpty();
        assertThat(Fixtures.datasets().filter(d -> "user".equals(d.fill().defined()) && d.allocatedChunks() != null
                && d.allocatedChunks() < d.shape().stream().reduce(1L, (a, b) -> a * b))).as("unallocated chunks, user fill").isNotEmpty();
        assertThat(Fixtures.datasets().filter(d -> d.objectHeader().chunks() > 1).map(d -> d.objectHeader().version()))
                .contains(1, 2);
        assertThat(Fixtures.groups().map(Fixtures.GroupCase::storage)).contains("symbol_table", "compact", "dense");
        assertThat(Fixtures.groups().filter(g -> g.members().size() >= 300).map(Fixtures.GroupCase::storage))
                .contains("symbol_table", "dense");
        assertThat(Fixtures.groups().flatMap(g -> g.members().stream()).map(Fixtures.Member::kind))
                .contains("group", "dataset", "datatype", "soft", "external");
        assertThat(Fixtures.attributes().filter(a -> a.string() != null).map(a -> a.string().vlen() + " " + a.string().encoding()))
                .contains("true ascii", "true utf-8", "false ascii", "false utf-8");
        assertThat(Fixtures.attributes().filter(a -> a.name().equals("NX_class")).map(a -> a.value().asText())).contains("NXentry");
        assertThat(Fixtures.corrupt().map(Fixtures.CorruptCase::kind))
                .contains("not_hdf5", "truncated", "checksum", "corrupt_header", "bad_dataspace", "beyond_eof");
        assertThat(Fixtures.corrupt().filter(c -> c.h5pyError() == null)).as("bad files libhdf5 reads without error").isEmpty();
    }

    @Test
    void everyExpectedArrayMatchesItsManifestEntry() {
        Fixtures.datasets().filter(d -> !d.isNull()).forEach(d -> {
            NdArray a = d.expectedArray();
            assertThat(a.dtype().numpy()).as("%s", d).isEqualTo(d.dtype());
            assertThat(a.shape()).as("%s", d).containsExactly(d.shapeArray());
            assertThat(Files.isRegularFile(d.filePath())).isTrue();
        });
        Fixtures.attributes().filter(a -> a.expected() != null).forEach(a ->
                assertThat(a.expectedArray().dtype().numpy()).as("%s", a).isEqualTo(a.dtype()));
        Fixtures.corrupt().forEach(c -> assertThat(Files.isRegularFile(c.filePath())).as("%s", c).isTrue());
    }

    @Test
    void h5pyReadsAFixtureAsTheManifestSays() {
        Fixtures.DatasetCase d = Fixtures.dataset("layouts_latest.h5", "/btree2_partial");
        String out = Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], "r") as f:
                    a = f[sys.argv[2]][()]
                e = np.load(sys.argv[3])
                print(a.dtype.str, a.shape, np.array_equal(a, e))
                """, d.filePath(), d.path(), Fixtures.dir().resolve(d.expected()));
        assertThat(out.strip()).isEqualTo("<i8 (30, 40) True");
    }

    @Test
    void h5dumpDescribesAFixtureAndRejectsABadFile() {
        Fixtures.DatasetCase d = Fixtures.dataset("layouts_latest.h5", "/fixed_gzip");
        String props = H5Dump.properties(d.filePath(), d.path());
        assertThat(props).contains("CHUNKED ( 7, 9 )").contains("DEFLATE { LEVEL 4 }").contains("H5T_STD_I32LE");
        Fixtures.DatasetCase lz4 = Fixtures.dataset("filters.h5", "/lz4");
        int first = lz4.expectedArray().toIntArray()[0];
        assertThat(H5Dump.values(lz4.filePath(), lz4.path())).contains("DATA {").contains("(0,0): " + first + ", ");
        assertThat(H5Dump.properties(lz4.filePath(), lz4.path())).contains("FILTER_ID 32004");
        Fixtures.CorruptCase bad = Fixtures.corrupt().filter(c -> c.file().endsWith("not_hdf5.h5")).findFirst().orElseThrow();
        assertThat(H5Dump.run(bad.filePath()).exit()).isNotZero();
    }

    @Test
    void h5wasmIsLibhdf5TwoAndReadsEveryDatasetWithBuiltinFiltersAsH5pyDid() {
        assertThat(H5Wasm.installedVersion()).isEqualTo("0.10.3");
        assertThat(H5Wasm.bundledLibraryVersion()).isEqualTo("2.0.0");
        List<Fixtures.DatasetCase> cases = Fixtures.datasets().filter(d -> !d.isNull() && d.onlyBuiltinFilters()).toList();
        List<OracleRead> reads = H5Wasm.readAll(cases.stream().map(d -> OracleRead.of(d.filePath(), d.path())).toList());
        for (int i = 0; i < cases.size(); i++) {
            Fixtures.DatasetCase d = cases.get(i);
            OracleRead r = reads.get(i);
            assertThat(r.ok()).as("h5wasm reads %s: %s", d, r.error()).isTrue();
            assertThat(r.values()).as("h5wasm's values of %s", d).isEqualTo(d.expectedArray().withOrder(ByteOrder.LITTLE_ENDIAN));
        }
        Fixtures.DatasetCase be = Fixtures.dataset("dtypes.h5", "/complex128_be");
        assertThat(H5Wasm.read(be.filePath(), be.path())).isEqualTo(be.expectedArray().withOrder(ByteOrder.LITTLE_ENDIAN));
        Fixtures.DatasetCase vds = Fixtures.dataset("vds.h5", "/stacked");
        assertThat(H5Wasm.describe(vds.filePath(), vds.path()).get("virtual_sources")).hasSize(4);
        Fixtures.DatasetCase lz4 = Fixtures.dataset("filters.h5", "/lz4");
        OracleRead missing = H5Wasm.readAll(List.of(OracleRead.of(lz4.filePath(), lz4.path()))).get(0);
        assertThat(missing.ok()).as("h5wasm has no lz4 plugin").isFalse();
        assertThat(missing.error()).contains("H5Dread");
    }

    @Test
    void aMissingH5wasmFailsWithInstallInstructions(@org.junit.jupiter.api.io.TempDir Path elsewhere) {
        String saved = System.getProperty("h5vds.repoDir");
        System.setProperty("h5vds.repoDir", elsewhere.toString());
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> H5Wasm.read(Path.of("x.h5"), "/x"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("run ./test.sh");
        } finally {
            if (saved == null) System.clearProperty("h5vds.repoDir");
            else System.setProperty("h5vds.repoDir", saved);
        }
    }

    @Test
    void libhdf5JavaIsOneFourteenAndReadsEveryDatasetWithBuiltinFiltersAsH5pyDid() {
        assertThat(Libhdf5Java.libraryVersion()).isEqualTo("1.14.3");
        List<Fixtures.DatasetCase> cases = Fixtures.datasets().filter(d -> !d.isNull() && d.onlyBuiltinFilters()).toList();
        List<OracleRead> reads = Libhdf5Java.readAll(cases.stream().map(d -> OracleRead.of(d.filePath(), d.path())).toList());
        for (int i = 0; i < cases.size(); i++) {
            Fixtures.DatasetCase d = cases.get(i);
            OracleRead r = reads.get(i);
            assertThat(r.ok()).as("libhdf5 1.14.3 reads %s: %s", d, r.error()).isTrue();
            assertThat(r.values()).as("libhdf5 1.14.3's values of %s", d).isEqualTo(d.expectedArray());
        }
        Fixtures.DatasetCase be = Fixtures.dataset("dtypes.h5", "/int64_be");
        assertThat(Libhdf5Java.read(be.filePath(), be.path())).isEqualTo(be.expectedArray());
        assertThat(Libhdf5Java.read(be.filePath(), be.path(), true)).isEqualTo(be.expectedArray().withOrder(ByteOrder.LITTLE_ENDIAN));
        // libhdf5 has no native half type: H5Tget_native_type widens float16 to float32
        Fixtures.DatasetCase half = Fixtures.dataset("dtypes.h5", "/float16_be");
        assertThat(Libhdf5Java.read(half.filePath(), half.path())).isEqualTo(half.expectedArray());
        NdArray widened = Libhdf5Java.read(half.filePath(), half.path(), true);
        assertThat(widened.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(widened.toDoubleArray()).containsExactly(half.expectedArray().toDoubleArray());
    }
}
