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

    /**
     * Python writing printf sources {@code FOLDER/p_0.h5}, {@code p_1}, {@code p_2} and {@code p_4}
     * (dataset {@code data}: 10 int64, {@code arange(10) + 100 i}) and {@code vds.h5} whose
     * dataset {@code line} maps them as blocks {@code p_%b.h5} of 10 every 12 (unlimited, fill -1).
     */
    public static String printfLine(String folder) {
        return """
                for i in [0, 1, 2, 4]:
                    with h5py.File(os.path.join('%s', f'p_{i}.h5'), 'w') as f:
                        f['data'] = np.arange(10, dtype='<i8') + 100 * i
                vspace = h5py.h5s.create_simple((0,), (U,))
                vspace.select_hyperslab((0,), (U,), stride=(12,), block=(10,))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_fill_value(np.array([-1]))
                dcpl.set_virtual(vspace, b'p_%%b.h5', b'data', h5py.h5s.create_simple((10,)))
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'line', h5py.h5t.STD_I64LE, vspace, dcpl=dcpl)
                """.formatted(folder);
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
