package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * A read whose selection holds more than 2^63 bytes (libhdf5's test file tlayouto.h5 has a
 * dataset of 8589934592 x 268435457 int32) fails as every read too large for one array does,
 * with an H5Exception naming the file and dataset; it threw an ArithmeticException ("long
 * overflow") counting the bytes. h5py refuses it too ("array is too big"), and a shape whose
 * product overflows with an empty axis as well.
 */
class HugeSelectionTest {

    @Test
    void aSelectionBeyondLongRangeIsTooLargeNotAnOverflow() {
        Path dir = H5pyVds.make("huge-selection", """
                with h5py.File('huge.h5', 'w') as f:
                    f.create_dataset('big', shape=(8589934592, 268435457), dtype='i4', chunks=(1, 1024))
                    f.create_dataset('empty', shape=(2**40, 2**40, 0), maxshape=(None, None, None), dtype='i4', chunks=(1, 1, 4))
                    f['big'][5, 0:3] = [1, 2, 3]
                """);
        try (H5File f = H5File.open(dir.resolve("huge.h5"))) {
            Dataset big = f.dataset("big");
            assertThatThrownBy(big::read).isInstanceOf(H5Exception.class)
                    .hasMessageContaining("huge.h5").hasMessageContaining("/big").hasMessageContaining("larger than one array can hold");
            assertThatThrownBy(() -> big.read("0:1099511627776")).isInstanceOf(H5Exception.class)
                    .hasMessageContaining("larger than one array can hold");
            assertThat(big.read("5, 0:4").toIntArray()).containsExactly(1, 2, 3, 0);
            // NumPy refuses such a shape even with an empty axis ("array is too big"), and so does h5py
            assertThatThrownBy(() -> f.dataset("empty").read()).isInstanceOf(H5Exception.class).hasMessageContaining("/empty");
        }
    }
}
