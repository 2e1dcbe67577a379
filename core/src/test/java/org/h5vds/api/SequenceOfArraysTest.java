package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * A variable-length sequence of arrays (libhdf5's test file tarray7.h5 stores an array of them)
 * has no h5vds dtype: opening the dataset fails with an H5Exception naming the file and object,
 * not the IllegalArgumentException DType.sequence gives its callers; the rest of the file reads.
 */
class SequenceOfArraysTest {

    @Test
    void aSequenceOfArraysIsRefusedWithAnH5Exception() {
        Path dir = H5pyVds.make("vlen-of-arrays", """
                from h5py import h5d, h5s, h5t
                seq = h5t.vlen_create(h5t.array_create(h5t.STD_U32LE, (4,)))
                with h5py.File('seq.h5', 'w') as f:
                    h5d.create(f.id, b'seqs', h5t.array_create(seq, (2,)), h5s.create_simple((3,)))
                    h5d.create(f.id, b'plain', seq, h5s.create_simple((2,)))
                    f['ints'] = np.arange(3)
                """);
        try (H5File f = H5File.open(dir.resolve("seq.h5"))) {
            for (String name : new String[] {"seqs", "plain"}) {
                assertThatThrownBy(() -> f.dataset(name).read()).isInstanceOf(H5Exception.class)
                        .hasMessageContaining("seq.h5").hasMessageContaining("/" + name).hasMessageContaining("sequence of arrays");
            }
            assertThat(f.dataset("ints").read().toLongArray()).containsExactly(0, 1, 2);
        }
    }
}
