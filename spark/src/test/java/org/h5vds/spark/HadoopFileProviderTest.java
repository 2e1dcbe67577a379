package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.h5vds.api.ByteSource;
import org.h5vds.api.ByteSourceProvider;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * The Hadoop provider on its own, over Hadoop's local file system (the {@code file} scheme given
 * to it instead of the library's built-in reader): a virtual dataset and its relative and printf
 * sources read as h5py reads them, from several threads' chunk reads.
 */
class HadoopFileProviderTest {
    @Test
    void readsVirtualDatasetsThroughHadoopsLocalFileSystem() {
        Path dir = H5pyVds.make("spark-provider", """
                layout = h5py.VirtualLayout(shape=(30, 8), dtype='<f4')
                for i in range(3):
                    with h5py.File(f'p_{i}.h5', 'w') as f:
                        f.create_dataset('d', data=np.arange(80, dtype='<f4').reshape(10, 8) + 100 * i, chunks=(2, 8), compression='gzip')
                    layout[10 * i:10 * i + 10] = h5py.VirtualSource(f'p_{i}.h5', 'd', shape=(10, 8))
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('v', layout)
                    save('v', f['v'][()])
                vspace = h5py.h5s.create_simple((0, 8), (U, 8))
                vspace.select_hyperslab((0, 0), (U, 1), stride=(10, 1), block=(10, 8))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_virtual(vspace, b'p_%b.h5', b'd', h5py.h5s.create_simple((10, 8)))
                with h5py.File('printf.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'v', h5py.h5t.IEEE_F32LE, vspace, dcpl=dcpl)
                """);
        HadoopFileProvider provider = new HadoopFileProvider(new Configuration(), Set.of("file"));
        java.util.List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReadOptions hadoop = ReadOptions.defaults().provider(new ByteSourceProvider() {
            @Override
            public Set<String> schemes() {
                return provider.schemes();
            }

            @Override
            public ByteSource open(String location) throws java.io.IOException {
                opened.add(location.substring(location.lastIndexOf('/') + 1));
                return provider.open(location);
            }

            @Override
            public java.util.List<String> list(String folder) throws java.io.IOException {
                return provider.list(folder);
            }
        });
        try (H5File f = H5File.open("file://" + dir.resolve("vds.h5"), hadoop)) {
            assertThat(f.dataset("v").read()).isEqualTo(H5pyVds.expected(dir, "v"));
        }
        assertThat(opened).as("the file and its sources opened through Hadoop").containsExactlyInAnyOrder("vds.h5", "p_0.h5", "p_1.h5", "p_2.h5");
        try (H5File f = H5File.open("file://" + dir.resolve("printf.h5"), hadoop)) {
            assertThat(f.dataset("v").read()).isEqualTo(H5pyVds.expected(dir, "v"));
        }
        assertThatThrownBy(() -> H5File.open("file://" + dir.resolve("absent.h5"), hadoop)).hasMessageContaining("absent.h5");
    }
}
