package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Things a command did on the side that the user should know about, one line each on stderr. */
final class Notices {
    private Notices() {
    }

    /** Says which hidden temporary files of {@code target}, left by writers that were killed, were removed. */
    static void staleTemporariesRemoved(PrintWriter err, Object target, List<Path> removed) {
        if (removed.isEmpty()) return;
        StringBuilder names = new StringBuilder();
        for (Path p : removed) names.append(names.length() == 0 ? "" : ", ").append(p.getFileName());
        err.println("h5vds: removed " + removed.size() + " temporary file" + (removed.size() == 1 ? "" : "s") + " left by an earlier write of "
                + target + " that did not finish: " + names);
    }

    /** Refuses to replace an existing output file unless {@code --overwrite} was given. */
    static void requireNew(Path out, boolean overwrite, String option) {
        if (!overwrite && java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + ": already exists; pass --overwrite to replace it" + (option == null ? "" : " (" + option + ")"));
        }
    }
}
