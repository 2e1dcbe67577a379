package org.h5vds.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's files are, for oracles that run scripts from it and write into its target directory.
 * The repository is a Maven reactor: this module's directory holds its sources and target, the
 * repository root holds what ./test.sh installs for every module ({@code .oracles}).
 */
public final class Project {
    private Project() {
    }

    /** This module's directory: Surefire's {@code h5vds.projectDir}, else the nearest directory upward holding pom.xml. */
    public static Path dir() {
        String configured = System.getProperty("h5vds.projectDir");
        if (configured != null && !configured.isBlank()) return Path.of(configured).toAbsolutePath();
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("pom.xml"))) return q;
        }
        throw new AssertionError("cannot find the project directory (no pom.xml above " + p + "); run the tests with Maven");
    }

    /** The repository root (Maven's multi-module directory), where ./test.sh installs the oracles. */
    public static Path repo() {
        String configured = System.getProperty("h5vds.repoDir");
        if (configured != null && !configured.isBlank()) return Path.of(configured).toAbsolutePath();
        Path module = dir();
        for (Path q = module; q != null; q = q.getParent()) {
            if (Files.isExecutable(q.resolve("test.sh"))) return q;
        }
        return module;
    }

    /** Where ./test.sh installs the node oracles (h5wasm and its plugins). */
    public static Path oracles() {
        return repo().resolve(".oracles");
    }

    /** The Maven build directory, {@code <module>/target}. */
    public static Path target() {
        return dir().resolve("target");
    }
}
