package org.h5vds.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs libhdf5 1.10.8's {@code h5dump} (Debian's hdf5-tools) as an oracle: properties with
 * {@code -p -H}, values without {@code -H}, structure with {@code -n} and so on. The plugin path is
 * set, so datasets with plugin filters dump too.
 */
public final class H5Dump {
    public static final String EXECUTABLE = "/usr/bin/h5dump";

    private H5Dump() {
    }

    /** What h5dump printed and its exit code (non-zero for a file or object it cannot read). */
    public record Result(int exit, String out, String err) {
        /** stdout, failing the test if h5dump failed. */
        public String outOrFail() {
            if (exit != 0) throw new AssertionError("h5dump failed (exit " + exit + ")\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err);
            return out;
        }
    }

    /** Runs {@code h5dump OPTIONS... FILE}; never fails on h5dump's exit code, which the caller judges. */
    public static Result run(Path file, String... options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(EXECUTABLE);
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 300);
        return new Result(r.exit(), r.out(), r.err());
    }

    /** The header and storage properties of one dataset ({@code -p -H -d DATASET}); fails if h5dump does. */
    public static String properties(Path file, String dataset) {
        return run(file, "-p", "-H", "-d", dataset).outOrFail();
    }

    /** The whole dump of one dataset, values included ({@code -d DATASET}); fails if h5dump does. */
    public static String values(Path file, String dataset) {
        return run(file, "-d", dataset).outOrFail();
    }
}
