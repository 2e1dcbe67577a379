package org.h5vds.spark;

import java.nio.ByteBuffer;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.h5vds.api.DType;
import org.h5vds.api.NdArray;

/**
 * The {@code value} column of a batch over the array a read returned: the elements themselves
 * (layout {@code elements}, or a 1-D dataset), or arrays over a row's trailing axes. float16 is
 * widened to float once per batch (Spark has no half type); every other type is read in place.
 */
final class BatchValues {
    private BatchValues() {
    }

    /** The column of {@code values} (read rows, C order) with {@code trailing} axes per row, or none when flat. */
    static ColumnVector of(NdArray values, long[] trailing, boolean nested) {
        NdArray v = values;
        if (v.dtype().kind() == DType.Kind.FLOAT && v.dtype().size() == 2) v = NdArray.of(v.toFloatArray(), v.shape());
        ColumnVector column = elements(v.dtype(), v.buffer());
        if (!nested) return column;
        DataType element = SparkTypes.of(v.dtype());
        for (int k = trailing.length - 1; k >= 0; k--) {
            column = new ArrayVector(SparkTypes.arrays(element, trailing.length - k), column, Math.toIntExact(trailing[k]));
        }
        return column;
    }

    private static ColumnVector elements(DType t, ByteBuffer data) {
        if (t.kind() == DType.Kind.COMPLEX) {
            DType part = (t.size() == 16 ? DType.FLOAT64 : DType.FLOAT32).withOrder(t.order());
            DataType partType = SparkTypes.of(part);
            return new StructVector(SparkTypes.of(t),
                    new ElementVector(partType, part, data, 0, t.size()),
                    new ElementVector(partType, part, data, part.size(), t.size()));
        }
        return new ElementVector(SparkTypes.of(t), t, data, 0, t.size());
    }
}
