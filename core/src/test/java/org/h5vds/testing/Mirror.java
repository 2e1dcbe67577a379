package org.h5vds.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.H5Object;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.select.IndexExpression;

/**
 * Changes a file through the h5vds API and the same way a model of it: a {@link TreeDump} of the
 * file as it was, edited to what h5py should read afterwards. Compare the model with a fresh dump
 * when the file is closed (or flushed) to check both that the change happened and that nothing
 * else moved.
 */
public final class Mirror {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final H5File file;
    private final ObjectNode model;

    public Mirror(H5File file, ObjectNode before) {
        this.file = file;
        this.model = before.deepCopy();
    }

    public ObjectNode model() {
        return model;
    }

    public H5File file() {
        return file;
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private ObjectNode entry(String path) {
        JsonNode n = model.get(path);
        if (n == null) throw new AssertionError("the model has no " + path);
        return (ObjectNode) n;
    }

    private void addLink(String path, ObjectNode link) {
        ObjectNode g = entry(parent(path));
        ((ObjectNode) g.get("links")).set(leaf(path), link);
    }

    private static ObjectNode group() {
        ObjectNode g = NODES.objectNode();
        g.put("kind", "group");
        g.set("links", NODES.objectNode());
        g.set("attrs", NODES.objectNode());
        return g;
    }

    // ---- changes -------------------------------------------------------------------------------

    /** Creates a group (whose parent must exist in the model). */
    public void createGroup(String path) {
        file.createGroup(path);
        addLink(path, NODES.objectNode().put("kind", "hard"));
        model.set(path, group());
    }

    /** Creates a dataset holding {@code data}. */
    public Dataset createDataset(String path, NdArray data, DatasetOptions options) {
        Dataset d = file.createDataset(path, data, options);
        addLink(path, NODES.objectNode().put("kind", "hard"));
        ObjectNode e = NODES.objectNode();
        e.put("kind", "dataset");
        e.put("dtype", data.dtype().numpy());
        e.set("shape", longs(data.shape()));
        long[] max = d.maxShape().toArray();
        ArrayNode m = NODES.arrayNode();
        for (long x : max) {
            if (x == Shape.UNLIMITED) m.add(NullNode.getInstance());
            else m.add(x);
        }
        e.set("maxshape", m);
        e.set("chunks", d.chunks().isPresent() ? longs(d.chunks().get().toArray()) : NullNode.getInstance());
        String compression = d.filters().stream().anyMatch(f -> f.id() == 1) ? "gzip" : d.filters().stream().anyMatch(f -> f.id() == 32000) ? "lzf" : null;
        if (compression == null) e.putNull("compression");
        else e.put("compression", compression);
        e.set("attrs", NODES.objectNode());
        e.set("fill", values(d.fillValue()).get(0));
        e.set("values", values(data));
        model.set(path, e);
        return d;
    }

    /** Sets an attribute of the object at {@code path} to a string, a long, a double or an array. */
    public void setAttribute(String path, String name, Object value) {
        H5Object o = file.get(path);
        ObjectNode a = NODES.objectNode();
        if (value instanceof String s) {
            o.attrs().put(name, s);
            a.put("dtype", "str");
            a.set("shape", NODES.arrayNode());
            a.put("value", s);
        } else if (value instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<String> strings = (List<String>) l;
            o.attrs().put(name, strings);
            a.put("dtype", "str");
            a.set("shape", NODES.arrayNode().add(strings.size()));
            ArrayNode v = NODES.arrayNode();
            strings.forEach(v::add);
            a.set("value", v);
        } else {
            NdArray arr = value instanceof Long x ? NdArray.scalar(DType.INT64, x)
                    : value instanceof Double x ? NdArray.scalar(DType.FLOAT64, x) : (NdArray) value;
            o.attrs().put(name, arr);
            a.put("dtype", arr.dtype().numpy());
            a.set("shape", longs(arr.shape()));
            ArrayNode flat = values(arr);
            a.set("value", arr.rank() == 0 ? flat.get(0) : nest(flat, arr.shape(), 0, new int[] {0}));
        }
        for (String p : pathsOf(path)) ((ObjectNode) entry(p).get("attrs")).set(name, a);
    }

    public void removeAttribute(String path, String name) {
        file.get(path).attrs().remove(name);
        for (String p : pathsOf(path)) ((ObjectNode) entry(p).get("attrs")).remove(name);
    }

    public void softLink(String path, String target) {
        file.root().softLink(path, target);
        addLink(path, NODES.objectNode().put("kind", "soft").put("target", target));
        JsonNode resolved = model.get(target.startsWith("/") ? target : parent(path) + "/" + target);
        if (resolved != null) copyTree(target.startsWith("/") ? target : parent(path) + "/" + target, path);
    }

    public void externalLink(String path, String fileName, String target) {
        file.root().externalLink(path, fileName, target);
        addLink(path, NODES.objectNode().put("kind", "external").put("target", target).put("file", fileName));
    }

    /** A hard link at {@code path} to the object at {@code target}. */
    public void hardLink(String path, String target) {
        file.root().hardLink(path, file.get(target));
        addLink(path, NODES.objectNode().put("kind", "hard"));
        copyTree(target, path);
    }

    public void delete(String path) {
        file.delete(path);
        ((ObjectNode) entry(parent(path)).get("links")).remove(leaf(path));
        removeTree(path);
    }

    public void move(String from, String to) {
        file.move(from, to);
        JsonNode link = entry(parent(from)).get("links").get(leaf(from));
        ((ObjectNode) entry(parent(from)).get("links")).remove(leaf(from));
        ((ObjectNode) entry(parent(to)).get("links")).set(leaf(to), link);
        copyTree(from, to);
        removeTree(from);
    }

    /** Writes {@code values} at the NumPy basic index {@code index} of the dataset at {@code path}. */
    public void write(String path, String index, NdArray values) {
        file.dataset(path).write(index, values);
        for (String p : pathsOf(path)) {
            ObjectNode e = entry(p);
            long[] shape = longArray(e.get("shape"));
            ArrayNode flat = (ArrayNode) e.get("values");
            ArrayNode v = values(values);
            IndexExpression.Resolved r = IndexExpression.parse(index).resolve(shape);
            int[] k = {0};
            r.selection().forEachRun((start, n) -> {
                long first = linear(start, shape);
                for (long i = 0; i < n; i++) flat.set((int) (first + i), v.get(k[0]++));
            });
        }
    }

    /** Appends frames along axis 0 (h5vds' append). */
    public void append(String path, NdArray frames) {
        Dataset d = file.dataset(path);
        long[] before = d.shape().toArray();
        d.append(frames);
        long[] after = d.shape().toArray();
        for (String p : pathsOf(path)) {
            ObjectNode e = entry(p);
            resizeModel(e, after);
            ArrayNode flat = (ArrayNode) e.get("values");
            ArrayNode v = values(frames);
            long rowElements = 1;
            for (int i = 1; i < after.length; i++) rowElements *= after[i];
            long at = before[0] * rowElements;
            for (int i = 0; i < v.size(); i++) flat.set((int) (at + i), v.get(i));
        }
    }

    public void resize(String path, long... shape) {
        file.dataset(path).resize(shape);
        for (String p : pathsOf(path)) resizeModel(entry(p), shape);
    }

    private static void resizeModel(ObjectNode e, long[] shape) {
        long[] old = longArray(e.get("shape"));
        ArrayNode flat = (ArrayNode) e.get("values");
        JsonNode fill = e.get("fill");
        long total = 1;
        for (long s : shape) total *= s;
        ArrayNode out = NODES.arrayNode();
        long[] at = new long[shape.length];
        for (long i = 0; i < total; i++) {
            boolean inside = true;
            for (int d = 0; d < shape.length; d++) inside &= at[d] < old[d];
            out.add(inside ? flat.get((int) linear(at, old)) : fill);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++at[d] < shape[d]) break;
                at[d] = 0;
            }
        }
        e.set("values", out);
        e.set("shape", longs(shape));
    }

    // ---- model paths ---------------------------------------------------------------------------

    /** Every path of the model that is the same object as {@code path} (for hard-linked datasets: all their paths). */
    private List<String> pathsOf(String path) {
        List<String> out = new ArrayList<>();
        out.add(path);
        for (String alias : aliases.getOrDefault(path, List.of())) if (model.has(alias)) out.add(alias);
        return out;
    }

    private final Map<String, List<String>> aliases = new java.util.HashMap<>();

    private void copyTree(String from, String to) {
        List<String> keys = new ArrayList<>();
        model.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            if (k.equals(from) || k.startsWith(from + "/")) {
                String nk = to + k.substring(from.length());
                model.set(nk, model.get(k).deepCopy());
                aliases.computeIfAbsent(k, x -> new ArrayList<>()).add(nk);
                aliases.computeIfAbsent(nk, x -> new ArrayList<>()).add(k);
            }
        }
    }

    private void removeTree(String path) {
        for (Iterator<String> it = model.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals(path) || k.startsWith(path + "/")) it.remove();
        }
    }

    // ---- values --------------------------------------------------------------------------------

    private static ArrayNode longs(long[] a) {
        ArrayNode n = NODES.arrayNode();
        for (long x : a) n.add(x);
        return n;
    }

    private static long[] longArray(JsonNode n) {
        long[] a = new long[n.size()];
        for (int i = 0; i < a.length; i++) a[i] = n.get(i).asLong();
        return a;
    }

    private static long linear(long[] at, long[] shape) {
        long e = 0;
        for (int i = 0; i < shape.length; i++) e = e * shape[i] + at[i];
        return e;
    }

    /** The elements of {@code a} flattened in C order as dump_tree.py writes them. */
    public static ArrayNode values(NdArray a) {
        ArrayNode out = NODES.arrayNode();
        DType t = a.dtype();
        switch (t.kind()) {
            case BOOL -> {
                for (long v : a.toLongArray()) out.add(v != 0);
            }
            case INT -> {
                for (long v : a.toLongArray()) out.add(v);
            }
            case UINT -> {
                for (long v : a.toLongArray()) out.add(t.size() == 8 ? new java.math.BigInteger(Long.toUnsignedString(v)) : java.math.BigInteger.valueOf(v));
            }
            case FLOAT -> {
                for (double v : a.toDoubleArray()) out.add(number(v));
            }
            case COMPLEX -> {
                double[] d = a.toDoubleArray();
                for (int i = 0; i < d.length; i += 2) out.add(NODES.arrayNode().add(number(d[i])).add(number(d[i + 1])));
            }
        }
        return out;
    }

    private static JsonNode number(double v) {
        if (Double.isNaN(v)) return NODES.textNode("nan");
        if (Double.isInfinite(v)) return NODES.textNode(v > 0 ? "inf" : "-inf");
        return NODES.numberNode(v);
    }

    private static JsonNode nest(ArrayNode flat, long[] shape, int axis, int[] next) {
        if (axis == shape.length) return flat.get(next[0]++);
        ArrayNode out = NODES.arrayNode();
        for (long i = 0; i < shape[axis]; i++) out.add(nest(flat, shape, axis + 1, next));
        return out;
    }
}
