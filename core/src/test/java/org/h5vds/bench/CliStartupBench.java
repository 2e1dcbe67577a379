package org.h5vds.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;

/**
 * Start-up of the command line as a user meets it: wall time of {@code ./h5vds ls small.h5} (the
 * launcher script, its JVM flags and class-data archive, a file of two groups and two datasets
 * written by h5py) against a bare JVM printing "hi" ({@code java -cp DIR Hi}), and h5py's
 * {@code h5ls} for reference. Runs alternate, so both meet the same machine; prints the median of
 * each and the ratio h5vds / bare JVM last (the goal is at most 2). Run with {@code ./bench.sh cli}.
 */
public final class CliStartupBench {
    private static final int RUNS = 15;

    private CliStartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Project.target().resolve("bench/cli")).toAbsolutePath();
        Path small = dir.resolve("small.h5");
        if (!Files.exists(small)) {
            Python.run("""
                    import sys, h5py, numpy as np
                    with h5py.File(sys.argv[1], 'w') as f:
                        f['a'] = np.arange(10)
                        f.create_group('g')['b'] = np.ones((3, 4))
                    """, small);
        }
        Path hi = dir.resolve("Hi.java");
        if (!Files.exists(dir.resolve("Hi.class"))) {
            Files.writeString(hi, "public class Hi { public static void main(String[] a) { System.out.println(\"hi\"); } }\n");
            if (ToolProvider.getSystemJavaCompiler().run(null, null, null, hi.toString()) != 0) throw new AssertionError("javac Hi.java failed");
        }
        Path launcher = Project.repo().resolve("h5vds");
        List<String> ls = List.of(launcher.toString(), "ls", small.toString());
        List<String> bare = List.of("java", "-cp", dir.toString(), "Hi");
        List<String> h5ls = List.of("h5ls", "-r", small.toString());
        time(ls); // builds the jar and its class-data archive when missing: not timed
        double[] tLs = new double[RUNS], tBare = new double[RUNS], tH5ls = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            tBare[r] = time(bare);
            tLs[r] = time(ls);
            tH5ls[r] = time(h5ls);
        }
        double mLs = median(tLs), mBare = median(tBare), mH5ls = median(tH5ls);
        System.out.printf(Locale.ROOT, "command-line start-up, median of %d runs each (ms), %d cores%n", RUNS, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-36s %12s %14s %8s%n", "", "h5vds ms", "bare JVM ms", "ratio");
        System.out.printf(Locale.ROOT, "%-36s %12.0f %14.0f %7.2fx%n", "h5vds ls small.h5 vs java Hi", mLs, mBare, mLs / mBare);
        System.out.printf(Locale.ROOT, "%-36s %12.0f %14s%n", "  (h5ls -r small.h5, for reference)", mH5ls, "");
        System.out.printf(Locale.ROOT, "spread: h5vds %.0f..%.0f ms, bare JVM %.0f..%.0f ms%n", min(tLs), max(tLs), min(tBare), max(tBare));
    }

    /** Wall time in ms of one run, output discarded; fails on a non-zero exit. */
    private static double time(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (p.exitValue() != 0) throw new AssertionError(cmd + " exited with " + p.exitValue());
        return ms;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
