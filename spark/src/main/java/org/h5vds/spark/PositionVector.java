package org.h5vds.spark;

import org.apache.spark.sql.types.DataTypes;

/**
 * A long column computed from the row number, never stored: {@code first + (row / divisor) % extent}.
 * The {@code index} column of a batch (divisor 1), or one axis's coordinate when each row is one
 * element (divisor: the elements per step along that axis; extent: the axis length).
 */
final class PositionVector extends ReadOnlyVector {
    private final long first;
    private final long divisor;
    private final long extent;

    PositionVector(long first, long divisor, long extent) {
        super(DataTypes.LongType);
        this.first = first;
        this.divisor = divisor;
        this.extent = extent;
    }

    @Override
    public long getLong(int rowId) {
        return first + (rowId / divisor) % extent;
    }
}
