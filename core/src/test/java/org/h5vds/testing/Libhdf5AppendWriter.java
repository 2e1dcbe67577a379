package org.h5vds.testing;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import java.nio.file.Path;
import java.util.List;

/**
 * A child-JVM program in which libhdf5 1.14.3 writes into an existing file: it opens FILE for
 * writing, adds the contiguous int32 dataset NAME of N elements (values 3 * i) and a group
 * NAME_group with an int32 attribute {@code n} = N, and prints {@code offset A} (where libhdf5
 * put the dataset's data) and {@code free B} (H5Fget_freespace before the changes).
 *
 * <pre>java -cp TEST_CLASSPATH org.h5vds.testing.Libhdf5AppendWriter FILE NAME N</pre>
 */
public final class Libhdf5AppendWriter {
    private Libhdf5AppendWriter() {
    }

    /** Runs the program on {@code file} in a child JVM; returns its output. */
    public static String write(Path file, String name, int n) {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", Libhdf5Java.classpath(),
                Libhdf5AppendWriter.class.getName(), file.toString(), name, Integer.toString(n));
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 300);
        if (r.exit() != 0) throw new AssertionError("libhdf5 1.14 writing " + file + " failed (exit " + r.exit() + ")\n" + r.out() + r.err());
        return r.out();
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            append(args[0], args[1], Integer.parseInt(args[2]));
        } catch (Throwable t) {
            System.err.println("libhdf5 append writer: " + t);
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void append(String path, String name, int n) throws Exception {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
        long p = HDF5Constants.H5P_DEFAULT;
        long f = H5.H5Fopen(path, HDF5Constants.H5F_ACC_RDWR, p);
        System.out.println("free " + H5.H5Fget_freespace(f));
        long space = H5.H5Screate_simple(1, new long[] {n}, null);
        long ds = H5.H5Dcreate(f, name, HDF5Constants.H5T_STD_I32LE, space, p, p, p);
        int[] values = new int[n];
        for (int i = 0; i < n; i++) values[i] = 3 * i;
        H5.H5Dwrite(ds, HDF5Constants.H5T_NATIVE_INT, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, p, values);
        System.out.println("offset " + H5.H5Dget_offset(ds));
        H5.H5Dclose(ds);
        H5.H5Sclose(space);
        long g = H5.H5Gcreate(f, name + "_group", p, p, p);
        long scalar = H5.H5Screate(HDF5Constants.H5S_SCALAR);
        long attr = H5.H5Acreate(g, "n", HDF5Constants.H5T_STD_I32LE, scalar, p, p);
        H5.H5Awrite(attr, HDF5Constants.H5T_NATIVE_INT, new int[] {n});
        H5.H5Aclose(attr);
        H5.H5Sclose(scalar);
        H5.H5Gclose(g);
        H5.H5Fclose(f);
    }
}
