package org.h5vds.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;

/** A struct column made of one column per field (complex numbers' parts, compound members). */
final class StructVector extends ReadOnlyVector {
    private final ColumnVector[] fields;

    StructVector(DataType type, ColumnVector... fields) {
        super(type);
        this.fields = fields;
    }

    @Override
    public ColumnVector getChild(int ordinal) {
        return fields[ordinal];
    }
}
