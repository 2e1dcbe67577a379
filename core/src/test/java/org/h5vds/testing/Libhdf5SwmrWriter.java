package org.h5vds.testing;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import java.nio.file.Path;

/**
 * A child-JVM program that writes as a libhdf5 1.14.3 SWMR writer (hdf.hdf5lib.H5 from
 * org.bytedeco:hdf5), the same file as {@code swmr_writer.py plain}: {@code DIR/live.h5} with
 * {@code gzip} (chunks of one frame, deflate) and {@code plain4} (chunks of four frames), both
 * (0, 16, 32) int32 growing along axis 0 with fill value -1; H5Fstart_swmr_write, then
 * {@code DIR/ready}, then frame r (r * 1000 + y * 32 + x) appended to each dataset with
 * H5Dset_extent, H5Dwrite and H5Dflush every DELAY_MS milliseconds; then H5Fclose.
 * {@link SwmrWriter#libhdf5} starts it.
 */
public final class Libhdf5SwmrWriter {
    static final int H = 16;
    static final int W = 32;

    private Libhdf5SwmrWriter() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(Path.of(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]));
        } catch (Throwable t) {
            System.err.println("libhdf5 SWMR writer: " + t);
            t.printStackTrace();
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void run(Path dir, int frames, long delayMs) throws Exception {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
        long fapl = H5.H5Pcreate(HDF5Constants.H5P_FILE_ACCESS);
        H5.H5Pset_libver_bounds(fapl, HDF5Constants.H5F_LIBVER_LATEST, HDF5Constants.H5F_LIBVER_LATEST);
        long file = H5.H5Fcreate(dir.resolve("live.h5").toString(), HDF5Constants.H5F_ACC_TRUNC, HDF5Constants.H5P_DEFAULT, fapl);
        long gzip = create(file, "gzip", 1, true);
        long plain = create(file, "plain4", 4, false);
        H5.H5Fstart_swmr_write(file);
        SwmrWriter.markReady(dir);
        int[] frame = new int[H * W];
        for (int r = 0; r < frames; r++) {
            for (int k = 0; k < frame.length; k++) frame[k] = r * 1000 + k;
            append(gzip, r, frame);
            append(plain, r, frame);
            if (delayMs > 0) Thread.sleep(delayMs);
        }
        H5.H5Dclose(gzip);
        H5.H5Dclose(plain);
        H5.H5Fclose(file);
        H5.H5Pclose(fapl);
    }

    private static long create(long file, String name, int chunkRows, boolean deflate) throws Exception {
        long space = H5.H5Screate_simple(3, new long[] {0, H, W}, new long[] {HDF5Constants.H5S_UNLIMITED, H, W});
        long dcpl = H5.H5Pcreate(HDF5Constants.H5P_DATASET_CREATE);
        H5.H5Pset_chunk(dcpl, 3, new long[] {chunkRows, H, W});
        if (deflate) H5.H5Pset_deflate(dcpl, 4);
        H5.H5Pset_fill_value(dcpl, HDF5Constants.H5T_NATIVE_INT32, new int[] {-1});
        long d = H5.H5Dcreate(file, name, HDF5Constants.H5T_STD_I32LE, space, HDF5Constants.H5P_DEFAULT, dcpl, HDF5Constants.H5P_DEFAULT);
        H5.H5Pclose(dcpl);
        H5.H5Sclose(space);
        return d;
    }

    private static void append(long d, int r, int[] frame) throws Exception {
        H5.H5Dset_extent(d, new long[] {r + 1, H, W});
        long fileSpace = H5.H5Dget_space(d);
        H5.H5Sselect_hyperslab(fileSpace, HDF5Constants.H5S_SELECT_SET, new long[] {r, 0, 0}, null, new long[] {1, H, W}, null);
        long memSpace = H5.H5Screate_simple(3, new long[] {1, H, W}, null);
        H5.H5Dwrite(d, HDF5Constants.H5T_NATIVE_INT32, memSpace, fileSpace, HDF5Constants.H5P_DEFAULT, frame);
        H5.H5Sclose(memSpace);
        H5.H5Sclose(fileSpace);
        H5.H5Dflush(d);
    }
}
