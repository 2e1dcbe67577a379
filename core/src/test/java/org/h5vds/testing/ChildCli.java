package org.h5vds.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the command line ({@code org.h5vds.cli.Main}) in a child JVM with a small heap, so that a
 * test can show that hostile input ends in a clean message and exit code rather than an
 * OutOfMemoryError that a large test heap would hide.
 */
public final class ChildCli {
    private ChildCli() {
    }

    /** Runs {@code h5vds args...} with {@code -Xmx<heap>}; the child is stopped after two minutes. */
    public static Python.Processes.Result run(String heap, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(Libhdf5Java.classpath());
        cmd.add("org.h5vds.cli.Main");
        cmd.addAll(List.of(args));
        return Python.Processes.runAllowingFailure(cmd, 120);
    }
}
