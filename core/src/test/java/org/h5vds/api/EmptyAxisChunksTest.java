package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libhdf5 lets a chunk exceed a fixed axis whose size is 0 (h5py stores an empty array with
 * compression in (1024,) chunks), but not a fixed axis that holds elements.
 */
class EmptyAxisChunksTest {
    @TempDir
    Path dir;

    @Test
    void chunksMayExceedAnEmptyFixedAxisAndH5pyReadsTheDataset() {
        Path file = dir.resolve("empty.h5");
        try (H5File f = H5File.create(file)) {
            f.createDataset("flat", DType.INT32, Shape.of(0), DatasetOptions.chunked(1024).deflate(4));
            f.createDataset("cube", DType.FLOAT64, Shape.of(4, 0, 3), DatasetOptions.chunked(2, 1, 3).shuffle());
        }
        String out = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    for n in ('flat', 'cube'):
                        d = f[n]
                        print(n, d.shape, d.chunks, d.compression, d.shuffle, d[()].shape)
                """, file.toString());
        assertThat(out.strip().lines()).containsExactly(
                "flat (0,) (1024,) gzip False (0,)",
                "cube (4, 0, 3) (2, 1, 3) None True (4, 0, 3)");
        try (H5File f = H5File.open(file)) {
            assertThat(f.dataset("flat").read().shape()).containsExactly(0L);
        }
    }

    @Test
    void aChunkBeyondAFixedAxisThatHoldsElementsIsRefused() {
        try (H5File f = H5File.create(dir.resolve("refused.h5"))) {
            assertThatThrownBy(() -> f.createDataset("cube", DType.FLOAT64, Shape.of(4, 0, 3), DatasetOptions.chunked(5, 1, 3)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("larger than the maximum shape (4, 0, 3) on axis 0");
        }
    }
}
