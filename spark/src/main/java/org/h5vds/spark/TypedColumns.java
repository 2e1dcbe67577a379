package org.h5vds.spark;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.types.UTF8String;
import org.h5vds.api.DType;
import org.h5vds.api.NdArray;
import org.h5vds.api.Reference;

/**
 * The column of values of any type ({@link SparkTypes} says which Spark type each has): the array
 * a read returned, shaped (rows, axes of a row...), as a column of that many rows, each the row's
 * axes as nested arrays over its elements. A compound becomes a struct of its members' columns —
 * only the members Spark asks for (it prunes nested fields), each taken out of the records once
 * per batch; numbers are then read in place as in {@link BatchValues}.
 */
final class TypedColumns {
    private TypedColumns() {
    }

    /** The column of {@code values} (rows along axis 0) of Spark type {@code type}. */
    static ColumnVector of(NdArray values, DataType type) {
        NdArray v = subarraysAsAxes(values);
        long[] shape = v.shape();
        DataType[] levels = new DataType[shape.length];
        DataType t = type;
        for (int k = 0; k < shape.length - 1; k++) {
            levels[k] = t;
            t = ((ArrayType) t).elementType();
        }
        ColumnVector column = element(v.reshape(v.size()), t);
        for (int k = shape.length - 1; k >= 1; k--) column = new ArrayVector(levels[k - 1], column, Math.toIntExact(shape[k]));
        return column;
    }

    /** An array of a subarray type as h5py reads it: the subarray's dimensions as trailing axes of the array. */
    private static NdArray subarraysAsAxes(NdArray v) {
        DType t = v.dtype();
        if (t.kind() != DType.Kind.ARRAY) return v;
        if (t.base().hasObjects()) throw new IllegalArgumentException("hdf5: subarrays of " + t.base() + " are not read as columns");
        long[] shape = v.shape();
        long[] dims = t.dims();
        long[] all = Arrays.copyOf(shape, shape.length + dims.length);
        System.arraycopy(dims, 0, all, shape.length, dims.length);
        return NdArray.wrap(v.buffer(), t.base(), all);
    }

    /** The column of a 1-D array's elements. */
    private static ColumnVector element(NdArray v, DataType type) {
        DType t = v.dtype();
        int n = Math.toIntExact(v.size());
        return switch (t.kind()) {
            case INT, UINT, FLOAT, BOOL, COMPLEX -> BatchValues.of(v, new long[0], false);
            case ENUM -> type.equals(DataTypes.StringType) ? names(v, type) : new ElementVector(type, t.base(), v.buffer(), 0, t.size());
            case BITFIELD -> new ElementVector(type, unsigned(t), v.buffer(), 0, t.size());
            case BYTES, STRING -> {
                UTF8String[] out = new UTF8String[n];
                for (int i = 0; i < n; i++) out[i] = UTF8String.fromString(v.getString(i));
                yield new ObjectVectors.Strings(type, out);
            }
            case REFERENCE, REGION_REFERENCE -> {
                UTF8String[] out = new UTF8String[n];
                for (int i = 0; i < n; i++) {
                    Reference r = v.getReference(i);
                    out[i] = r == null ? null : UTF8String.fromString(r.path());
                }
                yield new ObjectVectors.Strings(type, out);
            }
            case OPAQUE -> {
                byte[][] out = new byte[n][];
                for (int i = 0; i < n; i++) out[i] = v.getBytes(i);
                yield new ObjectVectors.Binary(type, out);
            }
            case COMPOUND -> {
                StructField[] fields = ((StructType) type).fields();
                ColumnVector[] children = new ColumnVector[fields.length];
                for (int k = 0; k < fields.length; k++) children[k] = of(v.field(fields[k].name()), fields[k].dataType());
                yield new StructVector(type, children);
            }
            case SEQUENCE -> sequences(v, (ArrayType) type);
            case ARRAY, ATTRIBUTE_REFERENCE -> throw new IllegalStateException("hdf5: no column for " + t); // refused by SparkTypes
        };
    }

    /** Enumeration values by name; a value without a name as its number. */
    private static ColumnVector names(NdArray v, DataType type) {
        int n = Math.toIntExact(v.size());
        long[] numbers = v.toLongArray();
        UTF8String[] out = new UTF8String[n];
        for (int i = 0; i < n; i++) {
            String name = v.enumName(i);
            out[i] = UTF8String.fromString(name != null ? name : Long.toString(numbers[i]));
        }
        return new ObjectVectors.Strings(type, out);
    }

    /** Variable-length sequences: their elements one after another in one child column. */
    private static ColumnVector sequences(NdArray v, ArrayType type) {
        int n = Math.toIntExact(v.size());
        DType base = v.dtype().base();
        NdArray[] parts = new NdArray[n];
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            parts[i] = (NdArray) v.getObject(i);
            start[i + 1] = Math.addExact(start[i], Math.toIntExact(parts[i].size()));
        }
        ByteBuffer all = ByteBuffer.allocate(Math.multiplyExact(start[n], base.size())).order(base.order());
        for (NdArray p : parts) all.put(p.withOrder(base.order()).buffer());
        all.flip();
        return new ObjectVectors.Sequences(type, of(NdArray.wrap(all, base, start[n]), type.elementType()), start);
    }

    /** The unsigned integer type a bit field reads as. */
    private static DType unsigned(DType bitfield) {
        DType u = switch (bitfield.size()) {
            case 1 -> DType.UINT8;
            case 2 -> DType.UINT16;
            case 4 -> DType.UINT32;
            default -> DType.UINT64;
        };
        return u.withOrder(bitfield.order());
    }
}
