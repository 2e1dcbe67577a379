package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets written with zstd (32015) and bitshuffle+zstd: Debian has no plugin that reads them, so
 * h5wasm (libhdf5 2.0) with the HDF Group's plugins (h5wasm-plugins, installed by test.sh)
 * compares each with an unfiltered twin {@code NAME_raw} of the same values.
 */
class ZstdWrittenTest {
    @TempDir
    Path dir;

    @Test
    void hdfGroupPluginsReadOurZstdDatasets() throws Exception {
        Path file = dir.resolve("zstd.h5");
        List<String> names = new ArrayList<>();
        try (H5File f = H5File.create(file)) {
            int seed = 0;
            for (DType t : List.of(DType.UINT8, DType.INT16.bigEndian(), DType.FLOAT32, DType.UINT64, DType.FLOAT64.bigEndian())) {
                long[] shape = {37, 23};
                NdArray v = TestValues.of(t, shape, seed++);
                String base = "t" + t.numpy().substring(1) + (t.order() == java.nio.ByteOrder.BIG_ENDIAN ? "be" : "");
                write(f, base + "_zstd", v, DatasetOptions.chunked(8, 10).zstd(), names);
                write(f, base + "_zstd9_shuffle_fletcher", v, DatasetOptions.chunked(37, 23).zstd(9).shuffle().fletcher32(), names);
                write(f, base + "_bitshuffle_zstd", v, DatasetOptions.chunked(16, 23).filter(DatasetOptions.BITSHUFFLE, 0, 3), names);
                Dataset d = f.createDataset(base + "_zstd_append", t, Shape.of(0, 23),
                        DatasetOptions.chunked(5, 23).maxShape(Shape.UNLIMITED, 23).zstd().fillValue(1));
                for (int r = 0; r < 37; r++) d.append(TestValues.of(t, new long[] {23}, r));
                ExpectedArray m = new ExpectedArray(t, new long[] {37, 23}, null);
                for (int r = 0; r < 37; r++) m.setBox(new long[] {r, 0}, new long[] {1, 23}, TestValues.of(t, new long[] {1, 23}, r));
                f.createDataset(base + "_zstd_append_raw", m.toArray());
                names.add(base + "_zstd_append");
            }
        }
        Path oracles = Project.oracles();
        assertThat(oracles.resolve("node_modules/h5wasm-plugins")).as("h5wasm-plugins: run ./test.sh, which installs it").isDirectory();
        Path script = Files.createTempFile(oracles, "h5vds-read-with-wasm-plugins", ".mjs");
        try {
            Files.writeString(script, WrittenFiles.resource("/org/h5vds/filter/read_with_wasm_plugins.mjs"));
            Python.Processes.Result r = Python.Processes.runAllowingFailure(List.of("/usr/bin/node", script.toString(), file.toString()), 300);
            assertThat(r.exit()).as(r.err()).isZero();
            ObjectMapper json = new ObjectMapper();
            List<String> failures = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (String line : r.out().split("\n")) {
                if (!line.startsWith("{")) continue;
                JsonNode n = json.readTree(line);
                seen.add(n.get("name").asText());
                if (!n.get("ok").asBoolean()) failures.add(n.get("name").asText() + ": " + n.get("detail").asText());
            }
            assertThat(failures).isEmpty();
            assertThat(seen).containsExactlyInAnyOrderElementsOf(names);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static void write(H5File f, String name, NdArray v, DatasetOptions o, List<String> names) {
        f.createDataset(name, v, o);
        f.createDataset(name + "_raw", v);
        names.add(name);
    }
}
