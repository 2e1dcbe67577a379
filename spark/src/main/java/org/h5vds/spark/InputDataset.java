package org.h5vds.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataType;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;

/**
 * The dataset of one input file as the driver found it: file, shape and type (its full text, the
 * bytes of one element, its Spark type — a struct of the members for a compound), and where its
 * rows start along the concatenated axis 0 (inputs of equal trailing shape and type are
 * concatenated, as {@code h5vds concat} joins them).
 */
record InputDataset(int ordinal, String file, long[] shape, String dtype, int itemSize, DataType element, boolean compound, long rowOffset)
        implements Serializable {

    int rank() {
        return shape.length;
    }

    /** Rows along axis 0 (1 for a scalar dataset). */
    long rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Elements per position along axis 0. */
    long rowElements() {
        long n = 1;
        for (int i = 1; i < shape.length; i++) n = Math.multiplyExact(n, shape[i]);
        return n;
    }

    long rowBytes() {
        return Math.multiplyExact(rowElements(), itemSize);
    }

    /** The dataset of the first file {@code options} name (what the schema is inferred from). */
    static InputDataset first(Hdf5Options options, Configuration conf) {
        List<String> files = InputFiles.expand(options.paths, conf);
        return describe(0, files.get(0), options, conf, 0);
    }

    /** Every input, checked to share the first one's dtype and trailing shape. */
    static List<InputDataset> all(Hdf5Options options, Configuration conf) {
        List<String> files = InputFiles.expand(options.paths, conf);
        List<InputDataset> out = new ArrayList<>(files.size());
        long offset = 0;
        for (int i = 0; i < files.size(); i++) {
            InputDataset d = describe(i, files.get(i), options, conf, offset);
            if (i > 0) {
                InputDataset f = out.get(0);
                if (!d.dtype.equals(f.dtype) || d.rank() != f.rank() || d.rank() == 0
                        || !Arrays.equals(Arrays.copyOfRange(d.shape, 1, d.rank()), Arrays.copyOfRange(f.shape, 1, f.rank()))) {
                    throw new IllegalArgumentException("hdf5: " + d.file + ":" + options.dataset + " has dtype " + d.dtype + " and shape "
                            + Arrays.toString(d.shape) + "; inputs are concatenated along axis 0, so each needs " + f.file + "'s dtype "
                            + f.dtype + " and trailing shape " + Arrays.toString(Arrays.copyOfRange(f.shape, Math.min(1, f.rank()), f.rank())));
                }
            }
            out.add(d);
            offset = Math.addExact(offset, d.rows());
        }
        return out;
    }

    private static InputDataset describe(int ordinal, String file, Hdf5Options options, Configuration conf, long offset) {
        try (H5File f = FileAccess.open(file, options.readOptions(), conf)) {
            Dataset d = f.dataset(options.dataset);
            DType t = d.dtype();
            DataType element;
            try {
                element = SparkTypes.of(t, options.enumsAsStrings);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hdf5: " + file + ":" + options.dataset + " has datatype " + d.typeDescription() + ": "
                        + e.getMessage().replaceFirst("^hdf5: ", ""), e);
            }
            return new InputDataset(ordinal, file, d.shape().toArray(), t.toString(), t.size(), element, t.kind() == DType.Kind.COMPOUND, offset);
        }
    }
}
