package org.h5vds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;

/**
 * Builds virtual datasets with h5py (libhdf5 1.10.8) for a test: the Python body runs with a fresh
 * folder under {@code target/vds-tests} as its working directory, with {@code np}, {@code h5py},
 * {@code U} (h5py.h5s.UNLIMITED) and {@code save(name, array)} (writes {@code name.npy}, h5py's
 * reading for the test to compare with) in scope.
 */
public final class H5pyVds {
    private static final String PRELUDE = """
            import os, sys, shutil
            import numpy as np
            import h5py
            os.chdir(sys.argv[1])
            U = h5py.h5s.UNLIMITED
            def save(name, array):
                np.save(name + '.npy', np.asarray(array))
            def dapl(view=None, gap=None, prefix=None):
                p = h5py.h5p.create(h5py.h5p.DATASET_ACCESS)
                if view is not None: p.set_virtual_view(view)
                if gap is not None: p.set_virtual_printf_gap(gap)
                if prefix is not None: p.set_virtual_prefix(prefix.encode())
                return p
            def open_with(f, name, **kw):
                return h5py.Dataset(h5py.h5d.open(f.id, name.encode(), dapl=dapl(**kw)))
            FIRST = h5py.h5d.VDS_FIRST_MISSING
            LAST = h5py.h5d.VDS_LAST_AVAILABLE
            """;

    private H5pyVds() {
    }

    /** A new, empty folder for one test's files. */
    public static Path folder(String name) {
        try {
            Path base = Files.createDirectories(Project.target().resolve("vds-tests"));
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body} in {@code dir}; returns its standard output. */
    public static String run(Path dir, String body) {
        return Python.run(PRELUDE + body, dir.toAbsolutePath());
    }

    /** Runs {@code body} in {@code dir} with HDF5_VDS_PREFIX set to {@code vdsPrefix}; returns its standard output. */
    public static String runWithVdsPrefix(Path dir, String vdsPrefix, String body) {
        try {
            Path script = Files.createTempFile("h5vds-oracle", ".py");
            try {
                Files.writeString(script, PRELUDE + body);
                return Python.Processes.run(java.util.List.of("/usr/bin/env", "HDF5_VDS_PREFIX=" + vdsPrefix, Python.EXECUTABLE,
                        script.toString(), dir.toAbsolutePath().toString()), 600);
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body} in a new folder named after {@code name}; returns the folder. */
    public static Path make(String name, String body) {
        Path dir = folder(name);
        run(dir, body);
        return dir;
    }

    /** The array the body saved as {@code name}. */
    public static NdArray expected(Path dir, String name) {
        return Npy.read(dir.resolve(name + ".npy"));
    }
}
