package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.SwmrFlagsTestAccess;
import org.h5vds.testing.SwmrWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h5vds read --follow} on datasets an h5py SWMR writer grows (plain, and virtual over SWMR
 * sources): every row once, in order, correct, and the command ends when the writer closes the
 * file; Ctrl-C ends it with status 0; {@code ls} marks a file open for (SWMR) writing.
 */
class FollowCliTest {
    static final int H = 16;
    static final int W = 32;

    @TempDir
    Path dir;

    /** The batches D/<start>-<stop>.npy, checked to cover [0, rows) once, in order, each frame r holding r * 1000 + k. */
    private static int checkBatches(Path npyDir, long rows) throws Exception {
        List<long[]> ranges = new ArrayList<>();
        try (Stream<Path> files = Files.list(npyDir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                assertThat(n).matches("\\d+-\\d+\\.npy");
                String[] parts = n.substring(0, n.length() - 4).split("-");
                ranges.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
                NdArray a = Npy.read(p);
                long start = ranges.get(ranges.size() - 1)[0];
                int[] v = a.toIntArray();
                assertThat(a.shape()[0]).isEqualTo(ranges.get(ranges.size() - 1)[1] - start);
                for (int i = 0; i < a.shape()[0]; i++) {
                    for (int k = 0; k < H * W; k++) {
                        if (v[i * H * W + k] != (start + i) * 1000 + k) throw new AssertionError(n + ": row " + (start + i) + " element " + k + " is " + v[i * H * W + k]);
                    }
                }
            }
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long next = 0;
        for (long[] r : ranges) {
            assertThat(r[0]).as("batches follow one another").isEqualTo(next);
            assertThat(r[1]).isGreaterThan(r[0]);
            next = r[1];
        }
        assertThat(next).as("rows followed").isEqualTo(rows);
        return ranges.size();
    }

    @Test
    void followWritesEveryRowOnceInOrderAndEndsWhenTheWriterCloses() throws Exception {
        Path out = Files.createDirectory(dir.resolve("batches"));
        try (SwmrWriter w = SwmrWriter.h5py(dir, "plain", 200, 0.01)) {
            CliTest.Result r = CliTest.run("read", dir.resolve("live.h5").toString(), "gzip", "--follow", "--npy-dir", out.toString(), "--interval", "5");
            assertThat(r.exit()).as(r.err()).isZero();
            w.finish();
        }
        int batches = checkBatches(out, 200);
        assertThat(batches).as("rows came in several batches while the writer wrote").isGreaterThan(1);
    }

    /** The first report of issue 11: reading the last frame while h5py writes failed with "chunk ... lies beyond the end of the file". */
    @Test
    void readingTheLastFrameWhileAWriterAppendsNeverFails() throws Exception {
        CliTest.run("ls", org.h5vds.testing.Fixtures.dir().resolve("layouts_latest.h5").toString()); // the command line loaded
        try (SwmrWriter w = SwmrWriter.h5py(dir, "plain", 300, 0.01)) {
            try (org.h5vds.api.H5File f = org.h5vds.api.H5File.open(dir.resolve("live.h5"))) {
                org.h5vds.api.Dataset d = f.dataset("gzip");
                while (d.refresh().shape().get(0) == 0) Thread.sleep(5);
            }
            int reads = 0;
            while (w.isAlive()) {
                CliTest.Result r = CliTest.run("read", dir.resolve("live.h5").toString(), "gzip", "--select", "-1, 0, 0:2");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).matches("(?s)\\[(0 1|(\\d+)000 \\2001)\\]\\s*");
                reads++;
            }
            w.finish();
            assertThat(reads).isGreaterThan(1);
        }
    }

    @Test
    void followPrintsBatchesAsNumpyDoes() throws Exception {
        try (SwmrWriter w = SwmrWriter.h5py(dir, "plain", 30, 0.01)) {
            CliTest.Result r = CliTest.run("read", dir.resolve("live.h5").toString(), "plain4", "--follow", "--interval", "5");
            assertThat(r.exit()).as(r.err()).isZero();
            w.finish();
            assertThat(r.out()).startsWith("[[[").contains("29000").doesNotContain("-1,").doesNotContain("-1 ");
        }
    }

    @Test
    void followAVirtualDatasetOverSwmrSources() throws Exception {
        Path out = Files.createDirectory(dir.resolve("batches"));
        try (SwmrWriter w = SwmrWriter.h5py(dir, "vds", 60, 0.01)) {
            CliTest.Result r = CliTest.run("read", dir.resolve("vds.h5").toString(), "interleaved", "--follow", "--npy-dir", out.toString(),
                    "--interval", "5");
            assertThat(r.exit()).as(r.err()).isZero();
            w.finish();
        }
        checkBatches(out, 60);
    }

    @Test
    void ctrlCEndsFollowingWithStatusZero() throws Exception {
        Path out = Files.createDirectory(dir.resolve("batches"));
        try (SwmrWriter w = SwmrWriter.h5py(dir, "vds", 24, 0.01)) {
            w.finish();
        }
        // printf sources that appear complete are never written by a SWMR writer: followed until Ctrl-C
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "org.h5vds.cli.Main", "read",
                dir.resolve("vds.h5").toString(), "blocks", "--follow", "--npy-dir", out.toString(), "--interval", "20");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(out.resolve("0-24.npy")) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(out.resolve("0-24.npy")).exists();
            assertThat(p.isAlive()).isTrue();
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        } finally {
            p.destroyForcibly();
        }
        checkBatches(out, 24);
    }

    @Test
    void lsMarksFilesOpenForWriting() throws Exception {
        Path live = dir.resolve("live.h5");
        try (SwmrWriter w = SwmrWriter.h5py(dir, "plain", 150, 0.02)) {
            CliTest.Result r = CliTest.run("ls", live.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("/ ").endsWith("[open for SWMR write]");
            CliTest.Result json = CliTest.run("ls", live.toString(), "--json");
            assertThat(json.out()).contains("\"writer\" : \"swmr\"");
            w.finish();
        }
        assertThat(CliTest.run("ls", live.toString()).out()).doesNotContain("[open for");
        SwmrFlagsTestAccess.setFlags(live, 0x01);
        CliTest.Result r = CliTest.run("ls", live.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).endsWith("[open for write]");
        CliTest.Result refused = CliTest.run("read", live.toString(), "gzip", "--select", "0");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("open for writing by another program (not as a SWMR writer)");
        assertThat(CliTest.run("read", live.toString(), "gzip", "--select", "0, 0, 0:3", "--ignore-writer-flags").out()).contains("[0 1 2]");
    }
}
