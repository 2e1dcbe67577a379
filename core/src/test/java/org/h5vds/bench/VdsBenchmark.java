package org.h5vds.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;

/**
 * Virtual datasets, h5vds against h5py (libhdf5 1.10.8) on the same files in the same run, ratio
 * last (h5py time / h5vds time: above 1 means h5vds is faster):
 * <ul>
 *   <li>reads of 8 sources x 100 frames of 256 x 256 uint16, chunked by frame with gzip and
 *       shuffle, stacked into one (800, 256, 256) virtual dataset: all of it, and 50 single
 *       frames;</li>
 *   <li>creating a file with a 100,000-mapping virtual dataset (element k of a (1000, 100) int32
 *       dataset takes element 99,999 - k of a source in the same file), with h5py's
 *       VirtualLayout/VirtualSource and with its low-level H5Pset_virtual calls;</li>
 *   <li>opening the file h5vds created and reading one element, then reading all of it.</li>
 * </ul>
 * Each figure is the best of several repetitions after warm-ups; the first creation in a fresh
 * JVM (before the JIT compiler has seen the code) is shown too. The two figures that depend on
 * how a JVM's start went, the first create and the 50 frames after 3 warm-ups, are the median of
 * 5 JVMs' (all five printed). Run with {@code ./bench.sh vds},
 * with the JVM's default flags as a user runs it (an earlier version pre-touched a fixed 3 GiB
 * heap, which no user does). The frame files are written once into target/vds-bench.
 */
public final class VdsBenchmark {
    private static final int REPEATS = 7;
    private static final int WARMUPS = 3;
    /** Warm-ups after which the 50-frame loop runs as a long-running reader's does (see its row). */
    private static final int SETTLE = 60;
    /** Creating 100,000 mappings takes h5py seconds: fewer rounds (h5py has nothing to warm up). */
    private static final int CREATE_REPEATS = 3;
    private static final int CREATE_WARMUPS = 3;
    private static final int N = 100_000;
    /** Fresh JVMs whose first creation is timed; the row shows their median. */
    private static final int FRESH_JVMS = 5;

    private VdsBenchmark() {
    }

    /**
     * The 8-source compressed virtual dataset ({@code frames.h5:/data}, 800 x 256 x 256 uint16 from
     * frames_0..7.h5, chunked by frame, gzip + shuffle), written by h5py once into target/vds-bench;
     * also what {@code ./bench.sh materialize} and {@code ./bench.sh spark} use.
     */
    public static Path frameFiles() throws java.io.IOException {
        Path dir = Files.createDirectories(Project.target().resolve("vds-bench")).toAbsolutePath();
        if (!Files.exists(dir.resolve("done-frames"))) {
            Python.run(GENERATE, dir);
            Files.writeString(dir.resolve("done-frames"), "");
        }
        return dir.resolve("frames.h5");
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("first-create")) {
            // a child JVM of inFreshJvms: its first creation, and nothing else
            long c0 = System.nanoTime();
            createBig(Path.of(args[1]));
            System.out.println((System.nanoTime() - c0) / 1e6);
            return;
        }
        if (args.length == 1 && args[0].equals("fifty-frames")) {
            // a child JVM of inFreshJvms: the 50-frame row as this JVM measures it, after the whole reads before it
            Path frames = frameFiles();
            best(wholeRead(frames));
            System.out.println(best(fiftyFrames(frames)));
            return;
        }
        Path frames = frameFiles();
        Path dir = frames.getParent();
        Path big = dir.resolve("big_h5vds.h5");
        long c0 = System.nanoTime();
        createBig(big);
        double[] firstCreates = inFreshJvms((System.nanoTime() - c0) / 1e6, "first-create", big.toString());
        double firstCreate = firstCreates[FRESH_JVMS / 2];
        double create = best(CREATE_WARMUPS, CREATE_REPEATS, () -> createBig(big));
        JsonNode py = new ObjectMapper().readTree(Python.run(H5PY_TIMES, dir, REPEATS, CREATE_REPEATS, big.getFileName(), SETTLE));
        if (!py.get("same").asBoolean()) throw new AssertionError("h5py reads another value from " + big + " than from its own file");
        System.out.printf("virtual datasets, %d cores%n", Runtime.getRuntime().availableProcessors());
        System.out.printf("%-56s %12s %12s %8s%n", "", "h5vds ms", "h5py ms", "ratio");
        LongSupplier all = wholeRead(frames);
        row("read 8 sources x 100 frames 256x256 u16 gzip+shuffle, all", best(all), py.get("full").asDouble());
        LongSupplier fiftyFrames = fiftyFrames(frames);
        double[] fifties = inFreshJvms(best(fiftyFrames), "fifty-frames");
        row("  same, 50 single frames (file open; median of " + FRESH_JVMS + ")", fifties[FRESH_JVMS / 2], py.get("frames").asDouble());
        row("create a 100,000-mapping VDS (h5py: VirtualLayout)", create, py.get("create").asDouble());
        row("  same, h5py with low-level H5Pset_virtual calls", create, py.get("create_low").asDouble());
        row("  same, h5vds' first run in a fresh JVM (median of " + FRESH_JVMS + ")", firstCreate, py.get("create").asDouble());
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
        // Last, so that their allocations do not change the heap the rows above run in. The rows above
        // run a few warm-ups, as h5py's do; a JVM reaches its steady state for this loop later: its
        // new 128 KiB arrays land on heap pages never touched until G1 has used its young generation
        // once (~250 MB here), and on this VM each first touch is a page fault costing several
        // microseconds (README, Performance). Both sides get the same warm-ups.
        row("read 8 sources, all, " + SETTLE + " warm-ups", best(SETTLE, REPEATS, all), py.get("full_settled").asDouble());
        row("50 single frames (file open), " + SETTLE + " warm-ups", best(SETTLE, REPEATS, fiftyFrames), py.get("frames_settled").asDouble());
        System.out.printf("50 single frames after 3 warm-ups in %d JVMs (this one, then one after another), sorted: %s ms%n", FRESH_JVMS,
                listed(fifties));
        System.out.printf("first create in %d fresh JVMs (this one, then one after another), sorted: %s ms%n", FRESH_JVMS,
                listed(firstCreates));
    }

    private static String listed(double[] times) {
        return Arrays.stream(times).mapToObj(t -> String.format("%.1f", t)).collect(Collectors.joining(", "));
    }

    /** Opens the 8-source virtual dataset and reads it whole. */
    private static LongSupplier wholeRead(Path frames) {
        return () -> {
            try (H5File f = H5File.open(frames)) {
                return f.dataset("data").read().size();
            }
        };
    }

    /** Opens the 8-source virtual dataset and reads 50 frames of it, each a chunk of one source, in a random order. */
    private static LongSupplier fiftyFrames(Path frames) {
        return () -> {
            try (H5File f = H5File.open(frames)) {
                Dataset d = f.dataset("data");
                Random rnd = new Random(1);
                long n = 0;
                for (int k = 0; k < 50; k++) n += d.read(Integer.toString(rnd.nextInt(800))).size();
                return n;
            }
        };
    }

    /**
     * A figure that depends on how a JVM starts (the first create; the 50-frame loop after 3
     * warm-ups, while the JIT compiler is still at work): {@code thisJvm}, measured in this JVM, and
     * the same measured in {@code FRESH_JVMS - 1} more JVMs, one after another, each started as this
     * one was (its JVM flags and class path) with {@code mode}, which runs before the measured work
     * what the row's figure follows here (nothing for the first create, the 8-source row's whole
     * reads for the frames); sorted. One JVM's figure is a single sample of how its start went, and
     * on a shared host one sample can be far from the rest.
     */
    private static double[] inFreshJvms(double thisJvm, String... mode) throws Exception {
        double[] times = new double[FRESH_JVMS];
        times[0] = thisJvm;
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (int i = 1; i < FRESH_JVMS; i++) {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), VdsBenchmark.class.getName()));
            command.addAll(List.of(mode));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) throw new IllegalStateException("a fresh JVM's " + mode[0] + " failed: " + out);
            // (the last line: flags given through H5VDS_JAVA_OPTS may make the JVM print before it)
            times[i] = Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1).trim());
        }
        Arrays.sort(times);
        return times;
    }

    /** The 100,000-mapping file, written with h5vds' layout API as h5py's GENERATE writes it with h5py's. */
    static long createBig(Path file) {
        int[] values = new int[N];
        for (int k = 0; k < N; k++) values[k] = k;
        VirtualLayout layout = layoutOfBig();
        try (H5File f = H5File.create(file)) {
            f.createDataset("src", NdArray.of(values, N));
            f.createVirtualDataset("v", layout);
        }
        return layout.size();
    }

    /** The big file's layout: element k of (1000, 100) takes element N - 1 - k of {@code ./src}. */
    static VirtualLayout layoutOfBig() {
        VirtualLayout layout = new VirtualLayout(Shape.of(N / 100, 100), DType.INT32);
        VirtualSource src = new VirtualSource(".", "src", Shape.of(N));
        for (int k = 0; k < N; k++) layout.set(Index.of(Index.at(k / 100), Index.at(k % 100)), src.slice(Index.of(Index.at(N - 1 - k))));
        return layout;
    }

    private static void row(String what, double ours, double theirs) {
        System.out.printf("%-56s %12.1f %12.1f %8.2f%n", what, ours, theirs, theirs / ours);
    }

    private static double best(LongSupplier task) {
        return best(WARMUPS, REPEATS, task);
    }

    /** Best wall time in ms of the task (a negative result is the task's own measurement in ns). */
    public static double best(int warmups, int repeats, LongSupplier task) {
        for (int w = 0; w < warmups; w++) task.getAsLong();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            long v = task.getAsLong();
            long ns = v < 0 ? -v : System.nanoTime() - t0;
            best = Math.min(best, ns / 1e6);
        }
        return best;
    }

    static final String GENERATE = """
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
            """;

    private static final String H5PY_TIMES = """
            import os, sys, time, json, random
            import numpy as np, h5py
            os.chdir(sys.argv[1])
            repeats, create_repeats, big, settle = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
            N = 100000
            def best(task, warmups=3, repeats=repeats):
                for _ in range(warmups):
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
            def create():
                lay = h5py.VirtualLayout((N // 100, 100), 'i4')
                src = h5py.VirtualSource('.', 'src', shape=(N,))
                for k in range(N):
                    i, j = divmod(k, 100)
                    lay[i, j] = src[N - 1 - k]
                with h5py.File('big_h5py.h5', 'w', libver='latest') as f:
                    f['src'] = np.arange(N, dtype='<i4')
                    f.create_virtual_dataset('v', lay)
            def create_low():
                with h5py.File('big_h5py_low.h5', 'w', libver='latest') as f:
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
            def open_one():
                with h5py.File(big, 'r') as f:
                    f['v'][512, 37]
            def read_all():
                with h5py.File(big, 'r') as f:
                    d = f['v']
                    d[0, 0]
                    t0 = time.perf_counter()
                    d[()]
                    return time.perf_counter() - t0
            times = {'full': best(full), 'frames': best(frames), 'frames_settled': best(frames, settle), 'full_settled': best(full, settle), 'create': best(create, 0, create_repeats),
                     'create_low': best(create_low, 0, create_repeats), 'open_one': best(open_one), 'all': best(read_all)}
            with h5py.File(big, 'r') as ours, h5py.File('big_h5py.h5', 'r') as theirs:
                times['same'] = bool(np.array_equal(ours['v'][()], theirs['v'][()])) and int(ours['v'][512, 37]) == N - 1 - 51237
            print(json.dumps(times))
            """;
}
