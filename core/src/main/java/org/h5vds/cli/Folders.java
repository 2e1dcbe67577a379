package org.h5vds.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Output folders commands create when the user names none. */
final class Folders {
    private Folders() {
    }

    /** {@code parent/prefix-N} for the first N that does not exist yet. */
    static Path fresh(Path parent, String prefix) {
        for (int n = 1; ; n++) {
            Path p = parent.resolve(prefix + "-" + n);
            if (!Files.exists(p)) return p;
        }
    }
}
