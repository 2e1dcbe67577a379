package org.h5vds.testing;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import java.nio.file.Path;
import java.util.List;

/**
 * A child-JVM program in which libhdf5 1.14.3 creates FILE (latest format) with a metadata cache
 * image ({@code H5Pset_mdc_image_config}, generate_image): the int32 dataset {@code /data} of N
 * elements (values 7 * i) and the group {@code /g}. At close libhdf5 writes the file's metadata
 * into one image block and records it in the superblock extension.
 *
 * <pre>java -cp TEST_CLASSPATH org.h5vds.testing.Libhdf5CacheImageWriter FILE N</pre>
 */
public final class Libhdf5CacheImageWriter {
    private Libhdf5CacheImageWriter() {
    }

    /** Runs the program in a child JVM. */
    public static void write(Path file, int n) {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", Libhdf5Java.classpath(),
                Libhdf5CacheImageWriter.class.getName(), file.toString(), Integer.toString(n));
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 300);
        if (r.exit() != 0) throw new AssertionError("libhdf5 1.14 writing " + file + " failed (exit " + r.exit() + ")\n" + r.out() + r.err());
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            create(args[0], Integer.parseInt(args[1]));
        } catch (Throwable t) {
            System.err.println("libhdf5 cache image writer: " + t);
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void create(String path, int n) throws Exception {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
        long p = HDF5Constants.H5P_DEFAULT;
        long fapl = H5.H5Pcreate(HDF5Constants.H5P_FILE_ACCESS);
        H5.H5Pset_libver_bounds(fapl, HDF5Constants.H5F_LIBVER_LATEST, HDF5Constants.H5F_LIBVER_LATEST);
        try (org.bytedeco.hdf5.H5AC_cache_image_config_t image = new org.bytedeco.hdf5.H5AC_cache_image_config_t()) {
            image.version(org.bytedeco.hdf5.global.hdf5.H5AC__CURR_CACHE_IMAGE_CONFIG_VERSION).generate_image(true)
                    .save_resize_status(false).entry_ageout(org.bytedeco.hdf5.global.hdf5.H5AC__CACHE_IMAGE__ENTRY_AGEOUT__NONE);
            if (org.bytedeco.hdf5.global.hdf5.H5Pset_mdc_image_config(fapl, image) < 0) throw new IllegalStateException("H5Pset_mdc_image_config failed");
        }
        long f = H5.H5Fcreate(path, HDF5Constants.H5F_ACC_TRUNC, p, fapl);
        long space = H5.H5Screate_simple(1, new long[] {n}, null);
        long ds = H5.H5Dcreate(f, "data", HDF5Constants.H5T_STD_I32LE, space, p, p, p);
        int[] values = new int[n];
        for (int i = 0; i < n; i++) values[i] = 7 * i;
        H5.H5Dwrite(ds, HDF5Constants.H5T_NATIVE_INT, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, p, values);
        H5.H5Dclose(ds);
        H5.H5Sclose(space);
        H5.H5Gclose(H5.H5Gcreate(f, "g", p, p, p));
        H5.H5Fclose(f);
        H5.H5Pclose(fapl);
    }
}
