package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A virtual dataset whose mappings lie on both sides of element 2^31 (libhdf5 stores them as
 * unsigned 32-bit coordinates; h5vds holds the boxes as ints until one does not fit, then as
 * longs): one-element mappings below, across and beyond 2^31 - 1 read as h5py reads them, by a
 * first query (a scan), later ones (the index's tree), and a read of many pieces at once.
 */
class VirtualFarCoordinatesTest {
    static final long EDGE = 1L << 31;
    static Path dir;

    @BeforeAll
    static void write() {
        dir = H5pyVds.make("far", """
                E = 2 ** 31
                with h5py.File('far.h5', 'w', libver='latest') as f:
                    f['src'] = np.arange(1000, dtype='<i4')
                    vs = h5py.h5s.create_simple((4000000000,))
                    ss = h5py.h5s.create_simple((1000,))
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_fill_value(np.array([-1], dtype='<i4'))
                    def put(v, s, n):
                        vs.select_hyperslab((v,), (n,))
                        ss.select_hyperslab((s,), (n,))
                        dcpl.set_virtual(vs, b'.', b'src', ss)
                    for k in range(20):
                        put(k, k, 1)
                    for k in range(200):
                        put(E - 100 + k, 100 + k, 1)
                    put(3000000000, 400, 10)
                    for k in range(20):
                        put(100 + k, 500 + k, 1)
                    h5py.h5d.create(f.id, b'v', h5py.h5t.STD_I32LE, vs, dcpl=dcpl)
                with h5py.File('far.h5', 'r') as f:
                    v = f['v']
                    save('edge', v[E - 150:E + 150])
                    save('low', v[0:130])
                    save('far', v[3000000000 - 3:3000000000 + 13])
                """);
    }

    @Test
    void readsLikeH5pyOnBothSidesOf2To31() {
        try (H5File f = H5File.open(dir.resolve("far.h5"))) {
            Dataset v = f.dataset("v");
            // the first query scans the boxes; the next ones go through the tree
            assertThat(v.read(String.valueOf(EDGE)).toIntArray()).containsExactly(200);
            assertThat(v.read(String.valueOf(EDGE - 1)).toIntArray()).containsExactly(199);
            assertThat(v.read(String.valueOf(EDGE + 99)).toIntArray()).containsExactly(299);
            assertThat(v.read(String.valueOf(EDGE + 100)).toIntArray()).containsExactly(-1);
            assertThat(v.read("3000000005").toIntArray()).containsExactly(405);
            assertThat(v.read("19").toIntArray()).containsExactly(19);
            assertThat(v.read((EDGE - 150) + ":" + (EDGE + 150))).isEqualTo(H5pyVds.expected(dir, "edge"));
            assertThat(v.read("0:130")).isEqualTo(H5pyVds.expected(dir, "low"));
            assertThat(v.read("2999999997:3000000013")).isEqualTo(H5pyVds.expected(dir, "far"));
        }
    }
}
