package org.h5vds.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Python (h5py 3.7 on libhdf5 1.10.8) as an oracle. Never skips: a missing h5py is a
 * test failure that says how to install it, because CI must exercise the real client.
 */
public final class Python {
    public static final String EXECUTABLE = "/usr/bin/python3";
    public static final String PLUGIN_PATH = "/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins";

    private Python() {
    }

    /** Runs {@code code} as a Python program with {@code args}; returns its stdout; fails on a non-zero exit. */
    public static String run(String code, Object... args) {
        try {
            Path script = Files.createTempFile("h5vds-oracle", ".py");
            try {
                Files.writeString(script, code);
                return runScript(script, args);
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write the oracle script", e);
        }
    }

    /** Runs a Python script file with {@code args}; returns its stdout; fails on a non-zero exit. */
    public static String runScript(Path script, Object... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(EXECUTABLE);
        cmd.add(script.toString());
        for (Object a : args) cmd.add(String.valueOf(a));
        return Processes.run(cmd, 600);
    }

    /** Small process runner shared by the oracle helpers. */
    public static final class Processes {
        private Processes() {
        }

        public static String run(List<String> cmd, int timeoutSeconds) {
            Result r = runAllowingFailure(cmd, timeoutSeconds);
            if (r.exit != 0) {
                throw new AssertionError("oracle command failed (exit " + r.exit + "): " + String.join(" ", cmd)
                        + "\n--- stdout ---\n" + r.out + "\n--- stderr ---\n" + r.err
                        + (r.err.contains("No module named") ? "\nInstall the oracles: ./test.sh installs python3-h5py and friends" : ""));
            }
            return r.out;
        }

        public record Result(int exit, String out, String err) {
        }

        public static Result runAllowingFailure(List<String> cmd, int timeoutSeconds) {
            if (!Files.isExecutable(Path.of(cmd.get(0))) && cmd.get(0).startsWith("/")) {
                throw new AssertionError("oracle " + cmd.get(0) + " is missing; run ./test.sh, which installs it");
            }
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd);
                pb.environment().put("HDF5_PLUGIN_PATH", PLUGIN_PATH);
                Path out = Files.createTempFile("oracle", ".out");
                Path err = Files.createTempFile("oracle", ".err");
                try {
                    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                    Process p = pb.start();
                    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new AssertionError("oracle timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
                    }
                    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
                } finally {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                }
            } catch (IOException e) {
                throw new AssertionError("cannot run " + cmd, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted running " + cmd, e);
            }
        }
    }
}
