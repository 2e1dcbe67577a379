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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.filter.codec.BitshuffleFilter;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encodes chunks with {@link FilterPipeline}, has h5py write them with {@code write_direct_chunk}
 * into datasets created with the same filters, and reads them back through libhdf5 and the Debian
 * plugins: the values must be the data we encoded. Also checks that our client data are what the
 * filters' "set local" callbacks stored.
 */
class FilterOracleEncodeTest {
    @TempDir
    Path dir;

    record Case(String name, String dtype, long[] shape, long[] chunks, String opts, List<FilterSpec> requested,
                boolean noise) {
        int itemSize() {
            return Integer.parseInt(dtype.substring(2));
        }
    }

    static final List<Case> CASES = new ArrayList<>();

    static void add(String name, String dtype, long[] shape, long[] chunks, String opts, boolean noise, FilterSpec... filters) {
        CASES.add(new Case(name, dtype, shape, chunks, opts, List.of(filters), noise));
    }

    static {
        long[] s2 = {37, 23};
        long[] c2 = {8, 10};
        for (String dt : new String[] {"<u1", "<u2", "<u4", "<u8"}) {
            String t = dt.substring(1);
            add("gzip_" + t, dt, s2, c2, "dict(compression='gzip', compression_opts=4)", false, FilterSpec.optional(1, 4));
            add("shuffle_" + t, dt, s2, c2, "dict(shuffle=True)", false, FilterSpec.optional(2));
            add("fletcher32_" + t, dt, s2, c2, "dict(fletcher32=True)", false, FilterSpec.mandatory(3));
            add("shuf_gzip_f32_" + t, dt, s2, c2, "dict(shuffle=True, compression='gzip', fletcher32=True)", false,
                    FilterSpec.optional(2), FilterSpec.optional(1, 4), FilterSpec.mandatory(3));
            add("lzf_" + t, dt, s2, c2, "dict(compression='lzf')", false, FilterSpec.optional(32000));
            add("lz4_" + t, dt, s2, c2, "hdf5plugin.LZ4()", false, FilterSpec.optional(32004));
            add("bzip2_" + t, dt, s2, c2, "hdf5plugin.BZip2()", false, FilterSpec.optional(307));
            add("bs_none_" + t, dt, new long[] {11000}, new long[] {5003}, "hdf5plugin.Bitshuffle(cname='none')", false,
                    FilterSpec.optional(32008, 0, 0));
            add("bs_lz4_" + t, dt, new long[] {11000}, new long[] {5003}, "hdf5plugin.Bitshuffle(cname='lz4')", false,
                    FilterSpec.optional(32008, 0, 2));
            add("bs_lz4_64_" + t, dt, new long[] {3000}, new long[] {1001}, "hdf5plugin.Bitshuffle(nelems=64, cname='lz4')", false,
                    FilterSpec.optional(32008, 64, 2));
            add("bs_lz4_2d_" + t, dt, s2, new long[] {7, 5}, "hdf5plugin.Bitshuffle(cname='lz4')", false,
                    FilterSpec.optional(32008, 0, 2));
        }
        add("gzip1", "<u4", new long[] {5000}, new long[] {1000}, "dict(compression='gzip', compression_opts=1)", false, FilterSpec.optional(1, 1));
        add("gzip9", "<u4", new long[] {5000}, new long[] {1000}, "dict(compression='gzip', compression_opts=9)", false, FilterSpec.optional(1, 9));
        add("gzip0", "<u2", new long[] {5000}, new long[] {1000}, "dict(compression='gzip', compression_opts=0)", true, FilterSpec.optional(1, 0));
        add("lzf_noise", "<u2", new long[] {3000}, new long[] {1000}, "dict(compression='lzf')", true, FilterSpec.optional(32000));
        add("lzf_tiny", "<u1", new long[] {10}, new long[] {10}, "dict(compression='lzf')", false, FilterSpec.optional(32000));
        add("lz4_blocks", "<u4", new long[] {6000}, new long[] {6000}, "hdf5plugin.LZ4(nbytes=1024)", false, FilterSpec.optional(32004, 1024));
        add("lz4_noise", "<u4", new long[] {6000}, new long[] {6000}, "hdf5plugin.LZ4(nbytes=4000)", true, FilterSpec.optional(32004, 4000));
        add("bzip2_block1", "<u2", new long[] {4000}, new long[] {4000}, "hdf5plugin.BZip2(blocksize=1)", false, FilterSpec.optional(307, 1));
        add("bs_noise", "<u2", new long[] {5000}, new long[] {5000}, "hdf5plugin.Bitshuffle(cname='lz4')", true, FilterSpec.optional(32008, 0, 2));
        String[] cnames = {"lz4", "lz4hc", "snappy", "zlib", "zstd"};
        int[] codes = {1, 2, 3, 4, 5};
        for (int k = 0; k < cnames.length; k++) {
            for (int shuf = 0; shuf <= 2; shuf++) {
                String opts = "hdf5plugin.Blosc(cname='" + cnames[k] + "', clevel=5, shuffle=" + shuf + ")";
                add("blosc_" + cnames[k] + "_" + shuf + "_big", "<u4", new long[] {700000}, new long[] {300001}, opts, false,
                        FilterSpec.optional(32001, 0, 0, 0, 0, 5, shuf, codes[k]));
                add("blosc_" + cnames[k] + "_" + shuf + "_2d", "<u2", s2, c2, opts, false,
                        FilterSpec.optional(32001, 0, 0, 0, 0, 5, shuf, codes[k]));
                add("blosc_" + cnames[k] + "_" + shuf + "_u8", "<u8", new long[] {3001}, new long[] {1003}, opts, false,
                        FilterSpec.optional(32001, 0, 0, 0, 0, 5, shuf, codes[k]));
            }
        }
        add("blosc_noise", "<u4", new long[] {5000}, new long[] {5000}, "hdf5plugin.Blosc(cname='lz4')", true,
                FilterSpec.optional(32001, 0, 0, 0, 0, 5, 1, 1));
        add("blosc_tiny", "<u4", new long[] {30}, new long[] {30}, "hdf5plugin.Blosc(cname='lz4')", false,
                FilterSpec.optional(32001, 0, 0, 0, 0, 5, 1, 1));
    }

    @Test
    void chunksWeEncodeReadBackThroughLibhdf5AndThePlugins() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        ArrayNode datasets = manifest.putArray("datasets");
        Map<String, List<FilterSpec>> ours = new HashMap<>();
        int maskedChunks = 0;
        for (int n = 0; n < CASES.size(); n++) {
            Case c = CASES.get(n);
            int elements = 1;
            for (long s : c.shape) elements *= (int) s;
            byte[] data = c.noise ? ChunkData.noise(elements, c.itemSize(), n) : ChunkData.smooth(elements, c.itemSize(), n);
            Path raw = dir.resolve(c.name + ".raw");
            Files.write(raw, data);
            List<FilterSpec> specs = FilterPipeline.forWriting(c.requested, c.itemSize(), c.chunks, FilterRegistry.standard());
            ours.put(c.name, specs);
            FilterPipeline pipeline = FilterPipeline.create(specs, c.itemSize(), c.chunks);
            ObjectNode ds = datasets.addObject();
            ds.put("name", c.name).put("dtype", c.dtype).put("opts", c.opts).put("raw", raw.toString());
            ArrayNode shape = ds.putArray("shape");
            for (long s : c.shape) shape.add(s);
            ArrayNode chunks = ds.putArray("chunks");
            for (long s : c.chunks) chunks.add(s);
            ArrayNode list = ds.putArray("chunk_list");
            long[] origin = new long[c.shape.length];
            int k = 0;
            while (true) {
                byte[] chunk = ChunkData.chunk(data, c.shape, c.chunks, origin, c.itemSize());
                FilterPipeline.Encoded e = pipeline.encode(ByteBuffer.wrap(chunk));
                if (e.filterMask() != 0) maskedChunks++;
                // Our own decoder must invert our encoder too.
                ByteBuffer back = pipeline.decode(e.bytes().duplicate(), e.filterMask(), chunk.length, "ours", k);
                byte[] backBytes = new byte[back.remaining()];
                back.get(backBytes);
                assertThat(backBytes).as(c.name).isEqualTo(chunk);
                Path file = dir.resolve(c.name + "." + k++);
                byte[] stored = new byte[e.bytes().remaining()];
                e.bytes().duplicate().get(stored);
                Files.write(file, stored);
                ObjectNode ch = list.addObject().put("file", file.toString()).put("mask", e.filterMask());
                ArrayNode off = ch.putArray("offset");
                for (long o : origin) off.add(o);
                int d = origin.length - 1;
                while (d >= 0 && (origin[d] += c.chunks[d]) >= c.shape[d]) origin[d--] = 0;
                if (d < 0) break;
            }
        }
        Path manifestFile = dir.resolve("manifest.json");
        json.writeValue(manifestFile.toFile(), manifest);
        String out = Python.run(FilterOracleDecodeTest.resource("write_chunks.py"), manifestFile, dir.resolve("ours.h5"));
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode r = json.readTree(line);
            String name = r.get("name").asText();
            checked++;
            if (!r.get("ok").asBoolean()) failures.add(name + ": " + r.get("detail").asText());
            List<FilterSpec> specs = ours.get(name);
            for (int i = 0; i < specs.size(); i++) {
                int[] theirs = json.convertValue(r.get("client_data").get(i), int[].class);
                int[] mine = specs.get(i).clientData();
                // The two version slots of bitshuffle name the plugin's version, not the format.
                int from = specs.get(i).id() == BitshuffleFilter.ID ? 2 : 0;
                if (!Arrays.equals(Arrays.copyOfRange(mine, from, mine.length), Arrays.copyOfRange(theirs, from, theirs.length))) {
                    failures.add(name + ": client data of filter " + specs.get(i).id() + " is " + Arrays.toString(mine)
                            + ", the plugin stores " + Arrays.toString(theirs));
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isEqualTo(CASES.size());
        // Incompressible data must have made optional filters step aside for some chunks.
        assertThat(maskedChunks).isPositive();
    }
}
