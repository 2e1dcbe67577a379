package org.h5vds.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything a file holds as h5py reads it ({@code src/test/python/dump_tree.py}): one JSON object
 * per path, for comparing a file before and after a change with a model of the change. Numbers are
 * normalised (integers as integers, floats as doubles) so that equal values compare equal however
 * JSON spelled them.
 */
public final class TreeDump {
    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS, true);

    private TreeDump() {
    }

    /** h5py's dump of {@code file}; fails the test when h5py cannot read it. */
    public static ObjectNode of(Path file) {
        String out = Python.runScript(Project.dir().resolve("src/test/python/dump_tree.py"), file);
        try {
            return (ObjectNode) normalise(JSON.readTree(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same tree with every number normalised; the input is not changed. */
    public static JsonNode normalise(JsonNode n) {
        if (n.isIntegralNumber()) return BigIntegerNode.valueOf(n.bigIntegerValue());
        if (n.isFloatingPointNumber()) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 && !n.isDouble() && !n.isFloat()) return BigIntegerNode.valueOf(n.bigIntegerValue());
            return DoubleNode.valueOf(d);
        }
        if (n.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (JsonNode c : n) a.add(normalise(c));
            return a;
        }
        if (n.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), normalise(e.getValue()));
            }
            return o;
        }
        return n;
    }

    /** Where two dumps differ, path by path (empty when equal). */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("", normalise(expected), normalise(actual), out);
        return out;
    }

    private static void diff(String at, JsonNode e, JsonNode a, List<String> out) {
        if (out.size() > 40) return;
        if (e == null || a == null) {
            out.add(at + ": " + (e == null ? "unexpected " + brief(a) : "missing, expected " + brief(e)));
            return;
        }
        if (e.isObject() && a.isObject()) {
            List<String> keys = new ArrayList<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(k -> {
                if (!e.has(k)) keys.add(k);
            });
            for (String k : keys) diff(at + "/" + k, e.get(k), a.get(k), out);
            return;
        }
        if (e.isArray() && a.isArray() && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) diff(at + "[" + i + "]", e.get(i), a.get(i), out);
            return;
        }
        if (!e.equals(a)) out.add(at + ": expected " + brief(e) + ", found " + brief(a));
    }

    private static String brief(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
