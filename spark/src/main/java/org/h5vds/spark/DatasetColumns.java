package org.h5vds.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a dataset reads as. With layout {@code rows} (the default), one row per position
 * along axis 0: {@code index} (long), {@code value} (the element for a 1-D dataset, nested arrays
 * over the trailing axes otherwise) and {@code file} (the file the row comes from). With layout
 * {@code elements}, one row per element: {@code index0, index1, ...} (one long per axis),
 * {@code value} (the element) and {@code file}.
 *
 * <p>A compound dataset is a table, as h5py's structured arrays become pandas DataFrames: in
 * place of {@code value}, one column per member, named as the member (nested compounds as
 * structs, subarray members as nested arrays; with layout {@code rows} over an N-D dataset each
 * member column holds the row's trailing axes as arrays, like {@code value}).
 */
final class DatasetColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String INDEX = "index";
    static final String VALUE = "value";
    static final String FILE = "file";

    enum Kind { INDEX, AXIS, VALUE, MEMBER, FILE }

    /** One column a read produces; {@code axis} for {@link Kind#AXIS}; its Spark type (maybe pruned by Spark) for values and members. */
    record Column(String name, Kind kind, int axis, DataType type) implements Serializable {
    }

    private DatasetColumns() {
    }

    /**
     * The schema of a dataset of elements of Spark type {@code element} (a struct of the members
     * when {@code compound}) and {@code rank} axes.
     */
    static StructType schema(DataType element, boolean compound, int rank, Hdf5Options.Layout layout) {
        List<StructField> fields = new ArrayList<>();
        int depth = layout == Hdf5Options.Layout.ROWS ? Math.max(0, rank - 1) : 0;
        if (layout == Hdf5Options.Layout.ROWS) {
            if (rank > 0) fields.add(DataTypes.createStructField(INDEX, DataTypes.LongType, false));
        } else {
            for (int k = 0; k < rank; k++) fields.add(DataTypes.createStructField(INDEX + k, DataTypes.LongType, false));
        }
        if (compound) {
            for (StructField m : ((StructType) element).fields()) {
                if (m.name().equals(FILE) || (layout == Hdf5Options.Layout.ROWS && m.name().equals(INDEX)) || fields.stream().anyMatch(f -> f.name().equals(m.name()))) {
                    throw new IllegalArgumentException("hdf5: the compound member \"" + m.name() + "\" has the name of a column this source adds ("
                            + (layout == Hdf5Options.Layout.ROWS ? INDEX : INDEX + "0.." + INDEX + (rank - 1)) + ", " + FILE + ")");
                }
                fields.add(DataTypes.createStructField(m.name(), SparkTypes.arrays(m.dataType(), depth, m.nullable() && depth > 0), m.nullable()));
            }
        } else {
            fields.add(DataTypes.createStructField(VALUE, SparkTypes.arrays(element, depth), false));
        }
        fields.add(DataTypes.createStructField(FILE, DataTypes.StringType, false));
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The name of the column that numbers positions along axis 0 (what filters prune partitions on). */
    static String axis0(Hdf5Options.Layout layout) {
        return layout == Hdf5Options.Layout.ROWS ? INDEX : INDEX + 0;
    }

    /** What each column of {@code required} (a part of {@link #schema}) is. */
    static List<Column> of(StructType required, Hdf5Options.Layout layout, boolean compound) {
        List<Column> out = new ArrayList<>();
        for (StructField f : required.fields()) {
            String n = f.name();
            if (n.equals(FILE)) out.add(new Column(n, Kind.FILE, -1, null));
            else if (layout == Hdf5Options.Layout.ROWS && n.equals(INDEX)) out.add(new Column(n, Kind.INDEX, 0, null));
            else if (layout == Hdf5Options.Layout.ELEMENTS && n.matches(INDEX + "[0-9]+")) {
                out.add(new Column(n, Kind.AXIS, Integer.parseInt(n.substring(INDEX.length())), null));
            } else if (compound) out.add(new Column(n, Kind.MEMBER, -1, f.dataType()));
            else if (n.equals(VALUE)) out.add(new Column(n, Kind.VALUE, -1, f.dataType()));
            else throw new IllegalArgumentException("hdf5: no column " + n + " in " + required.simpleString());
        }
        return out;
    }
}
