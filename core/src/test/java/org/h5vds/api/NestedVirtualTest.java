package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/** A source that is itself virtual reads through; sources that lead back to the dataset fail with the cycle named. */
class NestedVirtualTest {

    @Test
    void virtualSourcesOfVirtualDatasets() {
        Path dir = H5pyVds.make("nested", """
                for i in range(3):
                    with h5py.File(f'raw{i}.h5', 'w') as f:
                        f['d'] = np.arange(12, dtype='<i2').reshape(3, 4) + 100 * i
                lay = h5py.VirtualLayout((3, 3, 4), '<i2')
                for i in range(3):
                    lay[i] = h5py.VirtualSource(f'raw{i}.h5', 'd', shape=(3, 4))
                with h5py.File('inner.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('stack', lay, fillvalue=-1)
                lay = h5py.VirtualLayout((2, 3, 6), '<f4')
                lay[0, :, 0:4] = h5py.VirtualSource('inner.h5', 'stack', shape=(3, 3, 4))[2]
                lay[1, 1:3, 2:6] = h5py.VirtualSource('inner.h5', 'stack', shape=(3, 3, 4))[0, 0:2, :]
                with h5py.File('outer.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('view', lay, fillvalue=0.5)
                    lay2 = h5py.VirtualLayout((2, 3, 6), '<f4')
                    lay2[:] = h5py.VirtualSource('.', 'view', shape=(2, 3, 6))
                    f.create_virtual_dataset('view_of_view', lay2, fillvalue=9)
                with h5py.File('outer.h5', 'r') as f:
                    save('view', f['view'][()])
                    save('view_of_view', f['view_of_view'][()])
                """);
        VirtualReadTest.assertReadsLikeH5py(dir.resolve("outer.h5"), "view", H5pyVds.expected(dir, "view"));
        VirtualReadTest.assertReadsLikeH5py(dir.resolve("outer.h5"), "view_of_view", H5pyVds.expected(dir, "view_of_view"));
    }

    @Test
    void cyclesFailWithTheirPath() {
        Path dir = H5pyVds.make("cycle", """
                lay = h5py.VirtualLayout((4,), '<i4')
                lay[:] = h5py.VirtualSource('b.h5', 'b', shape=(4,))
                with h5py.File('a.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('a', lay)
                    lay = h5py.VirtualLayout((4,), '<i4')
                    lay[:] = h5py.VirtualSource('.', 'self', shape=(4,))
                    f.create_virtual_dataset('self', lay)
                lay = h5py.VirtualLayout((4,), '<i4')
                lay[:] = h5py.VirtualSource('a.h5', 'a', shape=(4,))
                with h5py.File('b.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('b', lay)
                """);
        try (H5File f = H5File.open(dir.resolve("a.h5"))) {
            Throwable t = catchThrowable(() -> f.dataset("a").read());
            assertThat(t).isInstanceOf(H5Exception.class).hasMessageContaining("cycle").hasMessageContaining("b.h5:/b")
                    .hasMessageContaining("a.h5:/a");
            assertThat(catchThrowable(() -> f.dataset("self").read())).isInstanceOf(H5Exception.class).hasMessageContaining("cycle");
        }
    }
}
