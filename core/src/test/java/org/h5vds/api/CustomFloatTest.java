package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Floats of layouts other than IEEE's, as libhdf5 lets a program define them: the dtype is h5py's
 * (the first NumPy float at least as wide that holds the mantissa and the exponent range) and the
 * values are libhdf5's conversion of them, read back here through h5py.
 */
class CustomFloatTest {

    private static Path file() {
        return H5pyVds.make("custom-floats", """
                from h5py import h5t, h5s, h5p, h5z
                values = np.array([1.0, -2.5, 0.125, 100.0, 0.0, -0.75], 'f4')
                with h5py.File('floats.h5', 'w') as f:
                    # libhdf5's own n-bit float (test/dsets.c test_nbit_float): sign at 26, exponent 20-25,
                    # mantissa 7-19, bit offset 7, 20 bits of precision; set_offset grows it to 5 bytes
                    t = h5t.IEEE_F32LE.copy()
                    t.set_fields(26, 20, 6, 7, 13); t.set_offset(7); t.set_precision(20); t.set_ebias(31)
                    h5py.h5d.create(f.id, b'offset5', t, h5s.create_simple((6,)))
                    dcpl = h5p.create(h5p.DATASET_CREATE); dcpl.set_chunk((4,)); dcpl.set_filter(h5z.FILTER_NBIT, 0, ())
                    h5py.h5d.create(f.id, b'nbit5', t, h5s.create_simple((6,)), dcpl=dcpl)
                    # the same fields in 4 bytes, big-endian
                    t4 = h5t.IEEE_F32BE.copy()
                    t4.set_fields(26, 20, 6, 7, 13); t4.set_offset(7); t4.set_precision(20); t4.set_size(4); t4.set_ebias(31)
                    h5py.h5d.create(f.id, b'offset4be', t4, h5s.create_simple((6,)))
                    for n in ['offset5', 'nbit5', 'offset4be']:
                        f[n][...] = values
                        save(n, f[n][...])
                    # IEEE binary128: no NumPy float holds a 112-bit mantissa (h5py refuses it)
                    q = h5t.IEEE_F64LE.copy()
                    q.set_size(16); q.set_precision(128); q.set_fields(127, 112, 15, 0, 112); q.set_ebias(16383)
                    h5py.h5d.create(f.id, b'quad', q, h5s.create_simple((2,)))
                    try:
                        f['quad'].dtype
                        raise SystemExit('h5py gave binary128 a dtype')
                    except ValueError:
                        pass
                """);
    }

    @Test
    void floatsWithABitOffsetReadAsH5pyReadsThem() {
        Path dir = file();
        try (H5File f = H5File.open(dir.resolve("floats.h5"))) {
            for (String name : new String[] {"offset5", "nbit5", "offset4be"}) {
                NdArray expected = H5pyVds.expected(dir, name);
                Dataset d = f.dataset(name);
                assertThat(d.dtype()).as(name).isEqualTo(expected.dtype());
                assertThat(d.read()).as(name).isEqualTo(expected);
                assertThat(d.read("1:5:2")).as(name).isEqualTo(NumpyReference.select(expected, "1:5:2"));
            }
            assertThat(f.dataset("offset5").dtype()).isEqualTo(DType.FLOAT64);
            assertThat(f.dataset("offset4be").dtype()).isEqualTo(DType.FLOAT32.withOrder(java.nio.ByteOrder.BIG_ENDIAN));
            assertThat(f.dataset("offset5").read().toDoubleArray()).containsExactly(1.0, -2.5, 0.125, 100.0, 0.0, -0.75);
        }
    }

    @Test
    void aFloatNoNumpyTypeHoldsIsRefusedNamingItsLayout() {
        Path dir = file();
        try (H5File f = H5File.open(dir.resolve("floats.h5"))) {
            assertThatThrownBy(() -> f.dataset("quad").read()).isInstanceOf(H5Exception.class)
                    .hasMessageContaining("/quad").hasMessageContaining("112-bit mantissa").hasMessageContaining("fits no NumPy float");
        }
    }
}
