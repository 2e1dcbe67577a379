package org.h5vds.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.LongSupplier;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.RemoteOptions;
import org.h5vds.testing.LatencyProxy;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.h5vds.testing.S3Server;

/**
 * Virtual datasets on S3, h5vds against h5py in the same run: the 8-source compressed VDS of
 * {@code ./bench.sh vds} (8 files of 100 frames 256x256 uint16, gzip+shuffle, about 105 MB of
 * values) in a bucket of an S3-compatible server on the loopback interface (S3Proxy), read whole
 * and as 50 single frames, by h5vds ({@code s3://}, unsigned requests) and by h5py with libhdf5's
 * ros3 driver (the Debian libhdf5 1.10.8 has it) over the same endpoint's path-style URL. A proxy in
 * front counts the requests and bytes of both, and adds a fixed latency per request (0 and 20 ms)
 * to show what requests made in parallel and coalesced are worth. Each file is opened afresh for
 * each run, so nothing is cached between runs.
 */
public final class RemoteBench {
    private RemoteBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Project.target().resolve("vds-bench")).toAbsolutePath();
        if (!Files.exists(dir.resolve("done-frames"))) {
            Python.run(VdsBenchmark.GENERATE, dir);
            Files.writeString(dir.resolve("done-frames"), "");
        }
        long valueBytes = 800L * 256 * 256 * 2;
        try (S3Server s3 = S3Server.start().bucket("bench")) {
            s3.put(dir.resolve("frames.h5"), "bench", "vds/frames.h5");
            for (int k = 0; k < 8; k++) s3.put(dir.resolve("frames_" + k + ".h5"), "bench", "vds/frames_" + k + ".h5");
            long expected;
            try (H5File f = H5File.open(dir.resolve("frames.h5"))) {
                expected = sum(f.dataset("data").read());
            }
            System.out.printf("virtual dataset on S3 (S3Proxy on loopback), %d cores; times are the best of several runs, each opening the file afresh%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%-34s %9s %8s %9s %8s | %9s %8s %9s %8s | %7s%n", "", "h5vds ms", "requests", "MiB recv", "MiB/s",
                    "h5py ms", "requests", "MiB recv", "MiB/s", "ratio");
            for (long latency : new long[] {0, 20}) {
                try (LatencyProxy proxy = new LatencyProxy(Integer.parseInt(s3.anonymousEndpoint().replaceAll(".*:", "")), latency)) {
                    String endpoint = "http://127.0.0.1:" + proxy.port();
                    ReadOptions options = ReadOptions.defaults().remote(RemoteOptions.defaults().s3Endpoint(endpoint).s3Region("us-east-1").anonymous(true));
                    String url = endpoint + "/bench/vds/frames.h5";
                    int repeats = latency == 0 ? 5 : 2;
                    String suffix = latency == 0 ? "" : ", +" + latency + " ms/request";
                    Figures ours = measure(proxy, 1, repeats, () -> {
                        try (H5File f = H5File.open("s3://bench/vds/frames.h5", options)) {
                            long s = sum(f.dataset("data").read());
                            if (s != expected) throw new AssertionError("h5vds read a sum of " + s + ", expected " + expected);
                            return 0;
                        }
                    });
                    Figures theirs = python(proxy, url, "full", latency == 0 ? 1 : 0, latency == 0 ? 3 : 1, expected);
                    row("read all" + suffix, ours, theirs, valueBytes);
                    long frameBytes = 50L * 256 * 256 * 2;
                    Figures ours50 = measure(proxy, 1, repeats, () -> {
                        try (H5File f = H5File.open("s3://bench/vds/frames.h5", options)) {
                            Dataset d = f.dataset("data");
                            Random rnd = new Random(1);
                            for (int k = 0; k < 50; k++) d.read(Integer.toString(rnd.nextInt(800)));
                            return 0;
                        }
                    });
                    Figures theirs50 = python(proxy, url, "frames", latency == 0 ? 1 : 0, latency == 0 ? 3 : 1, null);
                    row("50 single frames (open + reads)" + suffix, ours50, theirs50, frameBytes);
                }
            }
        }
    }

    /** Best time, and requests and bytes per run. */
    private record Figures(double ms, double requests, double bytes) {
    }

    private static Figures measure(LatencyProxy proxy, int warmups, int repeats, LongSupplier task) {
        for (int k = 0; k < warmups; k++) task.getAsLong();
        long r0 = proxy.requests();
        long b0 = proxy.bytesAnswered();
        double best = Double.MAX_VALUE;
        for (int k = 0; k < repeats; k++) {
            long t0 = System.nanoTime();
            task.getAsLong();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return new Figures(best, (proxy.requests() - r0) / (double) repeats, (proxy.bytesAnswered() - b0) / (double) repeats);
    }

    private static Figures python(LatencyProxy proxy, String url, String mode, int warmups, int repeats, Long expectedSum) throws Exception {
        long r0 = proxy.requests();
        long b0 = proxy.bytesAnswered();
        Path script = Project.dir().resolve("src/test/resources/org/h5vds/bench/h5py_remote.py");
        JsonNode out = new ObjectMapper().readTree(Python.run(Files.readString(script), url, mode, warmups, repeats));
        if (expectedSum != null && out.get("sum").asLong() != expectedSum) {
            throw new AssertionError("h5py (ros3) read a sum of " + out.get("sum") + ", expected " + expectedSum);
        }
        int runs = warmups + repeats;
        return new Figures(out.get("ms").asDouble(), (proxy.requests() - r0) / (double) runs, (proxy.bytesAnswered() - b0) / (double) runs);
    }

    private static void row(String what, Figures ours, Figures theirs, long valueBytes) {
        double mib = valueBytes / (1024.0 * 1024.0);
        System.out.printf("%-34s %9.0f %8.0f %9.1f %8.1f | %9.0f %8.0f %9.1f %8.1f | %6.1fx%n", what,
                ours.ms, ours.requests, ours.bytes / (1 << 20), mib / (ours.ms / 1000),
                theirs.ms, theirs.requests, theirs.bytes / (1 << 20), mib / (theirs.ms / 1000), theirs.ms / ours.ms);
    }

    private static long sum(NdArray a) {
        long s = 0;
        for (int v : a.toIntArray()) s += v;
        return s;
    }
}
