package org.h5vds.testing;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;

/**
 * A child-JVM program that writes HDF5 1.12's revised references ({@code H5R_REF}) with libhdf5
 * 1.14.3: a file with {@code /data} (int32, 4 elements, attribute {@code units}), a group
 * {@code /grp}, and {@code /refs} holding an object reference to each, a region reference to
 * {@code /data[1:3]} and an attribute reference to {@code /data@units}. h5py 3.7 (libhdf5 1.10)
 * cannot read them; h5vds must.
 *
 * <pre>java -cp TEST_CLASSPATH org.h5vds.testing.Libhdf5RefWriter OUT.h5</pre>
 */
public final class Libhdf5RefWriter {
    private Libhdf5RefWriter() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            write(args[0]);
        } catch (Throwable t) {
            System.err.println("libhdf5 reference writer: " + t);
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void write(String path) throws Exception {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
        long p = HDF5Constants.H5P_DEFAULT;
        long f = H5.H5Fcreate(path, HDF5Constants.H5F_ACC_TRUNC, p, p);
        long space = H5.H5Screate_simple(1, new long[] {4}, null);
        long ds = H5.H5Dcreate(f, "data", HDF5Constants.H5T_STD_I32LE, space, p, p, p);
        H5.H5Dwrite(ds, HDF5Constants.H5T_NATIVE_INT, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, p, new int[] {10, 11, 12, 13});
        long scalar = H5.H5Screate(HDF5Constants.H5S_SCALAR);
        long attr = H5.H5Acreate(ds, "units", HDF5Constants.H5T_STD_I32LE, scalar, p, p);
        H5.H5Awrite(attr, HDF5Constants.H5T_NATIVE_INT, new int[] {7});
        H5.H5Aclose(attr);
        long g = H5.H5Gcreate(f, "grp", p, p, p);
        H5.H5Gclose(g);
        long sel = H5.H5Screate_simple(1, new long[] {4}, null);
        H5.H5Sselect_hyperslab(sel, HDF5Constants.H5S_SELECT_SET, new long[] {1}, null, new long[] {2}, null);
        byte[][] refs = {
            H5.H5Rcreate_object(f, "data", p),
            H5.H5Rcreate_object(f, "grp", p),
            H5.H5Rcreate_region(f, "data", sel, p),
            H5.H5Rcreate_attr(f, "data", "units", p),
        };
        byte[] buf = new byte[refs.length * refs[0].length];
        for (int i = 0; i < refs.length; i++) System.arraycopy(refs[i], 0, buf, i * refs[0].length, refs[0].length);
        long rspace = H5.H5Screate_simple(1, new long[] {refs.length}, null);
        long rds = H5.H5Dcreate(f, "refs", HDF5Constants.H5T_STD_REF, rspace, p, p, p);
        H5.H5Dwrite(rds, HDF5Constants.H5T_STD_REF, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, p, buf);
        H5.H5Dclose(rds);
        H5.H5Sclose(rspace);
        H5.H5Sclose(sel);
        H5.H5Sclose(scalar);
        H5.H5Dclose(ds);
        H5.H5Sclose(space);
        H5.H5Fclose(f);
    }
}
