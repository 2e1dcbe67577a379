package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Source files are found where libhdf5 finds them: absolute names (or their last component),
 * relative names next to the virtual file or its resolved location or in the working directory,
 * the prefix option with {@code ${ORIGIN}}; missing sources read as the fill value, are listed,
 * and fail the read with {@link MissingSources#ERROR}. HDF5_VDS_PREFIX is covered by
 * VirtualEnvironmentPrefixTest (it needs a child process).
 */
class VirtualSourceResolutionTest {

    @Test
    void movingTheVirtualFileAndItsSourcesKeepsRelativeNamesWorking() throws IOException {
        // h5py's RelativeLinkTestCase: one source named by absolute path, one in the same file
        Path dir = H5pyVds.make("relative", """
                with h5py.File('testfile1.h5', 'w') as f:
                    f.create_dataset('data', data=np.arange(10, dtype='f4'))
                with h5py.File('testfile2.h5', 'w') as f:
                    f.create_dataset('data', data=np.arange(10, dtype='f4') * -1)
                    lay = h5py.VirtualLayout((2, 10), 'f4')
                    lay[0] = h5py.VirtualSource(os.path.abspath('testfile1.h5'), 'data', shape=(10,))
                    lay[1] = h5py.VirtualSource(os.path.abspath('testfile2.h5'), 'data', shape=(10,))
                    f.create_virtual_dataset('virtual', lay)
                os.rename('testfile2.h5', 'testfile3.h5')
                with h5py.File('testfile3.h5', 'r') as f:
                    save('moved_vds', f['virtual'][()])
                os.rename('testfile1.h5', 'testfile4.h5')
                with h5py.File('testfile3.h5', 'r') as f:
                    save('moved_source', f['virtual'][()])
                """);
        try (H5File f = H5File.open(dir.resolve("testfile3.h5"))) {
            Dataset v = f.dataset("virtual");
            assertThat(v.read()).isEqualTo(H5pyVds.expected(dir, "moved_source"));
            assertThat(v.unresolvedSources()).hasSize(2);
            assertThat(v.unresolvedSources().get(0).fileName()).endsWith("testfile1.h5");
        }
        Files.move(dir.resolve("testfile4.h5"), dir.resolve("testfile1.h5"));
        try (H5File f = H5File.open(dir.resolve("testfile3.h5"))) {
            Dataset v = f.dataset("virtual");
            assertThat(v.read()).isEqualTo(H5pyVds.expected(dir, "moved_vds"));
            // testfile2.h5 is gone; its absolute name is retried by its last component, which does not exist either
            assertThat(v.unresolvedSources()).extracting(UnresolvedSource::fileName).hasSize(1).allMatch(n -> n.endsWith("testfile2.h5"));
        }
    }

    @Test
    void aMovedFolderOfRelativeSourcesReadsFromItsNewPlace() throws IOException {
        Path dir = H5pyVds.make("folder", """
                os.makedirs('a/sub')
                with h5py.File('a/sub/src.h5', 'w') as f:
                    f['data'] = np.arange(6, dtype='<i2')
                with h5py.File('a/vds.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((6,), '<i2')
                    lay[:] = h5py.VirtualSource('sub/src.h5', 'data', shape=(6,))
                    f.create_virtual_dataset('v', lay, fillvalue=-1)
                with h5py.File('a/vds.h5', 'r') as f:
                    save('expected', f['v'][()])
                """);
        Path moved = dir.resolve("b");
        Files.move(dir.resolve("a"), moved);
        try (H5File f = H5File.open(moved.resolve("vds.h5"))) {
            assertThat(f.dataset("v").read()).isEqualTo(H5pyVds.expected(dir, "expected"));
        }
    }

    @Test
    void prefixOptionWithAndWithoutOrigin() {
        // h5py's test_virtual_prefix, plus ${ORIGIN}
        Path dir = H5pyVds.make("prefix", """
                os.makedirs('a'); os.makedirs('b')
                with h5py.File('a/src.h5', 'w') as f:
                    f['data'] = np.arange(10)
                with h5py.File('b/vds.h5', 'w') as f:
                    lay = h5py.VirtualLayout(shape=(10,), dtype=np.int64)
                    lay[:] = h5py.VirtualSource('src.h5', 'data', shape=(10,))
                    f.create_virtual_dataset('data', lay, fillvalue=-1)
                with h5py.File('b/vds.h5', 'r') as f:
                    save('no_prefix', f['data'][()])
                    save('prefix', open_with(f, 'data', prefix=os.path.abspath('a'))[()])
                    save('origin', open_with(f, 'data', prefix='${ORIGIN}/../a')[()])
                """);
        Path vds = dir.resolve("b/vds.h5");
        try (H5File f = H5File.open(vds)) {
            assertThat(f.dataset("data").read()).isEqualTo(H5pyVds.expected(dir, "no_prefix"));
            assertThat(f.dataset("data").unresolvedSources()).singleElement().extracting(UnresolvedSource::fileName).isEqualTo("src.h5");
        }
        try (H5File f = H5File.open(vds, ReadOptions.defaults().virtualPrefix(dir.resolve("a")))) {
            assertThat(f.dataset("data").read()).isEqualTo(H5pyVds.expected(dir, "prefix"));
            assertThat(f.dataset("data").unresolvedSources()).isEmpty();
        }
        try (H5File f = H5File.open(vds, ReadOptions.defaults().virtualPrefix("${ORIGIN}/../a"))) {
            assertThat(f.dataset("data").read()).isEqualTo(H5pyVds.expected(dir, "origin"));
        }
    }

    @Test
    void absoluteNamesFallBackToTheirLastComponentAndSymlinkedFilesToTheirRealFolder() throws IOException {
        Path dir = H5pyVds.make("absolute", """
                os.makedirs('real'); os.makedirs('links')
                with h5py.File('real/src.h5', 'w') as f:
                    f['data'] = np.arange(8, dtype='<u1')
                with h5py.File('real/vds.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((2, 8), '<u1')
                    lay[0] = h5py.VirtualSource('/no/such/folder/src.h5', 'data', shape=(8,))
                    lay[1] = h5py.VirtualSource('src.h5', 'data', shape=(8,))
                    f.create_virtual_dataset('v', lay, fillvalue=9)
                os.symlink(os.path.abspath('real/vds.h5'), 'links/vds.h5')
                with h5py.File('links/vds.h5', 'r') as f:
                    save('expected', f['v'][()])
                """);
        try (H5File f = H5File.open(dir.resolve("links/vds.h5"))) {
            assertThat(f.dataset("v").read()).isEqualTo(H5pyVds.expected(dir, "expected"));
            assertThat(f.dataset("v").unresolvedSources()).isEmpty();
        }
    }

    @Test
    void aCandidateThatIsNotHdf5IsSkipped() throws IOException {
        Path dir = H5pyVds.make("not-hdf5", """
                os.makedirs('p'); os.makedirs('v')
                with open('p/src.h5', 'w') as f:
                    f.write('not an HDF5 file')
                with h5py.File('v/src.h5', 'w') as f:
                    f['data'] = np.arange(4, dtype='<i4') + 40
                with h5py.File('v/vds.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((4,), '<i4')
                    lay[:] = h5py.VirtualSource('src.h5', 'data', shape=(4,))
                    f.create_virtual_dataset('v', lay, fillvalue=-1)
                with h5py.File('v/vds.h5', 'r') as f:
                    save('expected', open_with(f, 'v', prefix=os.path.abspath('p'))[()])
                """);
        try (H5File f = H5File.open(dir.resolve("v/vds.h5"), ReadOptions.defaults().virtualPrefix(dir.resolve("p")))) {
            assertThat(f.dataset("v").read()).isEqualTo(H5pyVds.expected(dir, "expected"));
        }
    }

    @Test
    void missingSourcesFillListAndFailOnRequest() {
        Path dir = H5pyVds.make("missing", """
                with h5py.File('src.h5', 'w') as f:
                    f['data'] = np.arange(10, dtype='<i4')
                    f.create_group('group')
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((4, 10), '<i4')
                    lay[0] = h5py.VirtualSource('src.h5', 'data', shape=(10,))
                    lay[1] = h5py.VirtualSource('nowhere.h5', 'data', shape=(10,))
                    lay[2] = h5py.VirtualSource('src.h5', 'nothing', shape=(10,))
                    lay[3] = h5py.VirtualSource('src.h5', 'group', shape=(10,))
                    f.create_virtual_dataset('v', lay, fillvalue=-7)
                with h5py.File('vds.h5', 'r') as f:
                    save('expected', f['v'][()])
                """);
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            Dataset v = f.dataset("v");
            assertThat(v.read()).isEqualTo(H5pyVds.expected(dir, "expected"));
            assertThat(v.unresolvedSources()).extracting(u -> u.fileName() + ":" + u.datasetName())
                    .containsExactly("nowhere.h5:data", "src.h5:nothing", "src.h5:group");
            assertThat(v.unresolvedSources().get(2).problem()).contains("group");
        }
        try (H5File f = H5File.open(dir.resolve("vds.h5"), ReadOptions.defaults().missingSources(MissingSources.ERROR))) {
            Dataset v = f.dataset("v");
            assertThat(v.read("0, 0:10")).isEqualTo(NumpyReference.select(H5pyVds.expected(dir, "expected"), "0, 0:10"));
            Throwable t = catchThrowable(() -> v.read("1, 3"));
            assertThat(t).isInstanceOf(H5Exception.class).hasMessageContaining("nowhere.h5").hasMessageContaining("missing");
            assertThat(catchThrowable(v::read)).isInstanceOf(H5Exception.class);
        }
    }
}
