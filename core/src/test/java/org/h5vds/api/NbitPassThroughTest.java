package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The n-bit filter on datatypes it has nothing to pack at the top level (an enumeration, a
 * fixed-length string): libhdf5 (H5Z__set_local_nbit) stores three client data values only, the
 * count, "need not compress" set and the chunk's element count, and its filter passes the chunks
 * through as they are (H5Z__filter_nbit checks that flag before the datatype description).
 */
class NbitPassThroughTest {
    @TempDir
    Path dir;

    @Test
    void chunksOfTypesWithNothingToPackReadAsStored() {
        Path file = dir.resolve("nbit_noop.h5");
        String h5py = Python.run("""
                import ctypes, sys, h5py, numpy as np
                from h5py import h5t, h5p, h5s, h5d
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                def write(f, name, tid, data, mtype):
                    dcpl = h5p.create(h5p.DATASET_CREATE)
                    dcpl.set_chunk((3,))
                    assert lib.H5Pset_nbit(ctypes.c_int64(dcpl.id)) >= 0
                    ds = h5d.create(f.id, name.encode(), tid, h5s.create_simple(data.shape), dcpl=dcpl)
                    ds.write(h5s.ALL, h5s.ALL, data, mtype=mtype)
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    en = h5t.enum_create(h5t.STD_I16BE)
                    en.enum_insert(b'LOW', -100)
                    en.enum_insert(b'HIGH', 200)
                    men = h5t.enum_create(h5t.NATIVE_INT16)
                    men.enum_insert(b'LOW', -100)
                    men.enum_insert(b'HIGH', 200)
                    write(f, 'enum', en, np.array([-100, 200, 200, -100, 200, -100, -100], '<i2'), men)
                    st = h5t.C_S1.copy()
                    st.set_size(5)
                    write(f, 'fixed', st, np.array([b'ab', b'cdefg', b'', b'hij'], 'S5'), st)
                with h5py.File(sys.argv[1], 'r') as f:
                    for name in ['enum', 'fixed']:
                        print(name, f[name].id.get_create_plist().get_filter(0)[2], list(f[name][()]))
                """, file);
        assertThat(h5py).isEqualTo("""
                enum (3, 1, 3) [-100, 200, 200, -100, 200, -100, -100]
                fixed (3, 1, 3) [b'ab', b'cdefg', b'', b'hij']
                """);
        try (H5File f = H5File.open(file)) {
            Dataset e = f.dataset("enum");
            assertThat(e.filters()).extracting(Dataset.Filter::id).containsExactly(5);
            assertThat(e.read().toShortArray()).containsExactly(new short[] {-100, 200, 200, -100, 200, -100, -100});
            assertThat(e.read().enumNames()).containsExactly("LOW", "HIGH", "HIGH", "LOW", "HIGH", "LOW", "LOW");
            assertThat(f.dataset("fixed").read().strings()).containsExactly("ab", "cdefg", "", "hij");
        }
    }
}
