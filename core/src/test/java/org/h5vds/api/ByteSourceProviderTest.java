package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.MemoryProvider;
import org.h5vds.testing.ServiceMemoryProvider;
import org.junit.jupiter.api.Test;

/**
 * Files read through a plugged-in {@link ByteSourceProvider} (an in-memory "file system" under
 * {@code mem://}), as the Spark module reads through Hadoop: every value equal to h5py's read of
 * the local copies; relative source names resolved against the virtual file's own location,
 * {@code ${ORIGIN}} and the prefix option on locations, absolute names of another scheme in both
 * directions, external links, printf sources, missing files and failing reads.
 */
class ByteSourceProviderTest {
    /** h5py's vds_simple with relative source names, a subfolder of sources for the prefix, and an external link. */
    private static final Path DIR = H5pyVds.make("provider", """
            os.makedirs('run/raw')
            for n in range(4):
                with h5py.File(f'run/{n}.h5', 'w') as f:
                    f['data'] = np.arange(100, dtype='i4') + n
                with h5py.File(f'run/raw/{n}.h5', 'w') as f:
                    f['data'] = np.arange(100, dtype='i4') * 10 + n
            lay = h5py.VirtualLayout(shape=(4, 100), dtype='i4')
            for n in range(4):
                lay[n] = h5py.VirtualSource(f'{n}.h5', 'data', shape=(100,))
            with h5py.File('run/VDS.h5', 'w', libver='latest') as f:
                f.create_virtual_dataset('vdata', lay, fillvalue=-5)
                f['chunked'] = h5py.ExternalLink('chunks.h5', '/frames')
            with h5py.File('run/chunks.h5', 'w') as f:
                f.create_dataset('frames', data=np.arange(64 * 32 * 32, dtype='<u2').reshape(64, 32, 32), chunks=(1, 32, 32), compression='gzip', shuffle=True)
            with h5py.File('run/VDS.h5', 'r') as f:
                save('vdata', f['vdata'][()])
                save('frames', f['chunked'][()])
            with h5py.File('run/VDS.h5', 'r') as f:
                save('vdata_raw', open_with(f, 'vdata', prefix=os.path.abspath('run/raw'))[()])
            """);

    private static MemoryProvider bucket() {
        return new MemoryProvider("mem").putTree(DIR.resolve("run"), "mem://bucket/run");
    }

    private static ReadOptions through(MemoryProvider p) {
        return ReadOptions.defaults().provider(p);
    }

    @Test
    void relativeSourcesResolveInTheVirtualFilesOwnFolder() {
        MemoryProvider p = bucket();
        try (H5File f = H5File.open("mem://bucket/run/VDS.h5", through(p))) {
            assertThat(f.location()).isEqualTo("mem://bucket/run/VDS.h5");
            assertThat(f.dataset("vdata").read()).isEqualTo(H5pyVds.expected(DIR, "vdata"));
            assertThat(f.dataset("vdata").unresolvedSources()).isEmpty();
        }
        for (int n = 0; n < 4; n++) assertThat(p.opens("mem://bucket/run/" + n + ".h5")).isEqualTo(1);
    }

    @Test
    void originAndPrefixOptionsWorkOnLocations() {
        MemoryProvider p = bucket();
        p.remove("mem://bucket/run/0.h5"); // so that the prefix, not the folder, supplies it
        try (H5File f = H5File.open("mem://bucket/run/VDS.h5", through(p).virtualPrefix("${ORIGIN}/sub/../raw"))) {
            NdArray a = f.dataset("vdata").read();
            assertThat(a).isEqualTo(H5pyVds.expected(DIR, "vdata_raw"));
        }
        // dot segments are resolved before the file is opened: one identity per file
        assertThat(p.opens("mem://bucket/run/raw/0.h5")).isEqualTo(1);
        try (H5File f = H5File.open("mem://bucket/run/VDS.h5", through(p).virtualPrefix("mem://bucket/run/raw"))) {
            assertThat(f.dataset("vdata").read()).isEqualTo(H5pyVds.expected(DIR, "vdata_raw"));
        }
    }

    @Test
    void aMissingSourceReadsAsTheFillValueAndIsNamed() {
        MemoryProvider p = bucket();
        p.remove("mem://bucket/run/2.h5");
        try (H5File f = H5File.open("mem://bucket/run/VDS.h5", through(p))) {
            Dataset v = f.dataset("vdata");
            int[] values = v.read().toIntArray();
            int[] expected = H5pyVds.expected(DIR, "vdata").toIntArray();
            for (int i = 0; i < 400; i++) assertThat(values[i]).isEqualTo(i / 100 == 2 ? -5 : expected[i]);
            assertThat(v.unresolvedSources()).singleElement().extracting(UnresolvedSource::fileName).isEqualTo("2.h5");
        }
        try (H5File f = H5File.open("mem://bucket/run/VDS.h5", through(p).missingSources(MissingSources.ERROR))) {
            assertThat(catchThrowable(() -> f.dataset("vdata").read())).isInstanceOf(H5Exception.class).hasMessageContaining("2.h5");
        }
    }

    @Test
    void externalLinksAndChunkedReadsGoThroughTheProviderFromManyThreads() throws Exception {
        MemoryProvider p = bucket();
        NdArray expected = H5pyVds.expected(DIR, "frames");
        try (H5File f = H5File.open("mem://bucket/run/VDS.h5", through(p))) {
            Dataset frames = f.dataset("chunked");
            assertThat(frames.read()).isEqualTo(expected);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<NdArray>> reads = new ArrayList<>();
                for (int k = 0; k < 64; k++) {
                    int frame = k;
                    reads.add(pool.submit(() -> frames.read(String.valueOf(frame))));
                }
                for (int k = 0; k < 64; k++) {
                    assertThat(reads.get(k).get()).isEqualTo(NumpyReference.select(expected, k + ", :, :"));
                }
            } finally {
                pool.shutdown();
            }
        }
        assertThat(p.opens("mem://bucket/run/chunks.h5")).isEqualTo(1);
    }

    @Test
    void aLocalVirtualFileReadsSourcesNamedByAnotherSchemeAndBack(@org.junit.jupiter.api.io.TempDir Path tmp) {
        MemoryProvider p = bucket();
        // local VDS, sources named mem://...
        Path local = tmp.resolve("local.h5");
        VirtualLayout layout = new VirtualLayout(Shape.of(4, 100), DType.INT32);
        for (int n = 0; n < 4; n++) layout.set(Index.of(Index.at(n)), new VirtualSource("mem://bucket/run/" + n + ".h5", "data", Shape.of(100)));
        try (H5File f = H5File.create(local)) {
            f.createVirtualDataset("vdata", layout, -5);
        }
        try (H5File f = H5File.open(local, through(p))) {
            assertThat(f.dataset("vdata").read()).isEqualTo(H5pyVds.expected(DIR, "vdata"));
        }
        // a VDS in memory whose sources are absolute local paths
        VirtualLayout back = new VirtualLayout(Shape.of(4, 100), DType.INT32);
        for (int n = 0; n < 4; n++) {
            back.set(Index.of(Index.at(n)), new VirtualSource(DIR.resolve("run/" + n + ".h5").toAbsolutePath().toString(), "data", Shape.of(100)));
        }
        Path remoteCopy = tmp.resolve("back.h5");
        try (H5File f = H5File.create(remoteCopy)) {
            f.createVirtualDataset("vdata", back, -5);
        }
        p.putTree(tmp, "mem://other/place");
        try (H5File f = H5File.open("mem://other/place/back.h5", through(p))) {
            assertThat(f.dataset("vdata").read()).isEqualTo(H5pyVds.expected(DIR, "vdata"));
        }
    }

    @Test
    void printfSourcesAreFoundOnLocations() {
        Path dir = H5pyVds.make("provider-printf", H5pyVds.printfLine(".") + """
                with h5py.File('vds.h5', 'r') as f:
                    save('gap0', f['line'][()])
                    save('gap1', open_with(f, 'line', view=LAST, gap=1)[()])
                """);
        MemoryProvider p = new MemoryProvider("mem").putTree(dir, "mem://b/x");
        try (H5File f = H5File.open("mem://b/x/vds.h5", through(p))) {
            assertThat(f.dataset("line").read()).isEqualTo(H5pyVds.expected(dir, "gap0"));
        }
        try (H5File f = H5File.open("mem://b/x/vds.h5", through(p).printfGap(1))) {
            assertThat(f.dataset("line").read()).isEqualTo(H5pyVds.expected(dir, "gap1"));
        }
    }

    @Test
    void errorsNameTheLocationAndTheCause() {
        MemoryProvider p = bucket();
        assertThat(catchThrowable(() -> H5File.open("mem://bucket/run/nothing.h5", through(p))))
                .isInstanceOf(NoSuchFileException.class).hasMessage("mem://bucket/run/nothing.h5: cannot open: no such file");
        assertThat(catchThrowable(() -> H5File.open("nope://bucket/x.h5")))
                .isInstanceOf(H5Exception.class).hasMessageContaining("nope://bucket/x.h5").hasMessageContaining("register a provider for nope");
        p.put("mem://bucket/short.h5", new byte[] {(byte) 0x89, 'H', 'D', 'F'});
        assertThat(catchThrowable(() -> H5File.open("mem://bucket/short.h5", through(p))))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("mem://bucket/short.h5").hasMessageContaining("not an HDF5 file");
        try (H5File f = H5File.open("mem://bucket/run/VDS.h5", through(p))) {
            p.failReadsOf("mem://bucket/run/chunks.h5");
            assertThat(catchThrowable(() -> f.dataset("chunked").read()))
                    .isInstanceOf(H5Exception.class).hasMessageContaining("mem://bucket/run/chunks.h5").hasMessageContaining("injected failure");
        }
        assertThat(catchThrowable(() -> H5File.open("mem://bucket/run/VDS.h5", through(p)).path()))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("location()");
    }

    @Test
    void aProviderOnTheClassPathIsFoundWithoutOptions() {
        ServiceMemoryProvider.FILES.putTree(DIR.resolve("run"), "svcmem://bucket/run");
        try (H5File f = H5File.open(java.net.URI.create("svcmem://bucket/run/VDS.h5"))) {
            assertThat(f.dataset("vdata").read()).isEqualTo(H5pyVds.expected(DIR, "vdata"));
        }
    }

    @Test
    void providerOptionsNeedASchemeAndLocalPathsStillWorkAsStrings() {
        ByteSourceProvider none = new MemoryProvider("x") {
            @Override
            public java.util.Set<String> schemes() {
                return java.util.Set.of();
            }
        };
        assertThat(catchThrowable(() -> ReadOptions.defaults().provider(none))).isInstanceOf(IllegalArgumentException.class);
        try (H5File f = H5File.open(DIR.resolve("run/VDS.h5").toString())) {
            assertThat(f.dataset("vdata").read()).isEqualTo(H5pyVds.expected(DIR, "vdata"));
        }
        try (H5File f = H5File.open(DIR.resolve("run/VDS.h5").toUri())) {
            assertThat(f.dataset("vdata").read()).isEqualTo(H5pyVds.expected(DIR, "vdata"));
        }
    }
}
