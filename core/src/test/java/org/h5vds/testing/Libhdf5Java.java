package org.h5vds.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;

/**
 * libhdf5 1.14.3 as an oracle, through the HDF Group's JNI API ({@code hdf.hdf5lib.H5}) that
 * org.bytedeco:hdf5 ships. It always runs in a child JVM ({@link Libhdf5Reader}): libhdf5's global
 * state and its teardown at exit must not touch the test JVM.
 */
public final class Libhdf5Java {
    private Libhdf5Java() {
    }

    /** The values of {@code dataset} as libhdf5 1.14.3 reads them, in the file's byte order. */
    public static NdArray read(Path file, String dataset) {
        return read(file, dataset, false);
    }

    /**
     * As {@link #read(Path, String)}; {@code nativeOrder} reads into H5Tget_native_type of the file
     * type instead: little-endian, and float16 widened to float32 (libhdf5 has no native half).
     */
    public static NdArray read(Path file, String dataset, boolean nativeOrder) {
        Path out = H5Wasm.tempFile(".npy");
        try {
            List<String> args = new ArrayList<>(List.of(file.toAbsolutePath().toString(), dataset, out.toString()));
            if (nativeOrder) args.add("--native");
            Python.Processes.Result r = runAllowingFailure(args);
            if (r.exit() != 0) {
                throw new AssertionError("libhdf5 1.14.3 could not read " + dataset + " in " + file + " (exit " + r.exit() + ")\n" + r.err());
            }
            return Npy.read(out);
        } finally {
            H5Wasm.delete(out);
        }
    }

    /** Reads many datasets in one child JVM; each result holds the values (file byte order) or libhdf5's error. */
    public static List<OracleRead> readAll(List<OracleRead> requests) {
        return readAll(requests, null);
    }

    /**
     * As {@link #readAll(List)}, each dataset opened with a virtual view and printf gap:
     * {@code access.get(i)} is "first" or "last", a tab, and the gap (null: libhdf5's defaults for all).
     */
    public static List<OracleRead> readAll(List<OracleRead> requests, List<String> access) {
        try {
            Path dir = Files.createTempDirectory("h5vds-libhdf5");
            try {
                StringBuilder list = new StringBuilder();
                for (int i = 0; i < requests.size(); i++) {
                    list.append(requests.get(i).file().toAbsolutePath()).append('\t').append(requests.get(i).dataset()).append('\t')
                            .append(dir.resolve(i + ".npy"));
                    if (access != null) list.append('\t').append(access.get(i));
                    list.append('\n');
                }
                Path listFile = Files.writeString(dir.resolve("list.tsv"), list);
                Python.Processes.Result r = runAllowingFailure(List.of("--batch", listFile.toString()));
                Path results = dir.resolve("list.tsv.results");
                if (r.exit() != 0 || !Files.exists(results)) {
                    throw new AssertionError("libhdf5 batch failed (exit " + r.exit() + ")\n" + r.err());
                }
                List<String> lines = Files.readAllLines(results);
                List<OracleRead> out = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    String line = lines.get(i);
                    out.add(line.equals("ok") ? requests.get(i).succeeded(Npy.read(dir.resolve(i + ".npy")))
                            : requests.get(i).failed(line.substring(line.indexOf('\t') + 1)));
                }
                return out;
            } finally {
                try (var files = Files.list(dir)) {
                    files.forEach(H5Wasm::delete);
                }
                H5Wasm.delete(dir);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The version libhdf5 reports through H5get_libversion, e.g. "1.14.3". */
    public static String libraryVersion() {
        Python.Processes.Result r = runAllowingFailure(List.of("--version"));
        if (r.exit() != 0) throw new AssertionError("libhdf5 reader failed (exit " + r.exit() + ")\n" + r.err());
        return r.out().strip();
    }

    /** Runs {@link Libhdf5Reader} with {@code args} in a child JVM on the test classpath. */
    public static Python.Processes.Result runAllowingFailure(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(Libhdf5Reader.class.getName());
        cmd.addAll(args);
        return Python.Processes.runAllowingFailure(cmd, 300);
    }

    /** The test classpath (Surefire's, or this JVM's); it carries slf4j, which hdf.hdf5lib.H5 needs. */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }
}
