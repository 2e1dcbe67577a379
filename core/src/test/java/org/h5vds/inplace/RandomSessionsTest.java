package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.testing.Mirror;
import org.h5vds.testing.Python;
import org.h5vds.testing.TreeDump;

/**
 * Random sessions of changes to files libhdf5 wrote — groups and datasets created, links deleted
 * and moved, attributes set, overwritten and removed, chunks written, frames appended, datasets
 * resized — each checked against a model: every few changes the file is committed and h5py reads
 * exactly what the model says; at the end libhdf5 keeps writing it.
 */
class RandomSessionsTest {
    private static final String[] LIBVERS = {"earliest", "v108", "latest"};

    @Property(tries = 10)
    void randomChangesReadBackInH5pyAsTheModelSays(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int format) throws IOException {
        Path dir = Files.createTempDirectory("h5vds-random-sessions");
        try {
            run(dir, LIBVERS[format], seed);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private void run(Path dir, String libver, long seed) throws IOException {
        Path file = Oracles.copyOfBase(libver, dir);
        ObjectNode model = TreeDump.of(file);
        Random r = new Random(seed);
        List<String> log = new ArrayList<>();
        for (int session = 0; session < 2; session++) {
            try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
                Mirror m = new Mirror(f, model);
                if (session == 0) {
                    // soft links alias what they point to; the model follows the objects, not the names
                    m.delete("/links");
                    log.add("delete /links");
                }
                for (int step = 0; step < 24; step++) {
                    String op = step(m, r);
                    if (op != null) log.add(op);
                    if (step % 8 == 7) {
                        f.flush();
                        check(file, dir, m.model(), log);
                    }
                }
                model = m.model();
            }
            assertThat(TreeDump.differences(model, TreeDump.of(file))).as(String.join("\n", log)).isEmpty();
        }
        Oracles.libhdf5KeepsWriting(file);
    }

    /** h5py's reading of the file as committed (a cleared copy: the writer holds the file locked). */
    private static void check(Path file, Path dir, ObjectNode model, List<String> log) throws IOException {
        Path copy = dir.resolve("committed.h5");
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Python.Processes.run(List.of("/usr/bin/h5clear", "-s", copy.toString()), 30);
        assertThat(TreeDump.differences(model, TreeDump.of(copy))).as(String.join("\n", log)).isEmpty();
    }

    private static List<String> paths(ObjectNode model, String kind) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = model.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            if (kind.equals(model.get(p).path("kind").asText())) out.add(p);
        }
        return out;
    }

    private static String child(String group, String name) {
        return group.equals("/") ? "/" + name : group + "/" + name;
    }

    private static NdArray values(String dtype, long[] shape, Random r) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        switch (dtype) {
            case "<f4" -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = r.nextInt(1000) / 4f;
                return NdArray.of(v, shape);
            }
            case "<f8" -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = r.nextInt(1000) / 8.0;
                return NdArray.of(v, shape);
            }
            case "<i8" -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) v[i] = r.nextInt(2000) - 1000;
                return NdArray.of(v, shape);
            }
            case "<i2" -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) v[i] = (short) (r.nextInt(2000) - 1000);
                return NdArray.of(v, shape);
            }
            case "|u1" -> {
                byte[] v = new byte[n];
                for (int i = 0; i < n; i++) v[i] = (byte) r.nextInt(256);
                return NdArray.ofUnsigned(v, shape);
            }
            default -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) v[i] = r.nextInt(20000) - 10000;
                return NdArray.of(v, shape);
            }
        }
    }

    private static long[] longs(JsonNode n) {
        long[] a = new long[n.size()];
        for (int i = 0; i < a.length; i++) a[i] = n.get(i).asLong();
        return a;
    }

    /** One random change; returns what it did, or null when it found nothing to do. */
    private static String step(Mirror m, Random r) {
        ObjectNode model = m.model();
        List<String> groups = paths(model, "group");
        List<String> datasets = paths(model, "dataset");
        datasets.removeIf(d -> !model.get(d).has("values"));
        int op = r.nextInt(10);
        String name = "r" + Integer.toHexString(r.nextInt(1 << 20));
        switch (op) {
            case 0 -> {
                String g = child(groups.get(r.nextInt(groups.size())), name);
                m.createGroup(g);
                return "createGroup " + g;
            }
            case 1 -> {
                String d = child(groups.get(r.nextInt(groups.size())), name);
                long rows = 1 + r.nextInt(5);
                boolean chunked = r.nextBoolean();
                DatasetOptions o = chunked ? DatasetOptions.chunked(2, 3).maxShape(Shape.UNLIMITED, 3).deflate(r.nextInt(9) + 1)
                        : DatasetOptions.contiguous();
                m.createDataset(d, values("<i4", new long[] {rows, 3}, r), o);
                return "createDataset " + d + (chunked ? " chunked" : "");
            }
            case 2 -> {
                List<String> all = new ArrayList<>(groups);
                all.addAll(datasets);
                all.remove("/");
                if (all.isEmpty()) return null;
                String p = all.get(r.nextInt(all.size()));
                m.delete(p);
                return "delete " + p;
            }
            case 3 -> {
                List<String> all = new ArrayList<>(groups);
                all.addAll(datasets);
                all.remove("/");
                if (all.isEmpty()) return null;
                String from = all.get(r.nextInt(all.size()));
                List<String> targets = new ArrayList<>(groups);
                targets.removeIf(g -> g.equals(from) || g.startsWith(from + "/"));
                String to = child(targets.get(r.nextInt(targets.size())), name);
                m.move(from, to);
                return "move " + from + " " + to;
            }
            case 4, 5 -> {
                List<String> all = new ArrayList<>(groups);
                all.addAll(datasets);
                String p = all.get(r.nextInt(all.size()));
                JsonNode attrs = model.get(p).get("attrs");
                String a = attrs.size() > 0 && r.nextInt(3) == 0 ? attrs.fieldNames().next() : "a" + r.nextInt(12);
                Object value = switch (r.nextInt(4)) {
                    case 0 -> "text " + r.nextInt(100);
                    case 1 -> (long) r.nextInt(1000);
                    case 2 -> r.nextInt(1000) / 4.0;
                    default -> values("<f8", new long[] {1 + r.nextInt(4)}, r);
                };
                m.setAttribute(p, a, value);
                return "setAttribute " + p + " " + a;
            }
            case 6 -> {
                List<String> all = new ArrayList<>(groups);
                all.addAll(datasets);
                String p = all.get(r.nextInt(all.size()));
                JsonNode attrs = model.get(p).get("attrs");
                if (attrs.size() == 0) return null;
                String a = attrs.fieldNames().next();
                m.removeAttribute(p, a);
                return "removeAttribute " + p + " " + a;
            }
            case 7, 8 -> {
                if (datasets.isEmpty()) return null;
                String d = datasets.get(r.nextInt(datasets.size()));
                JsonNode e = model.get(d);
                long[] shape = longs(e.get("shape"));
                if (shape.length == 0) return null;
                StringBuilder index = new StringBuilder();
                long[] sel = new long[shape.length];
                for (int i = 0; i < shape.length; i++) {
                    if (shape[i] == 0) return null;
                    long start = r.nextInt((int) shape[i]);
                    long stop = start + 1 + r.nextInt((int) (shape[i] - start));
                    if (i > 0) index.append(", ");
                    index.append(start).append(':').append(stop);
                    sel[i] = stop - start;
                }
                m.write(d, index.toString(), values(e.get("dtype").asText(), sel, r));
                return "write " + d + "[" + index + "]";
            }
            default -> {
                List<String> growable = new ArrayList<>();
                for (String d : datasets) {
                    JsonNode max = model.get(d).get("maxshape");
                    if (max != null && max.size() > 0 && max.get(0).isNull()) growable.add(d);
                }
                if (growable.isEmpty()) return null;
                String d = growable.get(r.nextInt(growable.size()));
                JsonNode e = model.get(d);
                long[] shape = longs(e.get("shape"));
                if (r.nextBoolean()) {
                    long[] frames = shape.clone();
                    frames[0] = 1 + r.nextInt(3);
                    m.append(d, values(e.get("dtype").asText(), frames, r));
                    return "append " + d;
                }
                long[] next = shape.clone();
                next[0] = r.nextInt((int) shape[0] + 4);
                m.resize(d, next);
                return "resize " + d + " " + Shape.of(next);
            }
        }
    }
}
