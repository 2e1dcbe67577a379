package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunked datasets none of whose chunks was written have an undefined index address, whatever the
 * index type — in files libhdf5 writes and in ours — and read as their fill value.
 */
class EmptyChunkedDatasetsTest {
    @TempDir
    Path dir;

    @Test
    void libhdf5sEmptyIndexesReadAsFill() {
        Path file = dir.resolve("empty.h5");
        Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    f.create_dataset('single', shape=(4, 4), chunks=(4, 4), dtype='i4', fillvalue=3)
                    f.create_dataset('fixed', shape=(8, 4), chunks=(4, 4), dtype='i4', fillvalue=3)
                    f.create_dataset('ea', shape=(8, 4), chunks=(4, 4), maxshape=(None, 4), dtype='i4', fillvalue=3)
                    f.create_dataset('bt', shape=(8, 4), chunks=(4, 4), maxshape=(None, None), dtype='i4', fillvalue=3)
                    f.create_dataset('ea_gzip', shape=(8, 4), chunks=(4, 4), maxshape=(None, 4), dtype='i4', compression='gzip')
                """, file);
        try (H5File f = H5File.open(file)) {
            for (String name : new String[] {"single", "fixed", "ea", "bt"}) {
                assertThat(f.dataset(name).read()).as(name).isEqualTo(NdArray.full(DType.INT32, 3, f.dataset(name).shape().toArray()));
            }
            assertThat(f.dataset("ea_gzip").read()).isEqualTo(NdArray.zeros(DType.INT32, 8, 4));
        }
    }

    @Test
    void oursToo() {
        Path file = dir.resolve("ours.h5");
        try (H5File f = H5File.create(file)) {
            f.createDataset("fixed", DType.INT32, Shape.of(8, 4), DatasetOptions.chunked(4, 4).fillValue(3));
            f.createDataset("ea", DType.INT32, Shape.of(8, 4), DatasetOptions.chunked(4, 4).maxShape(Shape.UNLIMITED, 4).fillValue(3));
            f.createDataset("bt", DType.INT32, Shape.of(8, 4), DatasetOptions.chunked(4, 4).maxShape(Shape.UNLIMITED, Shape.UNLIMITED).fillValue(3));
            f.createDataset("single", DType.INT32, Shape.of(4, 4), DatasetOptions.chunked(4, 4).deflate().fillValue(3));
        }
        try (H5File f = H5File.open(file)) {
            for (String name : new String[] {"single", "fixed", "ea", "bt"}) {
                assertThat(f.dataset(name).read()).as(name).isEqualTo(NdArray.full(DType.INT32, 3, f.dataset(name).shape().toArray()));
            }
        }
        String out = Python.run("""
                import h5py, sys
                f = h5py.File(sys.argv[1], 'r')
                for k in ('single', 'fixed', 'ea', 'bt'):
                    print(k, int(f[k][()].sum()), f[k].id.get_num_chunks())
                """, file);
        assertThat(out).contains("single 48 0").contains("fixed 96 0").contains("ea 96 0").contains("bt 96 0");
    }
}
