package org.h5vds.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.h5vds.api.Attribute;
import org.h5vds.api.DType;
import org.h5vds.api.Group;
import org.h5vds.api.H5File;
import org.h5vds.api.H5Object;
import org.h5vds.api.NdArray;

/**
 * Attributes as a side table: {@code format("hdf5").option("attributes", "/entry")} gives one row
 * per attribute of that object and of every object below it, in every input file, with columns
 * {@code file}, {@code object} (the object's path), {@code name}, {@code dtype} (NumPy's dtype
 * string, or the stored type described when not numeric), {@code shape} (null for an empty
 * attribute) and {@code value}: the value as JSON text — a number, a string, or nested arrays
 * for a non-scalar attribute — so that SQL can filter on it and {@code from_json} can type it.
 * A value of a type h5vds does not read (a compound, a reference) is null. A table rather than
 * DataFrame metadata because attributes of a tree (NeXus) are many, nested and queried by path.
 */
final class AttributeScan implements ScanBuilder, Scan, Batch {
    static final StructType SCHEMA = new StructType(new StructField[] {
            DataTypes.createStructField("file", DataTypes.StringType, false),
            DataTypes.createStructField("object", DataTypes.StringType, false),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("dtype", DataTypes.StringType, false),
            DataTypes.createStructField("shape", DataTypes.createArrayType(DataTypes.LongType, false), true),
            DataTypes.createStructField("value", DataTypes.StringType, true)});

    private final Hdf5Options options;
    private final HadoopConf conf;

    AttributeScan(Hdf5Options options, HadoopConf conf) {
        this.options = options;
        this.conf = conf;
    }

    @Override
    public Scan build() {
        return this;
    }

    @Override
    public StructType readSchema() {
        return SCHEMA;
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public String description() {
        return "hdf5 attributes of " + options.attributes + " in " + options.paths;
    }

    /** One partition per file. */
    record FilePartition(String file) implements InputPartition {
    }

    @Override
    public InputPartition[] planInputPartitions() {
        List<InputPartition> out = new ArrayList<>();
        for (String f : InputFiles.expand(options.paths, conf.get())) out.add(new FilePartition(f));
        return out.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        Broadcast<HadoopConf> shared = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext()).broadcast(conf);
        return new ReaderFactory(options, shared);
    }

    /** Reads the attribute rows of one file. */
    private record ReaderFactory(Hdf5Options options, Broadcast<HadoopConf> conf) implements PartitionReaderFactory {
        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            return RowReader.of(rowsOf(((FilePartition) partition).file(), options, conf.value()));
        }
    }

    static List<InternalRow> rowsOf(String file, Hdf5Options o, HadoopConf conf) {
        List<InternalRow> out = new ArrayList<>();
        try (H5File f = FileAccess.open(file, o.readOptions(), conf.get())) {
            H5Object top = f.get(o.attributes);
            add(out, file, top.path(), top);
            if (top instanceof Group g) {
                String base = top.path().endsWith("/") ? top.path() : top.path() + "/";
                g.visit((rel, obj) -> add(out, file, base + rel, obj));
            }
        }
        return out;
    }

    private static void add(List<InternalRow> out, String file, String path, H5Object obj) {
        for (Map.Entry<String, Attribute> e : obj.attrs().entrySet()) {
            Attribute a = e.getValue();
            DType d = a.dtype();
            Object shape = a.isEmpty() ? null : new GenericArrayData(boxed(a.shape().toArray()));
            String value = null;
            if (!a.isEmpty()) {
                if (a.isString()) value = json(a.strings(), a.shape().toArray());
                else if (numbers(d)) value = json(a.value());
            }
            out.add(new GenericInternalRow(new Object[] {
                    UTF8String.fromString(file), UTF8String.fromString(path), UTF8String.fromString(e.getKey()),
                    UTF8String.fromString(a.isString() ? "string" : numbers(d) ? d.numpy() : a.typeDescription()),
                    shape, value == null ? null : UTF8String.fromString(value)}));
        }
    }

    private static Object[] boxed(long[] v) {
        Object[] out = new Object[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Numbers as JSON: nested arrays in C order; complex numbers as [real, imaginary]. */
    static String json(NdArray a) {
        List<Object> items = new ArrayList<>();
        DType d = a.dtype();
        ByteBuffer b = a.buffer();
        for (int pos = 0; pos < b.limit(); pos += d.size()) items.add(number(b, d, pos));
        return write(nest(items, a.shape()));
    }

    /** A type whose values this scan gives as JSON numbers (not x87 long double, which has no Spark or JSON form). */
    private static boolean numbers(DType d) {
        return d.isNumeric() && !(d.kind() == DType.Kind.FLOAT && d.size() > 8);
    }

    private static Object number(ByteBuffer b, DType d, int pos) {
        return switch (d.kind()) {
            case BOOL -> b.get(pos) != 0;
            case INT -> switch (d.size()) {
                case 1 -> b.get(pos);
                case 2 -> b.getShort(pos);
                case 4 -> b.getInt(pos);
                default -> b.getLong(pos);
            };
            case UINT -> switch (d.size()) {
                case 1 -> b.get(pos) & 0xff;
                case 2 -> b.getShort(pos) & 0xffff;
                case 4 -> b.getInt(pos) & 0xffffffffL;
                default -> new BigInteger(Long.toUnsignedString(b.getLong(pos)));
            };
            case FLOAT -> switch (d.size()) {
                case 2 -> NdArray.wrap(b.slice(pos, 2).order(d.order()), d).toFloatArray()[0];
                case 4 -> b.getFloat(pos);
                default -> b.getDouble(pos);
            };
            case COMPLEX -> d.size() == 16 ? List.of(b.getDouble(pos), b.getDouble(pos + 8)) : List.of(b.getFloat(pos), b.getFloat(pos + 4));
            default -> throw new IllegalArgumentException("not a number: " + d);
        };
    }

    static String json(List<String> strings, long[] shape) {
        return write(nest(new ArrayList<>(strings), shape));
    }

    /** Items in C order as nested lists of {@code shape}; the item itself for a scalar. */
    private static Object nest(List<Object> items, long[] shape) {
        if (shape.length == 0) return items.get(0);
        Iterator<Object> it = items.iterator();
        return nest(it, shape, 0);
    }

    private static List<Object> nest(Iterator<Object> it, long[] shape, int axis) {
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < shape[axis]; i++) out.add(axis == shape.length - 1 ? it.next() : nest(it, shape, axis + 1));
        return out;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an attribute value as JSON", e);
        }
    }
}
