package org.h5vds.spark.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.spark.sql.SparkSession;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.bench.VdsBenchmark;
import org.h5vds.testing.Python;

/**
 * A full scan of a virtual dataset, summing every element, in one run: through Spark
 * ({@code local[1]} and {@code local[2]}, elements layout, {@code SELECT sum(value)}), through
 * h5vds directly (reading slabs of 100 frames and summing them), and through Dask
 * ({@code dask.array.from_array} over h5py's dataset, threaded scheduler with 2 workers, chunks of
 * 100 frames). The data: {@code ./bench.sh vds}'s (800, 256, 256) uint16 virtual dataset over 8
 * gzip+shuffle sources, chunked by frame (100 MiB decoded). Each figure is the best of several
 * runs after warm-ups; every run must find the same sum. Run with {@code ./bench.sh spark}.
 */
public final class SparkSumBenchmark {
    private static final int WARMUPS = 2;
    private static final int REPEATS = 5;

    private SparkSumBenchmark() {
    }

    private record Result(String what, double ms, long sum) {
    }

    public static void main(String[] args) throws Exception {
        Path vds = VdsBenchmark.frameFiles();
        String partitionBytes = args.length > 0 ? args[0] : "16m";
        long bytes;
        try (H5File f = H5File.open(vds)) {
            Dataset d = f.dataset("data");
            bytes = d.size() * d.dtype().size();
        }
        List<Result> results = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("h5vds bench")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            spark.read().format("hdf5").option("dataset", "data").option("layout", "elements").option("partitionBytes", partitionBytes)
                    .load(vds.toString()).createOrReplaceTempView("frames");
            long[] sum = new long[1];
            double ms = best(() -> {
                sum[0] = spark.sql("SELECT sum(value) FROM frames").first().getLong(0);
                return sum[0];
            });
            results.add(new Result("Spark local[" + threads + "] (partitions of " + partitionBytes + ")", ms, sum[0]));
            spark.stop();
        }
        long[] direct = new long[1];
        double ms = best(() -> {
            direct[0] = sumDirect(vds);
            return direct[0];
        });
        results.add(new Result("h5vds directly (Dataset.read, 100 frames at a time)", ms, direct[0]));
        String[] dask = Python.run(DASK, vds, WARMUPS, REPEATS).strip().split(" ");
        results.add(new Result("Dask 2 threads (from_array over h5py, 100-frame chunks)", Double.parseDouble(dask[0]), Long.parseLong(dask[1])));

        double daskMs = results.get(results.size() - 1).ms;
        System.out.printf("full scan sum of %s (%.0f MiB of uint16), %d cores%n", vds.getFileName(), bytes / 1048576.0, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-58s %10s %10s %14s%n", "", "best ms", "MiB/s", "ratio to Dask");
        for (Result r : results) {
            if (r.sum != results.get(0).sum) throw new AssertionError(r.what + " sums to " + r.sum + ", not " + results.get(0).sum);
            System.out.printf("%-58s %10.0f %10.1f %13.2fx%n", r.what, r.ms, bytes / 1048576.0 / (r.ms / 1000), daskMs / r.ms);
        }
        System.out.printf("every run summed to %d%n", results.get(0).sum);
    }

    /** Reads 100 frames at a time (the library decodes their chunks on all cores) and sums them. */
    static long sumDirect(Path vds) {
        try (H5File f = H5File.open(vds)) {
            Dataset d = f.dataset("data");
            long n = d.shape().get(0);
            long total = 0;
            for (long a = 0; a < n; a += 100) {
                NdArray slab = d.read(Index.of(Index.slice(a, Math.min(n, a + 100))));
                ByteBuffer b = slab.buffer();
                for (int i = 0; i < b.limit(); i += 2) total += b.getShort(i) & 0xffff;
            }
            return total;
        }
    }

    private static double best(LongSupplier task) {
        return VdsBenchmark.best(WARMUPS, REPEATS, task);
    }

    private static final String DASK = """
            import sys, time
            import h5py, dask, dask.array as da
            path, warmups, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            def run():
                with h5py.File(path, 'r') as f:
                    x = da.from_array(f['data'], chunks=(100, 256, 256))
                    return int(x.sum(dtype='u8').compute(scheduler='threads', num_workers=2))
            for _ in range(warmups):
                run()
            best = float('inf')
            for _ in range(repeats):
                t0 = time.perf_counter()
                total = run()
                best = min(best, time.perf_counter() - t0)
            print(best * 1000, total)
            """;
}
