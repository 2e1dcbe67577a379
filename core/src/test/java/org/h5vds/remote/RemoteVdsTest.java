package org.h5vds.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;
import org.h5vds.examples.Example;
import org.h5vds.examples.Examples;
import org.h5vds.io.RemoteStats;
import org.h5vds.testing.Fixtures;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Nginx;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.h5vds.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Virtual datasets whose files sit on S3 (an in-process S3Proxy) and behind a real HTTP server
 * (nginx): the six examples' VDS with their sources beside them under relative names (and, for
 * dataset_concatenation, absolute local names that no longer exist, found by their last component
 * in the same bucket prefix), the fixture matrix, a local VDS whose sources are {@code s3://}
 * objects, {@code ${ORIGIN}} prefixes on URIs, printf sources found by listing the bucket prefix.
 * Every read equals h5py's read of the local copies.
 */
class RemoteVdsTest {
    private static final String[] EXAMPLES = {"vds_simple", "dataset_concatenation", "excalibur_detector_modules", "dual_pco_edge",
            "eiger_use_case", "percival_use_case"};
    private static Path root;
    private static S3Server s3;
    private static Nginx nginx;
    private static final Map<String, Example.Result> RESULTS = new HashMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        root = Files.createTempDirectory(Files.createDirectories(Project.target().resolve("remote")), "vds-");
        Path local = Files.createDirectories(root.resolve("local"));
        Path served = Files.createDirectories(root.resolve("served"));
        s3 = S3Server.start().bucket("h5vds");
        for (String name : EXAMPLES) {
            Path folder = Files.createDirectories(local.resolve(name));
            Example.Result r = Examples.named(name, false).run(folder, new PrintWriter(new StringWriter()));
            RESULTS.put(name, r);
            Python.run("""
                    import h5py, numpy as np, sys
                    with h5py.File(sys.argv[1], 'r') as f:
                        np.save(sys.argv[3], f[sys.argv[2]][...])
                    """, r.vdsFile(), r.dataset(), root.resolve(name + ".npy"));
            s3.putTree(folder, "h5vds", "examples/" + name);
            copyTree(folder, served.resolve("examples/" + name));
        }
        // absolute source names that no longer exist locally: found by their last component next to the VDS
        Files.move(local, root.resolve("local-moved"));
        for (Path p : list(Fixtures.dir())) {
            s3.put(p, "h5vds", "fixtures/" + p.getFileName());
            Files.copy(p, Files.createDirectories(served.resolve("fixtures")).resolve(p.getFileName()));
        }
        nginx = Nginx.serve(served);
    }

    @AfterAll
    static void tearDown() {
        s3.close();
        nginx.close();
    }

    private static java.util.List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".h5")).toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                Files.createDirectories(t.getParent());
                Files.copy(p, t);
            }
        }
    }

    private static ReadOptions s3Options() {
        return ReadOptions.defaults().remote(s3.options());
    }

    static Stream<String> examples() {
        return Stream.of(EXAMPLES);
    }

    @ParameterizedTest(name = "{0} on S3")
    @MethodSource("examples")
    void examplesReadFromS3AsH5pyReadTheLocalCopies(String name) {
        Example.Result r = RESULTS.get(name);
        NdArray expected = Npy.read(root.resolve(name + ".npy"));
        try (H5File f = H5File.open("s3://h5vds/examples/" + name + "/" + r.vdsFile().getFileName(), s3Options())) {
            Dataset d = f.dataset(r.dataset());
            assertThat(d.unresolvedSources()).isEmpty();
            assertThat(d.read()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} over HTTP")
    @MethodSource("examples")
    void examplesReadOverHttpAsH5pyReadTheLocalCopies(String name) {
        Example.Result r = RESULTS.get(name);
        NdArray expected = Npy.read(root.resolve(name + ".npy"));
        try (H5File f = H5File.open(nginx.url("examples/" + name + "/" + r.vdsFile().getFileName()))) {
            Dataset d = f.dataset(r.dataset());
            assertThat(d.read()).isEqualTo(expected);
        }
    }

    static Stream<Fixtures.DatasetCase> fixtures() {
        return Fixtures.datasets().filter(c -> !c.isNull());
    }

    @ParameterizedTest(name = "{0} over HTTP")
    @MethodSource("fixtures")
    void theFixtureMatrixReadsOverHttp(Fixtures.DatasetCase c) {
        try (H5File f = H5File.open(nginx.url("fixtures/" + c.file()))) {
            assertThat(f.dataset(c.path()).read()).isEqualTo(c.expectedArray());
        }
    }

    @Test
    void aLocalVirtualFileReadsS3SourcesAndTheOpenFileLimitHolds() {
        Path vds = root.resolve("local-with-s3-sources.h5");
        VirtualLayout layout = new VirtualLayout(Shape.of(4, 100), DType.INT32);
        for (int n = 0; n < 4; n++) {
            layout.set(Index.of(Index.at(n)), new VirtualSource("s3://h5vds/examples/vds_simple/" + n + ".h5", "data", Shape.of(100)));
        }
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset("data", layout, -5);
        }
        NdArray expected = Npy.read(root.resolve("vds_simple.npy"));
        try (H5File f = H5File.open(vds, s3Options().openFiles(1))) {
            assertThat(f.dataset("data").read()).isEqualTo(expected);
            for (int k = 0; k < 4; k++) assertThat(f.dataset("data").read(String.valueOf(k)).toIntArray()).isEqualTo(
                    java.util.Arrays.copyOfRange(expected.toIntArray(), 100 * k, 100 * k + 100));
        }
    }

    @Test
    void absoluteHttpsSourceNamesAndAVdsOnS3NamingLocalFiles() throws IOException {
        NdArray expected = Npy.read(root.resolve("vds_simple.npy"));
        // a local VDS whose sources are absolute http:// URLs
        Path viaHttp = root.resolve("local-with-http-sources.h5");
        VirtualLayout layout = new VirtualLayout(Shape.of(4, 100), DType.INT32);
        for (int n = 0; n < 4; n++) layout.set(Index.of(Index.at(n)), new VirtualSource(nginx.url("examples/vds_simple/" + n + ".h5"), "data", Shape.of(100)));
        try (H5File f = H5File.create(viaHttp)) {
            f.createVirtualDataset("data", layout, -5);
        }
        try (H5File f = H5File.open(viaHttp)) {
            assertThat(f.dataset("data").read()).isEqualTo(expected);
        }
        // a VDS in the bucket whose sources are absolute local paths
        Path sources = Files.createDirectories(root.resolve("local-sources"));
        VirtualLayout back = new VirtualLayout(Shape.of(4, 100), DType.INT32);
        for (int n = 0; n < 4; n++) {
            Path src = sources.resolve(n + ".h5");
            Files.copy(root.resolve("served/examples/vds_simple/" + n + ".h5"), src);
            back.set(Index.of(Index.at(n)), new VirtualSource(src.toAbsolutePath().toString(), "data", Shape.of(100)));
        }
        Path vds = root.resolve("s3-with-local-sources.h5");
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset("data", back, -5);
        }
        s3.put(vds, "h5vds", "mixed/vds.h5");
        try (H5File f = H5File.open("s3://h5vds/mixed/vds.h5", s3Options())) {
            assertThat(f.dataset("data").read()).isEqualTo(expected);
        }
    }

    @Test
    void originPrefixesAndPrintfSourcesWorkInABucket() {
        Path dir = H5pyVds.make("remote-printf", "os.makedirs('raw')\n" + H5pyVds.printfLine("raw") + """
                with h5py.File('vds.h5', 'r') as f:
                    save('gap0', open_with(f, 'line', prefix='${ORIGIN}/raw')[()])
                    save('gap1', open_with(f, 'line', view=LAST, gap=1, prefix='${ORIGIN}/raw')[()])
                """);
        s3.putTree(dir, "h5vds", "printf");
        try (H5File f = H5File.open("s3://h5vds/printf/vds.h5", s3Options().virtualPrefix("${ORIGIN}/raw"))) {
            assertThat(f.dataset("line").read()).isEqualTo(H5pyVds.expected(dir, "gap0"));
        }
        try (H5File f = H5File.open("s3://h5vds/printf/vds.h5", s3Options().virtualPrefix("${ORIGIN}/raw").printfGap(1))) {
            assertThat(f.dataset("line").read()).isEqualTo(H5pyVds.expected(dir, "gap1"));
        }
        // the bucket prefix is listed once: a wide gap costs no request per missing number
        long before = RemoteStats.requests();
        try (H5File f = H5File.open("s3://h5vds/printf/vds.h5", s3Options().virtualPrefix("${ORIGIN}/raw").printfGap(5000))) {
            assertThat(f.dataset("line").read()).isEqualTo(H5pyVds.expected(dir, "gap1"));
        }
        assertThat(RemoteStats.requests() - before).isLessThan(20);
    }
}
