package org.h5vds.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;

/**
 * Runs h5wasm as an oracle: libhdf5 2.0.0 compiled to WebAssembly, in {@code node}, through the
 * committed script {@code src/test/js/h5wasm_read.mjs}. The npm package h5wasm 0.10.3 is installed
 * by ./test.sh into {@code <project>/.oracles/node_modules/h5wasm}; that version bundles libhdf5
 * 2.0.0 (its build directory {@code libhdf5-wasm/dist/2.0.0} is compiled into
 * {@code dist/node/hdf5_util.js}, which {@link #bundledLibraryVersion()} reads). h5wasm carries no
 * filter plugins: it reads deflate, shuffle, fletcher32 and scale-offset, not lz4/blosc/zstd.
 *
 * <p>h5wasm hands numbers over little-endian, so {@link #read} returns a little-endian array of the
 * dataset's type; compare with {@code expected.withOrder(ByteOrder.LITTLE_ENDIAN)}. Missing node or
 * h5wasm fails the test (never skips), pointing at ./test.sh.
 */
public final class H5Wasm {
    public static final String VERSION = "0.10.3";

    private H5Wasm() {
    }

    /** The h5wasm package directory; fails with install instructions when it is absent. */
    public static Path moduleDir() {
        Path dir = Project.oracles().resolve("node_modules/h5wasm");
        if (!Files.isRegularFile(dir.resolve("dist/node/hdf5_hl.js"))) {
            throw new AssertionError("h5wasm is not installed at " + dir + "; run ./test.sh, which installs h5wasm@" + VERSION
                    + " with npm into .oracles");
        }
        return dir;
    }

    /** The node executable; fails with install instructions when absent. */
    public static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
            Path p = Path.of(dir, "node");
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new AssertionError("node is not on the PATH; install Node.js (Debian: apt-get install nodejs npm) and run ./test.sh");
    }

    /** The installed package's version from its package.json. */
    public static String installedVersion() {
        try {
            return new ObjectMapper().readTree(moduleDir().resolve("package.json").toFile()).get("version").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The libhdf5 version compiled into the installed h5wasm, from its build path, e.g. "2.0.0". */
    public static String bundledLibraryVersion() {
        try {
            byte[] js = Files.readAllBytes(moduleDir().resolve("dist/node/hdf5_util.js"));
            String text = new String(js, StandardCharsets.ISO_8859_1);
            var m = java.util.regex.Pattern.compile("libhdf5-wasm/dist/(\\d+\\.\\d+\\.\\d+)/").matcher(text);
            if (!m.find()) throw new AssertionError("cannot find the bundled libhdf5 version in h5wasm's hdf5_util.js");
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values of {@code dataset} as h5wasm reads them (little-endian); fails if h5wasm cannot read them. */
    public static NdArray read(Path file, String dataset) {
        Path out = tempFile(".npy");
        try {
            run(file, dataset, out, false);
            return Npy.read(out);
        } finally {
            delete(out);
        }
    }

    /**
     * h5wasm's description of {@code dataset}: {dtype, shape, maxshape, chunks, filters, attrs,
     * virtual_sources}.
     */
    public static JsonNode describe(Path file, String dataset) {
        Path out = tempFile(".json");
        try {
            run(file, dataset, out, true);
            return new ObjectMapper().readTree(out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(out);
        }
    }

    /** {@link #describe} of many datasets of one file in one node process; fails if h5wasm cannot describe one. */
    public static java.util.Map<String, JsonNode> describeAll(Path file, List<String> datasets) {
        return inTempDir(dir -> {
            var list = JSON.createArrayNode();
            for (int i = 0; i < datasets.size(); i++) {
                list.addObject().put("file", file.toAbsolutePath().toString()).put("dataset", datasets.get(i))
                        .put("out", dir.resolve(i + ".json").toString()).put("json", true);
            }
            JsonNode outcome = batch(dir, list);
            java.util.Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
            for (int i = 0; i < datasets.size(); i++) {
                if (!outcome.get(i).get("ok").asBoolean()) {
                    throw new AssertionError("h5wasm could not describe " + datasets.get(i) + " in " + file + ": " + outcome.get(i).get("error").asText());
                }
                out.put(datasets.get(i), JSON.readTree(dir.resolve(i + ".json").toFile()));
            }
            return out;
        });
    }

    /**
     * Reads many datasets in one node process (h5wasm starts slowly); each result holds the values
     * (little-endian) or h5wasm's error.
     */
    public static List<OracleRead> readAll(List<OracleRead> requests) {
        return inTempDir(dir -> {
            var list = JSON.createArrayNode();
            for (int i = 0; i < requests.size(); i++) {
                list.addObject().put("file", requests.get(i).file().toAbsolutePath().toString())
                        .put("dataset", requests.get(i).dataset()).put("out", dir.resolve(i + ".npy").toString());
            }
            JsonNode outcome = batch(dir, list);
            List<OracleRead> out = new java.util.ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                JsonNode o = outcome.get(i);
                out.add(o.get("ok").asBoolean() ? requests.get(i).succeeded(Npy.read(dir.resolve(i + ".npy")))
                        : requests.get(i).failed(o.get("error").asText()));
            }
            return out;
        });
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the script's batch form on {@code list} (written into {@code dir}); returns its per-entry outcome. */
    private static JsonNode batch(Path dir, com.fasterxml.jackson.databind.node.ArrayNode list) throws IOException {
        Path listFile = dir.resolve("list.json");
        JSON.writeValue(listFile.toFile(), list);
        Python.Processes.Result r = runScript("h5wasm_read.mjs", List.of("--batch", listFile.toString()));
        Path results = dir.resolve("list.json.results");
        if (r.exit() != 0 || !Files.exists(results)) {
            throw new AssertionError("h5wasm batch failed (exit " + r.exit() + ")\n" + r.err());
        }
        return JSON.readTree(results.toFile());
    }

    private interface InDir<T> {
        T apply(Path dir) throws IOException;
    }

    /** Runs {@code work} in a new temporary directory, deleted (with its files) afterwards. */
    private static <T> T inTempDir(InDir<T> work) {
        Path dir;
        try {
            dir = Files.createTempDirectory("h5vds-h5wasm");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return work.apply(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(H5Wasm::delete);
            } catch (IOException ignored) {
                // leftovers in the temporary directory are harmless
            }
            delete(dir);
        }
    }

    /** Runs the script; returns its result without judging it (exit 2 = h5wasm could not read). */
    public static Python.Processes.Result runAllowingFailure(Path file, String dataset, Path out, boolean json) {
        List<String> args = new java.util.ArrayList<>(List.of(file.toAbsolutePath().toString(), dataset, out.toAbsolutePath().toString()));
        if (json) args.add("--json");
        return runScript("h5wasm_read.mjs", args);
    }

    /**
     * Every object's member and attribute names as h5wasm lists them (creation order where tracked):
     * the JSON printed by {@code src/test/js/h5wasm_listing.mjs}.
     */
    public static String listing(Path file) {
        Python.Processes.Result r = runScript("h5wasm_listing.mjs", List.of(file.toAbsolutePath().toString()));
        if (r.exit() != 0) throw new AssertionError("h5wasm could not list " + file + ": " + r.err());
        return r.out();
    }

    private static Python.Processes.Result runScript(String name, List<String> args) {
        Path script = Project.dir().resolve("src/test/js/" + name);
        List<String> cmd = new java.util.ArrayList<>(List.of(node(), script.toString()));
        cmd.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("H5WASM_MODULE", moduleDir().toString());
            Path stdout = tempFile(".out");
            Path stderr = tempFile(".err");
            try {
                Process p = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("h5wasm timed out: " + cmd);
                }
                return new Python.Processes.Result(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
            } finally {
                delete(stdout);
                delete(stderr);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running h5wasm", e);
        }
    }

    private static void run(Path file, String dataset, Path out, boolean json) {
        Python.Processes.Result r = runAllowingFailure(file, dataset, out, json);
        if (r.exit() != 0) {
            throw new AssertionError("h5wasm could not read " + dataset + " in " + file + " (exit " + r.exit() + ")\n" + r.err()
                    + r.out());
        }
    }

    static Path tempFile(String suffix) {
        try {
            return Files.createTempFile("h5vds-oracle", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless
        }
    }
}
