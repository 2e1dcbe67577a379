package org.h5vds.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.h5vds.api.Dataset;
import org.h5vds.api.Group;
import org.h5vds.api.H5File;
import org.h5vds.testing.Python;

/**
 * Access patterns besides whole reads and frames (which {@link ReadBench} measures): chunked
 * uncompressed frames, frames of a dataset tiled in chunks of 10 frames of 128 x 128 (raw and
 * gzip+shuffle), a pixel and a 10 x 10 patch through time, a strided column, 64 x 64 tiles of a
 * contiguous dataset, small datasets and attributes in 200 groups, a compound table, opening
 * the file again for each small read, every second pixel of 20 frames, a 300 x 300 region of 20
 * tiled frames and every 7th record of the table; then, in two more files, opening one to list a
 * group of 10,000 links (old-style, and dense) or to read each of them, and 100,000 strings of
 * fixed and of variable length read whole. Each side runs every pattern 3 times, then takes the best of
 * 5, in one process (the JVM as a program started for the job runs it, h5py likewise); then each
 * pattern again after up to 60 more runs (3 s at most), a long-running program's steady state;
 * ratio = h5py time / h5vds time.
 *
 * <p>Run with {@code ./bench.sh patterns [DIR]}; the file is generated once into DIR (default
 * target/bench) by h5py.
 */
public final class PatternBench {
    static final int WARMUPS = 3, REPEATS = 5;
    /** The steady pass: this many more runs of each pattern, or this long, first. */
    static final int SETTLE_RUNS = 60, SETTLE_MS = 3000;

    private PatternBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("patterns.h5");
        if (!Files.exists(file)) generate(file);
        Path objects = dir.resolve("patterns-objects.h5"), dense = dir.resolve("patterns-dense.h5");
        if (!Files.exists(objects) || !Files.exists(dense)) generateObjects(objects, dense);
        Map<String, Runnable> tasks = new LinkedHashMap<>();
        try (H5File f = H5File.open(file)) {
            tasks.put("frames_raw: 200 frames (a chunk each)", () -> frames(f, "frames_raw", 200));
            tasks.put("tiles_raw: 200 frames (16 chunks each)", () -> frames(f, "tiles_raw", 200));
            tasks.put("tiles_gz: 40 frames (16 chunks each)", () -> frames(f, "tiles_gz", 40));
            tasks.put("tiles_raw[:, 200, 200]", () -> f.dataset("tiles_raw").read(":, 200, 200"));
            tasks.put("tiles_gz[:, 200:210, 200:210]", () -> f.dataset("tiles_gz").read(":, 200:210, 200:210"));
            tasks.put("contiguous[::4, 100:200, 50]", () -> f.dataset("contiguous").read("::4, 100:200, 50"));
            tasks.put("contiguous: 100 tiles [k, 64:128, 256:320]", () -> {
                Dataset d = f.dataset("contiguous");
                for (int k = 0; k < 100; k++) d.read(k + ", 64:128, 256:320");
            });
            tasks.put("200 groups: a small dataset + 2 attributes", () -> {
                for (int i = 0; i < 200; i++) {
                    Group g = f.group(String.format("g%03d", i));
                    g.dataset("small").read();
                    g.attrs().get("gain");
                    g.attrs().get("name");
                }
            });
            tasks.put("table: 100,000 compounds, whole", () -> f.dataset("table").read());
            tasks.put("table: column 't'", () -> f.dataset("table").read().field("t"));
            tasks.put("open + read a small dataset, 50 times", () -> {
                for (int i = 0; i < 50; i++) {
                    try (H5File g = H5File.open(file)) {
                        g.dataset("g007/small").read();
                    }
                }
            });
            // strided and region reads (session 15): each was a loss to h5py before BoxRuns
            tasks.put("contiguous[0:20, ::2, ::2] (binned preview)", () -> f.dataset("contiguous").read("0:20, ::2, ::2"));
            tasks.put("tiles_raw[0:20, 100:400, 100:400] (region)", () -> f.dataset("tiles_raw").read("0:20, 100:400, 100:400"));
            tasks.put("table[::7] (every 7th record)", () -> f.dataset("table").read("::7"));
            // many small objects and strings (session 19): listing a large group, reading every member
            tasks.put("open + list 10,000 links (symbol table)", () -> listMany(objects));
            tasks.put("open + list 10,000 links (dense, latest)", () -> listMany(dense));
            tasks.put("open + read 10,000 scalar datasets", () -> {
                try (H5File g = H5File.open(objects)) {
                    Group many = g.group("many");
                    for (String name : many.keys()) many.dataset(name).read();
                }
            });
            tasks.put("100,000 fixed-length strings, whole", () -> {
                try (H5File g = H5File.open(objects)) {
                    g.dataset("fixed").read();
                }
            });
            tasks.put("100,000 variable-length strings, whole", () -> {
                try (H5File g = H5File.open(objects)) {
                    g.dataset("vlen").read();
                }
            });
            double[] cold = new double[tasks.size()], steady = new double[tasks.size()];
            int i = 0;
            for (Runnable t : tasks.values()) cold[i++] = best(t, WARMUPS);
            i = 0;
            for (Runnable t : tasks.values()) {
                settle(t);
                steady[i++] = best(t, 0);
            }
            JsonNode py = new ObjectMapper().readTree(Python.run(H5PY, file, WARMUPS, REPEATS, SETTLE_RUNS, SETTLE_MS, objects, dense));
            System.out.printf("h5vds access patterns, %d cores; best of %d after %d warm-ups on both sides, then after up to %d more"
                    + " (%d ms of them)%n", Runtime.getRuntime().availableProcessors(), REPEATS, WARMUPS, SETTLE_RUNS, SETTLE_MS);
            System.out.printf("%-50s %9s %9s %7s | %9s %9s %7s%n", "", "h5vds ms", "h5py ms", "ratio", "steady", "h5py", "ratio");
            i = 0;
            for (String name : tasks.keySet()) {
                double pc = py.get(i).get(0).asDouble(), ps = py.get(i).get(1).asDouble();
                System.out.printf("%-50s %9.2f %9.2f %6.2fx | %9.2f %9.2f %6.2fx%n", name, cold[i], pc, pc / cold[i], steady[i], ps, ps / steady[i]);
                i++;
            }
        }
    }

    /** Opens {@code file} and lists its group {@code many} (10,000 links). */
    private static void listMany(Path file) {
        try (H5File g = H5File.open(file)) {
            if (g.group("many").keys().size() != 10_000) throw new AssertionError(file);
        }
    }

    private static void frames(H5File f, String name, int n) {
        Dataset d = f.dataset(name);
        for (int k = 0; k < n; k++) d.read(Integer.toString(k));
    }

    private static double best(Runnable task, int warmups) {
        for (int w = 0; w < warmups; w++) task.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    /** Runs {@code task} up to {@link #SETTLE_RUNS} times or for {@link #SETTLE_MS}, whichever ends first. */
    private static void settle(Runnable task) {
        long end = System.nanoTime() + SETTLE_MS * 1_000_000L;
        for (int k = 0; k < SETTLE_RUNS && System.nanoTime() < end; k++) task.run();
    }

    static void generate(Path file) {
        Python.run("""
                import sys, h5py, numpy as np
                rng = np.random.default_rng(1)
                with h5py.File(sys.argv[1], 'w') as f:
                    data = rng.poisson(20, (200, 512, 512)).astype('u2')
                    f.create_dataset('frames_raw', data=data, chunks=(1, 512, 512))
                    f.create_dataset('tiles_raw', data=data, chunks=(10, 128, 128))
                    f.create_dataset('tiles_gz', data=data, chunks=(10, 128, 128), compression='gzip', shuffle=True)
                    f.create_dataset('contiguous', data=data)
                    for i in range(200):
                        g = f.create_group('g%03d' % i)
                        g.create_dataset('small', data=np.arange(16, dtype='f8'))
                        g.attrs['gain'] = 1.5
                        g.attrs['name'] = 'detector %d' % i
                    t = np.zeros(100000, dtype=[('t', 'f8'), ('x', 'i4'), ('y', 'i4')])
                    t['t'] = np.arange(100000) * 0.5
                    f.create_dataset('table', data=t, chunks=(10000,))
                """, file);
    }

    /**
     * A group of 10,000 scalar datasets in a file of libhdf5's earliest format (an old-style group:
     * a v1 B-tree of symbol table nodes) and in one of its latest (dense link storage: a fractal
     * heap and a v2 B-tree of name hashes), and 100,000 strings of each kind.
     */
    static void generateObjects(Path objects, Path dense) {
        Python.run("""
                import sys, h5py, numpy as np
                for path, libver in ((sys.argv[1], 'earliest'), (sys.argv[2], 'latest')):
                    with h5py.File(path, 'w', libver=libver) as f:
                        g = f.create_group('many')
                        for i in range(10000):
                            g.create_dataset('d%05d' % i, data=np.int32(i))
                        if libver == 'earliest':
                            f.create_dataset('fixed', data=np.array([b'name%06d' % i for i in range(100000)]))
                            f.create_dataset('vlen', data=['line %d of the log' % i for i in range(100000)], dtype=h5py.string_dtype())
                """, objects, dense);
    }

    /** The same patterns in h5py, in the same order: a JSON list of best times in ms. */
    private static final String H5PY = """
            import h5py, json, sys, time
            path, warmups, repeats, settle_runs, settle_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
            def best(fn, warm):
                for _ in range(warm): fn()
                b = float('inf')
                for _ in range(repeats):
                    t0 = time.perf_counter(); fn(); b = min(b, time.perf_counter() - t0)
                return b * 1000
            def settle(fn):
                end = time.perf_counter() + settle_ms / 1000
                k = 0
                while k < settle_runs and time.perf_counter() < end:
                    fn(); k += 1
            f = h5py.File(path, 'r')
            def frames(name, n):
                d = f[name]
                for k in range(n): d[k]
            def tiles():
                d = f['contiguous']
                for k in range(100): d[k, 64:128, 256:320]
            def groups():
                for i in range(200):
                    g = f['g%03d' % i]; g['small'][()]; g.attrs['gain']; g.attrs['name']
            def reopen():
                for _ in range(50):
                    with h5py.File(path, 'r') as g: g['g007/small'][()]
            objects, dense = sys.argv[6], sys.argv[7]
            def list_many(p):
                with h5py.File(p, 'r') as g: assert len(list(g['many'])) == 10000
            def read_many():
                with h5py.File(objects, 'r') as g:
                    many = g['many']
                    for name in many: many[name][()]
            def whole(name):
                with h5py.File(objects, 'r') as g: g[name][()]
            tasks = [lambda: frames('frames_raw', 200), lambda: frames('tiles_raw', 200), lambda: frames('tiles_gz', 40),
                     lambda: f['tiles_raw'][:, 200, 200], lambda: f['tiles_gz'][:, 200:210, 200:210],
                     lambda: f['contiguous'][::4, 100:200, 50], tiles, groups, lambda: f['table'][()], lambda: f['table']['t'], reopen,
                     lambda: f['contiguous'][0:20, ::2, ::2], lambda: f['tiles_raw'][0:20, 100:400, 100:400], lambda: f['table'][::7],
                     lambda: list_many(objects), lambda: list_many(dense), read_many, lambda: whole('fixed'), lambda: whole('vlen')]
            cold = [best(t, warmups) for t in tasks]
            steady = []
            for t in tasks:
                settle(t)
                steady.append(best(t, 0))
            f.close()
            print(json.dumps([[c, s] for c, s in zip(cold, steady)]))
            """;
}
