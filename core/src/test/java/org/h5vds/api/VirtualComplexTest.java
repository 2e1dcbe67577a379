package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Virtual datasets of h5py's complex numbers (compounds {r, i} of two floats) read as h5py reads
 * them: sources written in h5py's default file format (a version 1 compound message, unlike the
 * virtual dataset's), c8 sources into c16 virtual datasets and c16 into c8 (overflowing to
 * infinity), either byte order on either side, a nested virtual dataset of another complex type,
 * and virtual datasets made by h5vds as well as by h5py.
 */
class VirtualComplexTest {
    private static final String[] TYPES = {"<c8", ">c8", "<c16", ">c16"};

    @Test
    void complexSourcesConvertMemberByMemberAsLibhdf5ConvertsThem() {
        Path dir = H5pyVds.make("complex", """
                z = (np.arange(6) + 1j * np.arange(6)[::-1]).astype('c8')
                with h5py.File('src.h5', 'w') as f:   # h5py's default format: compound message version 1
                    f['c8le'] = z
                    f['c8be'] = z.astype('>c8')
                    f['c16le'] = z.astype('c16') * 1e40 - 1.5j
                    f['c16be'] = (z.astype('c16') / 3).astype('>c16')
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    for vt in ['<c8', '>c8', '<c16', '>c16']:
                        lay = h5py.VirtualLayout((5, 6), vt)
                        for row, name in enumerate(['c8le', 'c8be', 'c16le', 'c16be']):
                            lay[row] = h5py.VirtualSource('src.h5', name, shape=(6,))
                        f.create_virtual_dataset(vt, lay)
                    lay = h5py.VirtualLayout((2, 5, 6), '>c16')
                    lay[1] = h5py.VirtualSource('.', '<c8', shape=(5, 6))   # a nested virtual dataset of c8
                    f.create_virtual_dataset('nested', lay)
                with h5py.File('vds.h5', 'r') as f:
                    for vt in ['<c8', '>c8', '<c16', '>c16', 'nested']:
                        save('h5py_' + vt.replace('<', 'le').replace('>', 'be'), f[vt][()])
                """);
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            for (String t : TYPES) {
                Dataset v = f.dataset(t);
                NdArray expected = H5pyVds.expected(dir, "h5py_" + t.replace("<", "le").replace(">", "be"));
                assertThat(v.dtype()).isEqualTo(DType.parse(t));
                assertThat(v.read()).as(t).isEqualTo(expected);
                assertThat(v.checkSources()).as(t).isEmpty();
            }
            assertThat(f.dataset("nested").read()).isEqualTo(H5pyVds.expected(dir, "h5py_nested"));
        }
        // the same mappings made by h5vds read the same
        Path ours = dir.resolve("ours.h5");
        try (H5File f = H5File.create(ours)) {
            for (String t : TYPES) {
                VirtualLayout layout = new VirtualLayout(Shape.of(5, 6), DType.parse(t));
                String[] names = {"c8le", "c8be", "c16le", "c16be"};
                for (int row = 0; row < 4; row++) layout.set(Index.of(Index.at(row)), new VirtualSource("src.h5", names[row], Shape.of(6)));
                f.createVirtualDataset(t, layout);
            }
        }
        try (H5File f = H5File.open(ours)) {
            for (String t : TYPES) {
                NdArray expected = H5pyVds.expected(dir, "h5py_" + t.replace("<", "le").replace(">", "be"));
                assertThat(f.dataset(t).read()).as("h5vds-made %s", t).isEqualTo(expected);
            }
            assertThat(f.dataset("<c8").read().toString()).contains("inf");
        }
    }
}
