package org.h5vds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example's virtual dataset, read by h5py (libhdf5 1.10.8): its values are what the use case
 * promises (checked in Python, independently of h5vds), and equal what h5vds reads.
 */
class ExamplesTest {
    @TempDir
    Path dir;

    /** Python checks per example; {@code d} is the virtual dataset, {@code folder} the example's folder. */
    static String checks(String name) {
        return switch (name) {
            case "vds_simple" -> """
                    want = np.arange(100).reshape(1, 100) + np.arange(1, 5).reshape(4, 1)
                    assert d.dtype == np.dtype('<i4') and d.shape == (4, 100), (d.dtype, d.shape)
                    assert (d[...] == want).all()
                    assert d.fillvalue == -5
                    assert (f['data'][...] == want).all()
                    """;
            case "dataset_concatenation" -> """
                    want = np.stack([h5py.File(os.path.join(folder, 'myfile_%d' % i))['data'][...] for i in range(5)]).astype('f8')
                    assert d.dtype == np.dtype('<f8') and d.shape == (5, 5, 10, 20), (d.dtype, d.shape)
                    assert (d[...] == want).all()
                    """;
            case "excalibur_detector_modules" -> """
                    assert d.dtype == np.dtype('<u2') and d.shape == (5, 1586, 2048), (d.dtype, d.shape)
                    # the assertions of h5py's TestExcaliburHighLevel
                    for (frame, row, col), v in {(3, 100, 0): 0, (3, 260, 0): 1, (3, 350, 0): 3, (3, 650, 0): 6,
                                                 (3, 900, 0): 9, (3, 1150, 0): 12, (3, 1450, 0): 15}.items():
                        assert d[frame, row, col] == v, (frame, row, col, d[frame, row, col], v)
                    assert d.fillvalue == 1
                    """;
            case "dual_pco_edge" -> """
                    assert d.shape == (5, 442, 256), d.shape
                    for k in range(5):
                        assert (d[k, :216] == 100 + k).all() and (d[k, 216:226] == 1).all() and (d[k, 226:] == 200 + k).all()
                    """;
            case "eiger_use_case" -> """
                    assert d.dtype == np.dtype('<f8') and d.shape == (35, 120, 130), (d.dtype, d.shape)
                    assert d.fillvalue == 0
                    sources = [h5py.File(os.path.join(folder, '%d.h5' % i))['data'] for i in range(1, 6)]
                    for s in sources:
                        assert s.dtype == np.dtype('<i8') and s.shape == (7, 120, 130), (s.dtype, s.shape)
                        assert s.chunks == (1, 120, 130), s.chunks
                        dcpl = s.id.get_create_plist()
                        assert [dcpl.get_filter(k)[0] for k in range(dcpl.get_nfilters())] == [32008]  # bitshuffle
                        assert 0 <= s[...].min() and s[...].max() < 1 << 16
                    want = np.concatenate([s[...] for s in sources]).astype('f8')
                    assert (d[...] == want).all()
                    assert [v.vspace.get_regular_hyperslab()[0][0] for v in d.virtual_sources()] == [0, 7, 14, 21, 28]
                    """;
            case "percival_use_case" -> """
                    assert d.dtype == np.dtype('<u2') and d.shape == (799, 40, 40), (d.dtype, d.shape)
                    assert (d[:, 0, 0] == np.arange(799)).all()
                    assert (d[::97, 39, 39] == np.arange(0, 799, 97)).all()
                    """;
            default -> throw new AssertionError(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"vds_simple", "dataset_concatenation", "excalibur_detector_modules", "dual_pco_edge",
            "eiger_use_case", "percival_use_case"})
    void h5pyReadsWhatTheExamplePromises(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        StringWriter log = new StringWriter();
        Example.Result r = Examples.named(name, false).run(folder, new PrintWriter(log, true));
        Path npy = dir.resolve(name + ".npy");
        Python.run("""
                import h5py, numpy as np, os, sys
                folder, path, name, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
                f = h5py.File(path, 'r')
                d = f[name]
                assert d.is_virtual
                """ + checks(name) + """
                np.save(out, d[...])
                """, folder, r.vdsFile(), r.dataset(), npy);
        NdArray h5py = Npy.read(npy);
        try (H5File f = H5File.open(r.vdsFile())) {
            assertThat(f.dataset(r.dataset()).read()).isEqualTo(h5py);
        }
    }
}
