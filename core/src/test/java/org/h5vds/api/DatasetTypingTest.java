package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * A dataset's dtype and memory form are worked out once per decoded header and shared by every
 * handle of it: each {@code f.dataset(name)} of a loop reads with them, and reads what h5py
 * reads whatever the type (a padded compound read as stored, a big-endian one, one with strings,
 * whose values live beside the bytes, an enumeration), through new handles, after a refresh, and
 * for a dataset this session writes.
 */
class DatasetTypingTest {

    private static Path file() {
        return H5pyVds.make("typing", """
                padded = np.dtype({'names': ['t', 'x'], 'formats': ['<f8', '<i2'], 'offsets': [0, 12], 'itemsize': 16})
                p = np.zeros(6, dtype=padded)
                p['t'] = np.arange(6) * 0.25
                p['x'] = -np.arange(6)
                big = np.arange(6, dtype='>i4') * 1000
                labelled = np.zeros(3, dtype=[('id', '<i4'), ('name', h5py.string_dtype())])
                labelled['id'] = [7, 8, 9]
                labelled['name'] = ['one', 'two', 'three']
                with h5py.File('typing.h5', 'w') as f:
                    f['padded'] = p
                    f['big'] = big
                    f['labelled'] = labelled
                    f.create_dataset('state', data=np.array([0, 2, 1], 'u1'), dtype=h5py.enum_dtype({'off': 0, 'on': 1, 'fault': 2}, 'u1'))
                save('padded', p)
                save('big', big)
                """);
    }

    @Test
    void everyHandleOfADatasetSharesItsTypingAndReadsAsH5pyDoes() {
        Path dir = file();
        NdArray padded = H5pyVds.expected(dir, "padded");
        NdArray big = H5pyVds.expected(dir, "big");
        try (H5File f = H5File.open(dir.resolve("typing.h5"))) {
            for (int round = 0; round < 3; round++) {
                assertThat(f.dataset("padded").read()).isEqualTo(padded);
                assertThat(f.dataset("padded").read("1:4")).isEqualTo(NumpyReference.select(padded, "1:4"));
                assertThat(f.dataset("big").read()).isEqualTo(big);
                assertThat(f.dataset("big").read("4").getLong()).isEqualTo(4000);
                NdArray labelled = f.dataset("labelled").read();
                assertThat(labelled.field("name").strings()).containsExactly("one", "two", "three");
                assertThat(labelled.field("id").toIntArray()).containsExactly(7, 8, 9);
                NdArray state = f.dataset("state").read();
                assertThat(List.of(state.enumName(0), state.enumName(1), state.enumName(2))).containsExactly("off", "fault", "on");
            }
            // one dtype for every handle: worked out once, not at each f.dataset(name) and read
            for (String name : new String[] {"padded", "big", "labelled", "state"}) {
                assertThat(f.dataset(name).dtype()).as(name).isSameAs(f.dataset(name).dtype());
            }
            Dataset d = f.dataset("padded");
            DType before = d.dtype();
            d.refresh();
            assertThat(d.dtype()).isEqualTo(before);
            assertThat(d.read()).isEqualTo(padded);
        }
    }

    @Test
    void aDatasetThisSessionWritesReadsWithItsOwnType(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path path = dir.resolve("w.h5");
        try (H5File f = H5File.create(path)) {
            Dataset d = f.createDataset("v", NdArray.of(new int[] {5, 6, 7}, 3));
            assertThat(d.read().toIntArray()).containsExactly(5, 6, 7);
            d.write("1", NdArray.of(new int[] {60}));
            assertThat(f.dataset("v").read().toIntArray()).containsExactly(5, 60, 7);
            f.flush();
            assertThat(f.dataset("v").read().toIntArray()).containsExactly(5, 60, 7);
            assertThat(f.dataset("v").dtype()).isEqualTo(DType.INT32);
        }
        try (H5File f = H5File.open(path)) {
            assertThat(f.dataset("v").read().toIntArray()).containsExactly(5, 60, 7);
        }
    }

    @Test
    void aDtypeKnowsWhetherItHoldsObjectsAtAnyDepth() {
        DType numbers = DType.compound(List.of(new DType.Field("a", 0, DType.INT32), new DType.Field("b", 8, DType.FLOAT64)), 16);
        assertThat(numbers.hasObjects()).isFalse();
        DType inner = DType.compound(List.of(new DType.Field("s", 0, DType.string())), DType.string().size());
        DType nested = DType.compound(List.of(new DType.Field("a", 0, DType.INT32), new DType.Field("in", 8, inner)), 8 + inner.size());
        assertThat(nested.hasObjects()).isTrue();
        assertThat(DType.array(inner, 2).hasObjects()).isTrue();
        assertThat(DType.array(DType.UINT16, 2, 3).hasObjects()).isFalse();
    }
}
