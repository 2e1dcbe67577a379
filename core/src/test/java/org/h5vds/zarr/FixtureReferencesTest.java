package org.h5vds.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.ZarrReferences;
import org.h5vds.api.H5Exception;
import org.h5vds.testing.Fixtures;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every plain numeric dataset of the fixture matrix (written by libhdf5 1.10.8 through h5py) as a
 * kerchunk reference set, opened by Debian's fsspec + zarr 2.13 + numcodecs 0.11 and compared with
 * h5py's read: chunked (every filter, every chunk index), contiguous and compact. Whether a dataset
 * can be referenced is predicted here from the manifest alone — filters numcodecs decodes
 * (deflate, shuffle, fletcher32 last, bzip2, blosc, zstd) and no chunk stored with a filter skipped
 * — and h5vds must agree: refusing exactly the others, with a message naming the filter, and then
 * referencing them through a side file of materialized chunks, which zarr reads equal too.
 */
class FixtureReferencesTest {
    private static final Set<Integer> NUMCODECS = Set.of(1, 2, 3, 307, 32001, 32015);

    @TempDir
    Path dir;

    static boolean expressible(Fixtures.DatasetCase c) {
        List<Integer> ids = c.filters().stream().map(Fixtures.Filter::id).toList();
        if (!NUMCODECS.containsAll(ids)) return false;
        if (ids.contains(3) && ids.indexOf(3) != ids.size() - 1) return false;
        return c.chunkFilterMasks() == null || c.chunkFilterMasks().stream().allMatch(m -> m == 0);
    }

    @Test
    void zarrReadsEveryFixtureAsH5pyDoes() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        int refused = 0;
        int k = 0;
        for (Fixtures.DatasetCase c : Fixtures.datasets().toList()) {
            if (c.layout().equals("virtual") || c.isNull() || c.expected() == null) continue;
            Path refs = dir.resolve("refs-" + k++ + ".json");
            try (H5File f = H5File.open(c.filePath())) {
                Dataset d = f.dataset(c.path());
                if (expressible(c)) {
                    ZarrReferences.of(d).write(refs);
                } else {
                    Throwable t = catchThrowable(() -> ZarrReferences.of(d).write(refs));
                    assertThat(t).as("%s must be refused", c).isInstanceOf(H5Exception.class);
                    assertThat(t.getMessage()).contains(c.path()).containsAnyOf("filter", "skipped");
                    refused++;
                    ZarrReferences.Summary s = ZarrReferences.of(d).materializeMisfits(dir.resolve("misfits-" + k)).write(refs);
                    assertThat(s.materialized()).isPositive();
                }
            }
            Map<String, Object> py = new LinkedHashMap<>();
            py.put("refs", refs.toString());
            py.put("key", c.path().substring(1));
            py.put("npy", Fixtures.dir().resolve(c.expected()).toString());
            cases.add(py);
        }
        assertThat(cases).hasSizeGreaterThan(150);
        assertThat(refused).as("lzf, lz4, bitshuffle, scale-offset and blosclz chunks stored raw").isGreaterThan(10);
        Path list = dir.resolve("cases.json");
        new ObjectMapper().writeValue(list.toFile(), cases);
        String out = Python.runScript(Project.dir().resolve("src/test/resources/org/h5vds/zarr/check_refs.py"), list);
        assertThat(out.lines().filter(l -> l.startsWith("ok "))).hasSize(cases.size());
    }
}
