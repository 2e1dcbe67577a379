package org.h5vds.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.h5vds.api.DType;

/**
 * HDF5 element types as Spark's. Spark has no unsigned integers: each is widened to the next
 * signed type that holds every value, as Spark's Parquet reader widens Parquet's UINT_8..UINT_64
 * (uint8 → short, uint16 → int, uint32 → long, uint64 → decimal(20, 0)). float16 reads as float;
 * complex as a struct {r, i}, h5py's convention.
 */
final class SparkTypes {
    /** Spark's type for uint64: 20 digits hold 2^64 - 1. */
    static final DataType UINT64 = DataTypes.createDecimalType(20, 0);

    private SparkTypes() {
    }

    static DataType of(DType t) {
        return switch (t.kind()) {
            case INT -> switch (t.size()) {
                case 1 -> DataTypes.ByteType;
                case 2 -> DataTypes.ShortType;
                case 4 -> DataTypes.IntegerType;
                default -> DataTypes.LongType;
            };
            case UINT -> switch (t.size()) {
                case 1 -> DataTypes.ShortType;
                case 2 -> DataTypes.IntegerType;
                case 4 -> DataTypes.LongType;
                default -> UINT64;
            };
            case FLOAT -> t.size() == 8 ? DataTypes.DoubleType : DataTypes.FloatType;
            case BOOL -> DataTypes.BooleanType;
            case COMPLEX -> complex(t.size() == 16 ? DataTypes.DoubleType : DataTypes.FloatType);
            default -> throw new IllegalArgumentException("hdf5: no Spark type for " + t + " (numbers, bool and complex only)");
        };
    }

    static StructType complex(DataType part) {
        return new StructType(new StructField[] {
                DataTypes.createStructField("r", part, false), DataTypes.createStructField("i", part, false)});
    }

    /** {@code element} nested in {@code depth} arrays (the trailing axes of a row). */
    static DataType arrays(DataType element, int depth) {
        DataType t = element;
        for (int i = 0; i < depth; i++) t = DataTypes.createArrayType(t, false);
        return t;
    }
}
