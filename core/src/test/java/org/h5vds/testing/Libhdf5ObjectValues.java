package org.h5vds.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child-JVM program that reads, with libhdf5 1.14.3, the values {@link Libhdf5Reader} cannot hand
 * over as bytes: variable-length strings, variable-length sequences of integers and object
 * references (as the path libhdf5 names for each), in datasets and in attributes of the root
 * group. One line per item on stdout: the item, a tab, its values as a JSON list (a scalar as a
 * list of one).
 *
 * <pre>java -cp TEST_CLASSPATH org.h5vds.testing.Libhdf5ObjectValues FILE /dataset... @attribute...</pre>
 *
 * Exits 2 with libhdf5's error on stderr when anything fails.
 */
public final class Libhdf5ObjectValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Libhdf5ObjectValues() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
            long file = H5.H5Fopen(args[0], HDF5Constants.H5F_ACC_RDONLY, HDF5Constants.H5P_DEFAULT);
            try {
                for (String item : Arrays.asList(args).subList(1, args.length)) {
                    System.out.println(item + "\t" + JSON.writeValueAsString(item.startsWith("@") ? attribute(file, item.substring(1)) : dataset(file, item)));
                }
            } finally {
                H5.H5Fclose(file);
            }
        } catch (Throwable t) {
            System.err.println("libhdf5 object values: " + t);
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static List<Object> dataset(long file, String path) throws Exception {
        long ds = H5.H5Dopen(file, path, HDF5Constants.H5P_DEFAULT);
        long type = H5.H5Dget_type(ds);
        long space = H5.H5Dget_space(ds);
        try {
            int n = (int) H5.H5Sget_simple_extent_npoints(space);
            long all = HDF5Constants.H5S_ALL, p = HDF5Constants.H5P_DEFAULT;
            int cls = H5.H5Tget_class(type);
            if (H5.H5Tis_variable_str(type)) {
                String[] s = new String[n];
                H5.H5Dread_VLStrings(ds, type, all, all, p, s);
                return new ArrayList<>(Arrays.asList(s));
            }
            if (cls == HDF5Constants.H5T_VLEN) {
                long memory = H5.H5Tvlen_create(HDF5Constants.H5T_NATIVE_INT);
                try {
                    @SuppressWarnings("unchecked")
                    ArrayList<Object>[] seqs = new ArrayList[n];
                    for (int i = 0; i < n; i++) seqs[i] = new ArrayList<>(); // the JNI fills given lists (null ones crash it)
                    H5.H5DreadVL(ds, memory, all, all, p, seqs);
                    return new ArrayList<>(Arrays.asList((Object[]) seqs));
                } finally {
                    H5.H5Tclose(memory);
                }
            }
            if (cls == HDF5Constants.H5T_REFERENCE) {
                byte[] buf = new byte[n * 8];
                H5.H5Dread(ds, HDF5Constants.H5T_STD_REF_OBJ, all, all, p, buf);
                List<Object> names = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    byte[] ref = Arrays.copyOfRange(buf, 8 * i, 8 * i + 8);
                    names.add(Arrays.equals(ref, new byte[8]) ? null : H5.H5Rget_name_string(ds, HDF5Constants.H5R_OBJECT, ref));
                }
                return names;
            }
            throw new IllegalArgumentException(path + ": datatype class " + cls + " is not read here");
        } finally {
            H5.H5Sclose(space);
            H5.H5Tclose(type);
            H5.H5Dclose(ds);
        }
    }

    private static List<Object> attribute(long file, String name) throws Exception {
        long a = H5.H5Aopen(file, name, HDF5Constants.H5P_DEFAULT);
        long type = H5.H5Aget_type(a);
        long space = H5.H5Aget_space(a);
        try {
            int n = (int) H5.H5Sget_simple_extent_npoints(space);
            if (!H5.H5Tis_variable_str(type)) throw new IllegalArgumentException("@" + name + " is not of variable-length strings");
            String[] s = new String[n];
            H5.H5Aread_VLStrings(a, type, s);
            return new ArrayList<>(Arrays.asList(s));
        } finally {
            H5.H5Sclose(space);
            H5.H5Tclose(type);
            H5.H5Aclose(a);
        }
    }

    /** Runs the program in a child JVM on the test classpath; returns its stdout lines by item. */
    public static java.util.Map<String, String> read(Path file, List<String> items) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(Libhdf5Java.classpath());
        cmd.add(Libhdf5ObjectValues.class.getName());
        cmd.add(file.toString());
        cmd.addAll(items);
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 300);
        if (r.exit() != 0) throw new AssertionError("libhdf5 1.14 could not read " + items + " in " + file + " (exit " + r.exit() + ")\n" + r.err());
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : r.out().split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) out.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return out;
    }
}
