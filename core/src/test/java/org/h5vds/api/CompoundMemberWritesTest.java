package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compound values that hold some of a dataset's members, as h5py writes them
 * ({@code dset['x', 1:3] = ...}, a record array of some fields, a nested member): libhdf5 writes
 * those members and keeps what the file holds in the others; fields the dataset lacks are left
 * out. h5py makes the same writes into a twin of an h5py-written file, and the two files must hold
 * the same records; in chunked, contiguous and scalar datasets.
 */
class CompoundMemberWritesTest {
    @TempDir
    Path dir;

    private static final String MAKE = """
            import h5py, numpy as np, sys
            t = np.zeros(4, dtype=[('t', '<f8'), ('x', '<i4'), ('pos', [('a', '<f4'), ('b', '<f4')])])
            t['t'] = np.arange(4); t['x'] = 10 + np.arange(4); t['pos']['a'] = 100 + np.arange(4); t['pos']['b'] = 200 + np.arange(4)
            for path in sys.argv[1:]:
                with h5py.File(path, 'w') as f:
                    f.create_dataset('chunked', data=t, chunks=(2,))
                    f.create_dataset('contiguous', data=t)
                    f.create_dataset('scalar', data=t[1])
            """;

    @Test
    void membersLeftOutKeepWhatTheFileHolds() {
        Path ours = dir.resolve("ours.h5");
        Path theirs = dir.resolve("theirs.h5");
        Python.run(MAKE, ours, theirs);
        try (H5File f = H5File.open(ours, H5File.Mode.READ_WRITE)) {
            for (String name : new String[] {"chunked", "contiguous"}) {
                Dataset d = f.dataset(name);
                DType x = DType.compound(DType.field("x", DType.INT32));
                d.write("1:3", NdArray.ofFields(x, Map.of("x", NdArray.of(new int[] {77, 88}))));
                // another order, other types (converted), and a field the dataset lacks (left out)
                DType yt = DType.compound(DType.field("z", DType.INT32), DType.field("x", DType.INT64), DType.field("t", DType.FLOAT32));
                d.write("2:4", NdArray.ofFields(yt, Map.of("z", NdArray.of(new int[] {1, 2}), "x", NdArray.of(new long[] {7, 8}),
                        "t", NdArray.of(new float[] {1.25f, 2.25f}))));
                // a member of a nested compound
                DType posA = DType.compound(DType.field("pos", DType.compound(DType.field("a", DType.FLOAT32))));
                NdArray a = NdArray.ofFields(DType.compound(DType.field("a", DType.FLOAT32)), Map.of("a", NdArray.of(new float[] {5.5f, 6.5f})));
                d.write("0:2", NdArray.ofFields(posA, Map.of("pos", a)));
                // one record, one member, broadcast from a scalar record
                d.write("3", NdArray.ofFields(x, Map.of("x", NdArray.scalar(DType.INT32, 99))));
                assertThatThrownBy(() -> d.write("0:2", NdArray.ofFields(DType.compound(DType.field("z", DType.INT32)),
                        Map.of("z", NdArray.of(new int[] {1, 2})))))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/" + name).hasMessageContaining("[z]");
            }
            DType t = DType.compound(DType.field("t", DType.FLOAT64));
            f.dataset("scalar").write(NdArray.ofFields(t, Map.of("t", NdArray.scalar(DType.FLOAT64, -4.5))));
        }
        String out = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[2], 'r+') as f:
                    for name in ['chunked', 'contiguous']:
                        d = f[name]
                        d['x', 1:3] = np.array([77, 88], '<i4')
                        d[2:4] = np.array([(1, 7, 1.25), (2, 8, 2.25)], dtype=[('z', '<i4'), ('x', '<i8'), ('t', '<f4')])
                        d[0:2] = np.array([((5.5,),), ((6.5,),)], dtype=[('pos', [('a', '<f4')])])
                        d['x', 3] = 99
                    f['scalar']['t'] = -4.5
                ours, theirs = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')
                for k in ['chunked', 'contiguous', 'scalar']:
                    a, b = ours[k][()], theirs[k][()]
                    print(k, a.tolist() == b.tolist(), a.tolist(), b.tolist())
                """, ours, theirs);
        assertThat(out.lines().filter(l -> !l.isBlank()).toList()).hasSize(3)
                .allSatisfy(l -> assertThat(l.split(" ")[1]).as(l).isEqualTo("True"));
    }
}
