package org.h5vds.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes, through {@link FilterPipeline}, every chunk that libhdf5 1.10 and the Debian filter
 * plugins stored for datasets written by h5py with each filter (dump_chunks.py), and compares the
 * result with the chunk's values as numpy reads them back through those same plugins.
 *
 * <p>Debian ships no zstd plugin and a bitshuffle without zstd, so those come from a committed
 * fixture that the HDF Group plugins wrote through h5wasm (fixtures/make_plugin_fixtures.mjs).
 */
class FilterOracleDecodeTest {
    @TempDir
    static Path dir;
    static JsonNode manifest;
    static JsonNode fixtureManifest;

    static String resource(String name) {
        try (InputStream in = FilterOracleDecodeTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing test resource " + name, e);
        }
    }

    @BeforeAll
    static void dump() throws IOException {
        Python.run(resource("dump_chunks.py"), dir);
        manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        Path fixture = dir.resolve("plugin_fixtures.h5");
        try (InputStream in = FilterOracleDecodeTest.class.getResourceAsStream("fixtures/plugin_fixtures.h5")) {
            Files.copy(in, fixture);
        }
        Python.run(resource("dump_fixture_chunks.py"), fixture, dir.resolve("fixture"));
        fixtureManifest = new ObjectMapper().readTree(dir.resolve("fixture/manifest.json").toFile());
    }

    static List<FilterSpec> specs(JsonNode filters) {
        List<FilterSpec> specs = new ArrayList<>();
        for (JsonNode f : filters) {
            int[] cd = new int[f.get(2).size()];
            for (int i = 0; i < cd.length; i++) cd[i] = (int) f.get(2).get(i).asLong();
            specs.add(new FilterSpec(f.get(0).asInt(), f.get(1).asInt(), f.get(3).asText(), cd));
        }
        return specs;
    }

    static long[] chunkDims(JsonNode chunks) {
        long[] dims = new long[chunks.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = chunks.get(i).asLong();
        return dims;
    }

    @TestFactory
    Stream<DynamicTest> everyStoredChunkDecodesToNumpysValues() {
        return decodeAll(manifest);
    }

    @TestFactory
    Stream<DynamicTest> zstdAndBitshuffleZstdChunksOfTheHdfGroupPluginsDecode() {
        assertThat(fixtureManifest.get("datasets").size()).isEqualTo(8);
        return decodeAll(fixtureManifest);
    }

    static Stream<DynamicTest> decodeAll(JsonNode manifest) {
        List<DynamicTest> tests = new ArrayList<>();
        String file = manifest.get("file").asText();
        for (JsonNode ds : manifest.get("datasets")) {
            tests.add(DynamicTest.dynamicTest(ds.get("name").asText(), () -> {
                FilterPipeline pipeline = FilterPipeline.create(specs(ds.get("filters")), ds.get("itemsize").asInt(),
                        chunkDims(ds.get("chunks")));
                assertThat(ds.get("chunk_list").size()).isPositive();
                for (JsonNode c : ds.get("chunk_list")) {
                    byte[] stored = Files.readAllBytes(Path.of(c.get("stored").asText()));
                    byte[] expected = Files.readAllBytes(Path.of(c.get("expected").asText()));
                    ByteBuffer decoded = pipeline.decode(ByteBuffer.wrap(stored), c.get("mask").asInt(), expected.length,
                            file, c.get("address").asLong());
                    byte[] got = new byte[decoded.remaining()];
                    decoded.get(got);
                    if (!Arrays.equals(got, expected)) {
                        int at = Arrays.mismatch(got, expected);
                        throw new AssertionError(ds.get("name").asText() + " chunk at " + c.get("address") + " (mask "
                                + c.get("mask") + "): first difference at byte " + at + " of " + expected.length);
                    }
                }
            }));
        }
        return tests.stream();
    }
}
