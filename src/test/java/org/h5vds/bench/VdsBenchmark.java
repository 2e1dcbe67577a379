package org.h5vds.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.LongSupplier;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;

/**
 * Virtual dataset reads, h5vds against h5py (libhdf5 1.10.8) on the same files in the same run,
 * ratio last (h5py time / h5vds time: above 1 means h5vds is faster). Each figure is the best of
 * seven repetitions after three warm-ups. Run after {@code mvn -o test-compile}:
 *
 * <pre>java -cp "$(cat target/bench.cp):target/classes:target/test-classes" org.h5vds.bench.VdsBenchmark</pre>
 *
 * (with {@code mvn -o dependency:build-classpath -Dmdep.outputFile=target/bench.cp}). The files are
 * written once into target/vds-bench: 8 sources of 100 frames of 256 x 256 uint16, chunked by
 * frame with gzip and shuffle, stacked into one (800, 256, 256) virtual dataset; and a virtual
 * dataset of 100,000 one-element mappings.
 */
public final class VdsBenchmark {
    private static final int REPEATS = 7;
    private static final int WARMUPS = 3;

    private VdsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Project.target().resolve("vds-bench"));
        if (!Files.exists(dir.resolve("done"))) {
            Python.run(GENERATE, dir.toAbsolutePath());
            Files.writeString(dir.resolve("done"), "");
        }
        JsonNode py = new ObjectMapper().readTree(Python.run(H5PY_TIMES, dir.toAbsolutePath(), REPEATS));
        Path frames = dir.resolve("frames.h5");
        Path big = dir.resolve("big.h5");
        System.out.printf("%-52s %12s %12s %8s%n", "virtual dataset read", "h5vds ms", "h5py ms", "ratio");
        row("8 sources x 100 frames 256x256 u16 gzip+shuffle, all", best(() -> {
            try (H5File f = H5File.open(frames)) {
                return f.dataset("data").read().size();
            }
        }), py.get("full").asDouble());
        row("  same, 50 single frames (file open)", best(() -> {
            try (H5File f = H5File.open(frames)) {
                Dataset d = f.dataset("data");
                Random rnd = new Random(1);
                long n = 0;
                for (int k = 0; k < 50; k++) n += d.read(Integer.toString(rnd.nextInt(800))).size();
                return n;
            }
        }), py.get("frames").asDouble());
        row("100,000 mappings: open and read one element", best(() -> {
            try (H5File f = H5File.open(big)) {
                return f.dataset("v").read("512, 37").size();
            }
        }), py.get("open_one").asDouble());
        row("100,000 mappings: read all (file open)", best(() -> {
            try (H5File f = H5File.open(big)) {
                Dataset d = f.dataset("v");
                d.read("0, 0");
                long t0 = System.nanoTime();
                d.read();
                return -(System.nanoTime() - t0);
            }
        }), py.get("all").asDouble());
    }

    private static void row(String what, double ours, double theirs) {
        System.out.printf("%-52s %12.1f %12.1f %8.2f%n", what, ours, theirs, theirs / ours);
    }

    /** Best wall time in ms of the task (a negative result is the task's own measurement in ns). */
    private static double best(LongSupplier task) {
        for (int w = 0; w < WARMUPS; w++) task.getAsLong();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            long v = task.getAsLong();
            long ns = v < 0 ? -v : System.nanoTime() - t0;
            best = Math.min(best, ns / 1e6);
        }
        return best;
    }

    private static final String GENERATE = """
            import os, sys
            import numpy as np, h5py
            os.chdir(sys.argv[1])
            rng = np.random.default_rng(0)
            lay = h5py.VirtualLayout((800, 256, 256), 'u2')
            for k in range(8):
                with h5py.File(f'frames_{k}.h5', 'w', libver='latest') as f:
                    d = f.create_dataset('data', (100, 256, 256), 'u2', chunks=(1, 256, 256), compression='gzip', shuffle=True)
                    for i in range(100):
                        d[i] = (rng.poisson(200, (256, 256)) + 1000 * k).astype('u2')
                lay[100 * k:100 * (k + 1)] = h5py.VirtualSource(f'frames_{k}.h5', 'data', shape=(100, 256, 256))
            with h5py.File('frames.h5', 'w', libver='latest') as f:
                f.create_virtual_dataset('data', lay, fillvalue=0)
            N = 100000
            with h5py.File('big.h5', 'w', libver='latest') as f:
                f['src'] = np.arange(N, dtype='<i4')
                vs = h5py.h5s.create_simple((N // 100, 100))
                ss = h5py.h5s.create_simple((N,))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                for k in range(N):
                    i, j = divmod(k, 100)
                    vs.select_hyperslab((i, j), (1, 1))
                    ss.select_hyperslab((N - 1 - k,), (1,))
                    dcpl.set_virtual(vs, b'.', b'src', ss)
                h5py.h5d.create(f.id, b'v', h5py.h5t.STD_I32LE, vs, dcpl=dcpl)
            """;

    private static final String H5PY_TIMES = """
            import os, sys, time, json, random
            import h5py
            os.chdir(sys.argv[1])
            repeats = int(sys.argv[2])
            def best(task):
                for _ in range(3):
                    task()
                b = float('inf')
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    r = task()
                    b = min(b, r if r is not None else time.perf_counter() - t0)
                return b * 1000
            def full():
                with h5py.File('frames.h5', 'r') as f:
                    f['data'][()]
            def frames():
                with h5py.File('frames.h5', 'r') as f:
                    d = f['data']
                    rnd = random.Random(1)
                    for _ in range(50):
                        d[rnd.randrange(800)]
            def open_one():
                with h5py.File('big.h5', 'r') as f:
                    f['v'][512, 37]
            def read_all():
                with h5py.File('big.h5', 'r') as f:
                    d = f['v']
                    d[0, 0]
                    t0 = time.perf_counter()
                    d[()]
                    return time.perf_counter() - t0
            print(json.dumps({'full': best(full), 'frames': best(frames), 'open_one': best(open_one), 'all': best(read_all)}))
            """;
}
