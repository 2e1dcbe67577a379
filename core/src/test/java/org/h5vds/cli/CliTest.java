package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.testing.Fixtures;
import org.h5vds.testing.SvgDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: what it prints, the .npy it writes, and one-line errors with non-zero exits. */
class CliTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    static String layouts() {
        return Fixtures.dir().resolve("layouts_latest.h5").toString();
    }

    @Test
    void lsListsEveryObjectWithShapeTypeAndStorage() {
        Result r = run("ls", layouts());
        assertThat(r.exit).isZero();
        assertThat(r.out).containsPattern("/fixed_gzip +dataset +\\(40, 50\\) +int32 +chunked \\(7, 9\\) deflate");
        assertThat(r.out).containsPattern("/contiguous +dataset +\\(20, 30\\) +int32 +contiguous");
    }

    @Test
    void lsJsonIsAnArrayOfObjects() throws Exception {
        Result r = run("ls", layouts(), "--json");
        assertThat(r.exit).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out);
        assertThat(rows.isArray()).isTrue();
        JsonNode fixed = null;
        for (JsonNode n : rows) if (n.get("path").asText().equals("/fixed_gzip")) fixed = n;
        assertThat(fixed).isNotNull();
        assertThat(fixed.get("shape").toString()).isEqualTo("[40,50]");
        assertThat(fixed.get("filters").get(0).get("id").asInt()).isEqualTo(1);
        assertThat(fixed.get("virtual").asBoolean()).isFalse();
    }

    @Test
    void readWritesTheSelectionAsNpyInTheStoredOrder() {
        Fixtures.DatasetCase c = Fixtures.dataset("dtypes.h5", "/chunked_int32_be");
        Path out = dir.resolve("sel.npy");
        Result r = run("read", c.filePath().toString(), c.path(), "--select", "1:3", "--npy", out.toString());
        assertThat(r.exit).as(r.err).isZero();
        NdArray a = Npy.read(out);
        assertThat(a.dtype().numpy()).isEqualTo(">i4");
        assertThat(a.shape()[0]).isEqualTo(Math.min(2, c.shapeArray()[0] - 1));
    }

    @Test
    void readPrintsLikeNumpy() {
        Result r = run("read", layouts(), "/contiguous", "--select", "0, :4");
        assertThat(r.exit).isZero();
        assertThat(r.out.trim()).startsWith("[").endsWith("]");
    }

    @Test
    void errorsAreOneLineAndNonZero() throws Exception {
        Path notHdf5 = Files.writeString(dir.resolve("x.h5"), "plain text");
        assertOneLineError(run("ls", notHdf5.toString()), 1, "x.h5");
        assertOneLineError(run("ls", dir.resolve("missing.h5").toString()), 1, "missing.h5");
        assertOneLineError(run("read", layouts(), "/nope"), 1, "/nope");
        assertOneLineError(run("read", layouts(), "/contiguous", "--select", "99"), 1, "99");
        assertOneLineError(run("read", layouts(), "/contiguous", "--select", "::-1"), 1, "-1");
        Result usage = run("read", layouts());
        assertThat(usage.exit).isEqualTo(2);
        assertThat(usage.err).doesNotContain("Exception").doesNotContain("\tat ");
    }

    static void assertOneLineError(Result r, int exit, String mentions) {
        assertThat(r.exit).isEqualTo(exit);
        assertThat(r.err.strip().lines().count()).as(r.err).isEqualTo(1);
        assertThat(r.err).startsWith("h5vds: ").contains(mentions).doesNotContain("\tat ");
        assertThat(r.out).isEmpty();
    }

    @Test
    void demoBuildsVdsSimpleAndShowsMappingsDataCheckPictureAndFill() {
        Path demo = dir.resolve("demo");
        Result r = run("demo", "--dir", demo.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("[0, 0:100] <- 0.h5:data[ALL]")
                .contains("[[ 1  2  3  4  5  6  7  8  9 10]")
                .contains("every source present")
                .contains("[-5 -5 -5 -5 -5 -5 -5 -5 -5 -5]]")
                .contains("3.h5:data): file not found")
                .contains("import h5py");
        assertThat(demo.resolve("VDS.h5")).exists();
        assertThat(demo.resolve("3.h5")).as("the demo puts the moved source back").exists();
        assertThat(demo.resolve("mapping.svg")).exists();
    }

    @Test
    void theDemosPictureHasFourBlocksAndItsH5pyCommandPrintsTheSameNumbers() throws Exception {
        Path demo = dir.resolve("demo2");
        Result r = run("demo", "--dir", demo.toString());
        assertThat(r.exit).as(r.err).isZero();
        SvgDocument svg = new SvgDocument(Files.readString(demo.resolve("mapping.svg")));
        assertThat(svg.mappings()).hasSize(4);
        assertThat(svg.legendEntries()).hasSize(4);
        assertThat(svg.unmappedRects()).isEmpty();

        // the last line is a shell command: run its Python part with h5py and compare with step 3's numbers
        String command = r.out.strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(command).startsWith(org.h5vds.testing.Python.EXECUTABLE + " -c \"").endsWith("\"");
        String code = command.substring(command.indexOf('"') + 1, command.length() - 1);
        String h5py = org.h5vds.testing.Python.Processes.run(java.util.List.of(org.h5vds.testing.Python.EXECUTABLE, "-c", code), 120);
        String step3 = r.out.substring(r.out.indexOf("== 3."), r.out.indexOf("== 4."));
        assertThat(step3).contains(h5py.strip());
        assertThat(h5py).contains("[ 4  5  6  7  8  9 10 11 12 13]]");
    }

    @Test
    void exampleRunsOneUseCaseAndReadsItBack() {
        Path out = dir.resolve("percival");
        Result r = run("example", "percival_use_case", "--dir", out.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("full_time_series.h5: /data (799, 40, 40) uint16").contains("4 mappings")
                .contains("[0 1 2 3 4 5 6 7 8 9]");
        assertThat(out.resolve("raw_file_4.h5")).exists();
        assertOneLineError(run("example", "no_such_example", "--dir", dir.resolve("x").toString()), 1, "vds_simple");
    }
}
