package org.h5vds.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;

/**
 * Arrays of one fixed length over a child column: row k is the child's elements
 * {@code [k * length, (k + 1) * length)}. Nested, they give a row's trailing axes as nested arrays
 * over the flat elements in C order, without copying.
 */
final class ArrayVector extends ReadOnlyVector {
    private final ColumnVector child;
    private final int length;

    ArrayVector(DataType type, ColumnVector child, int length) {
        super(type);
        this.child = child;
        this.length = length;
    }

    @Override
    public ColumnarArray getArray(int rowId) {
        return new ColumnarArray(child, rowId * length, length);
    }
}
