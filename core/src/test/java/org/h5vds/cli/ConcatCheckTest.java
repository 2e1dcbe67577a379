package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.H5File;
import org.h5vds.api.VirtualSourceInfo;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code h5vds concat} and {@code h5vds check}: what they build is what NumPy's concatenate and
 * stack give from h5py's readings of the sources (plain and virtual), relative sources are stored
 * relative to the output's folder, bad input is one line and a non-zero exit with nothing
 * written, and check lists each broken source on a line of its own.
 */
class ConcatCheckTest {
    static Path dir;

    @BeforeAll
    static void sources() {
        dir = H5pyVds.make("concat", """
                os.makedirs('src'); os.makedirs('out')
                rng = np.random.default_rng(3)
                a = rng.integers(0, 1000, (3, 4, 5)).astype('<i4')
                b = rng.integers(0, 1000, (2, 4, 5)).astype('<i4')
                c1 = rng.integers(0, 1000, (1, 4, 5)).astype('<i2')
                c2 = rng.integers(0, 1000, (3, 4, 5)).astype('<i2')
                with h5py.File('src/a.h5', 'w') as f:
                    f['data'] = a
                with h5py.File('src/b.h5', 'w') as f:
                    f.create_dataset('data', data=b, chunks=(1, 4, 5), compression='gzip')
                    f['other/frames'] = b[::-1].astype('<f8')
                with h5py.File('src/c1.h5', 'w') as f:
                    f['data'] = c1
                with h5py.File('src/c2.h5', 'w') as f:
                    f['data'] = c2
                lay = h5py.VirtualLayout((4, 4, 5), '<i2')
                lay[0:1] = h5py.VirtualSource('c1.h5', 'data', shape=(1, 4, 5))
                lay[1:4] = h5py.VirtualSource('c2.h5', 'data', shape=(3, 4, 5))
                with h5py.File('src/c.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', lay)
                with h5py.File('src/wide.h5', 'w') as f:
                    f['data'] = rng.integers(0, 1000, (3, 6, 5)).astype('<i4')
                    f['text'] = np.array([b'abc', b'def', b'ghi'])
                    f['z'] = np.ones((3, 4, 5), dtype='c8')
                with h5py.File('src/c.h5', 'r') as f:
                    c = f['data'][()]
                save('axis0', np.concatenate([a, b, c]))
                save('axis2', np.concatenate([a, a], axis=2))
                save('stacked', np.stack([a, a, a]).astype('<f8'))
                """);
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        int exit = Main.run(args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    /** {@code path} relative to the working directory, as a user would type it. */
    static String relative(Path path) {
        return Path.of("").toAbsolutePath().relativize(path.toAbsolutePath()).toString();
    }

    static String src(String name) {
        return relative(dir.resolve("src").resolve(name));
    }

    @Test
    void concatenatesPlainAndVirtualSourcesAlongAxisZero() throws IOException {
        Path out = dir.resolve("out/axis0.h5");
        Result r = run("concat", "--output", relative(out), "--dataset", "data", "--axis", "0", src("a.h5"), src("b.h5"), src("c.h5") + ":/data");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out.strip()).isEqualTo("wrote " + relative(out) + ":/data int32 (9, 4, 5) from 3 sources along axis 0");
        try (H5File f = H5File.open(out)) {
            assertThat(f.dataset("data").virtualSources()).extracting(VirtualSourceInfo::fileName)
                    .containsExactly("../src/a.h5", "../src/b.h5", "../src/c.h5");
            assertThat(f.dataset("data").read()).isEqualTo(H5pyVds.expected(dir, "axis0").withOrder(java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        H5pyVds.run(dir, "with h5py.File('out/axis0.h5', 'r') as f:\n    save('axis0_h5py', f['data'][()])\n");
        assertThat(H5pyVds.expected(dir, "axis0_h5py")).isEqualTo(H5pyVds.expected(dir, "axis0"));
        // the folders move together: the relative names still lead to the sources
        Path moved = dir.resolve("moved");
        Files.createDirectories(moved);
        copyTree(dir.resolve("src"), moved.resolve("src"));
        Files.createDirectories(moved.resolve("out"));
        Files.copy(out, moved.resolve("out/axis0.h5"));
        H5pyVds.run(dir, "with h5py.File('moved/out/axis0.h5', 'r') as f:\n    save('moved_h5py', f['data'][()])\n");
        assertThat(H5pyVds.expected(dir, "moved_h5py")).isEqualTo(H5pyVds.expected(dir, "axis0"));
        assertThat(run("check", moved.resolve("out/axis0.h5").toString()).exit).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
    }

    @Test
    void negativeAxesStackingDtypeAndFill() {
        Path out = dir.resolve("out/axis2.h5");
        String a = dir.resolve("src/a.h5").toAbsolutePath().toString();
        Result r = run("concat", "--output", out.toString(), "--dataset", "joined", "--axis", "-1", a + ":data", a + ":/data");
        assertThat(r.exit).as(r.err).isZero();
        try (H5File f = H5File.open(out)) {
            assertThat(f.dataset("joined").read()).isEqualTo(H5pyVds.expected(dir, "axis2"));
            assertThat(f.dataset("joined").virtualSources().get(0).fileName()).as("absolute sources stay absolute").isEqualTo(a);
        }
        Path stacked = dir.resolve("out/stacked.h5");
        r = run("concat", "--output", stacked.toString(), "--dataset", "entry/data", "--stack", "--dtype", "float64", "--fill", "-1.5",
                src("a.h5") + ":data", src("b.h5") + ":other/frames", src("a.h5") + ":data");
        assertThat(r.exit).as(r.err).isEqualTo(1);
        assertThat(r.err).contains("other/frames").contains("(2, 4, 5)").contains("axis 0").contains("stacking needs equal shapes");
        r = run("concat", "--output", stacked.toString(), "--dataset", "entry/data", "--stack", "--dtype", "float64", "--fill", "-1.5",
                src("a.h5") + ":data", src("a.h5") + ":/data", src("a.h5") + ":data");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("float64 (3, 3, 4, 5) from 3 sources, stacked");
        H5pyVds.run(dir, "with h5py.File('out/stacked.h5', 'r') as f:\n    save('stacked_h5py', f['entry/data'][()])\n"
                + "    print(f['entry/data'].fillvalue)\n");
        assertThat(H5pyVds.expected(dir, "stacked_h5py")).isEqualTo(H5pyVds.expected(dir, "stacked"));
        try (H5File f = H5File.open(stacked)) {
            assertThat(f.dataset("entry/data").fillValue().toDoubleArray()).containsExactly(-1.5);
        }
    }

    static void assertRefused(Result r, int exit, Path notWritten, String... mentions) {
        assertThat(r.exit).as(r.err).isEqualTo(exit);
        assertThat(r.err.strip().lines().count()).as(r.err).isEqualTo(exit == 2 ? 2 : 1);
        assertThat(r.err).startsWith("h5vds: ").doesNotContain("\tat ").doesNotContain("Exception");
        for (String m : mentions) assertThat(r.err).contains(m);
        assertThat(r.out).isEmpty();
        assertThat(notWritten).doesNotExist();
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        Path out = dir.resolve("out/bad.h5");
        String o = out.toString();
        assertRefused(run("concat", "--output", o, "--dataset", "data", "--axis", "1", src("a.h5"), src("b.h5")), 1, out,
                "b.h5", "(2, 4, 5)", "axis 0", "concatenating along axis 1");
        assertRefused(run("concat", "--output", o, "--dataset", "data", "--axis", "0", src("a.h5"), src("wide.h5")), 1, out,
                "wide.h5", "(3, 6, 5)", "axis 1");
        assertRefused(run("concat", "--output", o, "--dataset", "data", "--axis", "3", src("a.h5")), 1, out, "--axis 3", "rank 3");
        assertRefused(run("concat", "--output", o, "--dataset", "data", "--axis", "0", src("a.h5"), src("missing.h5")), 1, out,
                "missing.h5", "no such file");
        assertRefused(run("concat", "--output", o, "--dataset", "nope", "--axis", "0", src("a.h5")), 1, out, "a.h5", "nope");
        assertRefused(run("concat", "--output", o, "--dataset", "data", "--axis", "0", "--dtype", "int33", src("a.h5")), 1, out, "--dtype", "int33");
        assertRefused(run("concat", "--output", o, "--dataset", "data", "--axis", "0", "--fill", "lots", src("a.h5")), 1, out, "--fill lots");
        assertRefused(run("concat", "--output", o, "--dataset", "data", "--axis", "0", src("a.h5"), src("wide.h5") + ":z"), 1, out,
                "wide.h5:z", "complex64", "int32");
        // a virtual dataset of strings is what libhdf5 makes of strings too (h5py reads it)
        Path texts = dir.resolve("out/texts.h5");
        assertThat(run("concat", "--output", texts.toString(), "--dataset", "data", "--axis", "0", src("wide.h5") + ":text").exit).isZero();
        try (org.h5vds.api.H5File f = org.h5vds.api.H5File.open(texts)) {
            assertThat(f.dataset("data").read().strings()).containsExactly("abc", "def", "ghi");
        }
        assertRefused(run("concat", "--output", o, "--dataset", "data", "--axis", "0", "--stack", src("a.h5")), 2, out, "--axis", "--stack");
        assertRefused(run("concat", "--output", o, "--dataset", "data", src("a.h5")), 2, out, "--axis", "--stack");
        Files.writeString(out, "precious");
        Result r = run("concat", "--output", o, "--dataset", "data", "--axis", "0", src("a.h5"));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("already exists").contains("--overwrite");
        assertThat(Files.readString(out)).isEqualTo("precious");
        r = run("concat", "--output", o, "--dataset", "data", "--axis", "0", "--overwrite", src("a.h5"), src("b.h5"), src("wide.h5"));
        assertThat(r.exit).isEqualTo(1);
        assertThat(Files.readString(out)).as("a failed run leaves the old file").isEqualTo("precious");
        Files.delete(out);
        assertRefused(run("concat", "--output", src("a.h5"), "--overwrite", "--dataset", "data", "--axis", "0", src("a.h5")), 1, out,
                "is the output file");
    }

    @Test
    void manySourcesRunQuietlyWithoutATerminal() {
        Path many = H5pyVds.folder("many");
        String[] args = new String[6 + 120];
        String[] head = {"concat", "--output", many.resolve("all.h5").toString(), "--dataset", "data", "--stack"};
        System.arraycopy(head, 0, args, 0, head.length);
        short[] expected = new short[120 * 3];
        for (int k = 0; k < 120; k++) {
            Path p = many.resolve("part_" + k + ".h5");
            short[] v = {(short) k, (short) (2 * k), (short) -k};
            System.arraycopy(v, 0, expected, 3 * k, 3);
            try (H5File f = H5File.create(p)) {
                f.createDataset("data", org.h5vds.api.NdArray.of(v, 3));
            }
            args[head.length + k] = p.toString();
        }
        Result r = run(args);
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out.strip().lines()).containsExactly("wrote " + many.resolve("all.h5") + ":/data int16 (120, 3) from 120 sources, stacked");
        try (H5File f = H5File.open(many.resolve("all.h5"))) {
            assertThat(f.dataset("data").read()).isEqualTo(org.h5vds.api.NdArray.of(expected, 120, 3));
        }
        assertThat(run("check", many.resolve("all.h5").toString()).out).contains("120 mappings: every source present");
    }

    @Test
    void checkListsEachBrokenSourceOnALineOfItsOwn() throws IOException {
        Path broken = H5pyVds.make("check", """
                with h5py.File('a.h5', 'w') as f:
                    f['data'] = np.arange(10, dtype='i4')
                    f['short'] = np.arange(4, dtype='i4')
                    f['text'] = np.array([b'abc'] * 10)
                    f.create_dataset('zipped', data=np.arange(100, dtype='i4'), chunks=(10,), compression='gzip')
                with h5py.File('a.h5', 'a') as f:
                    off = f['zipped'].id.get_chunk_info(0).byte_offset
                with open('a.h5', 'r+b') as fh:
                    fh.seek(off); fh.write(b'\\xff' * 8)
                with h5py.File('p_0.h5', 'w') as f:
                    f['d'] = np.arange(2, dtype='i2')
                with h5py.File('inner.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((2, 10), 'i4')
                    lay[0] = h5py.VirtualSource('a.h5', 'data', shape=(10,))
                    lay[1] = h5py.VirtualSource('gone.h5', 'data', shape=(10,))
                    f.create_virtual_dataset('v', lay)
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((7, 10), 'i4')
                    lay[0] = h5py.VirtualSource('a.h5', 'data', shape=(10,))
                    lay[1] = h5py.VirtualSource('missing.h5', 'data', shape=(10,))
                    lay[2] = h5py.VirtualSource('a.h5', 'nothing', shape=(10,))
                    lay[3] = h5py.VirtualSource('a.h5', 'short', shape=(10,))
                    lay[4] = h5py.VirtualSource('a.h5', 'text', shape=(10,))
                    lay[5] = h5py.VirtualSource('a.h5', 'zipped', shape=(100,))[0:10]
                    lay[6] = h5py.VirtualSource('inner.h5', 'v', shape=(2, 10))[1]
                    f.create_virtual_dataset('all', lay)
                    good = h5py.VirtualLayout((10,), 'f8')
                    good[:] = h5py.VirtualSource('a.h5', 'data', shape=(10,))
                    f.create_virtual_dataset('good', good)
                    f['plain'] = np.arange(3)
                vspace = h5py.h5s.create_simple((0,), (U,))
                vspace.select_hyperslab((0,), (U,), stride=(2,), block=(2,))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_virtual(vspace, b'p_%b.h5', b'd', h5py.h5s.create_simple((2,)))
                with h5py.File('vds.h5', 'a') as f:
                    h5py.h5d.create(f.id, b'printf', h5py.h5t.STD_I16LE, vspace, dcpl=dcpl)
                with h5py.File('x.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((3,), 'i4')
                    lay[:] = h5py.VirtualSource('y.h5', 'v', shape=(3,))
                    f.create_virtual_dataset('v', lay)
                with h5py.File('y.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((3,), 'i4')
                    lay[:] = h5py.VirtualSource('x.h5', 'v', shape=(3,))
                    f.create_virtual_dataset('v', lay)
                """);
        String vds = broken.resolve("vds.h5").toString();
        Result good = run("check", vds, "good");
        assertThat(good.exit).as(good.out + good.err).isZero();
        assertThat(good.out.strip()).endsWith("1 virtual dataset, 1 mapping: every source present, readable and fitting");
        assertThat(run("check", vds, "printf").exit).as("printf blocks not there yet are no problem").isZero();

        Result r = run("check", vds);
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).isEmpty();
        String[] lines = r.out.strip().split("\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).contains("vds.h5:/all mapping 1 (missing.h5:data)").contains("file not found");
        assertThat(lines[1]).contains("mapping 2 (a.h5:nothing)").contains("no dataset named nothing");
        assertThat(lines[2]).contains("mapping 3 (a.h5:short)").contains("shape (4,) (4 elements)").contains("holds 10");
        assertThat(lines[3]).contains("mapping 4 (a.h5:text)").contains("does not convert");
        assertThat(lines[4]).contains("mapping 5 (a.h5:zipped)").contains("cannot be read");
        assertThat(lines[5]).contains("inner.h5:/v mapping 1 (gone.h5:data)").contains("file not found");

        Result cycle = run("check", broken.resolve("x.h5").toString());
        assertThat(cycle.exit).isEqualTo(1);
        assertThat(cycle.out).contains("cycle").contains("x.h5").contains("y.h5");

        Result plain = run("check", vds, "plain");
        assertThat(plain.exit).isEqualTo(1);
        assertThat(plain.err.strip()).isEqualTo("h5vds: " + vds + ": /plain is not a virtual dataset");
        Result none = run("check", broken.resolve("a.h5").toString());
        assertThat(none.exit).isZero();
        assertThat(none.out).contains("no virtual datasets");
    }
}
