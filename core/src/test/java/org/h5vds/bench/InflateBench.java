package org.h5vds.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.filter.codec.ZlibStream;

/**
 * Inflate alone: the stored gzip chunks of the read and vds benchmarks' files (written by h5py, read
 * back raw with {@code readStoredChunk}) inflated one after another on one thread by
 * {@code java.util.zip.Inflater} (the system zlib) and by h5vds' own {@link ZlibStream}, in the same
 * JVM, alternating rounds; prints MB/s of output per second of the thread's CPU time (best round
 * of each; CPU time rather than wall time, since other programs share the machine) and the ratio.
 *
 * <p>Run after {@code ./bench.sh read} and {@code ./bench.sh vds} have written the files:
 * {@code java -cp ... org.h5vds.bench.InflateBench [ROUNDS] [READ_BENCH_H5] [VDS_BENCH_DIR]}.
 */
public final class InflateBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path read = Path.of(args.length > 1 ? args[1] : "target/bench/read-bench.h5");
        Path vds = Path.of(args.length > 2 ? args[2] : "target/vds-bench");
        System.out.printf("%-44s %10s %10s %8s%n", "inflate, one thread (CPU time)", "zlib MB/s", "ours MB/s", "ratio");
        if (Files.exists(read)) compare("read bench: 200 chunks 512x512 u16", stored(List.of(read), "/gzip_shuffle", 200), 512 * 512 * 2, rounds);
        List<Path> sources = new ArrayList<>();
        for (int k = 0; k < 8; k++) sources.add(vds.resolve("frames_" + k + ".h5"));
        if (Files.exists(sources.get(0))) compare("vds bench: 800 chunks 256x256 u16", stored(sources, "/data", 100), 256 * 256 * 2, rounds);
    }

    static List<byte[]> stored(List<Path> files, String ds, int chunks) {
        List<byte[]> out = new ArrayList<>();
        for (Path p : files) {
            try (H5File f = H5File.open(p)) {
                Dataset d = f.dataset(ds);
                for (int k = 0; k < chunks; k++) out.add(d.readStoredChunk(k, 0, 0));
            }
        }
        return out;
    }

    static void compare(String what, List<byte[]> chunks, int size, int rounds) throws DataFormatException {
        byte[] expected = new byte[size];
        byte[] out = new byte[size];
        Inflater inflater = new Inflater();
        // same output first
        for (byte[] c : chunks) {
            zlib(inflater, c, expected);
            ZlibStream.get().inflate(c, 0, c.length, out, 0, size);
            if (!java.util.Arrays.equals(expected, out)) throw new AssertionError("outputs differ");
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long bestZlib = Long.MAX_VALUE, bestOurs = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (byte[] c : chunks) zlib(inflater, c, out);
            long t1 = cpu.getCurrentThreadCpuTime();
            ZlibStream z = ZlibStream.get();
            for (byte[] c : chunks) z.inflate(c, 0, c.length, out, 0, size);
            long t2 = cpu.getCurrentThreadCpuTime();
            bestZlib = Math.min(bestZlib, t1 - t0);
            bestOurs = Math.min(bestOurs, t2 - t1);
        }
        inflater.end();
        double bytes = (double) chunks.size() * size;
        double zlib = bytes / 1e6 / (bestZlib / 1e9), ours = bytes / 1e6 / (bestOurs / 1e9);
        System.out.printf("%-44s %10.0f %10.0f %7.2fx%n", what, zlib, ours, ours / zlib);
    }

    static void zlib(Inflater inflater, byte[] c, byte[] out) throws DataFormatException {
        inflater.reset();
        inflater.setInput(c);
        int n = 0;
        while (n < out.length && !inflater.finished()) n += inflater.inflate(out, n, out.length - n);
        if (n != out.length) throw new AssertionError("chunk inflated to " + n + " bytes");
    }
}
