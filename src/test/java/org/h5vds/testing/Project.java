package org.h5vds.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, for oracles that run scripts from it and write into its target directory. */
public final class Project {
    private Project() {
    }

    /** The project root: Surefire's {@code h5vds.projectDir}, else the nearest directory upward holding pom.xml. */
    public static Path dir() {
        String configured = System.getProperty("h5vds.projectDir");
        if (configured != null && !configured.isBlank()) return Path.of(configured).toAbsolutePath();
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("pom.xml"))) return q;
        }
        throw new AssertionError("cannot find the project directory (no pom.xml above " + p + "); run the tests with Maven");
    }

    /** The Maven build directory, {@code <project>/target}. */
    public static Path target() {
        return dir().resolve("target");
    }
}
