package org.h5vds.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/** A string column with the same value on every row: the {@code file} column. */
final class ConstantVector extends ReadOnlyVector {
    private final UTF8String value;

    ConstantVector(String value) {
        super(DataTypes.StringType);
        this.value = UTF8String.fromString(value);
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
        return value;
    }
}
