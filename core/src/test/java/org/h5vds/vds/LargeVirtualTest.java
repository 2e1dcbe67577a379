package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.OpenFile;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.ReadTarget;
import org.h5vds.testing.AllocatedBytes;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A virtual dataset of 100,000 one-element mappings (written by libhdf5 through h5py): reading one
 * element tests a few dozen index boxes instead of 100,000 mappings; whole and partial reads, from
 * eight threads at once, give exactly what the mappings say (element [i, j] takes source element
 * N - 1 - (100 i + j)) and what h5py read.
 */
class LargeVirtualTest {
    static final int N = 100_000;
    static Path dir;

    @BeforeAll
    static void write() {
        dir = H5pyVds.make("large", """
                N = 100000
                with h5py.File('big.h5', 'w', libver='latest') as f:
                    f['src'] = np.arange(N, dtype='<i4')
                    vs = h5py.h5s.create_simple((N // 100, 100))
                    ss = h5py.h5s.create_simple((N,))
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_fill_value(np.array([-1], dtype='<i4'))
                    for k in range(N):
                        i, j = divmod(k, 100)
                        vs.select_hyperslab((i, j), (1, 1))
                        ss.select_hyperslab((N - 1 - k,), (1,))
                        dcpl.set_virtual(vs, b'.', b'src', ss)
                    h5py.h5d.create(f.id, b'v', h5py.h5t.STD_I32LE, vs, dcpl=dcpl)
                with h5py.File('big.h5', 'r') as f:
                    save('rows', f['v'][995:1000])
                """);
    }

    static int expected(long i, long j) {
        return (int) (N - 1 - (i * 100 + j));
    }

    @Test
    void oneElementReadTestsAFewIndexBoxesNotEveryMapping() {
        try (VirtualReaders engine = new VirtualReaders(VirtualOptions.defaults()); OpenFile f = engine.openFile(dir.resolve("big.h5"))) {
            VirtualReader r = (VirtualReader) ((DatasetNode) f.resolve("v")).reader();
            assertThat(r.mappings()).hasSize(N);
            assertThat(r.dims()).containsExactly(N / 100, 100);
            byte[] out = new byte[4];
            // the first read scans the boxes (cheaper than building the tree it would use once); later ones use the tree
            r.read(new SelectionPair(Selection.box(new long[] {3, 4}, new long[] {1, 1}), Selection.box(new long[] {0, 0}, new long[] {1, 1})),
                    new ReadTarget(out, new long[] {1, 1}, 4), ElementConverter.bytes(4));
            assertThat(ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(expected(3, 4));
            long before = r.indexTests();
            r.read(new SelectionPair(Selection.box(new long[] {512, 37}, new long[] {1, 1}), Selection.box(new long[] {0, 0}, new long[] {1, 1})),
                    new ReadTarget(out, new long[] {1, 1}, 4), ElementConverter.bytes(4));
            assertThat(ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(expected(512, 37));
            assertThat(r.indexTests() - before).as("index boxes tested for one element of %d mappings", N).isLessThan(200);
        }
    }

    @Test
    void openingAndReadingOneElementKeepsAFewBytesPerMapping() {
        // per mapping: its virtual box as ints (16 bytes at rank 2), its source box (8 bytes at rank
        // 1), nothing per mapping for names every entry shares nor for caches of what no read met;
        // boxes as longs, names in two arrays and a cache slot per mapping made 77 bytes per mapping
        long[] bytes = new long[3];
        for (int round = 0; round < bytes.length; round++) {
            long before = AllocatedBytes.ofThisThread();
            try (H5File f = H5File.open(dir.resolve("big.h5"))) {
                assertThat(f.dataset("v").read("512, 37").toIntArray()).containsExactly(expected(512, 37));
            }
            bytes[round] = AllocatedBytes.ofThisThread() - before;
        }
        assertThat(bytes[bytes.length - 1]).as("bytes allocated by an open and a read of one element of %d mappings", N).isLessThan(32L * N);
    }

    @Test
    void readingManyMappingsAtOnceCostsTheirPointsOnce() {
        // 15,000 one-element mappings read together (one task: on this thread): their source and
        // target points, made once and handed over, and the buckets of the source's reader (81
        // bytes per mapping); not a copy of each list, nor arrays per mapping to show that they do
        // not overlap when they come in C order (about 170 bytes per mapping with those). Rounds
        // after the second: the first query scans, the second builds the index's tree
        int rows = 150;
        long[] bytes = new long[4];
        try (H5File f = H5File.open(dir.resolve("big.h5"))) {
            Dataset v = f.dataset("v");
            for (int round = 0; round < bytes.length; round++) {
                long before = AllocatedBytes.ofThisThread();
                int[] got = v.read("0:" + rows + ", :").toIntArray();
                bytes[round] = AllocatedBytes.ofThisThread() - before;
                assertThat(got[rows * 100 - 1]).isEqualTo(expected(rows - 1, 99));
            }
        }
        assertThat(bytes[bytes.length - 1]).as("bytes allocated by a read of %d one-element mappings", rows * 100).isLessThan(110L * rows * 100);
    }

    @Test
    void wholeAndPartialReadsFromEightThreads() throws Exception {
        try (H5File f = H5File.open(dir.resolve("big.h5"))) {
            Dataset v = f.dataset("v");
            int[] all = v.read().toIntArray();
            for (int k = 0; k < N; k++) assertThat(all[k]).isEqualTo(expected(k / 100, k % 100));
            assertThat(v.read("995:1000")).isEqualTo(H5pyVds.expected(dir, "rows"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    long seed = t;
                    done.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        for (int q = 0; q < 40; q++) {
                            int i0 = rnd.nextInt(N / 100);
                            int i1 = i0 + 1 + rnd.nextInt(Math.min(30, N / 100 - i0));
                            int j0 = rnd.nextInt(100);
                            int step = 1 + rnd.nextInt(4);
                            NdArray a = v.read(i0 + ":" + i1 + ", " + j0 + "::" + step);
                            int[] got = a.toIntArray();
                            int cols = (int) a.shape()[1];
                            for (int x = 0; x < got.length; x++) {
                                assertThat(got[x]).isEqualTo(expected(i0 + x / cols, j0 + (long) (x % cols) * step));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> d : done) d.get();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
