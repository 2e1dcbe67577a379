package org.h5vds.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;

/**
 * Streams frames through a SWMR writer while an h5py SWMR reader follows the file, for h5vds and for
 * h5py (libhdf5 1.10.8) in the same run:
 * <pre>
 *   java -cp ... org.h5vds.bench.SwmrWriteBench DIR FRAMES
 * </pre>
 * Frames are 512 x 512 uint16 (512 KiB, Poisson-like counts as in {@link StreamingWriteBench}, frame
 * index in pixel 0; each copied from its pattern into one reused buffer, appended through
 * {@code NdArray.wrap}, as h5py's writer copies it into a NumPy array it passes as it is), one
 * chunk per frame, uncompressed and gzip (level 4) + shuffle, appended along an unlimited axis;
 * each frame is appended, then flushed ({@code Dataset.flush()}, h5py's {@code d.flush()}). Both writers are followed by the same reader, {@code h5py_swmr_watch.py}
 * ({@code h5py.File(p, 'r', swmr=True)}, refresh every 0.5 ms, reading the newest frame when the
 * shape grew). Printed: frames/s and MiB/s of the writer (first append to last flush), and the
 * latency from a flush returning in the writer to the reader seeing the frame (wall clocks of the
 * two processes on one machine), median and 95th percentile, and the CPU time per frame (which the
 * other programs on a shared machine disturb less than the rate); the ratios h5vds/h5py last. The h5vds
 * writer streams 64 untimed frames to another file first (JIT warm-up).
 */
public final class SwmrWriteBench {
    private SwmrWriteBench() {
    }

    /**
     * One writer's run: wall seconds, the CPU the writer used in them (h5vds: the writing thread
     * alone and the whole JVM, JIT compilers and GC included; h5py: its process, both the same),
     * and when each frame was flushed and seen.
     */
    record Run(double seconds, double callerCpuSeconds, double processCpuSeconds, long[] flushed, long[] seen) {
        double framesPerSecond() {
            return flushed.length / seconds;
        }

        double mibPerSecond() {
            return flushed.length * 512.0 * 512 * 2 / seconds / (1 << 20);
        }

        /** CPU µs per frame of the writing thread, or of the whole process with {@code process}. */
        double cpuMicrosPerFrame(boolean process) {
            return (process ? processCpuSeconds : callerCpuSeconds) * 1e6 / flushed.length;
        }

        /** The latency flush → seen at quantile q, in ms. */
        double latencyMs(double q) {
            double[] l = new double[flushed.length];
            for (int i = 0; i < l.length; i++) l[i] = (seen[i] - flushed[i]) / 1e6;
            Arrays.sort(l);
            return l[Math.min(l.length - 1, (int) Math.floor(q * l.length))];
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        short[][] patterns = StreamingWriteBench.patterns();
        stream(dir.resolve("warm-up.h5"), Math.min(64, frames), "none", patterns, false);
        System.out.printf("SWMR write, %d frames of 512x512 uint16, flush per frame, followed by an h5py SWMR reader; %d cores%n", frames,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-14s %-6s %10s %10s %14s %14s %14s %14s%n", "filters", "writer", "frames/s", "MiB/s", "latency p50 ms", "latency p95 ms",
                "CPU µs/frame", "process µs/fr");
        List<String> ratios = new ArrayList<>();
        for (String filters : List.of("none", "gzip-shuffle")) {
            // one round of each writer first, not counted: a file growing into page-cache pages the
            // guest never used stalls on the VM host's first touch (docs/notes/closing-session4.md),
            // and whichever writer ran second got the pages the first one's deleted file gave back
            stream(dir.resolve("swmr-h5vds.h5"), frames, filters, patterns, true);
            h5py(dir.resolve("swmr-h5py.h5"), frames, filters);
            Run ours = stream(dir.resolve("swmr-h5vds.h5"), frames, filters, patterns, true);
            Run theirs = h5py(dir.resolve("swmr-h5py.h5"), frames, filters);
            print(filters, "h5vds", ours);
            print(filters, "h5py", theirs);
            ratios.add(String.format("%-14s ratio h5vds/h5py: frames/s %.2fx, latency p50 %.2fx, p95 %.2fx, CPU per frame h5py/h5vds %.2fx "
                            + "(writing thread), %.2fx (process)", filters,
                    ours.framesPerSecond() / theirs.framesPerSecond(), ours.latencyMs(0.5) / theirs.latencyMs(0.5),
                    ours.latencyMs(0.95) / theirs.latencyMs(0.95), theirs.cpuMicrosPerFrame(false) / ours.cpuMicrosPerFrame(false),
                    theirs.cpuMicrosPerFrame(true) / ours.cpuMicrosPerFrame(true)));
        }
        for (String r : ratios) System.out.println(r);
    }

    private static void print(String filters, String writer, Run r) {
        System.out.printf("%-14s %-6s %10.1f %10.1f %14.2f %14.2f %14.0f %14.0f%n", filters, writer, r.framesPerSecond(), r.mibPerSecond(),
                r.latencyMs(0.5), r.latencyMs(0.95), r.cpuMicrosPerFrame(false), r.cpuMicrosPerFrame(true));
    }

    private static DatasetOptions options(String filters) {
        DatasetOptions o = DatasetOptions.chunked(1, 512, 512).maxShape(Shape.UNLIMITED, 512, 512);
        return filters.equals("gzip-shuffle") ? o.deflate(4).shuffle() : o;
    }

    /** The h5vds SWMR writer, in this JVM; followed by the reader when {@code follow}. */
    private static Run stream(Path out, int frames, String filters, short[][] patterns, boolean follow) throws Exception {
        Files.deleteIfExists(out);
        long[] flushed = new long[frames];
        Path seenTimes = out.resolveSibling(out.getFileName() + ".seen");
        Process reader = null;
        double seconds;
        double callerCpu;
        double processCpu;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (H5File f = H5File.create(out)) {
            Dataset d = f.createDataset("entry/data/data", DType.UINT16, Shape.of(0, 512, 512), options(filters));
            f.startSwmrWrite();
            if (follow) reader = startReader(out, frames, seenTimes);
            // one buffer the pattern is copied into per frame, as h5py's writer copies it into a NumPy
            // array (and as ./bench.sh write does): NdArray.ofUnsigned of a short[] would copy it again
            // into a new 512 KiB array per frame, which h5py does not
            ByteBuffer frame = ByteBuffer.allocate(512 * 512 * 2).order(ByteOrder.LITTLE_ENDIAN);
            long start = System.nanoTime();
            long callerStart = threads.getCurrentThreadCpuTime();
            double processStart = processCpuSeconds();
            for (int i = 0; i < frames; i++) {
                frame.clear();
                frame.asShortBuffer().put(patterns[i % patterns.length]);
                frame.putShort(0, (short) i);
                d.append(NdArray.wrap(frame, DType.UINT16, 512, 512));
                d.flush();
                flushed[i] = epochNanos();
            }
            seconds = (System.nanoTime() - start) / 1e9;
            callerCpu = (threads.getCurrentThreadCpuTime() - callerStart) / 1e9;
            processCpu = processCpuSeconds() - processStart;
        }
        long[] seen = follow ? awaitReader(reader, seenTimes) : flushed;
        Files.deleteIfExists(out);
        Files.deleteIfExists(out.resolveSibling(out.getFileName() + ".following"));
        return new Run(seconds, callerCpu, processCpu, flushed, seen);
    }

    /** The h5py SWMR writer ({@code h5py_swmr_stream.py}) in its own process, followed by the same reader. */
    private static Run h5py(Path out, int frames, String filters) throws Exception {
        Files.deleteIfExists(out);
        Path ready = out.resolveSibling(out.getFileName() + ".ready");
        Files.deleteIfExists(ready);
        Path flushedTimes = out.resolveSibling(out.getFileName() + ".flushed");
        Path seenTimes = out.resolveSibling(out.getFileName() + ".seen");
        Process writer = new ProcessBuilder("/usr/bin/python3", script("h5py_swmr_stream.py"), out.toString(), String.valueOf(frames), filters,
                flushedTimes.toString()).redirectErrorStream(true).start();
        while (!Files.exists(ready)) {
            if (!writer.isAlive()) throw new IllegalStateException("the h5py writer ended: " + new String(writer.getInputStream().readAllBytes()));
            Thread.sleep(5);
        }
        Process reader = startReader(out, frames, seenTimes);
        String said = new String(writer.getInputStream().readAllBytes());
        if (!writer.waitFor(600, TimeUnit.SECONDS) || writer.exitValue() != 0) throw new IllegalStateException("the h5py writer failed: " + said);
        long[] seen = awaitReader(reader, seenTimes);
        double seconds = Double.parseDouble(said.replaceAll("(?s).* seconds=([0-9.]+).*", "$1"));
        double cpu = Double.parseDouble(said.replaceAll("(?s).*cpu_seconds=([0-9.]+).*", "$1"));
        long[] flushed = Files.readAllLines(flushedTimes).stream().filter(s -> !s.isBlank()).mapToLong(Long::parseLong).toArray();
        Files.deleteIfExists(out);
        Files.deleteIfExists(ready);
        Files.deleteIfExists(flushedTimes);
        Files.deleteIfExists(out.resolveSibling(out.getFileName() + ".following"));
        return new Run(seconds, cpu, cpu, flushed, seen);
    }

    private static Process startReader(Path file, int frames, Path seenTimes) throws Exception {
        Path following = file.resolveSibling(file.getFileName() + ".following");
        Files.deleteIfExists(following);
        Process reader = new ProcessBuilder("/usr/bin/python3", script("h5py_swmr_watch.py"), file.toString(), String.valueOf(frames),
                seenTimes.toString()).redirectErrorStream(true).start();
        while (!Files.exists(following)) {
            if (!reader.isAlive()) throw new IllegalStateException("the h5py reader ended: " + new String(reader.getInputStream().readAllBytes()));
            Thread.sleep(5);
        }
        // (left in place: h5py's writer waits for it; deleted with the file)
        return reader;
    }

    private static long[] awaitReader(Process reader, Path seenTimes) throws Exception {
        String said = new String(reader.getInputStream().readAllBytes());
        if (!reader.waitFor(600, TimeUnit.SECONDS) || reader.exitValue() != 0) throw new IllegalStateException("the h5py reader failed: " + said);
        long[] seen = Files.readAllLines(seenTimes).stream().filter(s -> !s.isBlank()).mapToLong(Long::parseLong).toArray();
        Files.delete(seenTimes);
        return seen;
    }

    private static String script(String name) {
        return Path.of(System.getProperty("h5vds.projectDir", "."), "src/test/resources/org/h5vds/bench", name).toString();
    }

    /** The CPU seconds of this JVM so far, every thread (JIT compilers and GC too), user and system: /proc/self/stat, 10 ms ticks. */
    private static double processCpuSeconds() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
