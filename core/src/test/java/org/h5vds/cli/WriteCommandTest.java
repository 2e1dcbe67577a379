package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.Shape;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void writesANumpyArrayWithItsDtypeByteOrderChunksAndFilters() {
        Path npy = dir.resolve("in.npy");
        Path h5 = dir.resolve("out.h5");
        Python.run("""
                import numpy as np, sys
                np.save(sys.argv[1], (np.arange(5 * 6 * 7) - 100).astype('>i2').reshape(5, 6, 7))
                """, npy);
        Run r = run("write", h5.toString(), "entry/instrument/data", "--from-npy", npy.toString(), "--chunks", "2,3,7",
                "--compression", "gzip=6", "--shuffle", "--fletcher32");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("/entry/instrument/data").contains(">i2").contains("(5, 6, 7)");
        String out = Python.run("""
                import h5py, numpy as np, sys
                f = h5py.File(sys.argv[1], 'r')
                d = f['entry/instrument/data']
                a = np.load(sys.argv[2])
                dcpl = d.id.get_create_plist()
                print(d.dtype.str, d.chunks, np.array_equal(d[()], a), [dcpl.get_filter(i)[0] for i in range(dcpl.get_nfilters())],
                      dcpl.get_filter(1)[2])
                """, h5, npy);
        assertThat(out.strip()).isEqualTo(">i2 (2, 3, 7) True [2, 1, 3] (6,)");
    }

    /** Structured (nested, subarray, padded) and 'S' arrays go in as compounds and strings; h5py reads the same values back. */
    @Test
    void writesStructuredAndStringArrays() {
        Path npy = dir.resolve("rows.npy");
        Path strings = dir.resolve("s.npy");
        Path h5 = dir.resolve("rows.h5");
        Python.run("""
                import numpy as np, sys
                inner = np.dtype([('u', '<u2'), ('v', 'S3')])
                dt = np.dtype({'names': ['id', 'inner', 'arr', 'z'], 'formats': ['>i8', inner, ('<f4', (2,)), '<c8'],
                               'offsets': [0, 8, 16, 32], 'itemsize': 48})
                a = np.zeros(5, dtype=dt)
                a['id'] = np.arange(5) - 2
                a['inner']['u'] = [1, 2, 3, 4, 5]
                a['inner']['v'] = [b'a', b'bc', b'def', b'', b'x']
                a['arr'] = np.arange(10).reshape(5, 2) / 4
                a['z'] = np.arange(5) * (1 + 1j)
                np.save(sys.argv[1], a)
                np.save(sys.argv[2], np.array([b'alpha', b'be', b''], dtype='S5'))
                """, npy, strings);
        assertThat(run("write", h5.toString(), "rows", "--from-npy", npy.toString(), "--compression", "gzip").exit()).isZero();
        Path h5s = dir.resolve("s.h5");
        assertThat(run("write", h5s.toString(), "s", "--from-npy", strings.toString()).exit()).isZero();
        String out = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'r') as f, h5py.File(sys.argv[3], 'r') as g:
                    a = np.load(sys.argv[2])
                    d = f['rows'][()]
                    print(d.dtype == a.dtype, np.array_equal(d, a), d.dtype.itemsize, g['s'][()].tolist(), g['s'].dtype)
                """, h5, npy, h5s);
        assertThat(out.strip()).isEqualTo("True True 48 [b'alpha', b'be', b''] |S5");
        Path back = dir.resolve("back.npy");
        assertThat(run("read", h5.toString(), "rows", "--npy", back.toString()).exit()).isZero();
        assertThat(org.h5vds.api.Npy.read(back)).isEqualTo(org.h5vds.api.Npy.read(npy));
    }

    @Test
    void storesContiguouslyByDefaultAndGuessesChunksForCompression() {
        NdArray a = NdArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Path npy = dir.resolve("a.npy");
        Npy.write(npy, a);
        assertThat(run("write", dir.resolve("c.h5").toString(), "a", "--from-npy", npy.toString()).exit()).isZero();
        for (String c : new String[] {"gzip", "lzf", "lz4", "bitshuffle-lz4", "zstd", "zstd=9"}) {
            Run r = run("write", dir.resolve(c + ".h5").toString(), "/x/a", "--from-npy", npy.toString(), "--compression", c);
            assertThat(r.exit()).as(c + ": " + r.err()).isZero();
        }
        try (H5File f = H5File.open(dir.resolve("c.h5"))) {
            assertThat(f.dataset("a").layout()).isEqualTo(Dataset.Layout.CONTIGUOUS);
            assertThat(f.dataset("a").read()).isEqualTo(a);
        }
        for (String c : new String[] {"gzip", "lzf", "lz4", "bitshuffle-lz4", "zstd", "zstd=9"}) {
            try (H5File f = H5File.open(dir.resolve(c + ".h5"))) {
                Dataset d = f.dataset("x/a");
                assertThat(d.read()).as(c).isEqualTo(a);
                assertThat(d.chunks()).as(c).contains(Shape.of(2, 3));
                assertThat(d.filters()).as(c).hasSize(1);
            }
        }
    }

    @Test
    void anExistingFileIsReplacedOnlyWithOverwrite() throws Exception {
        Path npy = dir.resolve("a.npy");
        Npy.write(npy, NdArray.of(new int[] {1, 2, 3}));
        Path h5 = Files.writeString(dir.resolve("exists.h5"), "keep me");
        Run r = run("write", h5.toString(), "a", "--from-npy", npy.toString());
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.err().strip()).startsWith("h5vds: ").contains("exists.h5").contains("already exists").contains("--overwrite").doesNotContain("\n");
        assertThat(Files.readString(h5)).isEqualTo("keep me");
        assertThat(run("write", h5.toString(), "a", "--from-npy", npy.toString(), "--overwrite").exit()).isZero();
        try (H5File f = H5File.open(h5)) {
            assertThat(f.dataset("a").read().toIntArray()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void badOptionsFailWithOneLineAndLeaveNoFile() throws Exception {
        Path npy = dir.resolve("a.npy");
        Npy.write(npy, NdArray.of(new int[] {1, 2, 3, 4}, 2, 2));
        Path h5 = dir.resolve("bad.h5");
        Run unknown = run("write", h5.toString(), "a", "--from-npy", npy.toString(), "--compression", "snappy");
        assertThat(unknown.exit()).isEqualTo(Main.FAILED);
        assertThat(unknown.err()).contains("snappy").contains("unknown compression");
        Run rank = run("write", h5.toString(), "entry/a", "--from-npy", npy.toString(), "--chunks", "1,2,3");
        assertThat(rank.exit()).isEqualTo(Main.FAILED);
        assertThat(rank.err()).contains("/entry/a").contains("(1, 2, 3)");
        Run zero = run("write", h5.toString(), "a", "--from-npy", npy.toString(), "--chunks", "0,2");
        assertThat(zero.err()).contains("(0, 2)");
        Path notNpy = Files.writeString(dir.resolve("x.npy"), "not numpy");
        Run bad = run("write", h5.toString(), "a", "--from-npy", notNpy.toString());
        assertThat(bad.exit()).isEqualTo(Main.FAILED);
        assertThat(bad.err()).contains("x.npy").contains("not a .npy file");
        Run missing = run("write", h5.toString(), "a", "--from-npy", dir.resolve("none.npy").toString());
        assertThat(missing.exit()).isEqualTo(Main.FAILED);
        Run usage = run("write", h5.toString(), "a");
        assertThat(usage.exit()).isEqualTo(Main.USAGE);
        for (Run r : new Run[] {unknown, rank, zero, bad, missing}) assertThat(r.err().strip()).doesNotContain("\n\tat ");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("a.npy", "x.npy");
        }
    }

    @Test
    void helpSaysExistingFilesAreNotModified() {
        Run r = run("write", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("does not modify").contains("--overwrite").contains("--from-npy").contains("--compression");
    }

    @Test
    void arraysLargerThanASlabStreamThrough() {
        long rows = 300;
        long cols = 20_000;    // 300 x 20,000 int32 = 24 MB: two slabs
        int[] v = new int[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) v[i] = i * 3;
        NdArray a = NdArray.of(v, rows, cols).withOrder(java.nio.ByteOrder.BIG_ENDIAN);
        Path npy = dir.resolve("big.npy");
        Npy.write(npy, a);
        Path h5 = dir.resolve("big.h5");
        Run r = run("write", h5.toString(), "big", "--from-npy", npy.toString(), "--chunks", "7,4096", "--compression", "lz4");
        assertThat(r.exit()).as(r.err()).isZero();
        try (H5File f = H5File.open(h5)) {
            Dataset d = f.dataset("big");
            assertThat(d.dtype()).isEqualTo(DType.INT32.bigEndian());
            assertThat(d.read()).isEqualTo(a);
        }
    }
}
