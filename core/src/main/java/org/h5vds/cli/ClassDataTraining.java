package org.h5vds.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run of the launcher's class-data archive (AppCDS): runs the everyday commands once
 * on h5py's first VDS example in a temporary folder and on a small file as h5py writes it by
 * default ({@code training.h5}, made by {@code core/src/test/python/make_training_file.py}), so
 * that the classes they load can be listed ({@code -XX:DumpLoadedClassList}) and archived already
 * parsed and verified. A later {@code ./h5vds ls} maps them in instead of reading and verifying
 * them from the jar. Prints nothing; exits non-zero if a command fails.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run() == 0 ? 0 : 1);
    }

    /** Runs the training's command lines; returns how many failed. */
    static int run() throws IOException {
        Path dir = Files.createTempDirectory("h5vds-cds-");
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        int failed = 0;
        try {
            // the example writes into a folder of its own (it refuses one that holds other files)
            String d = dir.resolve("example").toString();
            String vds = dir.resolve("example").resolve("VDS.h5").toString();
            Path plain = dir.resolve("training.h5");
            try (var in = ClassDataTraining.class.getResourceAsStream("training.h5")) {
                Files.copy(in, plain);
            }
            String h5py = plain.toString();
            String[][] lines = {
                {"example", "vds_simple", "--dir", d},
                {"ls", vds},
                {"ls", vds, "--json"},
                {"mappings", vds, "vdata"},
                {"read", vds, "vdata", "--select", "1:3, ::10"},
                {"check", vds},
                {"ls", h5py},
                {"read", h5py, "entry/frames", "--select", "1"},
                {"read", h5py, "entry/counts"},
                {"read", h5py, "entry/positions"},
                {"read", h5py, "entry/label"},
                {"ls", "--help"},
                {"--help"},
            };
            for (String[] line : lines) if (Main.run(line, quiet, quiet) != 0) failed++;
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return failed;
    }
}
