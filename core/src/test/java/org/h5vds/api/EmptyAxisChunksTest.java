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

    /**
     * With no chunk shape given, h5py guesses 1024 for an empty axis and keeps that even where the
     * axis has a smaller fixed maximum (libhdf5 allows it); we used to cut the guess to the maximum,
     * so h5py saw other chunks than it makes itself for the same call.
     */
    @Test
    void guessedChunksOnAnEmptyAxisWithAFixedMaximumAreH5pys() {
        Path file = dir.resolve("guessed.h5");
        try (H5File f = H5File.create(file)) {
            f.createDataset("a", DType.FLOAT32, Shape.of(0), DatasetOptions.defaults().maxShape(10)).resize(10);
            f.dataset("a").write(NdArray.full(DType.FLOAT32, 1, 10));
            f.createDataset("b", DType.UINT8, Shape.of(0, 0), DatasetOptions.defaults().maxShape(Shape.UNLIMITED, 0));
            f.createDataset("c", DType.INT16, Shape.of(0, 3), DatasetOptions.defaults().maxShape(7, 3).deflate()).resize(7, 3);
            f.dataset("c").write("2:5", NdArray.full(DType.INT16, 4, 3, 3));
        }
        String out = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as ours, h5py.File(sys.argv[2], 'w') as theirs:
                    for n, shape, dtype, kw in (('a', (0,), 'f4', dict(maxshape=(10,))), ('b', (0, 0), 'u1', dict(maxshape=(None, 0))),
                                                ('c', (0, 3), 'i2', dict(maxshape=(7, 3), compression='gzip'))):
                        print(n, ours[n].chunks == theirs.create_dataset(n, shape=shape, dtype=dtype, **kw).chunks, ours[n].chunks,
                              int(ours[n][()].sum()))
                """, file, dir.resolve("theirs.h5"));
        assertThat(out.strip().lines()).containsExactly("a True (1024,) 10", "b True (128, 128) 0", "c True (1024, 3) 36");
    }
}
