package org.h5vds.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that every oracle the interoperability tests use is installed, failing (never skipping)
 * with what is missing and how to install it: h5py 3.7 on libhdf5 1.10.x with numpy, hdf5plugin and
 * zstandard in /usr/bin/python3; h5dump and h5debug; the filter plugins; node with h5wasm 0.10.3
 * (libhdf5 2.0.0). Maven brings the libhdf5 1.14.3 JNI oracle.
 */
public final class Oracles {
    public static final String INSTALL = "run ./test.sh as root: it apt-installs python3-h5py python3-numpy hdf5-tools "
            + "hdf5-filter-plugin bitshuffle hdf5-filter-plugin-blosc-serial python3-hdf5plugin python3-zstandard, "
            + "and npm-installs h5wasm@" + H5Wasm.VERSION + " into .oracles";

    private static boolean checked;

    private Oracles() {
    }

    /** Fails with install instructions unless every oracle is present; checks once per JVM. */
    public static synchronized void requireAll() {
        if (checked) return;
        List<String> missing = new ArrayList<>();
        Python.Processes.Result py = Python.Processes.runAllowingFailure(List.of(Python.EXECUTABLE, "-c",
                "import h5py, numpy, hdf5plugin, zstandard; print(h5py.version.version, h5py.version.hdf5_version)"), 120);
        if (py.exit() != 0) {
            missing.add("python modules for " + Python.EXECUTABLE + " (h5py, numpy, hdf5plugin, zstandard): " + py.err().strip());
        } else if (!py.out().strip().split(" ")[1].startsWith("1.10.")) {
            missing.add("h5py on libhdf5 1.10 (found " + py.out().strip() + ")");
        }
        for (String tool : List.of(H5Dump.EXECUTABLE, "/usr/bin/h5debug")) {
            if (!Files.isExecutable(Path.of(tool))) missing.add(tool + " (Debian package hdf5-tools)");
        }
        for (String plugin : List.of("libh5lz4.so", "libh5bshuf.so", "libh5bz2.so", "libH5Zblosc.so")) {
            if (!Files.isRegularFile(Path.of(Python.PLUGIN_PATH, plugin))) {
                missing.add(Python.PLUGIN_PATH + "/" + plugin + " (hdf5-filter-plugin, bitshuffle, hdf5-filter-plugin-blosc-serial)");
            }
        }
        try {
            H5Wasm.node();
            if (!H5Wasm.installedVersion().equals(H5Wasm.VERSION)) {
                missing.add("h5wasm " + H5Wasm.VERSION + " (found " + H5Wasm.installedVersion() + ")");
            }
        } catch (AssertionError e) {
            missing.add(e.getMessage());
        }
        try {
            Libhdf5Java.classpath();
        } catch (AssertionError e) {
            missing.add(e.getMessage());
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("oracles missing:\n  - " + String.join("\n  - ", missing) + "\nTo install them, " + INSTALL);
        }
        checked = true;
    }
}
