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
 *
 * <p>The other types read as h5py hands them to NumPy and pandas: a compound as a struct of its
 * members (in the table, one column per member), a subarray as nested arrays, fixed-length and
 * variable-length strings as strings (padding dropped, UTF-8), an enumeration as its base integer
 * (h5py's reading; with {@code enums=strings} as its names, a value without a name as its number
 * in decimal), h5py's bool enumeration as boolean, a bit field as the unsigned integer of its
 * size, opaque values as binary, a variable-length sequence as an array, and object and region
 * references as the path of the object they point to (null for a null reference). Long doubles
 * (x87, 80 bits) have no Spark type and are refused.
 */
final class SparkTypes {
    /** Spark's type for uint64: 20 digits hold 2^64 - 1. */
    static final DataType UINT64 = DataTypes.createDecimalType(20, 0);

    private SparkTypes() {
    }

    /** The Spark type of a number, bool or complex type. */
    static DataType of(DType t) {
        return of(t, false);
    }

    /** The Spark type of any type (see the class comment); enumerations as names when {@code enumNames}. */
    static DataType of(DType t, boolean enumNames) {
        return switch (t.kind()) {
            case INT -> switch (t.size()) {
                case 1 -> DataTypes.ByteType;
                case 2 -> DataTypes.ShortType;
                case 4 -> DataTypes.IntegerType;
                default -> DataTypes.LongType;
            };
            case UINT, BITFIELD -> switch (t.size()) {
                case 1 -> DataTypes.ShortType;
                case 2 -> DataTypes.IntegerType;
                case 4 -> DataTypes.LongType;
                default -> UINT64;
            };
            case FLOAT -> {
                if (t.size() > 8) throw new IllegalArgumentException("hdf5: no Spark type for " + t + " (x87 long double); Spark's widest float is double");
                yield t.size() == 8 ? DataTypes.DoubleType : DataTypes.FloatType;
            }
            case BOOL -> DataTypes.BooleanType;
            case COMPLEX -> complex(t.size() == 16 ? DataTypes.DoubleType : DataTypes.FloatType);
            case ENUM -> enumNames ? DataTypes.StringType : of(t.base(), false);
            case BYTES, STRING, REFERENCE, REGION_REFERENCE -> DataTypes.StringType;
            case OPAQUE -> DataTypes.BinaryType;
            case ARRAY -> arrays(of(t.base(), enumNames), t.dims().length, nullable(t.base()));
            case SEQUENCE -> {
                if (t.base().hasObjects()) throw new IllegalArgumentException("hdf5: no Spark type for " + t + " (sequences of fixed-size types only)");
                yield DataTypes.createArrayType(of(t.base(), enumNames), false);
            }
            case COMPOUND -> {
                java.util.List<StructField> fields = new java.util.ArrayList<>();
                for (DType.Field f : t.fields()) fields.add(DataTypes.createStructField(f.name(), of(f.dtype(), enumNames), nullable(f.dtype())));
                yield new StructType(fields.toArray(new StructField[0]));
            }
            case ATTRIBUTE_REFERENCE -> throw new IllegalArgumentException("hdf5: no Spark type for " + t + " (attribute references)");
        };
    }

    /** Whether values of {@code t} may be null in Spark: references (a null reference points nowhere). */
    static boolean nullable(DType t) {
        return t.kind() == DType.Kind.REFERENCE || t.kind() == DType.Kind.REGION_REFERENCE;
    }

    static StructType complex(DataType part) {
        return new StructType(new StructField[] {
                DataTypes.createStructField("r", part, false), DataTypes.createStructField("i", part, false)});
    }

    /** {@code element} nested in {@code depth} arrays (the trailing axes of a row). */
    static DataType arrays(DataType element, int depth) {
        return arrays(element, depth, false);
    }

    /** {@code element} nested in {@code depth} arrays whose innermost may hold nulls when {@code containsNull}. */
    static DataType arrays(DataType element, int depth, boolean containsNull) {
        DataType t = element;
        for (int i = 0; i < depth; i++) t = DataTypes.createArrayType(t, i == 0 && containsNull);
        return t;
    }
}
