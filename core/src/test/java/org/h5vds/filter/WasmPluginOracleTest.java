package org.h5vds.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our zstd (32015) and bitshuffle+zstd chunks, read by the HDF Group's plugins: Debian has none
 * that reads them, so libhdf5 2.0 in h5wasm with h5wasm-plugins (installed in .oracles by
 * test.sh) is the reader. h5py only stores the chunks, with no plugin loaded.
 */
class WasmPluginOracleTest {
    @TempDir
    Path dir;

    record Case(String name, int itemSize, long n, long chunk, FilterSpec filter) {
    }

    static final List<Case> CASES = List.of(
            new Case("zstd_u4", 4, 5000, 1003, FilterSpec.optional(32015, 3)),
            new Case("zstd_u1_noise", 1, 3000, 3000, FilterSpec.optional(32015, 9)),
            new Case("zstd_u8", 8, 2001, 500, FilterSpec.optional(32015)),
            new Case("bs_zstd_u2", 2, 11000, 5003, FilterSpec.optional(32008, 0, 3)),
            new Case("bs_zstd_u4_64", 4, 3000, 1001, FilterSpec.optional(32008, 64, 3, 1)),
            new Case("bs_zstd_u1", 1, 4000, 1003, FilterSpec.optional(32008, 0, 3)),
            new Case("bs_zstd_u8", 8, 3000, 1001, FilterSpec.optional(32008, 0, 3, 3)),
            new Case("bs_lz4_u2", 2, 3000, 1001, FilterSpec.optional(32008, 0, 2)));

    static Path oracles() {
        Path dir = org.h5vds.testing.Project.oracles();
        if (!Files.isDirectory(dir.resolve("node_modules/h5wasm-plugins"))) {
            throw new AssertionError("h5wasm-plugins is missing from " + dir + "; run ./test.sh, which installs it");
        }
        return dir;
    }

    @Test
    void hdfGroupPluginsReadOurZstdAndBitshuffleZstdChunks() throws IOException {
        Path oracles = oracles();
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        ArrayNode datasets = manifest.putArray("datasets");
        for (int k = 0; k < CASES.size(); k++) {
            Case c = CASES.get(k);
            long[] dims = {c.chunk};
            byte[] data = c.name.contains("noise") ? ChunkData.noise((int) c.n, c.itemSize, k) : ChunkData.smooth((int) c.n, c.itemSize, k);
            Path raw = dir.resolve(c.name + ".raw");
            Files.write(raw, data);
            List<FilterSpec> specs = FilterPipeline.forWriting(List.of(c.filter), c.itemSize, dims, FilterRegistry.standard());
            FilterPipeline p = FilterPipeline.create(specs, c.itemSize, dims);
            ObjectNode ds = datasets.addObject().put("name", c.name).put("itemsize", c.itemSize).put("raw", raw.toString());
            ds.putArray("shape").add(c.n);
            ds.putArray("chunks").add(c.chunk);
            ArrayNode filters = ds.putArray("filters");
            for (FilterSpec s : specs) {
                ArrayNode f = filters.addArray().add(s.id()).add(s.flags());
                ArrayNode cd = f.addArray();
                for (int v : s.clientData()) cd.add(v);
            }
            ArrayNode list = ds.putArray("chunk_list");
            for (long o = 0; o < c.n; o += c.chunk) {
                byte[] chunk = ChunkData.chunk(data, new long[] {c.n}, dims, new long[] {o}, c.itemSize);
                FilterPipeline.Encoded e = p.encode(ByteBuffer.wrap(chunk));
                byte[] stored = new byte[e.bytes().remaining()];
                e.bytes().get(stored);
                Path file = dir.resolve(c.name + "." + o);
                Files.write(file, stored);
                ObjectNode ch = list.addObject().put("file", file.toString()).put("mask", e.filterMask());
                ch.putArray("offset").add(o);
            }
        }
        Path manifestFile = dir.resolve("manifest.json");
        json.writeValue(manifestFile.toFile(), manifest);
        Path h5 = dir.resolve("ours.h5");
        Python.run(FilterOracleDecodeTest.resource("write_unregistered.py"), manifestFile, h5);

        Path script = Files.createTempFile(oracles, "h5vds-read-with-wasm-plugins", ".mjs");
        try {
            Files.writeString(script, FilterOracleDecodeTest.resource("read_with_wasm_plugins.mjs"));
            Python.Processes.Result r = Python.Processes.runAllowingFailure(List.of("/usr/bin/node", script.toString(), h5.toString()), 300);
            assertThat(r.exit()).as(r.err()).isZero();
            List<String> failures = new ArrayList<>();
            int checked = 0;
            for (String line : r.out().split("\n")) {
                if (!line.startsWith("{")) continue;
                JsonNode n = json.readTree(line);
                checked++;
                if (!n.get("ok").asBoolean()) failures.add(n.get("name").asText() + ": " + n.get("detail").asText());
            }
            assertThat(failures).isEmpty();
            assertThat(checked).isEqualTo(CASES.size());
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
