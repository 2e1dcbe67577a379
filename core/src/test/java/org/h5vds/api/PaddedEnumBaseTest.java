package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enumeration whose base integer has padding bits (a precision below its size, at a bit offset):
 * its members' values and its data are stored as such words, and h5py (libhdf5 converting to a
 * native base) and h5dump read the integers their significant bits hold.
 */
class PaddedEnumBaseTest {
    @TempDir
    Path dir;

    @Test
    void valuesAreTheSignificantBitsOfTheBase() {
        Path file = dir.resolve("enum_padded.h5");
        String h5py = Python.run("""
                import sys, h5py, numpy as np
                from h5py import h5t, h5s, h5d
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    i10 = h5t.STD_I16LE.copy()
                    i10.set_precision(10)
                    i10.set_offset(3)
                    en = h5t.enum_create(i10)
                    men = h5t.enum_create(h5t.NATIVE_INT16)
                    for name, v in [(b'LOW', -100), (b'HIGH', 200), (b'MAX', 511)]:
                        en.enum_insert(name, v)
                        men.enum_insert(name, v)
                    ds = h5d.create(f.id, b'e', en, h5s.create_simple((4,)))
                    ds.write(h5s.ALL, h5s.ALL, np.array([-100, 200, 511, -100], '<i2'), mtype=men)
                with h5py.File(sys.argv[1], 'r') as f:
                    print(list(f['e'][()]), sorted(h5py.check_enum_dtype(f['e'].dtype).items()))
                """, file);
        assertThat(h5py).isEqualTo("[-100, 200, 511, -100] [('HIGH', 200), ('LOW', -100), ('MAX', 511)]\n");
        try (H5File f = H5File.open(file)) {
            Dataset e = f.dataset("e");
            assertThat(e.dtype().enumMembers()).isEqualTo(Map.of("LOW", -100L, "HIGH", 200L, "MAX", 511L));
            NdArray v = e.read();
            assertThat(v.toShortArray()).containsExactly(new short[] {-100, 200, 511, -100});
            assertThat(v.enumNames()).containsExactly("LOW", "HIGH", "MAX", "LOW");
        }
    }
}
