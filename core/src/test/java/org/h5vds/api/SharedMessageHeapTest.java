package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files whose creator asked libhdf5 to share header messages in the shared-message heaps. */
class SharedMessageHeapTest {
    @TempDir
    Path dir;

    /** Python opening a new file (fid) whose shared-message table shares attributes of 8 bytes or more. */
    private static final String SHARING_ATTRIBUTES = """
                import ctypes, sys, h5py, numpy as np
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
                assert lib.H5Pset_shared_mesg_nindexes(ctypes.c_int64(fcpl.id), ctypes.c_uint(1)) >= 0
                # attributes of 8 bytes or more are shared
                assert lib.H5Pset_shared_mesg_index(ctypes.c_int64(fcpl.id), ctypes.c_uint(0), ctypes.c_uint(4096), ctypes.c_uint(8)) >= 0
                fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
                fapl.set_libver_bounds(h5py.h5f.LIBVER_LATEST, h5py.h5f.LIBVER_LATEST)
                fid = h5py.h5f.create(sys.argv[1].encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)
                """;

    @Test
    void datasetsAndAttributesWithHeapSharedMessagesRead() {
        Path file = dir.resolve("sohm.h5");
        // h5py has no wrapper for H5Pset_shared_mesg_*; call libhdf5 through ctypes
        Python.run("""
                import ctypes, sys, h5py, numpy as np
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
                assert lib.H5Pset_shared_mesg_nindexes(ctypes.c_int64(fcpl.id), ctypes.c_uint(2)) >= 0
                # index 0: dataspaces and datatypes; index 1: fill values, filter pipelines and attributes
                assert lib.H5Pset_shared_mesg_index(ctypes.c_int64(fcpl.id), ctypes.c_uint(0), ctypes.c_uint(2 | 8), ctypes.c_uint(1)) >= 0
                assert lib.H5Pset_shared_mesg_index(ctypes.c_int64(fcpl.id), ctypes.c_uint(1), ctypes.c_uint(32 | 2048 | 4096), ctypes.c_uint(1)) >= 0
                fid = h5py.h5f.create(sys.argv[1].encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl)
                with h5py.File(fid) as f:
                    for i in range(4):
                        d = f.create_dataset('d%d' % i, data=(np.arange(24).reshape(4, 6) * i).astype('>i4'),
                                             chunks=(2, 3), compression='gzip', fillvalue=-1)
                        d.attrs['scale'] = np.array([1.5, 2.5])
                        d.attrs['units'] = 'counts'
                """, file);
        try (H5File f = H5File.open(file)) {
            for (int i = 0; i < 4; i++) {
                Dataset d = f.dataset("d" + i);
                assertThat(d.dtype().numpy()).isEqualTo(">i4");
                assertThat(d.shape().toArray()).containsExactly(4, 6);
                assertThat(d.filters()).extracting(Dataset.Filter::id).containsExactly(1);
                assertThat(d.fillValue().getLong()).isEqualTo(-1);
                int[] got = d.read().toIntArray();
                for (int k = 0; k < 24; k++) assertThat(got[k]).isEqualTo(k * i);
                assertThat(d.attr("scale").value().toDoubleArray()).containsExactly(1.5, 2.5);
                assertThat(d.attr("units").string()).isEqualTo("counts");
            }
        }
    }

    /**
     * Attributes beyond the compact limit in a file that shares attributes: libhdf5 (H5A__dense_insert)
     * keeps each shared one in the shared-message heap only, its dense name record holding that
     * heap's ID and the shared flag, and h5py reads them from there.
     */
    @Test
    void denselyStoredAttributesSharedInTheHeapRead() {
        Path file = dir.resolve("sohm_dense.h5");
        Python.run(SHARING_ATTRIBUTES + """
                with h5py.File(fid) as f:
                    g = f.create_group('g')
                    for i in range(12):
                        g.attrs['a%02d' % i] = np.arange(i, dtype='<i8')
                    g.attrs['units'] = 'counts'
                with h5py.File(sys.argv[1], 'r') as f:
                    assert list(f['g'].attrs['a03']) == [0, 1, 2]
                """, file);
        try (H5File f = H5File.open(file)) {
            Group g = f.group("g");
            assertThat(g.attrs().size()).isEqualTo(13);
            for (int i = 0; i < 12; i++) {
                long[] expected = new long[i];
                for (int k = 0; k < i; k++) expected[k] = k;
                assertThat(g.attr(String.format("a%02d", i)).value().toLongArray()).as("a%02d", i).containsExactly(expected);
            }
            assertThat(g.attr("units").string()).isEqualTo("counts");
        }
    }

    /**
     * Attributes shared in the heap and kept in the header (a reference there) move to dense storage
     * when attributes added in place pass the compact limit: dense storage gets the attributes they
     * stand for, which h5py and h5dump read, and the other objects sharing them are untouched.
     */
    @Test
    void headerSharedAttributesMovedToDenseStorageStayReadable() {
        Path file = dir.resolve("sohm_grow.h5");
        Python.run(SHARING_ATTRIBUTES + """
                with h5py.File(fid) as f:
                    for name in ['a', 'b']:
                        d = f.create_dataset(name, data=np.arange(4))
                        d.attrs['units'] = 'counts'
                        d.attrs['scale'] = np.arange(20, dtype='<f8')
                """, file);
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            Dataset a = f.dataset("a");
            for (int i = 0; i < 8; i++) a.attrs().put("x" + i, i);
        }
        String out = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    for name in ['a', 'b']:
                        at = f[name].attrs
                        print(name, sorted(at.keys()), at['units'], at['scale'].sum(), sum(int(at.get('x%d' % i, 0)) for i in range(8)))
                """, file);
        assertThat(out).isEqualTo("""
                a ['scale', 'units', 'x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'] counts 190.0 28
                b ['scale', 'units'] counts 190.0 0
                """);
        try (H5File f = H5File.open(file)) {
            assertThat(f.dataset("a").attr("units").string()).isEqualTo("counts");
            assertThat(f.dataset("a").attrs().size()).isEqualTo(10);
        }
    }
}
