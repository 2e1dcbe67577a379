package org.h5vds.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files a read takes: each path given, a file or a glob ({@code *}, {@code ?}, {@code [ab]},
 * {@code {a,b}}, as Hadoop's FileSystem.globStatus expands them, sorted), on any Hadoop file
 * system, as fully qualified names ({@code file:/...}, {@code hdfs://host:port/...}). A path that
 * matches nothing is an error, as it is for Spark's own file sources.
 */
final class InputFiles {
    private InputFiles() {
    }

    static List<String> expand(List<String> paths, Configuration conf) {
        List<String> out = new ArrayList<>();
        for (String given : paths) {
            Path p = new Path(given);
            try {
                FileSystem fs = p.getFileSystem(conf);
                FileStatus[] found = fs.globStatus(p);
                if (found == null || found.length == 0) {
                    throw new IllegalArgumentException("hdf5: path does not exist: " + fs.makeQualified(p));
                }
                for (FileStatus s : found) {
                    if (s.isDirectory()) throw new IllegalArgumentException("hdf5: " + s.getPath() + " is a directory, not an HDF5 file");
                    String name = s.getPath().toString();
                    if (!out.contains(name)) out.add(name);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("hdf5: cannot list " + given + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
