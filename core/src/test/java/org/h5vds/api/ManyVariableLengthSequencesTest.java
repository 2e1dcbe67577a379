package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Many variable-length sequences of numbers, as h5py writes them: empty ones, int32, uint8,
 * big-endian float64, elements never written, one sequence of 300,000 values (more than the 1 MiB
 * after which {@code Conversions.VlenSequenceRead} ends a batch early), contiguous and chunked
 * (converted chunk by chunk, in parallel), more than one batch of 256 — read as h5py reads them.
 * The sequences are kept in the array's table as bytes and made into arrays when asked for.
 */
class ManyVariableLengthSequencesTest {

    @Test
    void readAsH5pyReadsThem() throws Exception {
        Path dir = H5pyVds.make("many-vlen-seq", """
                def seqs(t):
                    out = np.empty(1000, dtype=object)
                    for i in range(1000):
                        out[i] = (np.arange(i % 23, dtype=t) * 3 - i).astype(t)
                    out[500] = np.arange(300000, dtype=t)
                    return out
                with h5py.File('s.h5', 'w') as f:
                    f.create_dataset('i32', data=seqs('<i4'), dtype=h5py.vlen_dtype(np.dtype('<i4')))
                    f.create_dataset('u8', data=seqs('u1'), dtype=h5py.vlen_dtype(np.dtype('u1')), chunks=(64,))
                    f.create_dataset('f64be', data=seqs('>f8'), dtype=h5py.vlen_dtype(np.dtype('>f8')), chunks=(100,), compression='gzip')
                    holes = f.create_dataset('holes', (600,), dtype=h5py.vlen_dtype(np.dtype('<i4')))
                    holes[::3] = seqs('<i4')[:600:3]
                """);
        // h5py 3.7 reads a big-endian base byte-swapped (-1.0 as 3.0e-319); libhdf5's h5dump reads what
        // was written, as h5vds does: f64be is compared with the values written, and h5dump agrees on some
        String printed = H5pyVds.run(dir, """
                import json
                with h5py.File('s.h5', 'r') as f:
                    for name in ('i32', 'u8', 'holes'):
                        print(json.dumps([v.tolist() for v in f[name][()]]))
                    print(json.dumps([[] if i % 1000 == 0 else ([float(x) for x in range(300000)] if i == 500 else [float(k * 3 - i) for k in range(i % 23)]) for i in range(1000)]))
                """);
        assertThat(H5Dump.run(dir.resolve("s.h5"), "-d", "f64be", "-s", "1", "-c", "3").outOrFail().replaceAll("\\s+", " "))
                .contains("(1): (-1), (-2, 1), (-3, 0, 3)");
        String[] lines = printed.trim().split("\n");
        ObjectMapper m = new ObjectMapper();
        try (H5File f = H5File.open(dir.resolve("s.h5"))) {
            String[] names = {"i32", "u8", "holes", "f64be"};
            for (int i = 0; i < names.length; i++) {
                List<?> expected = m.readValue(lines[i], List.class);
                NdArray a = f.dataset(names[i]).read();
                assertThat(a.size()).as(names[i]).isEqualTo(expected.size());
                for (int k = 0; k < expected.size(); k++) {
                    List<?> want = (List<?>) expected.get(k);
                    NdArray got = (NdArray) a.getObject(k);
                    double[] values = got == null ? new double[0] : got.toDoubleArray();
                    assertThat(values).as("%s[%d]", names[i], k).hasSize(want.size());
                    for (int j = 0; j < want.size(); j++) {
                        assertThat(values[j]).as("%s[%d][%d]", names[i], k, j).isEqualTo(((Number) want.get(j)).doubleValue());
                    }
                }
                // made anew at each call, equal
                assertThat(a.getObject(7)).isEqualTo(a.getObject(7));
            }
            assertThat(((NdArray) f.dataset("i32").read().getObject(3)).dtype()).isEqualTo(DType.INT32);
            assertThat(((NdArray) f.dataset("u8").read().getObject(3)).dtype()).isEqualTo(DType.UINT8);
        }
    }
}
