package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * A region reference whose global heap ID is garbage (HDFView's bug1604_CompoundTest.h5 holds
 * two, in a compound beside a string). libhdf5 reads such a dataset: a region reference is read
 * as its stored bytes, and only dereferencing it fails ("Unable dereference object"); h5dump
 * prints it as {@code DATASET ""}. h5vds read the heap object while reading the dataset, so the
 * whole read failed. The script makes the file with h5py and overwrites the first element's
 * heap collection address in the contiguous data with one past the end of the file.
 */
class UnreadableRegionReferenceTest {

    @Test
    void aRegionReferenceWhoseHeapObjectCannotBeReadReadsAndFailsOnlyWhenDereferenced() {
        Path dir = H5pyVds.make("bad-region-ref", """
                with h5py.File('refs.h5', 'w') as f:
                    d = f.create_dataset('data', data=np.arange(10, dtype='<i4'))
                    t = np.dtype([('name', h5py.string_dtype()), ('region', h5py.regionref_dtype)])
                    r = f.create_dataset('refs', shape=(2,), dtype=t)
                    r[0] = ('broken', d.regionref[1:3])
                    r[1] = ('intact', d.regionref[4:7])
                    at = r.id.get_offset()
                raw = bytearray(open('refs.h5', 'rb').read())
                # the first element's region reference: after the 16-byte vlen string, a heap ID of address and index
                raw[at + 16:at + 24] = (1 << 40).to_bytes(8, 'little')
                open('refs.h5', 'wb').write(bytes(raw))
                with h5py.File('refs.h5', 'r') as f:
                    v = f['refs'][()]
                    assert v[0]['name'] == b'broken' and v[1]['name'] == b'intact', v
                    try:
                        f[v[0]['region']]
                        raise AssertionError('libhdf5 dereferenced the broken reference')
                    except (ValueError, RuntimeError, KeyError) as e:
                        print('refused:', e)
                    save('intact', f['data'][v[1]['region']])
                """);
        try (H5File f = H5File.open(dir.resolve("refs.h5"))) {
            NdArray v = f.dataset("refs").read();
            assertThat(v.field("name").strings()).containsExactly("broken", "intact");
            Reference broken = (Reference) v.field("region").getObject(0);
            Reference intact = (Reference) v.field("region").getObject(1);
            assertThat(broken.kind()).isEqualTo(Reference.Kind.REGION);
            assertThat(broken.path()).isNull();
            assertThat(broken.regionText()).isNull();
            assertThatThrownBy(broken::dereference).isInstanceOf(H5Exception.class).hasMessageContaining("heap");
            assertThatThrownBy(broken::readRegion).isInstanceOf(H5Exception.class);
            assertThat(broken.toString()).contains("region reference");
            assertThat(intact.path()).isEqualTo("/data");
            assertThat(intact.regionText()).isEqualTo("[4:7]");
            assertThat(intact.readRegion()).isEqualTo(H5pyVds.expected(dir, "intact"));
        }
    }
}
