package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;

/** concat's default dtype is NumPy's result_type of the sources' ({@code DType.resultType}). */
class ConcatPromotionTest {
    @Test
    void concatOfMixedDtypesReadsInH5pyAsNumpyConcatenates() throws Exception {
        Path dir = H5pyVds.make("promotion", """
                with h5py.File('a.h5', 'w') as f:
                    f['d'] = np.arange(12, dtype='<u2').reshape(3, 4) * 5000
                with h5py.File('b.h5', 'w') as f:
                    f['d'] = np.arange(8, dtype='>i4').reshape(2, 4) * -1000
                """);
        Path out = dir.resolve("cat.h5");
        ConcatCheckTest.Result r = ConcatCheckTest.run("concat", "--overwrite", "--output", out.toString(), "--dataset", "v", "--axis", "0",
                dir.resolve("a.h5") + ":d", dir.resolve("b.h5") + ":d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("int32 (5, 4)");
        assertThat(Files.exists(out)).isTrue();
        String check = Python.run("""
                import sys, h5py, numpy as np
                d = sys.argv[1]
                a = h5py.File(d + '/a.h5', 'r')['d'][()]
                b = h5py.File(d + '/b.h5', 'r')['d'][()]
                with h5py.File(d + '/cat.h5', 'r') as f:
                    v = f['v'][()]
                expected = np.concatenate([a, b])
                assert v.dtype == expected.dtype, (v.dtype, expected.dtype)
                assert np.array_equal(v, expected), (v, expected)
                print('OK')
                """, dir.toString());
        assertThat(check.strip()).isEqualTo("OK");
    }
}
