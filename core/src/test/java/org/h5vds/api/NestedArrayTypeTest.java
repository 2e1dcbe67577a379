package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * An array type whose base is an array type (libhdf5's test file tarray3.h5 stores one) reads as
 * one array of all the dimensions, the form NumPy gives such a subarray dtype; the read failed
 * with "no conversion ... arrays of dimensions [4] and [4, 6, 3]".
 */
class NestedArrayTypeTest {

    @Test
    void anArrayOfArraysReadsAsOneArrayOfAllItsDimensions() {
        Path dir = H5pyVds.make("nested-array", """
                from h5py import h5d, h5s, h5t
                inner = h5t.array_create(h5t.STD_I32BE, (6, 3))
                outer = h5t.array_create(inner, (4,))
                values = np.arange(4 * 4 * 6 * 3, dtype='>i4')
                with h5py.File('nested.h5', 'w') as f:
                    d = h5d.create(f.id, b'nested', outer, h5s.create_simple((4,)))
                    d.write(h5s.ALL, h5s.ALL, values, mtype=outer)
                    h5py.h5a.create(f['nested'].id, b'attr', outer, h5s.create(h5s.SCALAR)).write(values[:72].copy(), mtype=outer)
                    save('nested', f['nested'][()])
                """);
        try (H5File f = H5File.open(dir.resolve("nested.h5"))) {
            Dataset d = f.dataset("nested");
            NdArray expected = H5pyVds.expected(dir, "nested");
            assertThat(expected.shape()).containsExactly(4, 4, 6, 3);
            NdArray read = d.read();
            assertThat(read.shape()).containsExactly(4, 4, 6, 3);
            assertThat(read.toIntArray()).isEqualTo(expected.toIntArray());
            assertThat(d.read("2").toIntArray()).isEqualTo(java.util.Arrays.copyOfRange(expected.toIntArray(), 144, 216));
            assertThat(d.attr("attr").value().toIntArray()).isEqualTo(java.util.Arrays.copyOfRange(expected.toIntArray(), 0, 72));
        }
    }
}
