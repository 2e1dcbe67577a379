package org.h5vds.testing;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import java.nio.file.Path;
import java.util.List;

/**
 * A child-JVM program that writes a virtual dataset with libhdf5 1.14.3 (hdf.hdf5lib.H5 from
 * org.bytedeco:hdf5), with the file's format version bounds at 1.14 so that libhdf5 stores the
 * mapping selections as hyperslab version 3 (regular and irregular): {@link #write} runs it.
 *
 * <p>The file holds {@code src} (int32, 100 values 0..99) and {@code v} (int32, 2 x 50, fill -1):
 * row 0 takes src[0:100:2]; row 1, columns 0:10, takes src[1:3], src[7:10] and src[20:25]
 * (an irregular union); row 1, columns 10:50, is unmapped.
 */
public final class Libhdf5VdsWriter {
    private Libhdf5VdsWriter() {
    }

    /** Writes the file with libhdf5 1.14.3 in a child JVM. */
    public static void write(Path file) {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", Libhdf5Java.classpath(),
                Libhdf5VdsWriter.class.getName(), file.toAbsolutePath().toString());
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 300);
        if (r.exit() != 0) throw new AssertionError("libhdf5 1.14 could not write " + file + " (exit " + r.exit() + ")\n" + r.err());
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args[0]);
        } catch (Throwable t) {
            System.err.println("libhdf5 VDS writer: " + t);
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void run(String name) throws Exception {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
        long fapl = H5.H5Pcreate(HDF5Constants.H5P_FILE_ACCESS);
        H5.H5Pset_libver_bounds(fapl, HDF5Constants.H5F_LIBVER_V114, HDF5Constants.H5F_LIBVER_V114);
        long file = H5.H5Fcreate(name, HDF5Constants.H5F_ACC_TRUNC, HDF5Constants.H5P_DEFAULT, fapl);
        long srcSpace = H5.H5Screate_simple(1, new long[] {100}, null);
        long src = H5.H5Dcreate(file, "src", HDF5Constants.H5T_STD_I32LE, srcSpace, HDF5Constants.H5P_DEFAULT, HDF5Constants.H5P_DEFAULT,
                HDF5Constants.H5P_DEFAULT);
        int[] values = new int[100];
        for (int i = 0; i < 100; i++) values[i] = i;
        H5.H5Dwrite(src, HDF5Constants.H5T_NATIVE_INT32, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, HDF5Constants.H5P_DEFAULT, values);
        H5.H5Dclose(src);

        long vspace = H5.H5Screate_simple(2, new long[] {2, 50}, null);
        long dcpl = H5.H5Pcreate(HDF5Constants.H5P_DATASET_CREATE);
        H5.H5Pset_fill_value(dcpl, HDF5Constants.H5T_NATIVE_INT32, new int[] {-1});

        H5.H5Sselect_hyperslab(vspace, HDF5Constants.H5S_SELECT_SET, new long[] {0, 0}, null, new long[] {1, 50}, null);
        H5.H5Sselect_hyperslab(srcSpace, HDF5Constants.H5S_SELECT_SET, new long[] {0}, new long[] {2}, new long[] {50}, new long[] {1});
        H5.H5Pset_virtual(dcpl, vspace, ".", "src", srcSpace);

        H5.H5Sselect_hyperslab(vspace, HDF5Constants.H5S_SELECT_SET, new long[] {1, 0}, null, new long[] {1, 10}, null);
        H5.H5Sselect_hyperslab(srcSpace, HDF5Constants.H5S_SELECT_SET, new long[] {1}, null, new long[] {2}, null);
        H5.H5Sselect_hyperslab(srcSpace, HDF5Constants.H5S_SELECT_OR, new long[] {7}, null, new long[] {3}, null);
        H5.H5Sselect_hyperslab(srcSpace, HDF5Constants.H5S_SELECT_OR, new long[] {20}, null, new long[] {5}, null);
        H5.H5Pset_virtual(dcpl, vspace, ".", "src", srcSpace);

        H5.H5Sselect_all(vspace);
        long v = H5.H5Dcreate(file, "v", HDF5Constants.H5T_STD_I32LE, vspace, HDF5Constants.H5P_DEFAULT, dcpl, HDF5Constants.H5P_DEFAULT);
        H5.H5Dclose(v);
        H5.H5Pclose(dcpl);
        H5.H5Sclose(vspace);
        H5.H5Sclose(srcSpace);
        H5.H5Fclose(file);
        H5.H5Pclose(fapl);
    }
}
