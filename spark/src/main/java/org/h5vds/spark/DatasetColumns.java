package org.h5vds.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.h5vds.api.DType;

/**
 * The columns a dataset reads as. With layout {@code rows} (the default), one row per position
 * along axis 0: {@code index} (long), {@code value} (the element for a 1-D dataset, nested arrays
 * over the trailing axes otherwise) and {@code file} (the file the row comes from). With layout
 * {@code elements}, one row per element: {@code index0, index1, ...} (one long per axis),
 * {@code value} (the element) and {@code file}.
 */
final class DatasetColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String INDEX = "index";
    static final String VALUE = "value";
    static final String FILE = "file";

    enum Kind { INDEX, AXIS, VALUE, FILE }

    /** One column a read produces; {@code axis} for {@link Kind#AXIS}. */
    record Column(String name, Kind kind, int axis) implements Serializable {
    }

    private DatasetColumns() {
    }

    /** The schema of a dataset of {@code dtype} and {@code rank} axes. */
    static StructType schema(DType dtype, int rank, Hdf5Options.Layout layout) {
        List<StructField> fields = new ArrayList<>();
        DataType element = SparkTypes.of(dtype);
        if (layout == Hdf5Options.Layout.ROWS) {
            if (rank > 0) fields.add(DataTypes.createStructField(INDEX, DataTypes.LongType, false));
            fields.add(DataTypes.createStructField(VALUE, SparkTypes.arrays(element, Math.max(0, rank - 1)), false));
        } else {
            for (int k = 0; k < rank; k++) fields.add(DataTypes.createStructField(INDEX + k, DataTypes.LongType, false));
            fields.add(DataTypes.createStructField(VALUE, element, false));
        }
        fields.add(DataTypes.createStructField(FILE, DataTypes.StringType, false));
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The name of the column that numbers positions along axis 0 (what filters prune partitions on). */
    static String axis0(Hdf5Options.Layout layout) {
        return layout == Hdf5Options.Layout.ROWS ? INDEX : INDEX + 0;
    }

    /** What each column of {@code required} (a part of {@link #schema}) is. */
    static List<Column> of(StructType required, Hdf5Options.Layout layout) {
        List<Column> out = new ArrayList<>();
        for (StructField f : required.fields()) {
            String n = f.name();
            if (n.equals(VALUE)) out.add(new Column(n, Kind.VALUE, -1));
            else if (n.equals(FILE)) out.add(new Column(n, Kind.FILE, -1));
            else if (layout == Hdf5Options.Layout.ROWS && n.equals(INDEX)) out.add(new Column(n, Kind.INDEX, 0));
            else if (layout == Hdf5Options.Layout.ELEMENTS && n.startsWith(INDEX)) out.add(new Column(n, Kind.AXIS, Integer.parseInt(n.substring(INDEX.length()))));
            else throw new IllegalArgumentException("hdf5: no column " + n + " in " + required.simpleString());
        }
        return out;
    }
}
