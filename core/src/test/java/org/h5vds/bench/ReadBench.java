package org.h5vds.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.filter.codec.ZlibStream;
import org.h5vds.testing.Python;

/**
 * Read throughput of h5vds against h5py (libhdf5 1.10.8) on the same files in the same run:
 * a chunked gzip+shuffle dataset and a contiguous one, each at least 100 MiB of uint16 detector-like
 * frames, read whole, frame by frame into a new array each ({@code d.read("k")} against h5py's
 * {@code d[k]}), and frame by frame into one reused buffer ({@code d.readInto("k", buffer)} against
 * h5py's {@code d.read_direct(out, np.s_[k])}), and frame by frame into new arrays once per opening of the
 * file (a processing loop: open, read every frame once, close). Prints MB/s (uncompressed bytes) for
 * both and the ratio.
 *
 * <p>Run with {@code ./bench.sh read [DIR]}; the files are generated once into DIR
 * (default target/bench).
 */
public final class ReadBench {
    static final int FRAMES = 200, SIDE = 512;
    static final long BYTES = (long) FRAMES * SIDE * SIDE * 2;
    /** Warm-ups after which a whole read runs as in a long-running reader (both sides get them). */
    static final int SETTLE = 20;
    /** Openings measured in the one-pass-an-opening rows, after a first one on both sides. */
    static final int OPENINGS = 4;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("read-bench.h5");
        if (!Files.exists(file)) generate(file);
        System.out.printf("h5vds read benchmark: %d frames of %dx%d uint16 = %.0f MiB per dataset, %d cores%n",
                FRAMES, SIDE, SIDE, BYTES / 1048576.0, Runtime.getRuntime().availableProcessors());
        List<String[]> rows = new ArrayList<>();
        for (String ds : new String[] {"/gzip_shuffle", "/contiguous"}) {
            double py = h5pyFull(file, ds, 1);
            double us = h5vdsFull(file, ds, 1);
            rows.add(new String[] {ds + " whole", fmt(us), fmt(py), ratio(us, py)});
            double pyF = h5pyFrames(file, ds);
            double usF = h5vdsFrames(file, ds);
            rows.add(new String[] {ds + " frame by frame", fmt(usF), fmt(pyF), ratio(usF, pyF)});
            double pyR = h5pyFramesReused(file, ds);
            double usR = h5vdsFramesReused(file, ds);
            rows.add(new String[] {ds + " frames, reused buffer", fmt(usR), fmt(pyR), ratio(usR, pyR)});
            double pyO = h5pyFramesOnce(file, ds);
            double usO = h5vdsFramesOnce(file, ds);
            rows.add(new String[] {ds + " frames, one pass an opening", fmt(usO), fmt(pyO), ratio(usO, pyO)});
        }
        // Last, so that its 25 reads of 100 MiB do not change the heap the rows above run in (a frame
        // read into a new array costs far more on heap pages never touched before): one warm-up leaves
        // the JVM compiling the decoder through the measured reads (its CPU per read falls for ~12
        // reads), while h5py has nothing to warm up. Same warm-ups on both sides.
        double pyS = h5pyFull(file, "/gzip_shuffle", SETTLE);
        double usS = h5vdsFull(file, "/gzip_shuffle", SETTLE);
        rows.add(new String[] {"/gzip_shuffle whole, " + SETTLE + " warm-ups", fmt(usS), fmt(pyS), ratio(usS, pyS)});
        System.out.printf("%-40s %14s %14s %10s%n", "read", "h5vds MB/s", "h5py MB/s", "ratio");
        for (String[] r : rows) System.out.printf("%-40s %14s %14s %10s%n", (Object[]) r);
        List<byte[]> stored = storedChunks(file, "/gzip_shuffle");
        double zlib = inflateAlone(stored, false);
        double ours = inflateAlone(stored, true);
        int cores = Runtime.getRuntime().availableProcessors();
        double whole = Double.parseDouble(rows.get(rows.size() - 1)[1]), frames = Double.parseDouble(rows.get(1)[1]);
        System.out.printf("inflate limit: the stored chunks inflated alone on one thread (no unshuffle, no copy), MB/s of output:%n"
                + "  java.util.zip (system zlib) %.0f MB/s on one core, %.0f MB/s on %d;"
                + " h5vds' ZlibStream (what reads use once compiled) %.0f MB/s, %.0f MB/s on %d (%.2fx zlib)%n"
                + "  gzip+shuffle whole (%d warm-ups) reached %.0f%% of the %d-core ZlibStream limit, frame by frame %.0f%% of the one-core one%n",
                zlib, zlib * cores, cores, ours, ours * cores, cores, ours / zlib,
                SETTLE, 100 * whole / (ours * cores), cores, 100 * frames / ours);
    }

    static List<byte[]> storedChunks(Path file, String ds) {
        List<byte[]> stored = new ArrayList<>();
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset(ds);
            for (int k = 0; k < FRAMES; k++) stored.add(d.readStoredChunk(k, 0, 0));
        }
        return stored;
    }

    /**
     * The inflate limit: the stored chunks inflated one after another on one thread, by
     * java.util.zip or by h5vds' own {@link ZlibStream}, alone (no unshuffle, no copy), best of 3
     * after a warm-up; MB/s of decoded bytes.
     */
    static double inflateAlone(List<byte[]> stored, boolean ours) throws java.util.zip.DataFormatException {
        byte[] out = new byte[SIDE * SIDE * 2];
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            long t0 = System.nanoTime();
            for (byte[] c : stored) {
                int n = 0;
                if (ours) {
                    n = ZlibStream.get().inflate(c, 0, c.length, out, 0, out.length);
                } else {
                    inflater.reset();
                    inflater.setInput(c);
                    while (n < out.length && !inflater.finished()) n += inflater.inflate(out, n, out.length - n);
                }
                if (n != out.length) throw new AssertionError("chunk inflated to " + n + " bytes");
            }
            long t = System.nanoTime() - t0;
            if (i > 0) best = Math.min(best, t);
        }
        inflater.end();
        return BYTES / 1e6 / (best / 1e9);
    }

    static String fmt(double mbs) {
        return String.format(Locale.ROOT, "%.0f", mbs);
    }

    static String ratio(double us, double py) {
        return String.format(Locale.ROOT, "%.2fx", us / py);
    }

    static void generate(Path file) {
        System.out.println("generating " + file + " with h5py ...");
        Python.run("""
                import h5py, numpy as np, sys
                rng = np.random.default_rng(1)
                frames, side = %d, %d
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    g = f.create_dataset('gzip_shuffle', (frames, side, side), 'u2', chunks=(1, side, side),
                                         compression='gzip', compression_opts=4, shuffle=True)
                    c = f.create_dataset('contiguous', (frames, side, side), 'u2')
                    for i in range(frames):
                        frame = rng.poisson(20 + 10 * np.sin(i / 7.0), (side, side)).astype('u2')
                        g[i] = frame
                        c[i] = frame
                """.formatted(FRAMES, SIDE), file);
    }

    /** Best of five whole reads, after {@code warmups} warm-ups. */
    static double h5vdsFull(Path file, String ds, int warmups) {
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset(ds);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < warmups + 5; i++) {
                long t0 = System.nanoTime();
                NdArray a = d.read();
                long t = System.nanoTime() - t0;
                if (a.size() != (long) FRAMES * SIDE * SIDE) throw new AssertionError("short read");
                if (i >= warmups) best = Math.min(best, t);
            }
            return BYTES / 1e6 / (best / 1e9);
        }
    }

    static double h5vdsFrames(Path file, String ds) {
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset(ds);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < FRAMES; k++) d.read(String.valueOf(k));
                long t = System.nanoTime() - t0;
                if (i > 0) best = Math.min(best, t);
            }
            return BYTES / 1e6 / (best / 1e9);
        }
    }

    /**
     * A processing loop's pattern: open the file, read every frame once into a new array, close;
     * best of {@link #OPENINGS} openings after the first (both sides), which on this side is
     * the JIT's warm-up.
     */
    static double h5vdsFramesOnce(Path file, String ds) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i <= OPENINGS; i++) {
            long t0 = System.nanoTime();
            try (H5File f = H5File.open(file)) {
                Dataset d = f.dataset(ds);
                for (int k = 0; k < FRAMES; k++) d.read(String.valueOf(k));
            }
            long t = System.nanoTime() - t0;
            if (i > 0) best = Math.min(best, t);
        }
        return BYTES / 1e6 / (best / 1e9);
    }

    static double h5pyFramesOnce(Path file, String ds) {
        return Double.parseDouble(Python.run("""
                import h5py, time, sys
                best = None
                for i in range(int(sys.argv[3]) + 1):
                    t0 = time.perf_counter()
                    with h5py.File(sys.argv[1], 'r') as f:
                        d = f[sys.argv[2]]
                        for k in range(d.shape[0]): a = d[k]
                        n = d.size * d.dtype.itemsize
                    t = time.perf_counter() - t0
                    if i > 0: best = t if best is None else min(best, t)
                print(n / 1e6 / best)
                """, file, ds, OPENINGS).trim());
    }

    static double h5vdsFramesReused(Path file, String ds) {
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset(ds);
            java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(SIDE * SIDE * 2);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < FRAMES; k++) {
                    frame.clear();
                    d.readInto(String.valueOf(k), frame);
                }
                long t = System.nanoTime() - t0;
                if (i > 0) best = Math.min(best, t);
            }
            return BYTES / 1e6 / (best / 1e9);
        }
    }

    static double h5pyFramesReused(Path file, String ds) {
        return Double.parseDouble(Python.run("""
                import h5py, time, sys, numpy as np
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f[sys.argv[2]]
                    n = d.shape[0]
                    out = np.empty(d.shape[1:], d.dtype)
                    best = None
                    for i in range(4):
                        t0 = time.perf_counter()
                        for k in range(n): d.read_direct(out, np.s_[k])
                        t = time.perf_counter() - t0
                        if i > 0: best = t if best is None else min(best, t)
                    print(d.size * d.dtype.itemsize / 1e6 / best)
                """, file, ds).trim());
    }

    static double h5pyFull(Path file, String ds, int warmups) {
        return Double.parseDouble(Python.run("""
                import h5py, time, sys
                warmups = int(sys.argv[3])
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f[sys.argv[2]]
                    best = None
                    for i in range(warmups + 5):
                        t0 = time.perf_counter(); a = d[...]; t = time.perf_counter() - t0
                        if i >= warmups: best = t if best is None else min(best, t)
                print(a.nbytes / 1e6 / best)
                """, file, ds, warmups).trim());
    }

    static double h5pyFrames(Path file, String ds) {
        return Double.parseDouble(Python.run("""
                import h5py, time, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f[sys.argv[2]]
                    n = d.shape[0]
                    best = None
                    for i in range(4):
                        t0 = time.perf_counter()
                        for k in range(n): a = d[k]
                        t = time.perf_counter() - t0
                        if i > 0: best = t if best is None else min(best, t)
                    print(d.size * d.dtype.itemsize / 1e6 / best)
                """, file, ds).trim());
    }
}
