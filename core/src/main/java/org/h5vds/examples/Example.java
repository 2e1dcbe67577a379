package org.h5vds.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * One of the use cases the h5py VDS documentation points to, ported step by step to h5vds: it
 * writes the source files and the virtual dataset into a folder, with h5py's file names, dataset
 * names, shapes, dtypes, fill values and mappings.
 */
public interface Example {
    /** The name of h5py's example script, without {@code .py}: e.g. {@code "vds_simple"}. */
    String name();

    /** One line on what the example shows. */
    String description();

    /** Writes the example's files into {@code dir} (which exists), reporting progress to {@code out}. */
    Result run(Path dir, PrintWriter out);

    /**
     * What an example made: the file holding the virtual dataset, the dataset's path, the source
     * files, and an index worth printing to show the result (as h5py's example prints it).
     */
    record Result(Path vdsFile, String dataset, List<Path> sources, String showIndex) {
    }
}
