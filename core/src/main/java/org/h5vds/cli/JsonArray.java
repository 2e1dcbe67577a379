package org.h5vds.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.h5vds.api.DType;
import org.h5vds.api.NdArray;
import org.h5vds.api.Reference;

/**
 * An array as JSON: nested lists along its shape; compound elements as objects of their fields;
 * strings as strings (bytes that are not UTF-8 as Python's backslashreplace writes them,
 * {@code \xNN}); enumeration values as their names (a number when a value has no name); bool as
 * true/false; complex as [re, im]; NaN and infinities as the strings "nan", "inf", "-inf";
 * uint64 exactly; opaque bytes as hexadecimal; variable-length sequences as lists; object
 * references as the path of the object (one no path leads to as {unresolved: text}), region
 * references as {path, region}, attribute references as {path, attribute}; a null reference as null.
 */
public final class JsonArray {
    private JsonArray() {
    }

    /** {@code a} as JSON text by these rules. */
    public static String toJson(NdArray a) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out)) {
            write(g, a);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the elements of a value of one element format. */
    private interface Element {
        void write(JsonGenerator g, int i) throws IOException;
    }

    /** Writes {@code a} as nested lists (a 0-d array as its one element). */
    static void write(JsonGenerator g, NdArray a) throws IOException {
        long[] shape = a.shape();
        NdArray flat = a.reshape(-1);
        Element e = element(flat, 1);
        nest(g, e, shape, 0, 0);
    }

    /** The elements of a top-level array written as a run of rows (its first axis), without the enclosing list. */
    static void writeRows(JsonGenerator g, NdArray a) throws IOException {
        long[] shape = a.shape();
        NdArray flat = a.reshape(-1);
        Element e = element(flat, 1);
        long rowSize = 1;
        for (int k = 1; k < shape.length; k++) rowSize *= shape[k];
        for (long r = 0; r < shape[0]; r++) nest(g, e, shape, 1, (int) (r * rowSize));
    }

    private static void nest(JsonGenerator g, Element e, long[] shape, int axis, int first) throws IOException {
        if (axis == shape.length) {
            e.write(g, first);
            return;
        }
        long stride = 1;
        for (int k = axis + 1; k < shape.length; k++) stride *= shape[k];
        g.writeStartArray();
        for (long j = 0; j < shape[axis]; j++) nest(g, e, shape, axis + 1, (int) (first + j * stride));
        g.writeEndArray();
    }

    /** The writer of element i of {@code flat} (a 1-D array), each element being {@code per} values (subarray fields). */
    private static Element element(NdArray flat, int per) {
        DType t = flat.dtype();
        Element one = switch (t.kind()) {
            case BOOL -> (g, i) -> g.writeBoolean(flat.getLong(i) != 0);
            case INT -> (g, i) -> g.writeNumber(flat.getLong(i));
            case UINT, BITFIELD -> t.size() == 8 ? (g, i) -> g.writeNumber(new BigInteger(Long.toUnsignedString(flat.getLong(i))))
                    : (g, i) -> g.writeNumber(flat.getLong(i));
            case FLOAT -> (g, i) -> number(g, flat.getDouble(i));
            case COMPLEX -> {
                double[] pairs = flat.toDoubleArray();
                yield (g, i) -> {
                    g.writeStartArray();
                    number(g, pairs[2 * i]);
                    number(g, pairs[2 * i + 1]);
                    g.writeEndArray();
                };
            }
            case ENUM -> (g, i) -> {
                String name = flat.enumName(i);
                if (name != null) g.writeString(name);
                else if (t.base().kind() == DType.Kind.UINT && t.size() == 8) g.writeNumber(new BigInteger(Long.toUnsignedString(flat.getLong(i))));
                else g.writeNumber(flat.getLong(i));
            };
            case BYTES, STRING -> (g, i) -> g.writeString(escaped(flat.getString(i)));
            case OPAQUE -> (g, i) -> g.writeString(HexFormat.of().formatHex(flat.getBytes(i)));
            case SEQUENCE -> (g, i) -> write(g, (NdArray) flat.getObject(i));
            case REFERENCE, REGION_REFERENCE, ATTRIBUTE_REFERENCE -> (g, i) -> reference(g, (Reference) flat.getObject(i));
            case COMPOUND -> compound(flat);
            case ARRAY -> throw new IllegalStateException("subarray elements are expanded into axes");
        };
        return one;
    }

    private static Element compound(NdArray flat) {
        List<String> names = new ArrayList<>();
        List<Element> fields = new ArrayList<>();
        List<long[]> subShapes = new ArrayList<>();
        for (DType.Field f : flat.dtype().fields()) {
            NdArray column = flat.field(f.name());
            long[] dims = f.dtype().dims();
            names.add(f.name());
            subShapes.add(dims);
            fields.add(element(column.reshape(-1), 1));
        }
        return (g, i) -> {
            g.writeStartObject();
            for (int k = 0; k < names.size(); k++) {
                g.writeFieldName(names.get(k));
                long[] dims = subShapes.get(k);
                int per = 1;
                for (long d : dims) per *= (int) d;
                nest(g, fields.get(k), dims, 0, i * per);
            }
            g.writeEndObject();
        };
    }

    private static void reference(JsonGenerator g, Reference r) throws IOException {
        if (r == null) {
            g.writeNull();
            return;
        }
        switch (r.kind()) {
            case OBJECT -> {
                String path = r.path();
                if (path != null) {
                    g.writeString(path);
                } else {
                    // not null: that is a null reference; this one points where no path leads (h5py's file[ref] fails)
                    g.writeStartObject();
                    g.writeStringField("unresolved", r.toString());
                    g.writeEndObject();
                }
            }
            case REGION -> {
                g.writeStartObject();
                g.writeStringField("path", r.path());
                g.writeStringField("region", r.regionText());
                g.writeEndObject();
            }
            case ATTRIBUTE -> {
                g.writeStartObject();
                g.writeStringField("path", r.path());
                g.writeStringField("attribute", r.attributeName());
                g.writeEndObject();
            }
        }
    }

    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) g.writeString("nan");
        else if (Double.isInfinite(v)) g.writeString(v > 0 ? "inf" : "-inf");
        else g.writeNumber(v);
    }

    /** Lone surrogates U+DC80..U+DCFF (bytes that were not UTF-8) as {@code \xNN}, as Python's backslashreplace writes them. */
    static String escaped(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF) {
                if (sb == null) sb = new StringBuilder(s.substring(0, i));
                sb.append(String.format("\\x%02x", c & 0xFF));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
