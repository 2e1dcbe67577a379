package org.h5vds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A SWMR writer running beside a test as another process: h5py ({@code swmr_writer.py}) or
 * libhdf5 1.14 through JNI in a child JVM ({@link Libhdf5SwmrWriter}). {@link #start} returns once
 * the writer has started SWMR mode (it writes {@code DIR/ready}); {@link #finish} waits for it to
 * end and fails the test with its output unless it ended well.
 */
public final class SwmrWriter implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private SwmrWriter(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /**
     * A file h5py's SWMR writer left behind when it stopped without closing it (its superblock
     * keeps the writer flags): {@code datasets} is Python run on the open file {@code f} before
     * SWMR mode starts, such as {@code "f.create_dataset('d', data=np.arange(4, dtype='<i4'),
     * chunks=(4,), maxshape=(None,))"}.
     */
    public static Path killedH5py(Path file, String datasets) {
        Python.run("""
                import os, sys, h5py, numpy as np
                f = h5py.File(sys.argv[1], 'w', libver='latest')
                %s
                f.swmr_mode = True
                f.flush()
                os._exit(0)
                """.formatted(datasets), file);
        return file;
    }

    /** h5py's writer: {@code swmr_writer.py DIR MODE FRAMES DELAY}. */
    public static SwmrWriter h5py(Path dir, String mode, int frames, double delaySeconds) {
        return start(dir, "h5py SWMR writer (" + mode + ")", List.of(Python.EXECUTABLE,
                Project.dir().resolve("src/test/python/swmr_writer.py").toString(), dir.toString(), mode,
                String.valueOf(frames), String.valueOf(delaySeconds)));
    }

    /** libhdf5 1.14.3's writer in a child JVM (the file {@code swmr_writer.py plain} writes). */
    public static SwmrWriter libhdf5(Path dir, int frames, long delayMs) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-cp",
                Libhdf5Java.classpath(), Libhdf5SwmrWriter.class.getName(), dir.toString(), String.valueOf(frames), String.valueOf(delayMs)));
        return start(dir, "libhdf5 1.14 SWMR writer", cmd);
    }

    private static SwmrWriter start(Path dir, String name, List<String> cmd) {
        try {
            Path log = Files.createTempFile("swmr-writer", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("HDF5_PLUGIN_PATH", Python.PLUGIN_PATH);
            SwmrWriter w = new SwmrWriter(pb.start(), log, name);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(dir.resolve("ready"))) {
                if (!w.process.isAlive() || System.nanoTime() > deadline) {
                    w.process.destroyForcibly();
                    throw new AssertionError(name + " did not start SWMR writing:\n" + Files.readString(log));
                }
                Thread.sleep(20);
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Written by a writer once it is in SWMR mode. */
    public static void markReady(Path dir) throws IOException {
        Path tmp = dir.resolve("ready.tmp");
        Files.writeString(tmp, "ready\n");
        Files.move(tmp, dir.resolve("ready"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the writer to end; fails with its output unless it exited 0. */
    public void finish() {
        try {
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not finish in 300 s");
            }
            if (process.exitValue() != 0) throw new AssertionError(name + " failed (exit " + process.exitValue() + "):\n" + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temporary file
        }
    }
}
