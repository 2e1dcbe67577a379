package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values broadcast onto the selection of a write as NumPy broadcasts them, as h5py's
 * {@code dset[index] = values} does: the same writes made by h5py into a twin give the same file.
 */
class BroadcastWritesTest {
    @TempDir
    Path dir;

    @Test
    void valuesBroadcastOntoTheSelectionAsInH5py() {
        Path ours = dir.resolve("ours.h5");
        try (H5File f = H5File.create(ours)) {
            Dataset n = f.createDataset("n", DType.INT32, Shape.of(6, 7), DatasetOptions.chunked(4, 4));
            n.write("0:2, 1:3", NdArray.scalar(DType.INT64, 5));
            n.write("2:4, :", NdArray.of(new int[] {0, 1, 2, 3, 4, 5, 6}, 7));
            n.write("4:6, :", NdArray.of(new double[] {-1, -2}, 2, 1));
            n.write("1:3, 4:7", NdArray.of(new short[] {7, 8, 9}, 3));
            Dataset c = f.createDataset("c", DType.FLOAT64, Shape.of(3, 4), DatasetOptions.contiguous());
            c.write(NdArray.scalar(DType.FLOAT64, 2.5));
            c.write("1, :", NdArray.scalar(DType.FLOAT64, -1));
            Dataset s = f.createDataset("s", DType.string(), Shape.of(2, 3), DatasetOptions.defaults());
            s.write(NdArray.ofStrings("a", "β", "c"));
            s.write("1, 1:", NdArray.ofStrings("z"));
            Dataset p = f.createDataset("p", DType.compound(DType.field("x", DType.INT16), DType.field("y", DType.FLOAT32)), Shape.of(4),
                    DatasetOptions.defaults());
            p.write(NdArray.ofFields(p.dtype(), java.util.Map.of("x", NdArray.scalar(DType.INT16, 3), "y", NdArray.scalar(DType.FLOAT32, 0.5))));
            assertThatThrownBy(() -> n.write("0:2, 0:2", NdArray.of(new int[] {1, 2, 3}, 3))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/n").hasMessageContaining("(3,)").hasMessageContaining("broadcasts");
            assertThatThrownBy(() -> n.write("0:2, 0:2", NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 3, 2))).isInstanceOf(IllegalArgumentException.class);
        }
        String out = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[2], 'w') as f:
                    n = f.create_dataset('n', shape=(6, 7), dtype='<i4', chunks=(4, 4))
                    n[0:2, 1:3] = np.int64(5)
                    n[2:4, :] = np.arange(7, dtype='<i4')
                    n[4:6, :] = np.array([[-1.0], [-2.0]])
                    n[1:3, 4:7] = np.array([7, 8, 9], '<i2')
                    c = f.create_dataset('c', shape=(3, 4), dtype='<f8')
                    c[...] = 2.5
                    c[1, :] = -1.0
                    s = f.create_dataset('s', shape=(2, 3), dtype=h5py.string_dtype())
                    s[...] = np.array(['a', 'β', 'c'], dtype=object)
                    s[1, 1:] = np.array(['z'], dtype=object)
                    p = f.create_dataset('p', shape=(4,), dtype=[('x', '<i2'), ('y', '<f4')])
                    p[...] = np.array((3, 0.5), dtype=[('x', '<i2'), ('y', '<f4')])
                ours, theirs = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')
                for k in ['n', 'c', 's', 'p']:
                    a, b = ours[k][()], theirs[k][()]
                    print(k, a.tolist() == b.tolist(), a.tolist())
                """, ours, dir.resolve("theirs.h5"));
        assertThat(out.lines().filter(l -> !l.isBlank()).toList()).hasSize(4)
                .allSatisfy(l -> assertThat(l.split(" ")[1]).as(l).isEqualTo("True"));
    }
}
