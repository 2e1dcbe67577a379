package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.h5vds.testing.Fixtures;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;

/**
 * The chunk-location API against h5py's own ({@code DatasetID.get_num_chunks}, {@code get_chunk_info},
 * {@code get_chunk_info_by_coord}, {@code read_direct_chunk}, {@code get_offset}) on every plain
 * dataset of the fixture matrix, every chunk index included.
 */
class StoredChunksTest {
    private static final String DUMP = """
            import h5py, json, sys, hashlib
            out = []
            for spec in sys.argv[1:]:
                file, path = spec.split('::')
                d = h5py.File(file, 'r')[path]
                entry = {'file': file, 'path': path, 'userblock': d.file.userblock_size}
                if d.chunks is None:
                    entry['offset'] = d.id.get_offset()
                else:
                    n = d.id.get_num_chunks()
                    chunks = []
                    for i in range(n):
                        s = d.id.get_chunk_info(i)
                        if s.byte_offset is None:
                            continue  # libhdf5 1.10 lists a single-chunk index's chunk before it is written
                        try:
                            mask, data = d.id.read_direct_chunk(s.chunk_offset)
                            sha = hashlib.sha256(data).hexdigest()
                        except RuntimeError:
                            # libhdf5 1.10.8 reports swizzled offsets for an extensible array indexing a middle axis
                            sha = None
                        chunks.append({'offset': list(s.chunk_offset), 'mask': s.filter_mask, 'byte_offset': s.byte_offset,
                                       'size': s.size, 'sha': sha})
                    entry['chunks'] = chunks
                    entry['offsets_right'] = all(c['sha'] is not None for c in chunks)
                out.append(entry)
            print(json.dumps(out))
            """;

    @Test
    void chunkLocationsAreH5pys() throws Exception {
        List<Fixtures.DatasetCase> cases = Fixtures.datasets()
                .filter(c -> !c.layout().equals("virtual") && !c.isNull() && !c.layout().equals("compact")).toList();
        List<String> args = new ArrayList<>();
        for (Fixtures.DatasetCase c : cases) args.add(c.filePath() + "::" + c.path());
        JsonNode h5py = new ObjectMapper().readTree(Python.run(DUMP, args.toArray()));
        int chunksSeen = 0;
        for (JsonNode e : h5py) {
            // libhdf5 1.10.8 reports chunk addresses relative to the superblock (after a user block); ours are file offsets
            long base = e.get("userblock").asLong();
            try (H5File f = H5File.open(Path.of(e.get("file").asText()))) {
                Dataset d = f.dataset(e.get("path").asText());
                if (e.has("offset")) {
                    JsonNode o = e.get("offset");
                    assertThat(d.dataOffset().isPresent()).as("%s", d).isEqualTo(!o.isNull());
                    if (!o.isNull()) assertThat(d.dataOffset().getAsLong()).as("%s", d).isEqualTo(o.asLong());
                    assertThat(d.chunkCount()).isZero();
                    continue;
                }
                List<StoredChunk> ours = d.storedChunks();
                JsonNode theirs = e.get("chunks");
                assertThat(d.chunkCount()).as("%s", d).isEqualTo(theirs.size());
                assertThat(ours).hasSize(theirs.size());
                List<String> want = new ArrayList<>();
                if (!e.get("offsets_right").asBoolean()) {
                    // libhdf5's offsets are wrong here (its reads are not): compare where the chunks lie and their sizes
                    List<String> ranges = new ArrayList<>();
                    for (JsonNode c : theirs) ranges.add((base + c.get("byte_offset").asLong()) + "+" + c.get("size").asLong() + "/" + c.get("mask").asInt());
                    assertThat(ours.stream().map(c -> c.byteOffset() + "+" + c.size() + "/" + c.filterMask()).sorted().toList())
                            .isEqualTo(ranges.stream().sorted().toList());
                    continue;
                }
                for (JsonNode c : theirs) {
                    long[] offset = new long[c.get("offset").size()];
                    for (int i = 0; i < offset.length; i++) offset[i] = c.get("offset").get(i).asLong();
                    StoredChunk mine = d.storedChunk(offset).orElseThrow();
                    assertThat(mine).isEqualTo(new StoredChunk(offset, c.get("mask").asInt(), base + c.get("byte_offset").asLong(), c.get("size").asLong()));
                    byte[] raw = d.readStoredChunk(offset);
                    assertThat(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw)))
                            .isEqualTo(c.get("sha").asText());
                    want.add(mine.toString());
                    chunksSeen++;
                }
                assertThat(ours.stream().map(StoredChunk::toString).sorted().toList()).isEqualTo(want.stream().sorted().toList());
            }
        }
        assertThat(chunksSeen).isGreaterThan(200);
    }

    @Test
    void offsetsMustBeAChunksFirstElement() {
        Fixtures.DatasetCase c = Fixtures.datasets().filter(x -> x.layout().equals("chunked") && x.chunks() != null
                && x.chunks().get(0) > 1 && x.shape().get(0) > x.chunks().get(0)).findFirst().orElseThrow();
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(c.path());
            long[] off = new long[c.shape().size()];
            off[0] = 1;
            assertThat(catchThrowable(() -> d.storedChunk(off))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not the first element of a chunk").hasMessageContaining("axis 0");
            Fixtures.DatasetCase contiguous = Fixtures.datasets().filter(x -> x.layout().equals("contiguous")).findFirst().orElseThrow();
            try (H5File g = H5File.open(contiguous.filePath())) {
                assertThat(catchThrowable(() -> g.dataset(contiguous.path()).storedChunk(0, 0))).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("not chunked");
            }
        }
    }
}
