package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.examples.Example;
import org.h5vds.examples.Examples;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Virtual datasets turned into real data: every seed example's virtual dataset flattened with the
 * default storage reads in h5py (libhdf5 1.10.8) exactly as h5py reads the virtual dataset, with
 * its fill value and attributes, and h5dump reads the copy; a selection with given storage; and a
 * whole file flattened (groups, links, attributes, plain datasets of any fixed-size type kept) has
 * no virtual dataset left and reads in h5py and h5dump as the original does.
 */
class MaterializeTest {
    @TempDir
    Path dir;

    private static final String SAME = """
            import h5py, numpy as np, sys
            a = h5py.File(sys.argv[1], 'r')[sys.argv[2]]
            b = h5py.File(sys.argv[3], 'r')[sys.argv[2]]
            want = eval('a[' + sys.argv[4] + ']') if len(sys.argv) > 4 else a[()]
            assert a.is_virtual and not b.is_virtual
            assert b.dtype == a.dtype and b.shape == want.shape, (b.dtype, a.dtype, b.shape, want.shape)
            assert np.array_equal(b[()], want), 'values differ'
            assert b.fillvalue == a.fillvalue, (b.fillvalue, a.fillvalue)
            assert dict(b.attrs) == dict(a.attrs)
            print(b.chunks, b.compression, b.shuffle)
            """;

    @ParameterizedTest
    @ValueSource(strings = {"vds_simple", "dataset_concatenation", "excalibur_detector_modules", "dual_pco_edge", "eiger_use_case",
            "percival_use_case"})
    void everySeedExampleFlattensToWhatH5pyReads(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Example.Result r = Examples.named(name, false).run(folder, new PrintWriter(new StringWriter(), true));
        Path out = dir.resolve(name + "-flat.h5");
        StoragePlan plan;
        try (H5File in = H5File.open(r.vdsFile()); H5File made = H5File.create(out)) {
            Dataset v = in.dataset(r.dataset());
            plan = v.materializeStorage(Index.ALL);
            Dataset copy = v.materialize(made.root(), r.dataset());
            assertThat(copy.shape()).isEqualTo(v.shape());
        }
        String storage = Python.run(SAME, r.vdsFile(), r.dataset(), out).strip();
        switch (name) {
            case "excalibur_detector_modules" -> {
                assertThat(plan.chunksFrom()).isEqualTo("the sources' chunks");
                assertThat(plan.filtersFrom()).isEqualTo("the sources' filters");
                assertThat(storage).isEqualTo("(1, 256, 2048) gzip False");
            }
            case "vds_simple" -> {
                assertThat(plan.chunksFrom()).isEqualTo("one frame: the sources are not chunked");
                assertThat(storage).isEqualTo("(1, 100) None False");
            }
            case "eiger_use_case" -> assertThat(plan.options().filters()).extracting(f -> f.id()).containsExactly(DatasetOptions.BITSHUFFLE);
            default -> assertThat(storage).startsWith("(1, ");
        }
        assertThat(H5Dump.properties(out, r.dataset())).contains("CHUNKED").doesNotContain("VIRTUAL");
        if (name.equals("vds_simple")) assertThat(H5Dump.values(out, r.dataset())).contains("(3,0): 4, 5, 6, 7").doesNotContain("VIRTUAL");
    }

    @Test
    void aSelectionWithGivenStorage() throws Exception {
        Example.Result r = Examples.named("percival_use_case", false).run(dir, new PrintWriter(new StringWriter(), true));
        Path out = dir.resolve("part.h5");
        try (H5File in = H5File.open(r.vdsFile()); H5File made = H5File.create(out)) {
            Dataset v = in.dataset(r.dataset());
            Dataset copy = v.materialize(made.root(), r.dataset(), MaterializeOptions.defaults().select("3:103, ::2")
                    .storage(DatasetOptions.chunked(8, 10, 40).deflate(6).shuffle()));
            assertThat(copy.shape()).isEqualTo(Shape.of(100, 20, 40));
            assertThat(copy.chunks()).contains(Shape.of(8, 10, 40));
        }
        assertThat(Python.run(SAME, r.vdsFile(), r.dataset(), out, "3:103, ::2").strip()).isEqualTo("(8, 10, 40) gzip True");
        try (H5File in = H5File.open(r.vdsFile()); H5File made = H5File.create(dir.resolve("frame.h5"))) {
            // an integer index drops its axis, as h5py's d[5] does
            Dataset copy = in.dataset(r.dataset()).materialize(made.root(), "frame5", MaterializeOptions.defaults().select("5"));
            assertThat(copy.shape()).isEqualTo(Shape.of(40, 40));
        }
        try (H5File in = H5File.open(r.vdsFile())) {
            assertThat(catchThrowable(() -> in.dataset(r.dataset()).materialize(in.root(), "x"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("H5File.create");
        }
    }

    /** A NeXus-like file written by h5py: every kind of thing a flattened copy must keep, and one virtual dataset. */
    private static final String NEXUS = """
            import h5py, numpy as np, os, sys
            os.chdir(sys.argv[1])
            for k in range(2):
                with h5py.File('frames_%d.h5' % k, 'w', libver='latest') as f:
                    f.create_dataset('data', data=np.arange(k * 4 * 30 * 20, (k + 1) * 4 * 30 * 20, dtype='<u2').reshape(4, 30, 20),
                                     chunks=(1, 30, 20), compression='gzip', shuffle=True)
            lay = h5py.VirtualLayout((10, 30, 20), '<u2')
            for k in range(2):
                lay[4 * k:4 * k + 4] = h5py.VirtualSource('frames_%d.h5' % k, 'data', shape=(4, 30, 20))
            with h5py.File('scan.nxs', 'w', libver='latest') as f:
                f.attrs['default'] = 'entry'
                e = f.create_group('entry')
                e.attrs['NX_class'] = 'NXentry'
                e.attrs['numbers'] = np.arange(3, dtype='>i4')
                d = e.create_group('data')
                d.attrs['NX_class'] = 'NXdata'
                d.attrs['signal'] = 'data'
                v = d.create_virtual_dataset('data', lay, fillvalue=7)
                v.attrs['units'] = 'counts'
                e.create_dataset('title', data=np.bytes_('a fixed string'))
                e.create_dataset('names', data=np.array([b'alpha', b'beta'], dtype='S8'))
                e.create_dataset('comment', data='a variable-length string')
                e.create_dataset('energy', data=np.linspace(1, 2, 5), compression='gzip', chunks=(2,), maxshape=(None,))
                e.create_dataset('small', data=np.arange(4, dtype='i2'), dtype='i2')
                e.create_dataset('compact', data=np.arange(6, dtype='f4'), compression=None)
                e.create_dataset('compound', data=np.array([(1, 2.5), (3, 4.5)], dtype=[('a', '<i4'), ('b', '<f8')]))
                e.create_dataset('scaled', data=np.linspace(0, 1, 12), scaleoffset=2, chunks=(4,))
                f['entry/alias'] = h5py.SoftLink('/entry/energy')
                f['entry/elsewhere'] = h5py.ExternalLink('frames_0.h5', '/data')
                f['entry/same_title'] = f['entry/title']
            """;

    private static final String SAME_FILE = """
            import h5py, numpy as np, sys
            a, b = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')
            seen = []
            def check(name, o):
                if isinstance(o, h5py.Dataset):
                    if o.dtype.kind == 'O':
                        assert name not in b, name
                        return
                    c = b[name]
                    assert not c.is_virtual, name
                    assert c.dtype == o.dtype and c.shape == o.shape, (name, c.dtype, o.dtype)
                    assert np.array_equal(c[()], o[()]), name
                    assert c.fillvalue == o.fillvalue or o.dtype.kind not in 'iuf', (name, c.fillvalue, o.fillvalue)
                    if not o.is_virtual:
                        assert c.chunks == o.chunks and c.compression == o.compression and c.maxshape == o.maxshape, name
                assert {k: str(v) for k, v in b[name].attrs.items()} == {k: str(v) for k, v in o.attrs.items()}, name
                seen.append(name)
            a.visititems(check)
            assert {k: str(v) for k, v in b.attrs.items()} == {k: str(v) for k, v in a.attrs.items()}
            assert b.get('entry/alias', getlink=True).path == '/entry/energy'
            l = b.get('entry/elsewhere', getlink=True)
            assert (l.filename, l.path) == ('frames_0.h5', '/data')
            assert b['entry/same_title'][()] == a['entry/title'][()]
            print(len(seen))
            """;

    @Test
    void aFlattenedFileHasNoVirtualDatasetAndReadsTheSame() throws Exception {
        Python.run(NEXUS, dir);
        Path in = dir.resolve("scan.nxs");
        Path out = dir.resolve("flat.nxs");
        List<String> notes;
        try (H5File f = H5File.open(in)) {
            notes = f.copyFlattened(out);
        }
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("/entry/comment").contains("not copied"));
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("/entry/same_title").contains("soft link"));
        // scale-offset is read, not written: the values are copied, the note says the filter is not
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("/entry/scaled").contains("without its filters").contains("scaleoffset"));
        assertThat(Integer.parseInt(Python.run(SAME_FILE, in, out).strip())).isGreaterThan(8);
        // the copy needs no source: move them away
        Files.delete(dir.resolve("frames_0.h5"));
        Files.delete(dir.resolve("frames_1.h5"));
        String dump = H5Dump.run(out).outOrFail();
        assertThat(dump).doesNotContain("VIRTUAL").contains("NXdata").contains("a fixed string");
        // libhdf5 2.0 (h5wasm) reads the flattened frames as h5vds does
        NdArray wasm = org.h5vds.testing.H5Wasm.read(out, "entry/data/data");
        try (H5File f = H5File.open(out)) {
            Dataset d = f.dataset("entry/data/data");
            assertThat(wasm).isEqualTo(d.read());
            assertThat(d.isVirtual()).isFalse();
            assertThat(d.read("9, 0, 0").toIntArray()).containsExactly(7);
            assertThat(d.read("4, 0, 0").toIntArray()).containsExactly(4 * 30 * 20);
        }
    }
}
