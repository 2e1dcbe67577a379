package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.h5vds.testing.Python;
import org.h5vds.testing.SwmrWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * h5vds following a libhdf5 SWMR writer: h5py's (libhdf5 1.10.8) and libhdf5 1.14.3's through JNI
 * append frames while reader threads here refresh and read, some sharing one open file, some
 * with their own; through virtual datasets too (unlimited mappings in both views, printf
 * mappings). Every frame read must be complete and correct, shapes must only grow, and no error
 * may reach a reader.
 */
class SwmrReadTest {
    static final int H = 16;
    static final int W = 32;
    static final int FRAMES = 120;

    @TempDir
    Path dir;

    @Test
    void readersFollowAnH5pySwmrWriter() throws Exception {
        try (SwmrWriter w = SwmrWriter.h5py(dir, "plain", FRAMES, 0.005)) {
            follow(w, dir.resolve("live.h5"), List.of(new Followed("gzip", ReadOptions.defaults(), false),
                    new Followed("plain4", ReadOptions.defaults(), false)), 2);
        }
    }

    @Test
    void readersFollowALibhdf5_1_14SwmrWriter() throws Exception {
        try (SwmrWriter w = SwmrWriter.libhdf5(dir, FRAMES, 5)) {
            follow(w, dir.resolve("live.h5"), List.of(new Followed("gzip", ReadOptions.defaults(), false),
                    new Followed("plain4", ReadOptions.defaults(), false)), 2);
        }
    }

    @Test
    void readersFollowVirtualDatasetsOverSwmrSources() throws Exception {
        ReadOptions first = ReadOptions.defaults().virtualView(VirtualView.FIRST_MISSING);
        ReadOptions last = ReadOptions.defaults().virtualView(VirtualView.LAST_AVAILABLE);
        try (SwmrWriter w = SwmrWriter.h5py(dir, "vds", FRAMES, 0.005)) {
            follow(w, dir.resolve("vds.h5"), List.of(new Followed("interleaved", first, false), new Followed("interleaved", last, true),
                    new Followed("blocks", first, false), new Followed("blocks", last, false)), 1);
        }
    }

    /** A dataset followed with {@code options}; {@code lagging}: rows of sources that lag may read as fill until they arrive. */
    record Followed(String dataset, ReadOptions options, boolean lagging) {
    }

    /**
     * Runs {@code perDataset} pairs of reader threads per followed dataset (one opening the file
     * for itself, one sharing a file with the other pairs) until the writer has ended, then checks
     * that each saw every frame.
     */
    private static void follow(SwmrWriter w, Path file, List<Followed> followed, int perDataset) throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        List<long[]> progress = new ArrayList<>();
        ReadOptions sharedOptions = followed.get(0).options();
        try (H5File shared = H5File.open(file, sharedOptions)) {
            int seed = 0;
            for (Followed f : followed) {
                for (int k = 0; k < perDataset; k++) {
                    for (boolean own : new boolean[] {true, false}) {
                        if (!own && f.options() != sharedOptions) continue;
                        long[] seen = new long[2];
                        progress.add(seen);
                        Random rnd = new Random(seed++);
                        Thread t = new Thread(() -> {
                            try {
                                if (own) {
                                    try (H5File mine = H5File.open(file, f.options())) {
                                        readWhileWriting(w, mine.dataset(f.dataset()), f, rnd, seen);
                                    }
                                } else {
                                    readWhileWriting(w, shared.dataset(f.dataset()), f, rnd, seen);
                                }
                            } catch (Throwable e) {
                                failures.add(new AssertionError(f + (own ? " (own file)" : " (shared file)") + ": " + e, e));
                            }
                        }, "swmr-reader-" + f.dataset() + "-" + k + (own ? "-own" : "-shared"));
                        threads.add(t);
                        t.start();
                    }
                }
            }
            w.finish();
            for (Thread t : threads) t.join(120_000);
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " reader(s) failed; first: " + failures.peek().getMessage(), failures.peek());
            throw e;
        }
        for (int i = 0; i < progress.size(); i++) {
            assertThat(progress.get(i)[1]).as("reader %d refreshed while the writer wrote", i).isGreaterThan(1);
        }
    }

    /** Refreshes and reads the new rows (and now and then an old one) until the writer has ended; seen[0]: rows checked, seen[1]: refreshes. */
    private static void readWhileWriting(SwmrWriter w, Dataset d, Followed f, Random rnd, long[] seen) throws InterruptedException {
        long done = 0;
        long previous = 0;
        int expected = f.dataset().equals("blocks") ? FRAMES / 4 * 4 : FRAMES;
        while (true) {
            boolean writerEnded = !w.isAlive();
            d.refresh();
            seen[1]++;
            long n = d.shape().get(0);
            assertThat(n).as("%s: the shape only grows", f).isGreaterThanOrEqualTo(previous);
            previous = n;
            if (n > done) {
                long complete = check(d.read(done + ":" + n), done, f);
                done = f.lagging() ? complete : n;
            }
            if (n > 0 && rnd.nextInt(4) == 0) {
                long r = rnd.nextLong(n);
                check(d.read(r + ":" + (r + 1)), r, f);
            }
            seen[0] = done;
            if (writerEnded) break;
            Thread.sleep(rnd.nextInt(3));
        }
        assertThat(d.shape().get(0)).as("%s: the final shape", f).isEqualTo(expected);
        assertThat(done).as("%s: rows seen complete", f).isEqualTo(expected);
    }

    /**
     * Checks rows {@code [first, first + rows)}: each frame r holds r * 1000 + y * W + x. A lagging
     * view may read a row not yet written as fill (-1), whole; returns the end of the leading run
     * of complete rows.
     */
    private static long check(NdArray a, long first, Followed f) {
        int[] v = a.toIntArray();
        long rows = a.shape()[0];
        long completeUpTo = first;
        boolean gap = false;
        for (int i = 0; i < rows; i++) {
            long r = first + i;
            int at = i * H * W;
            if (f.lagging() && v[at] == -1) {
                for (int k = 0; k < H * W; k++) assertThat(v[at + k]).as("%s: row %d is fill, whole", f, r).isEqualTo(-1);
                gap = true;
                continue;
            }
            for (int k = 0; k < H * W; k++) {
                if (v[at + k] != r * 1000 + k) {
                    throw new AssertionError(f + ": row " + r + " element " + k + " is " + v[at + k] + ", not " + (r * 1000 + k));
                }
            }
            if (!gap) completeUpTo = r + 1;
        }
        return completeUpTo;
    }

    @Test
    void swmrFilesAreReadableAfterTheWriterEndsAndMarkedWhileItWrites() throws Exception {
        try (SwmrWriter w = SwmrWriter.h5py(dir, "plain", 40, 0.01)) {
            try (H5File f = H5File.open(dir.resolve("live.h5"))) {
                assertThat(f.writerState()).isIn(H5File.WriterState.SWMR_WRITING, H5File.WriterState.NONE);
                w.finish();
                assertThat(f.writerState()).isEqualTo(H5File.WriterState.NONE);
                assertThat(f.dataset("gzip").refresh().shape().get(0)).isEqualTo(40);
            }
        }
        assertThat(Files.exists(dir.resolve("live.h5"))).isTrue();
    }

    /**
     * A SWMR writer may rewrite an attribute's value in place (libhdf5 1.10 cannot add or delete
     * one in SWMR mode); h5py's {@code d.refresh()} then reads the new value, as
     * {@link Dataset#refresh()} must: the attributes come from the header read again.
     */
    @Test
    void refreshReadsTheAttributesTheWriterRewrote() throws Exception {
        Path file = dir.resolve("attrs.h5");
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    d = f.create_dataset('d', shape=(0,), maxshape=(None,), chunks=(2,), dtype='<i4')
                    d.attrs['n'] = np.int64(-1)
                    d.attrs['arr'] = np.zeros(3)
                """, file);
        String writer = """
                import sys, h5py, numpy as np
                f = h5py.File(sys.argv[1], 'r+', libver='latest')
                f.swmr_mode = True
                d = f['d']
                k = int(sys.argv[2])
                d.resize((k + 1,)); d[k] = k
                d.attrs.get_id('n').write(np.array(k, dtype='<i8'))
                d.attrs.get_id('arr').write(np.full(3, k + 0.5))
                f.flush()
                f.close()
                f = h5py.File(sys.argv[1], 'r', swmr=True)
                print(f['d'].shape[0], f['d'].attrs['n'], f['d'].attrs['arr'][2])
                """;
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset("d");
            assertThat(d.attrs().get("n").value().toLongArray()).containsExactly(-1);
            for (int k = 0; k < 3; k++) {
                String seen = Python.run(writer, file, k).strip();
                d.refresh();
                assertThat(d.shape().get(0) + " " + d.attrs().get("n").value().toLongArray()[0] + " " + d.attr("arr").value().toDoubleArray()[2])
                        .as("after write %d, as h5py reads it", k).isEqualTo(seen);
            }
        }
    }
}
