package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h5vds.io.LocalFiles;
import org.h5vds.io.Locations;
import org.h5vds.io.Store;
import org.h5vds.io.StoreProvider;
import org.h5vds.io.Stores;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.OpenFile;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.ReadTarget;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Source files are opened once each, lazily, at most {@code openFiles} at a time (least recently
 * used idle ones closed); a virtual dataset over 2,000 files reads correctly in a process allowed
 * 256 file descriptors; eight threads reading through a small pool get exact answers.
 */
class SourceFilePoolTest {
    static final int FILES = 2000;
    static Path dir;

    @BeforeAll
    static void write() {
        dir = H5pyVds.make("many", """
                N = 2000
                for k in range(N):
                    with h5py.File(f'src_{k}.h5', 'w') as f:
                        f['d'] = np.arange(8, dtype='<i4') + 1000 * k
                lay = h5py.VirtualLayout((N, 8), '<i4')
                for k in range(N):
                    lay[k] = h5py.VirtualSource(f'src_{k}.h5', 'd', shape=(8,))
                shared = h5py.VirtualLayout((1000, 8), '<i4')
                for k in range(1000):
                    shared[k] = h5py.VirtualSource(f'src_{k % 10}.h5', 'd', shape=(8,))
                with h5py.File('many.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('v', lay, fillvalue=-1)
                    f.create_virtual_dataset('shared', shared, fillvalue=-1)
                """);
    }

    private static int[] read(VirtualReader r, long[] start, long[] count) {
        int n = (int) (count[0] * count[1]);
        byte[] out = new byte[n * 4];
        r.read(new SelectionPair(Selection.box(start, count), Selection.box(new long[2], count)), new ReadTarget(out, count, 4), ElementConverter.bytes(4));
        int[] v = new int[n];
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    @Test
    void eachFileOpensOnceAndTheLimitHolds() {
        VirtualOptions options = VirtualOptions.defaults().withOpenFiles(16);
        try (VirtualReaders engine = new VirtualReaders(options); OpenFile f = engine.openFile(dir.resolve("many.h5"))) {
            VirtualReader shared = (VirtualReader) ((DatasetNode) f.resolve("shared")).reader();
            int[] all = read(shared, new long[] {0, 0}, new long[] {1000, 8});
            for (int k = 0; k < all.length; k++) assertThat(all[k]).isEqualTo((k / 8 % 10) * 1000 + k % 8);
            assertThat(engine.pool().openings()).as("1000 mappings over 10 files").isEqualTo(10);
            assertThat(engine.openSourceFiles()).isEqualTo(10);

            VirtualReader v = (VirtualReader) ((DatasetNode) f.resolve("v")).reader();
            int[] rows = read(v, new long[] {100, 0}, new long[] {300, 8});
            for (int k = 0; k < rows.length; k++) assertThat(rows[k]).isEqualTo((100 + k / 8) * 1000 + k % 8);
            assertThat(engine.openSourceFiles()).isLessThanOrEqualTo(16);
        }
    }

    /**
     * A virtual dataset whose source names the virtual file itself by its file name (not ".")
     * reads through the handle the file was opened with: the pool opens no second one, although
     * the file's identity is worked out only at that first lookup.
     */
    @Test
    void aSourceNamingTheVirtualFileByNameReadsThroughItsOwnHandle() {
        Path self = H5pyVds.make("self-named", """
                with h5py.File('self.h5', 'w', libver='latest') as f:
                    f['d'] = np.arange(8, dtype='<i4') + 70
                    lay = h5py.VirtualLayout((2, 8), '<i4')
                    lay[0] = h5py.VirtualSource('self.h5', 'd', shape=(8,))
                    lay[1] = h5py.VirtualSource('.', 'd', shape=(8,))
                    f.create_virtual_dataset('v', lay, fillvalue=-1)
                """);
        try (VirtualReaders engine = new VirtualReaders(VirtualOptions.defaults()); OpenFile f = engine.openFile(self.resolve("self.h5"))) {
            VirtualReader v = (VirtualReader) ((DatasetNode) f.resolve("v")).reader();
            int[] all = read(v, new long[] {0, 0}, new long[] {2, 8});
            for (int k = 0; k < all.length; k++) assertThat(all[k]).isEqualTo(70 + k % 8);
            assertThat(engine.pool().openings()).as("files the pool opened").isZero();
        }
    }

    /**
     * Identifying a local file resolves its real path (a readlink per path component): the virtual
     * file is identified once, when a virtual dataset first needs it (not when the file is opened:
     * an open to read a small dataset identifies nothing), and each source once per dataset that
     * finds it; the virtual datasets in the file take its identity from the pool.
     */
    @Test
    void theVirtualFileAndEachSourceAreIdentifiedOnce() {
        java.util.concurrent.atomic.AtomicInteger identified = new java.util.concurrent.atomic.AtomicInteger();
        StoreProvider counting = new StoreProvider() {
            @Override
            public Store open(String location) {
                return LocalFiles.INSTANCE.open(location);
            }

            @Override
            public String identify(String location) {
                identified.incrementAndGet();
                return LocalFiles.INSTANCE.identify(location);
            }
        };
        try (VirtualReaders engine = new VirtualReaders(VirtualOptions.defaults(), Stores.local().with(Locations.FILE, counting));
             OpenFile f = engine.openFile(dir.resolve("many.h5"))) {
            assertThat(identified).as("at open").hasValue(0);
            VirtualReader shared = (VirtualReader) ((DatasetNode) f.resolve("shared")).reader();
            VirtualReader v = (VirtualReader) ((DatasetNode) f.resolve("v")).reader();
            assertThat(identified).as("the datasets' keys").hasValue(1);
            int[] rows = read(shared, new long[] {0, 0}, new long[] {20, 8});
            for (int k = 0; k < rows.length; k++) assertThat(rows[k]).isEqualTo((k / 8 % 10) * 1000 + k % 8);
            assertThat(identified).as("10 sources found").hasValue(1 + 10);
            assertThat(read(v, new long[] {3, 0}, new long[] {1, 8})[0]).isEqualTo(3000);
            assertThat(identified).as("a source of another dataset found").hasValue(1 + 10 + 1);
        }
    }

    @Test
    void eightThreadsThroughASmallPool() throws Exception {
        VirtualOptions options = VirtualOptions.defaults().withOpenFiles(8);
        try (VirtualReaders engine = new VirtualReaders(options); OpenFile f = engine.openFile(dir.resolve("many.h5"))) {
            VirtualReader v = (VirtualReader) ((DatasetNode) f.resolve("v")).reader();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    long seed = t;
                    done.add(threads.submit(() -> {
                        Random rnd = new Random(seed);
                        for (int q = 0; q < 30; q++) {
                            int row = rnd.nextInt(FILES - 40);
                            int n = 1 + rnd.nextInt(40);
                            int[] got = read(v, new long[] {row, 0}, new long[] {n, 8});
                            for (int k = 0; k < got.length; k++) assertThat(got[k]).isEqualTo((row + k / 8) * 1000 + k % 8);
                        }
                        return null;
                    }));
                }
                for (Future<?> d : done) d.get();
            } finally {
                threads.shutdownNow();
            }
            assertThat(engine.openSourceFiles()).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void twoThousandSourcesUnderAFileDescriptorLimitOf256() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        String command = "ulimit -n 256 && exec '" + java + "' -cp '" + cp + "' " + ManySourcesMain.class.getName() + " '"
                + dir.resolve("many.h5").toAbsolutePath() + "'";
        String out = Python.Processes.run(List.of("/bin/bash", "-c", command), 600);
        assertThat(out.strip()).isEqualTo("ok (2000, 8)");
    }
}
