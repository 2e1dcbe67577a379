package org.h5vds.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Output folders: the ones commands create when the user names none, and the checks on one the user names. */
final class Folders {
    private Folders() {
    }

    /**
     * A folder the user named for a command that writes files of fixed names into it (demo,
     * example): it must not exist, or be empty, unless {@code overwrite} lets those files replace
     * what is there.
     */
    static Path forWriting(Path dir, boolean overwrite) throws java.io.IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": is not a folder");
        if (!overwrite && Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + ": the folder is not empty, and files in it could be replaced: "
                            + "pass --overwrite to allow that, or name a new folder");
                }
            }
        }
        return dir;
    }

    /** {@code parent/prefix-N} for the first N that does not exist yet. */
    static Path fresh(Path parent, String prefix) {
        for (int n = 1; ; n++) {
            Path p = parent.resolve(prefix + "-" + n);
            if (!Files.exists(p)) return p;
        }
    }
}
