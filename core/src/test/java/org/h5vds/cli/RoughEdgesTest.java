package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line rough edges of issue 16: every error names the file (and dataset) and what the
 * user typed; nothing that exists is replaced without --overwrite; a stale temporary file of a
 * killed writer is removed, and said so.
 */
class RoughEdgesTest {
    @TempDir
    Path dir;

    private Path smallFile() {
        Path f = dir.resolve("small.h5");
        try (H5File h = H5File.create(f)) {
            h.createDataset("x", NdArray.of(new int[24], 24));
        }
        return f;
    }

    private static void oneLineNaming(CliTest.Result r, String... parts) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n");
        for (String p : parts) assertThat(r.err()).contains(p);
    }

    @Test
    void errorsNameTheFileTheDatasetAndWhatWasTyped() throws Exception {
        Path f = smallFile();
        oneLineNaming(CliTest.run("ls", dir.toString()), dir.toString(), "is a directory");
        oneLineNaming(CliTest.run("read", f.toString(), "x", "--select", "-100"), f.toString(), "/x", "'-100'", "Index (-100)");
        oneLineNaming(CliTest.run("read", f.toString(), "x", "--select", "100"), f.toString(), "/x", "Index (100)");
        oneLineNaming(CliTest.run("read", f.toString(), "x", "--select", "1:2:0"), f.toString(), "/x", "'1:2:0'");
        Path missing = dir.resolve("no/such/folder/out.npy");
        CliTest.Result npy = CliTest.run("read", f.toString(), "x", "--npy", missing.toString());
        oneLineNaming(npy, missing.toString(), "does not exist");
        assertThat(npy.err()).doesNotContain(".h5vds-").doesNotContain(".part");
        Files.createDirectory(dir.resolve("adir"));
        oneLineNaming(CliTest.run("concat", "--output", dir.resolve("c.h5").toString(), "--dataset", "v", "--axis", "0",
                dir.resolve("adir").toString() + ":x"), "adir", "is a directory");
    }

    @Test
    void nothingIsReplacedWithoutOverwrite() throws Exception {
        Path f = smallFile();
        Path out = Files.writeString(dir.resolve("keep.npy"), "mine");
        oneLineNaming(CliTest.run("read", f.toString(), "x", "--npy", out.toString()), out.toString(), "--overwrite");
        assertThat(Files.readString(out)).isEqualTo("mine");
        assertThat(CliTest.run("read", f.toString(), "x", "--npy", out.toString(), "--overwrite").exit()).isZero();
        assertThat(Npy.read(out).shape()).containsExactly(24);

        Path vds = dir.resolve("v.h5");
        assertThat(CliTest.run("concat", "--output", vds.toString(), "--dataset", "v", "--axis", "0", f + ":x").exit()).isZero();
        Path svg = Files.writeString(dir.resolve("keep.svg"), "mine");
        oneLineNaming(CliTest.run("mappings", vds.toString(), "v", "--svg", svg.toString()), svg.toString(), "--overwrite");
        assertThat(Files.readString(svg)).isEqualTo("mine");

        Path used = Files.createDirectory(dir.resolve("used"));
        Path precious = Files.writeString(used.resolve("VDS.h5"), "mine");
        oneLineNaming(CliTest.run("demo", "--dir", used.toString()), used.toString(), "--overwrite");
        oneLineNaming(CliTest.run("example", "vds_simple", "--dir", used.toString()), used.toString(), "--overwrite");
        assertThat(Files.readString(precious)).isEqualTo("mine");
    }

    @Test
    void staleTemporaryFilesAreRemovedAndReported() throws Exception {
        Path f = smallFile();
        Path out = dir.resolve("o.npy");
        Path stale = Files.writeString(dir.resolve(".o.npy.h5vds-42.part"), "left by a killed writer");
        CliTest.Result r = CliTest.run("read", f.toString(), "x", "--npy", out.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("removed 1 temporary file").contains(".o.npy.h5vds-42.part");
        assertThat(stale).doesNotExist();

        Path h5 = dir.resolve("w.h5");
        Path staleH5 = Files.writeString(dir.resolve(".w.h5.h5vds-7.tmp"), "left by a killed writer");
        Npy.write(dir.resolve("in.npy"), NdArray.of(new int[] {1, 2}, 2));
        CliTest.Result w = CliTest.run("write", h5.toString(), "d", "--from-npy", dir.resolve("in.npy").toString());
        assertThat(w.exit()).as(w.err()).isZero();
        assertThat(w.err()).contains("removed 1 temporary file").contains(".w.h5.h5vds-7.tmp");
        assertThat(staleH5).doesNotExist();
    }

    /** A null dataspace reads as h5py reads it (Empty; JSON null); slicing it or saving it as .npy is refused, naming it. */
    @Test
    void aNullDataspaceReadsAsH5pysEmpty() {
        Path f = dir.resolve("empty.h5");
        String shown = org.h5vds.testing.Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w') as f:
                    f['e'] = h5py.Empty('>u2')
                    print(repr(f['e'][()]))
                """, f).strip();
        for (String[] args : new String[][] {{}, {"--select", "()"}, {"--select", "..."}}) {
            CliTest.Result r = CliTest.run(java.util.stream.Stream.concat(java.util.stream.Stream.of("read", f.toString(), "e"),
                    java.util.Arrays.stream(args)).toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo(shown);
        }
        CliTest.Result json = CliTest.run("read", f.toString(), "e", "--json");
        assertThat(json.out().strip()).isEqualTo("null");
        oneLineNaming(CliTest.run("read", f.toString(), "e", "--select", "0"), f.toString(), "/e", "'0'", "cannot be sliced");
        oneLineNaming(CliTest.run("read", f.toString(), "e", "--npy", dir.resolve("e.npy").toString()), f.toString(), "/e", "Empty");
    }
}
