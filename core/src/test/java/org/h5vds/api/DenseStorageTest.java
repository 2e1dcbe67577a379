package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attributes libhdf5 stores densely, including huge ones kept outside the fractal heap's blocks. */
class DenseStorageTest {
    @TempDir
    Path dir;

    @Test
    void denseAndHugeAttributesReadAsH5pyWroteThem() {
        Path file = dir.resolve("dense.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    d = f.create_dataset('d', data=np.arange(10))
                    for i in range(20):
                        d.attrs['a%02d' % i] = np.arange(i + 1, dtype='i4') * i
                    d.attrs['huge'] = np.arange(40000, dtype='<f8')      # 320 kB: a huge heap object
                    d.attrs['text'] = 'dense ' * 1000                     # a long vlen string
                """, file);
        try (H5File f = H5File.open(file)) {
            var attrs = f.dataset("d").attrs();
            assertThat(attrs).hasSize(22);
            for (int i = 0; i < 20; i++) {
                int[] want = new int[i + 1];
                for (int k = 0; k <= i; k++) want[k] = k * i;
                assertThat(attrs.get(String.format("a%02d", i)).value().toIntArray()).containsExactly(want);
            }
            double[] huge = attrs.get("huge").value().toDoubleArray();
            assertThat(huge).hasSize(40000);
            for (int k = 0; k < huge.length; k++) assertThat(huge[k]).isEqualTo(k);
            assertThat(attrs.get("text").string()).isEqualTo("dense ".repeat(1000));
        }
    }
}
