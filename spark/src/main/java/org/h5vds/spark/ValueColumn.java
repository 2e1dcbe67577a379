package org.h5vds.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.h5vds.api.DType;

/**
 * The column a write stores: which one, its element type as HDF5's (Spark's numeric types, the
 * reader's decimal(20, 0) as uint64 and struct {r, i} as complex, each the inverse of
 * {@link SparkTypes}), and how many array levels a row holds (the dataset's trailing axes). A row's
 * elements are copied into a buffer in the element type's little-endian layout.
 */
final class ValueColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    final String name;
    final int ordinal;
    final String dtype;
    final int depth;

    private ValueColumn(String name, int ordinal, DType dtype, int depth) {
        this.name = name;
        this.ordinal = ordinal;
        this.dtype = dtype.numpy();
        this.depth = depth;
    }

    /**
     * The column to write: {@code column} when given, else {@code value} when there is one (what a
     * read returns), else the only column.
     */
    static ValueColumn choose(StructType schema, String column) {
        String name = column;
        if (name == null) {
            if (java.util.Arrays.asList(schema.fieldNames()).contains(DatasetColumns.VALUE)) name = DatasetColumns.VALUE;
            else if (schema.fields().length == 1) name = schema.fields()[0].name();
            else throw new IllegalArgumentException("hdf5: which column to write? The DataFrame has " + String.join(", ", schema.fieldNames())
                    + " and no column \"value\"; say option(\"column\", name)");
        }
        int ordinal;
        try {
            ordinal = schema.fieldIndex(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hdf5: option \"column\" names " + name + ", which is not a column of " + schema.simpleString());
        }
        DataType t = schema.fields()[ordinal].dataType();
        int depth = 0;
        while (t instanceof ArrayType a) {
            t = a.elementType();
            depth++;
        }
        DType d = element(t);
        if (d == null) {
            throw new IllegalArgumentException("hdf5: column " + name + " of type " + schema.fields()[ordinal].dataType().simpleString()
                    + " cannot be written: numbers (byte, short, int, bigint, float, double, boolean, decimal(20,0) as uint64,"
                    + " struct<r,i> as complex) or nested arrays of them");
        }
        return new ValueColumn(name, ordinal, d, depth);
    }

    private static DType element(DataType t) {
        if (t instanceof ByteType) return DType.INT8;
        if (t instanceof ShortType) return DType.INT16;
        if (t instanceof IntegerType) return DType.INT32;
        if (t instanceof LongType) return DType.INT64;
        if (t instanceof FloatType) return DType.FLOAT32;
        if (t instanceof DoubleType) return DType.FLOAT64;
        if (t instanceof BooleanType) return DType.BOOL;
        if (t instanceof DecimalType d && d.equals(SparkTypes.UINT64)) return DType.UINT64;
        if (t instanceof StructType s && s.fields().length == 2 && s.fields()[0].name().equals("r") && s.fields()[1].name().equals("i")) {
            StructField r = s.fields()[0];
            if (r.dataType() instanceof FloatType && s.fields()[1].dataType() instanceof FloatType) return DType.COMPLEX64;
            if (r.dataType() instanceof DoubleType && s.fields()[1].dataType() instanceof DoubleType) return DType.COMPLEX128;
        }
        return null;
    }

    DType dtypeValue() {
        return DType.parse(dtype);
    }

    /** The trailing shape of a row's value (its array lengths, first element of each level). */
    long[] shapeOf(InternalRow row, long rowNumber) {
        long[] out = new long[depth];
        if (depth == 0) return out;
        ArrayData a = row.getArray(ordinal);
        for (int k = 0; k < depth; k++) {
            if (a == null) throw nullValue(rowNumber);
            out[k] = a.numElements();
            if (k + 1 < depth) {
                if (out[k] == 0) break;
                a = a.getArray(0);
            }
        }
        return out;
    }

    /** Puts row {@code rowNumber}'s elements (of trailing shape {@code shape}) at the buffer's position. */
    void put(InternalRow row, long[] shape, ByteBuffer out, long rowNumber) {
        if (row.isNullAt(ordinal)) throw nullValue(rowNumber);
        DType d = dtypeValue();
        if (depth == 0) {
            putElement(row, ordinal, d, out, rowNumber);
            return;
        }
        putArray(row.getArray(ordinal), 0, shape, d, out, rowNumber);
    }

    private void putArray(ArrayData a, int level, long[] shape, DType d, ByteBuffer out, long rowNumber) {
        if (a == null) throw nullValue(rowNumber);
        if (a.numElements() != shape[level]) {
            throw new IllegalArgumentException("hdf5: row " + rowNumber + " of column " + name + " has " + a.numElements() + " elements at level "
                    + level + " where the rows before have " + shape[level] + ": every row must have the same shape "
                    + java.util.Arrays.toString(shape));
        }
        int n = a.numElements();
        if (level + 1 < shape.length) {
            for (int i = 0; i < n; i++) putArray(a.isNullAt(i) ? null : a.getArray(i), level + 1, shape, d, out, rowNumber);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (a.isNullAt(i)) throw nullValue(rowNumber);
            putElement(a, i, d, out, rowNumber);
        }
    }

    /** One element from a row or an array (both SpecializedGetters). */
    private static void putElement(org.apache.spark.sql.catalyst.expressions.SpecializedGetters g, int i, DType d, ByteBuffer out, long rowNumber) {
        switch (d.name()) {
            case "int8" -> out.put(g.getByte(i));
            case "int16" -> out.putShort(g.getShort(i));
            case "int32" -> out.putInt(g.getInt(i));
            case "int64" -> out.putLong(g.getLong(i));
            case "float32" -> out.putFloat(g.getFloat(i));
            case "float64" -> out.putDouble(g.getDouble(i));
            case "bool" -> out.put((byte) (g.getBoolean(i) ? 1 : 0));
            case "uint64" -> out.putLong(unsigned(g.getDecimal(i, 20, 0).toJavaBigDecimal(), rowNumber));
            case "complex64" -> {
                InternalRow c = g.getStruct(i, 2);
                out.putFloat(c.getFloat(0)).putFloat(c.getFloat(1));
            }
            case "complex128" -> {
                InternalRow c = g.getStruct(i, 2);
                out.putDouble(c.getDouble(0)).putDouble(c.getDouble(1));
            }
            default -> throw new IllegalStateException("no writer for " + d);
        }
    }

    private static long unsigned(java.math.BigDecimal v, long rowNumber) {
        java.math.BigInteger b = v.toBigIntegerExact();
        if (b.signum() < 0 || b.bitLength() > 64) throw new IllegalArgumentException("hdf5: row " + rowNumber + ": " + v + " does not fit uint64");
        return b.longValue();
    }

    private IllegalArgumentException nullValue(long rowNumber) {
        return new IllegalArgumentException("hdf5: row " + rowNumber + " of column " + name + " is null; HDF5 datasets have no nulls");
    }
}
