package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named datatypes h5vds writes ({@link Group#commitDatatype}) and datasets sharing them
 * ({@link Group#createDataset(String, NamedDatatype, Shape, DatasetOptions)}), as h5py writes them
 * ({@code f['t'] = np.dtype(...)}, {@code create_dataset(..., dtype=f['t'])}): h5py finds the types,
 * the datasets' types committed, each type counting its users, and libhdf5 keeps a type a dataset
 * uses when its link is deleted.
 */
class NamedDatatypeTest {
    @Test
    void h5pyReadsNamedDatatypesAndTheDatasetsSharingThem(@TempDir Path dir) throws Exception {
        Path ours = dir.resolve("ours.h5");
        DType pair = DType.parse("[('x', '<i4'), ('y', '<f8')]");
        try (H5File f = H5File.create(ours)) {
            NamedDatatype t = f.commitDatatype("t", DType.parse("<i2"));
            t.setAttribute("unit", "counts");
            Dataset d = f.createDataset("d", t, Shape.of(3), DatasetOptions.defaults());
            d.write(NdArray.of(new short[] {1, -2, 3}));
            NamedDatatype c = f.commitDatatype("types/pair", pair);
            f.createDataset("g/e", c, Shape.of(4), DatasetOptions.chunked(2).deflate(1));
            f.createDataset("g/e2", c, Shape.of(1), DatasetOptions.defaults());
            // in the writing session already
            assertThat(d.dtype()).isEqualTo(DType.parse("<i2"));
            assertThat(f.get("types/pair")).isInstanceOf(NamedDatatype.class);
            assertThatThrownBy(() -> f.commitDatatype("t", DType.INT8)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    rc = lambda n: h5py.h5o.get_info(f[n].id).rc
                    print(type(f['t']).__name__, f['t'].dtype, f['t'].attrs['unit'], rc('t'), rc('types/pair'))
                    print(f['d'].id.get_type().committed(), f['d'].dtype, f['d'][()].tolist(), f['g/e'].id.get_type().committed(),
                          f['g/e'].dtype, f['g/e'][()].tolist())
                with h5py.File(sys.argv[1], 'r+') as f:
                    del f['t']
                    del f['types']
                with h5py.File(sys.argv[1], 'r') as f:
                    print(f['d'][()].tolist(), f['g/e2'].dtype)
                """, ours).trim()).isEqualTo("""
                Datatype int16 counts 2 3
                True int16 [1, -2, 3] True [('x', '<i4'), ('y', '<f8')] [(0, 0.0), (0, 0.0), (0, 0.0), (0, 0.0)]
                [1, -2, 3] [('x', '<i4'), ('y', '<f8')]""".strip());
        // the dataset's header names the type as libhdf5's does, and h5dump shows both files alike
        Path theirs = dir.resolve("theirs.h5");
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'w') as f:
                    f['t'] = np.dtype('<i2')
                    f.create_dataset('d', (3,), dtype=f['t'])
                """, theirs);
        Path plain = dir.resolve("plain.h5");
        try (H5File f = H5File.create(plain)) {
            f.createDataset("d", f.commitDatatype("t", DType.parse("<i2")), Shape.of(3), DatasetOptions.defaults());
        }
        assertThat(body(H5Dump.run(plain, "-H").outOrFail())).isEqualTo(body(H5Dump.run(theirs, "-H").outOrFail()));
        try (H5File f = H5File.open(plain)) {
            assertThat(((NamedDatatype) f.get("t")).dtype()).isEqualTo(DType.parse("<i2"));
            assertThat(f.dataset("d").dtype()).isEqualTo(DType.parse("<i2"));
        }
    }

    /** h5dump's output without the line naming the file. */
    private static String body(String dump) {
        return dump.substring(dump.indexOf('\n') + 1);
    }
}
