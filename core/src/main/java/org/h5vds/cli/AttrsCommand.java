package org.h5vds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.Attribute;
import org.h5vds.api.DType;
import org.h5vds.api.H5Exception;
import org.h5vds.api.H5File;
import org.h5vds.api.H5Object;
import org.h5vds.api.NdArray;

/**
 * {@code h5vds attrs FILE OBJECT [--set NAME=VALUE]... [--modify NAME=VALUE]... [--delete NAME]... [--json]}:
 * shows the attributes of a group, dataset or datatype, and sets, modifies and deletes them in
 * place, the values typed by their JSON spelling ({@code --modify} keeps an attribute's stored type
 * and shape, as h5py's {@code attrs.modify}).
 */
final class AttrsCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("attrs",
            "Show the attributes of OBJECT (a group, dataset or named datatype; / for the root), and change them in place.",
            "VALUE is JSON and gives the type, as h5py stores Python values: \"text\" a UTF-8 string, 3 an int64, 1.5 a float64, "
                    + "true a bool, [\"a\", \"b\"] an array of strings, [1.5, 2] and [[1, 2], [3, 4]] arrays (int64 when every "
                    + "number is whole, else float64). Quote for the shell: --set 'units=\"counts\"' --set 'gain=[1.5, 2]'.",
            "--modify changes an attribute's values keeping its stored type and shape (h5py's attrs.modify: a float32 "
                    + "stays float32); one not there is set as --set sets it. Deletions come first, then --set, then --modify; "
                    + "the attributes are printed as they are afterwards.")
            .positional("FILE", "the HDF5 file")
            .positional("OBJECT", "the object's path, e.g. /entry/data")
            .option(OptionSpec.value("--set", "NAME=VALUE", Converters.TEXT, "set (or replace) an attribute; VALUE is JSON").repeatable())
            .option(OptionSpec.value("--modify", "NAME=VALUE", Converters.TEXT,
                    "change an attribute's values, its stored type and shape kept; VALUE is JSON").repeatable())
            .option(OptionSpec.value("--delete", "NAME", Converters.TEXT, "delete an attribute").repeatable())
            .option(OptionSpec.flag("--json", "print the attributes as JSON: {name: {dtype, type, shape, value}}: NumPy's dtype "
                    + "description, the type as ls shows it, the shape (none for an Empty one) and the value as read --json writes it"));

    private Path file;
    private String object;
    private List<String> set;
    private List<String> modify;
    private List<String> delete;
    private boolean json;
    private PrintWriter out;

    /** One --set or --modify, parsed before the file is opened, so a bad value changes nothing. */
    private record Setting(String name, JsonNode value, boolean modify) {
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) throws Exception {
        file = Path.of(args.<String>get("FILE"));
        object = args.get("OBJECT");
        set = args.list("--set");
        modify = args.list("--modify");
        delete = args.list("--delete");
        json = args.flag("--json");
        this.out = out;
        ObjectMapper mapper = new ObjectMapper();
        List<Setting> settings = new ArrayList<>();
        for (String s : set) settings.add(setting("--set", s, mapper, false));
        for (String s : modify) settings.add(setting("--modify", s, mapper, true));
        boolean changing = !settings.isEmpty() || !delete.isEmpty();
        try (H5File f = changing ? H5File.open(file, H5File.Mode.READ_WRITE) : H5File.open(file)) {
            H5Object o = f.get(object);
            if (changing) {
                try {
                    for (String name : delete) {
                        if (!o.attrs().remove(name)) throw new IllegalArgumentException(file + ": " + o.path() + " has no attribute \"" + name + "\" to delete");
                    }
                    for (Setting s : settings) put(o, s.name(), s.value(), s.modify());
                } catch (RuntimeException e) {
                    f.discard();
                    throw e;
                }
            }
            print(o, mapper);
        }
        return 0;
    }

    /** {@code option}'s NAME=VALUE parsed and checked. */
    private static Setting setting(String option, String s, ObjectMapper mapper, boolean modify) {
        int eq = s.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException(option + " " + s + ": expected NAME=VALUE (VALUE as JSON, e.g. units=\"counts\")");
        String name = s.substring(0, eq);
        JsonNode value;
        try {
            value = mapper.readTree(s.substring(eq + 1));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(option + " " + s + ": the value is not JSON (a string needs quotes: " + name + "=\"text\")");
        }
        if (value == null) throw new IllegalArgumentException(option + " " + s + ": no value after '='");
        check(option + " " + s, value);
        return new Setting(name, value, modify);
    }

    /** Refuses what has no HDF5 type: null, objects, ragged or mixed arrays. */
    private static void check(String setting, JsonNode v) {
        if (v.isNull() || v.isObject()) throw new IllegalArgumentException(setting + ": a value is a string, number, bool or array, not " + v);
        if (v.isArray()) {
            if (v.isEmpty()) throw new IllegalArgumentException(setting + ": an empty array has no element type");
            shape(setting, v);
            kinds(setting, v);
        }
    }

    private static List<Long> shape(String setting, JsonNode v) {
        List<Long> shape = new ArrayList<>();
        JsonNode n = v;
        while (n.isArray()) {
            shape.add((long) n.size());
            if (n.isEmpty()) break;
            n = n.get(0);
        }
        checkShape(setting, v, shape, 0);
        return shape;
    }

    private static void checkShape(String setting, JsonNode v, List<Long> shape, int axis) {
        if (axis == shape.size()) {
            if (v.isArray()) throw new IllegalArgumentException(setting + ": the array is ragged (nested deeper in places)");
            return;
        }
        if (!v.isArray() || v.size() != shape.get(axis)) {
            throw new IllegalArgumentException(setting + ": the array is ragged (rows of different lengths along axis " + axis + ")");
        }
        for (JsonNode c : v) checkShape(setting, c, shape, axis + 1);
    }

    /** The leaves' kind: "string", "bool", "int" or "float" (ints and floats mix as floats). */
    private static String kinds(String setting, JsonNode v) {
        List<JsonNode> leaves = new ArrayList<>();
        collect(v, leaves);
        boolean strings = leaves.stream().allMatch(JsonNode::isTextual);
        boolean bools = leaves.stream().allMatch(JsonNode::isBoolean);
        boolean numbers = leaves.stream().allMatch(JsonNode::isNumber);
        if (strings) {
            if (v.isArray() && shapeRank(v) > 1) throw new IllegalArgumentException(setting + ": arrays of strings are 1-D here");
            return "string";
        }
        if (bools) return "bool";
        if (numbers) return leaves.stream().allMatch(JsonNode::isIntegralNumber) ? "int" : "float";
        throw new IllegalArgumentException(setting + ": the array mixes kinds (strings, numbers, bools)");
    }

    private static int shapeRank(JsonNode v) {
        int r = 0;
        for (JsonNode n = v; n.isArray() && !n.isEmpty(); n = n.get(0)) r++;
        return r;
    }

    private static void collect(JsonNode v, List<JsonNode> out) {
        if (v.isArray()) for (JsonNode c : v) collect(c, out);
        else out.add(v);
    }

    /** Sets (or with {@code modify}, modifies) attribute {@code name} to the JSON value {@code v}. */
    private static void put(H5Object o, String name, JsonNode v, boolean modify) {
        String kind = kinds(name, v);
        if (kind.equals("string")) {
            if (v.isArray()) {
                List<String> s = new ArrayList<>();
                v.forEach(x -> s.add(x.asText()));
                if (modify) o.attrs().modify(name, NdArray.ofStrings(s));
                else o.attrs().put(name, s);
            } else if (modify) {
                o.attrs().modify(name, v.asText());
            } else {
                o.attrs().put(name, v.asText());
            }
            return;
        }
        List<JsonNode> leaves = new ArrayList<>();
        collect(v, leaves);
        long[] shape = v.isArray() ? shape(name, v).stream().mapToLong(Long::longValue).toArray() : new long[0];
        NdArray a = switch (kind) {
            case "bool" -> {
                boolean[] b = new boolean[leaves.size()];
                for (int i = 0; i < b.length; i++) b[i] = leaves.get(i).asBoolean();
                yield v.isArray() ? NdArray.of(b, shape) : NdArray.scalar(DType.BOOL, b[0] ? 1 : 0);
            }
            case "int" -> {
                long[] l = new long[leaves.size()];
                for (int i = 0; i < l.length; i++) {
                    if (!leaves.get(i).canConvertToLong()) throw new IllegalArgumentException("attribute " + name + ": " + leaves.get(i) + " does not fit int64");
                    l[i] = leaves.get(i).asLong();
                }
                yield v.isArray() ? NdArray.of(l, shape) : NdArray.scalar(DType.INT64, l[0]);
            }
            default -> {
                double[] d = new double[leaves.size()];
                for (int i = 0; i < d.length; i++) d[i] = leaves.get(i).asDouble();
                yield v.isArray() ? NdArray.of(d, shape) : NdArray.scalar(DType.FLOAT64, d[0]);
            }
        };
        if (modify) o.attrs().modify(name, a);
        else o.attrs().put(name, a);
    }

    private void print(H5Object o, ObjectMapper mapper) throws Exception {
        if (json) {
            ObjectNode root = mapper.createObjectNode();
            for (Attribute a : o.attrs().values()) {
                ObjectNode e = root.putObject(a.name());
                DType dtype = numpyType(a);
                e.put("dtype", dtype == null ? null : dtype.numpy());
                e.put("type", a.typeDescription());
                if (a.isEmpty()) {
                    e.putNull("shape");
                    continue;
                }
                ArrayNode shape = e.putArray("shape");
                for (long s : a.shape().toArray()) shape.add(s);
                // the same JSON as `read --json` writes for a dataset of this type and shape
                if (dtype == null) {
                    e.putNull("value");
                    continue;
                }
                try {
                    e.set("value", mapper.readTree(JsonArray.toJson(a.value())));
                } catch (H5Exception unreadable) {
                    // as the plain listing shows such a value as its type: the other attributes still print
                    e.putNull("value");
                    e.put("error", unreadable.getMessage());
                }
            }
            out.println(mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
            return;
        }
        out.println(o.path() + ": " + o.attrs().size() + " attribute" + (o.attrs().size() == 1 ? "" : "s"));
        for (Attribute a : o.attrs().values()) {
            String type = a.typeDescription();
            out.println("  " + String.valueOf(a).replaceAll("\\s*\\n\\s*", " ") + "  (" + type + (a.isEmpty() || a.shape().rank() == 0 ? "" : " " + a.shape()) + ")");
        }
    }

    /** The attribute's dtype; null for a type NumPy has none of (the time class), whose value is not read. */
    private static DType numpyType(Attribute a) {
        try {
            return a.dtype();
        } catch (H5Exception e) {
            return null;
        }
    }
}
