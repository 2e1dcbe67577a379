package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * A version 1 fill value message whose value is undefined, as libhdf5 1.6 wrote it under PyTables
 * (PyTables' tables/tests/attr-u16.h5): "defined" 0 and a size of -1 (0xFFFFFFFF). libhdf5
 * (H5O__fill_new_decode) reads the size only when the value is defined, and as a signed number,
 * so the value is undefined and the dataset reads. libhdf5 1.10 writes no such message: h5py
 * writes a version 2 message and the script turns it into that one (same length; a version 1
 * object header has no checksum).
 */
class OldFillValueMessageTest {

    @Test
    void anUndefinedVersion1FillValueWithSizeMinusOneReadsAsLibhdf5ReadsIt() {
        Path dir = H5pyVds.make("old-fill", """
                with h5py.File('old.h5', 'w', libver='earliest') as f:
                    d = f.create_dataset('data', shape=(3, 8), maxshape=(None, 8), chunks=(2, 8), dtype='u1')
                    d[0:2] = np.arange(16, dtype='u1').reshape(2, 8) + 1
                    c = f.create_dataset('contiguous', data=np.arange(5, dtype='<i2') - 2)
                raw = bytearray(open('old.h5', 'rb').read())
                was = bytes([5, 0, 8, 0, 1, 0, 0, 0, 2, 3, 0, 1, 0, 0, 0, 0])
                assert raw.count(was) == 1, raw.count(was)
                at = raw.find(was) + 8
                raw[at:at + 8] = bytes([1, 3, 2, 0, 0xff, 0xff, 0xff, 0xff])
                open('old.h5', 'wb').write(bytes(raw))
                with h5py.File('old.h5', 'r') as f:
                    save('data', f['data'][()])
                    save('contiguous', f['contiguous'][()])
                    try:
                        f['data'].fillvalue
                        raise AssertionError('libhdf5 took the fill value as defined')
                    except RuntimeError as e:
                        assert 'undefined' in str(e), e
                """);
        try (H5File f = H5File.open(dir.resolve("old.h5"))) {
            assertThat(f.dataset("data").read()).isEqualTo(H5pyVds.expected(dir, "data"));
            assertThat(f.dataset("data").read("2").toIntArray()).containsOnly(0);
            // h5py raises for an undefined fill value; h5vds's fillValue() is 0 when the file sets none
            assertThat(f.dataset("data").fillValue().getLong()).isZero();
            assertThat(f.dataset("contiguous").read()).isEqualTo(H5pyVds.expected(dir, "contiguous"));
        }
    }
}
