package org.h5vds.spark;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.h5vds.api.DType;
import org.h5vds.api.NdArray;
import scala.collection.Seq;

/**
 * Values in one comparable text form, from an array h5py saved and from what Spark returned:
 * integers exactly (uint64 too), floats as the double they equal, complex as (r, i), bool as
 * true/false. Comparing texts shows the differing element in a failure.
 */
final class Elements {
    private Elements() {
    }

    static List<String> of(NdArray a) {
        List<String> out = new ArrayList<>();
        DType d = a.dtype();
        ByteBuffer b = a.buffer();
        for (int pos = 0; pos < b.limit(); pos += d.size()) {
            out.add(switch (d.kind()) {
                case BOOL -> Boolean.toString(b.get(pos) != 0);
                case INT -> Long.toString(switch (d.size()) {
                    case 1 -> b.get(pos);
                    case 2 -> b.getShort(pos);
                    case 4 -> b.getInt(pos);
                    default -> b.getLong(pos);
                });
                case UINT -> switch (d.size()) {
                    case 1 -> Integer.toString(b.get(pos) & 0xff);
                    case 2 -> Integer.toString(b.getShort(pos) & 0xffff);
                    case 4 -> Long.toString(b.getInt(pos) & 0xffffffffL);
                    default -> Long.toUnsignedString(b.getLong(pos));
                };
                case FLOAT -> Double.toString(d.size() == 8 ? b.getDouble(pos) : d.size() == 4 ? b.getFloat(pos)
                        : NdArray.wrap(b.slice(pos, 2).order(d.order()), d).toDoubleArray()[0]);
                case COMPLEX -> d.size() == 16 ? "(" + b.getDouble(pos) + ", " + b.getDouble(pos + 8) + ")"
                        : "(" + (double) b.getFloat(pos) + ", " + (double) b.getFloat(pos + 4) + ")";
                default -> throw new IllegalArgumentException("not a number: " + d);
            });
        }
        return out;
    }

    /** Every element of column {@code column} of the rows, nested arrays flattened in order. */
    static List<String> of(List<Row> rows, String column) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) flatten(r.get(r.fieldIndex(column)), out);
        return out;
    }

    static void flatten(Object v, List<String> out) {
        if (v instanceof Seq<?> s) {
            scala.collection.Iterator<?> it = s.iterator();
            while (it.hasNext()) flatten(it.next(), out);
        } else if (v instanceof Row r) {
            out.add("(" + ((Number) r.get(0)).doubleValue() + ", " + ((Number) r.get(1)).doubleValue() + ")");
        } else if (v instanceof Float f) {
            out.add(Double.toString(f));
        } else if (v instanceof Double x) {
            out.add(Double.toString(x));
        } else if (v instanceof BigDecimal x) {
            out.add(x.toBigIntegerExact().toString());
        } else {
            out.add(String.valueOf(v));
        }
    }
}
