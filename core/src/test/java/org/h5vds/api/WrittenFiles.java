package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.Libhdf5Java;
import org.h5vds.testing.OracleRead;
import org.h5vds.testing.Python;

/**
 * What files written by h5vds should hold, and the checks that they do: h5py with h5debug
 * ({@code check_written.py}), h5wasm (libhdf5 2.0), libhdf5 1.14 (JNI), h5dump, and our own reader.
 */
final class WrittenFiles {
    /** One dataset's expectation. {@code filters} holds (id, flags) pairs. */
    record DatasetCase(Path file, String path, NdArray expected, NdArray fill, String layout, long[] chunks, long[] maxShape,
                       List<int[]> filters, String index, Integer chunkCount) {
        boolean builtinFiltersOnly() {
            return filters.stream().allMatch(f -> f[0] == 1 || f[0] == 2 || f[0] == 3);
        }
    }

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Path, ObjectNode> entries = new LinkedHashMap<>();
    private final List<DatasetCase> datasets = new ArrayList<>();
    private int saved;

    WrittenFiles(Path dir) {
        this.dir = dir;
    }

    List<DatasetCase> datasets() {
        return datasets;
    }

    private ObjectNode entry(Path file) {
        return entries.computeIfAbsent(file, f -> {
            ObjectNode e = json.createObjectNode().put("file", f.toString());
            e.putArray("datasets");
            e.putArray("attributes");
            e.putArray("groups");
            return e;
        });
    }

    private String save(NdArray a) {
        Path p = dir.resolve("expected-" + (saved++) + ".npy");
        Npy.write(p, a);
        return p.toString();
    }

    private static ArrayNode longs(ArrayNode a, long[] v, boolean unlimitedAsNull) {
        for (long x : v) {
            if (unlimitedAsNull && x == Shape.UNLIMITED) a.addNull();
            else a.add(x);
        }
        return a;
    }

    void dataset(DatasetCase c) {
        datasets.add(c);
        ObjectNode d = ((ArrayNode) entry(c.file()).get("datasets")).addObject();
        d.put("path", c.path()).put("expected", save(c.expected())).put("layout", c.layout());
        if (c.fill() != null) d.put("fill", save(c.fill()));
        if (c.chunks() == null) d.putNull("chunks");
        else longs(d.putArray("chunks"), c.chunks(), false);
        longs(d.putArray("maxshape"), c.maxShape(), true);
        ArrayNode f = d.putArray("filters");
        for (int[] x : c.filters()) f.addArray().add(x[0]).add(x[1]);
        if (c.index() != null) d.put("index", c.index());
        if (c.chunkCount() != null) d.put("nchunks", c.chunkCount());
    }

    void numericAttribute(Path file, String object, String name, NdArray expected) {
        ((ArrayNode) entry(file).get("attributes")).addObject().put("object", object).put("name", name).put("kind", "numeric")
                .put("expected", save(expected));
    }

    /** A string attribute: {@code kind} "vlen" or "fixed" (with {@code length}), a scalar when {@code shape} is empty. */
    void stringAttribute(Path file, String object, String name, String kind, int length, long[] shape, List<String> values) {
        ObjectNode a = ((ArrayNode) entry(file).get("attributes")).addObject().put("object", object).put("name", name).put("kind", kind)
                .put("length", length);
        longs(a.putArray("shape"), shape, false);
        if (shape.length == 0) {
            a.put("value", values.get(0));
        } else {
            ArrayNode v = a.putArray("value");
            values.forEach(v::add);
        }
    }

    /** A group's member names in order, and some of its links as h5py describes them ([class, path, file]). */
    void group(Path file, String path, List<String> keys, Map<String, List<String>> links) {
        ObjectNode g = ((ArrayNode) entry(file).get("groups")).addObject().put("path", path);
        ArrayNode k = g.putArray("keys");
        keys.forEach(k::add);
        ObjectNode l = g.putObject("links");
        links.forEach((n, v) -> {
            ArrayNode a = l.putArray(n);
            v.forEach(a::add);
        });
    }

    static String resource(String name) {
        try (InputStream in = WrittenFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new AssertionError("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** h5py and h5debug check every expectation; returns how many checks ran. */
    int checkWithH5py() {
        try {
            Path manifest = dir.resolve("manifest-" + (saved++) + ".json");
            json.writeValue(manifest.toFile(), json.createArrayNode().addAll(entries.values()));
            String out = Python.run(resource("check_written.py"), manifest);
            List<String> failures = new ArrayList<>();
            int checked = -1;
            for (String line : out.split("\n")) {
                if (!line.startsWith("{")) continue;
                JsonNode n = json.readTree(line);
                if (n.has("checked")) checked = n.get("checked").asInt();
                else failures.add(n.get("where").asText() + ": " + n.get("what").asText());
            }
            assertThat(failures).as("h5py found problems").isEmpty();
            int expected = 0;
            for (ObjectNode e : entries.values()) expected += e.get("datasets").size() + e.get("attributes").size() + e.get("groups").size();
            assertThat(checked).isEqualTo(expected);
            return checked;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** h5dump reads every file completely (values included) and exits 0. */
    void checkWithH5Dump() {
        for (Path f : entries.keySet()) {
            H5Dump.Result r = H5Dump.run(f);
            assertThat(r.exit()).as("h5dump " + f + "\n" + r.err()).isZero();
        }
    }

    /** h5wasm (libhdf5 2.0) reads the datasets {@code which} selects with the expected values and dtype. */
    int checkWithH5Wasm(Predicate<DatasetCase> which) {
        List<DatasetCase> cases = datasets.stream().filter(which).toList();
        List<OracleRead> reads = H5Wasm.readAll(cases.stream().map(c -> OracleRead.of(c.file(), c.path())).toList());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            OracleRead r = reads.get(i);
            NdArray want = cases.get(i).expected().withOrder(ByteOrder.LITTLE_ENDIAN);
            if (!r.ok()) failures.add(r + "");
            else if (!r.values().equals(want)) failures.add(r + ": got " + r.values().dtype() + " " + r.values() + ", expected " + want);
        }
        assertThat(failures).as("h5wasm").isEmpty();
        return cases.size();
    }

    /** libhdf5 1.14.3 reads the datasets {@code which} selects with the expected values and dtype. */
    int checkWithLibhdf5(Predicate<DatasetCase> which) {
        List<DatasetCase> cases = datasets.stream().filter(which).toList();
        List<OracleRead> reads = Libhdf5Java.readAll(cases.stream().map(c -> OracleRead.of(c.file(), c.path())).toList());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            OracleRead r = reads.get(i);
            if (!r.ok()) failures.add(r + "");
            else if (!r.values().equals(cases.get(i).expected())) failures.add(r + ": got " + r.values() + ", expected " + cases.get(i).expected());
        }
        assertThat(failures).as("libhdf5 1.14").isEmpty();
        return cases.size();
    }

    /** Our own reader gives back the values, dtype, chunks, maximum shape, filters and fill value. */
    void checkWithOurReader() {
        Map<Path, List<DatasetCase>> byFile = new LinkedHashMap<>();
        for (DatasetCase c : datasets) byFile.computeIfAbsent(c.file(), f -> new ArrayList<>()).add(c);
        List<String> failures = new ArrayList<>();
        byFile.forEach((file, cases) -> {
            try (H5File f = H5File.open(file)) {
                for (DatasetCase c : cases) {
                    Dataset d = f.dataset(c.path());
                    String where = file.getFileName() + ":" + c.path();
                    NdArray a = d.read();
                    if (!a.equals(c.expected())) failures.add(where + ": values " + a.dtype() + " " + a + " != " + c.expected());
                    if (!d.layout().name().equalsIgnoreCase(c.layout())) failures.add(where + ": layout " + d.layout());
                    long[] chunks = d.chunks().map(Shape::toArray).orElse(null);
                    if (!java.util.Arrays.equals(chunks, c.chunks())) failures.add(where + ": chunks " + java.util.Arrays.toString(chunks));
                    if (!java.util.Arrays.equals(d.maxShape().toArray(), c.maxShape())) failures.add(where + ": maxshape " + d.maxShape());
                    List<Integer> ids = d.filters().stream().map(Dataset.Filter::id).toList();
                    List<Integer> want = c.filters().stream().map(x -> x[0]).toList();
                    if (!ids.equals(want)) failures.add(where + ": filters " + ids);
                    if (c.fill() != null && !d.fillValue().equals(c.fill())) failures.add(where + ": fill " + d.fillValue() + " != " + c.fill());
                }
            }
        });
        assertThat(failures).as("our reader").isEmpty();
    }
}
