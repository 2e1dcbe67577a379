package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.h5vds.testing.Fixtures;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a selection in row ranges, and saving a .npy row block by row block. */
class PartialReadTest {
    @TempDir
    Path dir;

    @Test
    void rowRangesOfASelectionEqualTheSameRowsOfTheWholeRead() {
        Random rnd = new Random(7);
        for (String path : new String[] {"/fixed_gzip", "/contiguous", "/extensible_middle_axis", "/btree2_partial"}) {
            Fixtures.DatasetCase c = Fixtures.dataset("layouts_latest.h5", path);
            try (H5File f = H5File.open(c.filePath())) {
                Dataset d = f.dataset(path);
                for (int trial = 0; trial < 40; trial++) {
                    Index index = Index.parse(NumpyReference.randomIndex(c.shapeArray(), rnd));
                    NdArray whole = d.read(index);
                    assertThat(d.shapeOf(index).toArray()).containsExactly(whole.shape());
                    if (whole.rank() == 0) {
                        assertThatThrownBy(() -> d.read(index, 0, 1)).isInstanceOf(IllegalArgumentException.class);
                        continue;
                    }
                    long n = whole.shape()[0];
                    long from = rnd.nextLong(n + 1), to = from + rnd.nextLong(n - from + 2); // to may pass the end
                    NdArray part = d.read(index, from, to);
                    assertThat(part).as("%s[%s][%d:%d]", path, index, from, to).isEqualTo(rows(whole, from, Math.min(to, n)));
                }
            }
        }
    }

    static NdArray rows(NdArray a, long from, long to) {
        long[] shape = a.shape();
        long rowBytes = a.nbytes() / Math.max(1, shape[0]);
        ByteBuffer b = a.buffer();
        byte[] out = new byte[(int) ((to - from) * rowBytes)];
        b.get((int) (from * rowBytes), out);
        shape[0] = to - from;
        return NdArray.wrap(ByteBuffer.wrap(out).order(a.dtype().order()), a.dtype(), shape);
    }

    @Test
    void npyWriterAppendsRowsAndNumpyReadsTheResult() throws Exception {
        Path file = dir.resolve("rows.npy");
        DType t = DType.INT16.bigEndian();
        try (Npy.Writer w = Npy.create(file, t, 5, 3)) {
            w.append(NdArray.full(t, 1, 2, 3));
            assertThat(file).doesNotExist(); // only once complete
            w.append(NdArray.full(t, 2, 3, 3));
        }
        String got = Python.run("import numpy as np, sys; a = np.load(sys.argv[1]); print(a.dtype.str, a.shape, a[:, 0].tolist())", file);
        assertThat(got.trim()).isEqualTo(">i2 (5, 3) [1, 1, 2, 2, 2]");
    }

    @Test
    void anUnfinishedNpyIsNotSaved() {
        Path file = dir.resolve("short.npy");
        assertThatThrownBy(() -> {
            try (Npy.Writer w = Npy.create(file, DType.FLOAT32, 4, 2)) {
                w.append(NdArray.full(DType.FLOAT32, 1, 1, 2));
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("only 1 of 4 rows");
        assertThat(file).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> {
            try (Npy.Writer w = Npy.create(dir.resolve("bad.npy"), DType.FLOAT32, 4, 2)) {
                w.append(NdArray.full(DType.FLOAT64, 1, 1, 2));
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
    }
}
