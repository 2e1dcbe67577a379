package org.h5vds.testing;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.h5vds.api.DType;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;

/**
 * A child-JVM program that reads one dataset with libhdf5 1.14.3 (the HDF Group's {@code hdf.hdf5lib.H5}
 * JNI API as shipped by org.bytedeco:hdf5) and saves it as .npy: {@link Libhdf5Java} runs it.
 *
 * <pre>java -cp TEST_CLASSPATH org.h5vds.testing.Libhdf5Reader FILE DATASET OUT.npy [--native]
 * java -cp TEST_CLASSPATH org.h5vds.testing.Libhdf5Reader --version
 * java -cp TEST_CLASSPATH org.h5vds.testing.Libhdf5Reader --batch LIST.tsv   (lines FILE TAB DATASET TAB OUT [TAB VIEW TAB GAP])</pre>
 *
 * The values are read with the dataset's own datatype as the memory type, so the .npy holds the
 * file's bytes and byte order ('>i4' stays '>i4'); {@code --native} asks libhdf5 to convert to the
 * machine's (little-endian) order instead. Virtual datasets read like any other.
 *
 * <p>Loading: {@code Loader.load(org.bytedeco.hdf5.hdf5_java.class)} extracts and loads libhdf5 and
 * its JNI glue; only then does {@code hdf.hdf5lib.H5} work (its own loader then prints a harmless
 * UnsatisfiedLinkError, as it looks for a library of another name). libhdf5's teardown at JVM exit
 * can crash, so the program ends with {@code Runtime.halt} after flushing its output.
 *
 * <p>Types that are not numbers (compounds, fixed strings, enumerations, arrays, opaque, bit fields,
 * long doubles) are saved as NumPy void ({@code '|V<size>'}) holding the bytes libhdf5 read with the
 * file type as memory type, which are the stored bytes.
 *
 * <p>Exit status: 0 done, 2 libhdf5 or type error (message on stderr), 64 usage.
 */
public final class Libhdf5Reader {
    private Libhdf5Reader() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (Throwable t) {
            System.err.println("libhdf5 reader: " + t);
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static int run(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--version")) {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
            int[] v = new int[3];
            H5.H5get_libversion(v);
            System.out.println(v[0] + "." + v[1] + "." + v[2]);
            return 0;
        }
        if (args.length == 2 && args[0].equals("--batch")) {
            return batch(Path.of(args[1]));
        }
        boolean nativeOrder = args.length == 4 && args[3].equals("--native");
        if (args.length != 3 && !nativeOrder) {
            System.err.println("usage: Libhdf5Reader FILE DATASET OUT.npy [--native]");
            return 64;
        }
        org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
        long file = H5.H5Fopen(args[0], HDF5Constants.H5F_ACC_RDONLY, HDF5Constants.H5P_DEFAULT);
        try {
            long ds = H5.H5Dopen(file, args[1], HDF5Constants.H5P_DEFAULT);
            try {
                NdArray a = read(ds, nativeOrder, args[1]);
                Npy.write(Path.of(args[2]), a);
            } finally {
                H5.H5Dclose(ds);
            }
        } finally {
            H5.H5Fclose(file);
        }
        return 0;
    }

    /**
     * Reads each "FILE TAB DATASET TAB OUT" line of {@code list}; writes "ok" or "error TAB message" per line to LIST.results.
     * A line may add "TAB VIEW TAB GAP": the virtual view ("first" or "last") and printf gap to open the dataset with.
     */
    private static int batch(Path list) throws Exception {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
        StringBuilder results = new StringBuilder();
        for (String line : java.nio.file.Files.readAllLines(list)) {
            String[] f = line.split("\t");
            try {
                long file = H5.H5Fopen(f[0], HDF5Constants.H5F_ACC_RDONLY, HDF5Constants.H5P_DEFAULT);
                try {
                    long dapl = H5.H5Pcreate(HDF5Constants.H5P_DATASET_ACCESS);
                    if (f.length > 4) {
                        H5.H5Pset_virtual_view(dapl, f[3].equals("last") ? HDF5Constants.H5D_VDS_LAST_AVAILABLE : HDF5Constants.H5D_VDS_FIRST_MISSING);
                        H5.H5Pset_virtual_printf_gap(dapl, Long.parseLong(f[4]));
                    }
                    try {
                        long ds = H5.H5Dopen(file, f[1], dapl);
                        try {
                            Npy.write(Path.of(f[2]), read(ds, false, f[1]));
                        } finally {
                            H5.H5Dclose(ds);
                        }
                    } finally {
                        H5.H5Pclose(dapl);
                    }
                } finally {
                    H5.H5Fclose(file);
                }
                results.append("ok\n");
            } catch (Exception e) {
                results.append("error\t").append(String.valueOf(e).replace('\n', ' ')).append('\n');
            }
        }
        java.nio.file.Files.writeString(Path.of(list + ".results"), results);
        return 0;
    }

    private static NdArray read(long ds, boolean nativeOrder, String name) throws Exception {
        long space = H5.H5Dget_space(ds);
        long fileType = H5.H5Dget_type(ds);
        long memType = nativeOrder ? H5.H5Tget_native_type(fileType) : H5.H5Tcopy(fileType);
        try {
            if (H5.H5Sget_simple_extent_type(space) == HDF5Constants.H5S_NULL) {
                throw new IllegalArgumentException(name + " has a null dataspace: no values to write");
            }
            int rank = H5.H5Sget_simple_extent_ndims(space);
            long[] dims = new long[rank];
            H5.H5Sget_simple_extent_dims(space, dims, null);
            DType dtype = dtypeOf(memType, name);
            long count = 1;
            for (long d : dims) count = Math.multiplyExact(count, d);
            long bytes = Math.multiplyExact(count, dtype.size());
            if (bytes > NdArray.MAX_BYTES) throw new IllegalArgumentException(name + " is larger than 2^31-1 bytes");
            byte[] buf = new byte[(int) bytes];
            if (bytes > 0) {
                H5.H5Dread(ds, memType, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, HDF5Constants.H5P_DEFAULT, buf);
            }
            return NdArray.wrap(ByteBuffer.wrap(buf), dtype, dims);
        } finally {
            H5.H5Tclose(memType);
            H5.H5Tclose(fileType);
            H5.H5Sclose(space);
        }
    }

    /** The NumPy type of an HDF5 memory type: integers, floats, h5py's complex compound and bool enum. */
    private static DType dtypeOf(long type, String name) throws Exception {
        int cls = H5.H5Tget_class(type);
        int size = (int) H5.H5Tget_size(type);
        if (cls == HDF5Constants.H5T_INTEGER || cls == HDF5Constants.H5T_FLOAT) {
            boolean signed = cls == HDF5Constants.H5T_FLOAT || H5.H5Tget_sign(type) == HDF5Constants.H5T_SGN_2;
            char kind = cls == HDF5Constants.H5T_FLOAT ? 'f' : signed ? 'i' : 'u';
            return DType.parse(kind + Integer.toString(size)).withOrder(order(type));
        }
        if (cls == HDF5Constants.H5T_COMPOUND && H5.H5Tget_nmembers(type) == 2
                && "r".equals(H5.H5Tget_member_name(type, 0)) && "i".equals(H5.H5Tget_member_name(type, 1))
                && H5.H5Tget_member_class(type, 0) == HDF5Constants.H5T_FLOAT
                && H5.H5Tget_member_class(type, 1) == HDF5Constants.H5T_FLOAT
                && H5.H5Tget_member_offset(type, 1) == size / 2) {
            long member = H5.H5Tget_member_type(type, 0);
            try {
                return DType.parse("c" + size).withOrder(order(member));
            } finally {
                H5.H5Tclose(member);
            }
        }
        if (cls == HDF5Constants.H5T_ENUM && size == 1 && H5.H5Tget_nmembers(type) == 2
                && "FALSE".equals(H5.H5Tget_member_name(type, 0)) && "TRUE".equals(H5.H5Tget_member_name(type, 1))) {
            return DType.BOOL;
        }
        if (cls == HDF5Constants.H5T_VLEN || H5.H5Tis_variable_str(type) || cls == HDF5Constants.H5T_REFERENCE) {
            throw new IllegalArgumentException(name + ": datatype class " + cls + " holds variable-length data or references, not bytes");
        }
        // every other fixed-size type (compound, string, enum, array, opaque, bit field, long double): its bytes as read
        return DType.opaque(size);
    }

    private static ByteOrder order(long type) throws Exception {
        return H5.H5Tget_order(type) == HDF5Constants.H5T_ORDER_BE ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
}
