package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Virtual datasets of many small mappings, which a box read gathers into one read per source
 * (see vds.Gather), read as h5py reads them: tiles taken from 1-D runs of the sources (the source
 * box shaped otherwise than the virtual one), from a contiguous and a chunked source of another
 * type (converted), from a source file that is missing (fill value), with unmapped gaps; and
 * overlapping small mappings, where the later one wins (read piece by piece).
 */
class ManySmallMappingsTest {
    private static final String[] BOXES = {"3:17, 5:41", "0:1, :", "39:40, 59:60", "10:30, 0:1", "1:39, 2:58"};

    private static void assertBoxesLikeH5py(Path file, NdArray expected) {
        VirtualReadTest.assertReadsLikeH5py(file, "data", expected);
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset("data");
            for (String box : BOXES) assertThat(d.read(box)).as("data[%s]", box).isEqualTo(NumpyReference.select(expected, box));
        }
    }

    @Test
    void tilesFromRunsOfSeveralSourcesWithGapsAndAMissingFile() {
        Path dir = H5pyVds.make("tiles", """
                with h5py.File('contiguous.h5', 'w') as f:
                    f['data'] = np.arange(4000, dtype='<i2')
                with h5py.File('chunked.h5', 'w') as f:
                    f.create_dataset('data', data=(np.arange(4000) * 3).astype('>i4'), chunks=(96,), compression='gzip')
                layout = h5py.VirtualLayout(shape=(40, 60), dtype='<i8')
                k = 0
                for i in range(0, 40, 2):
                    for j in range(0, 60, 2):
                        if (i * 7 + j) % 11 == 0:
                            continue                      # a gap: fill value
                        name = ['contiguous.h5', 'chunked.h5', 'missing.h5'][k % 3]
                        src = h5py.VirtualSource(name, 'data', shape=(4000,))
                        layout[i:i + 2, j:j + 2] = src[4 * k:4 * k + 4]   # a run of 4 as a 2x2 tile
                        k += 1
                with h5py.File('tiles.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=-7)
                with h5py.File('tiles.h5', 'r') as f:
                    save('expected', f['data'][()])
                """);
        assertBoxesLikeH5py(dir.resolve("tiles.h5"), H5pyVds.expected(dir, "expected"));
    }

    @Test
    void overlappingSmallMappingsLetTheLaterOneWin() {
        Path dir = H5pyVds.make("overlaps", """
                with h5py.File('src.h5', 'w') as f:
                    f['data'] = np.arange(10000, dtype='<i4')
                layout = h5py.VirtualLayout(shape=(40, 60), dtype='<i4')
                src = h5py.VirtualSource('src.h5', 'data', shape=(10000,))
                k = 0
                for i in range(0, 39):
                    for j in range(0, 59, 2):
                        layout[i:i + 2, j:j + 2] = src[4 * k:4 * k + 4]   # each tile overlaps the next row's
                        k += 1
                with h5py.File('overlaps.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=3)
                with h5py.File('overlaps.h5', 'r') as f:
                    save('expected', f['data'][()])
                """);
        assertBoxesLikeH5py(dir.resolve("overlaps.h5"), H5pyVds.expected(dir, "expected"));
    }
}
