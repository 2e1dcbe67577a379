package org.h5vds.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;
import org.h5vds.api.ZarrReferences;
import org.h5vds.examples.Example;
import org.h5vds.examples.Examples;
import org.h5vds.api.H5Exception;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual datasets as kerchunk references, read by Debian's fsspec + zarr 2.13 (and xarray) and
 * compared with h5py's read of the virtual dataset: layouts whose mappings place whole source
 * chunks on a grid (Eiger-style frames, concatenation along another axis, detector modules with
 * chunk-sized gaps, contiguous sources, missing sources, never-written source chunks), the seed
 * examples that fit, the refusal of those that do not (naming the mapping and why), and the same
 * through a side file of materialized misfits.
 */
class VirtualReferencesTest {
    @TempDir
    Path dir;

    private final List<Map<String, Object>> cases = new ArrayList<>();

    private void expectZarrReads(Path refs, Path h5, String dataset) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("refs", refs.toString());
        c.put("key", dataset.replaceAll("^/", ""));
        c.put("h5file", h5.toString());
        c.put("dataset", dataset);
        cases.add(c);
    }

    private void runPython() throws Exception {
        Path list = dir.resolve("cases.json");
        new ObjectMapper().writeValue(list.toFile(), cases);
        String out = Python.runScript(Project.dir().resolve("src/test/resources/org/h5vds/zarr/check_refs.py"), list);
        assertThat(out.lines().filter(l -> l.startsWith("ok "))).hasSize(cases.size());
    }

    /** Frames {@code [first, first + n)} of 24 x 32 int32, value 1000 * frame + row. */
    private static NdArray frames(int first, int n) {
        int[] v = new int[n * 24 * 32];
        for (int f = 0; f < n; f++) for (int r = 0; r < 24; r++) for (int c = 0; c < 32; c++) v[(f * 24 + r) * 32 + c] = 1000 * (first + f) + r + c;
        return NdArray.of(v, n, 24, 32);
    }

    /** Eiger-style: 5 files of 7 frames, one frame per chunk, deflate + shuffle, stacked along axis 0; file 3 missing, file 1's last frame never written. */
    @Test
    void eigerStyleFramesAreReferencedChunkByChunk() throws Exception {
        VirtualLayout layout = new VirtualLayout(Shape.of(35, 24, 32), DType.INT32);
        for (int i = 0; i < 5; i++) {
            Path src = dir.resolve("eiger_" + i + ".h5");
            if (i != 3) {
                try (H5File f = H5File.create(src)) {
                    Dataset d = f.createDataset("entry/data", DType.INT32, Shape.of(7, 24, 32),
                            DatasetOptions.chunked(1, 24, 32).deflate(4).shuffle().fillValue(-1));
                    int n = i == 1 ? 6 : 7;
                    d.write("0:" + n, frames(7 * i, n));
                }
            }
            layout.set((7 * i) + ":" + (7 * i + 7), new VirtualSource(src.getFileName().toString(), "entry/data", Shape.of(7, 24, 32)));
        }
        Path vds = dir.resolve("eiger_vds.h5");
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset("entry/data/data", layout, -1);
        }
        Path refs = dir.resolve("eiger.json");
        try (H5File f = H5File.open(vds)) {
            ZarrReferences.Summary s = ZarrReferences.of(f.dataset("entry/data/data")).write(refs);
            assertThat(s.chunks()).isEqualTo(Shape.of(1, 24, 32));
            assertThat(s.referenced()).isEqualTo(35 - 7 - 1);
            assertThat(s.codecs()).isEqualTo("shuffle + zlib");
        }
        JsonNode json = new ObjectMapper().readTree(refs.toFile());
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("refs").get("entry/data/data/7.0.0").get(0).asText()).endsWith("eiger_1.h5");
        assertThat(json.get("refs").has("entry/data/data/13.0.0")).as("a source chunk never written reads as fill").isFalse();
        assertThat(json.get("refs").has("entry/data/data/21.0.0")).as("a missing source reads as fill").isFalse();
        expectZarrReads(refs, vds, "/entry/data/data");

        // URLs rewritten for where the files are uploaded
        Path s3 = dir.resolve("eiger-s3.json");
        try (H5File f = H5File.open(vds)) {
            ZarrReferences.of(f.dataset("entry/data/data")).urlPrefix("s3://bucket/run42").write(s3);
        }
        assertThat(new ObjectMapper().readTree(s3.toFile()).get("refs").get("entry/data/data/0.0.0").get(0).asText())
                .isEqualTo("s3://bucket/run42/eiger_0.h5");
        // and a local prefix, which fsspec reads
        Path local = dir.resolve("eiger-local.json");
        try (H5File f = H5File.open(vds)) {
            ZarrReferences.of(f.dataset("entry/data/data")).urlPrefix(dir.toUri().toString()).write(local);
        }
        expectZarrReads(local, vds, "/entry/data/data");
        runPython();
    }

    /** Concatenation along axis 1 of sources chunked (4, 5, 16), and detector modules with a gap of one chunk between them. */
    @Test
    void concatenationsAndModulesWithChunkSizedGapsFit() throws Exception {
        VirtualLayout concat = new VirtualLayout(Shape.of(4, 30, 16), DType.UINT16);
        VirtualLayout modules = new VirtualLayout(Shape.of(3, 40, 64), DType.FLOAT32);
        for (int i = 0; i < 3; i++) {
            Path a = dir.resolve("part_" + i + ".h5");
            Path m = dir.resolve("module_" + i + ".h5");
            short[] v = new short[4 * 10 * 16];
            for (int k = 0; k < v.length; k++) v[k] = (short) (k * 7 + i * 1000);
            float[] w = new float[3 * 8 * 64];
            for (int k = 0; k < w.length; k++) w[k] = k * 0.5f + i;
            try (H5File f = H5File.create(a)) {
                f.createDataset("data", NdArray.ofUnsigned(v, 4, 10, 16), DatasetOptions.chunked(4, 5, 16).deflate(1));
            }
            try (H5File f = H5File.create(m)) {
                f.createDataset("data", NdArray.of(w, 3, 8, 64), DatasetOptions.chunked(1, 8, 64).filter(32001, 0, 0, 0, 0, 5, 1, 1));  // blosc lz4 + shuffle (h5py has no zstd plugin here)
            }
            concat.set(":, " + (10 * i) + ":" + (10 * i + 10), new VirtualSource(a.toString(), "data", Shape.of(4, 10, 16)));
            modules.set(":, " + (16 * i) + ":" + (16 * i + 8), new VirtualSource(m.toString(), "data", Shape.of(3, 8, 64)));
        }
        Path vds = dir.resolve("layouts.h5");
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset("concat", concat);
            f.createVirtualDataset("modules", modules, 7.5);
        }
        try (H5File f = H5File.open(vds)) {
            Path r1 = dir.resolve("concat.json");
            assertThat(ZarrReferences.of(f.dataset("concat")).write(r1).chunks()).isEqualTo(Shape.of(4, 5, 16));
            expectZarrReads(r1, vds, "/concat");
            Path r2 = dir.resolve("modules.json");
            ZarrReferences.Summary s = ZarrReferences.of(f.dataset("modules")).write(r2);
            assertThat(s.chunks()).isEqualTo(Shape.of(1, 8, 64));
            assertThat(s.referenced()).isEqualTo(9);
            assertThat(s.codecs()).isEqualTo("blosc");
            expectZarrReads(r2, vds, "/modules");
        }
        runPython();
    }

    /** A source chunk never written reads as the source's fill value: when that is not the virtual dataset's, the chunk is a misfit. */
    @Test
    void unwrittenSourceChunksWithAnotherFillValueAreMisfits() throws Exception {
        Path src = dir.resolve("src.h5");
        try (H5File f = H5File.create(src)) {
            Dataset d = f.createDataset("data", DType.INT32, Shape.of(4, 24, 32), DatasetOptions.chunked(1, 24, 32).deflate(4).fillValue(9));
            d.write("0:3", frames(0, 3));
        }
        VirtualLayout layout = new VirtualLayout(Shape.of(4, 24, 32), DType.INT32);
        layout.set("...", new VirtualSource("src.h5", "data", Shape.of(4, 24, 32)));
        Path vds = dir.resolve("fills.h5");
        try (H5File f = H5File.create(vds)) {
            f.createVirtualDataset("data", layout, -1);
        }
        try (H5File f = H5File.open(vds)) {
            Throwable t = catchThrowable(() -> ZarrReferences.of(f.dataset("data")).write(dir.resolve("no.json")));
            assertThat(t).isInstanceOf(H5Exception.class).hasMessageContaining("mapping 0 (src.h5:data)")
                    .hasMessageContaining("chunk (3, 0, 0)").hasMessageContaining("never written");
            assertThat(dir.resolve("no.json")).doesNotExist();
            Path refs = dir.resolve("fills.json");
            ZarrReferences.Summary s = ZarrReferences.of(f.dataset("data")).materializeMisfits(dir.resolve("side")).write(refs);
            assertThat(s.materialized()).isEqualTo(1);
            assertThat(s.referenced()).isEqualTo(3);
            expectZarrReads(refs, vds, "/data");
        }
        runPython();
    }

    @Test
    void seedExamplesFitOrAreRefusedNamingTheMapping() throws Exception {
        Map<String, String> refusals = Map.of(
                "dataset_concatenation", "type conversion",
                "excalibur_detector_modules", "mapping 1 (stripe_2.h5:data) covers only part of chunk (0, 1, 0)",
                "dual_pco_edge", "mapping 1 (raw_file_2.h5:data) covers only part of chunk (0, 1, 0)",
                "eiger_use_case", "mapping 0 (1.h5:data): type conversion");
        for (String name : List.of("vds_simple", "dataset_concatenation", "excalibur_detector_modules", "dual_pco_edge", "eiger_use_case",
                "percival_use_case")) {
            Path folder = Files.createDirectories(dir.resolve(name));
            Example.Result r = Examples.named(name, false).run(folder, new PrintWriter(new StringWriter(), true));
            Path refs = folder.resolve("refs.json");
            try (H5File f = H5File.open(r.vdsFile())) {
                Dataset d = f.dataset(r.dataset());
                if (refusals.containsKey(name)) {
                    Throwable t = catchThrowable(() -> ZarrReferences.of(d).write(refs));
                    assertThat(t).as(name).isInstanceOf(H5Exception.class).hasMessageContaining(refusals.get(name))
                            .hasMessageContaining("cannot be written as chunk references");
                    assertThat(t.getMessage().lines()).hasSize(1);
                    ZarrReferences.of(d).materializeMisfits(folder.resolve("misfits")).write(refs);
                } else {
                    ZarrReferences.of(d).write(refs);
                }
            }
            expectZarrReads(refs, r.vdsFile(), r.dataset().startsWith("/") ? r.dataset() : "/" + r.dataset());
        }
        runPython();
    }

    /** A NeXus-like file whose frames are a virtual dataset, opened by xarray through the references. */
    @Test
    void xarrayOpensANexusFilesFrames() throws Exception {
        VirtualLayout layout = new VirtualLayout(Shape.of(14, 24, 32), DType.INT32);
        for (int i = 0; i < 2; i++) {
            Path src = dir.resolve("frames_" + i + ".h5");
            try (H5File f = H5File.create(src)) {
                f.createDataset("entry/data/data", frames(7 * i, 7), DatasetOptions.chunked(1, 24, 32).deflate(4).shuffle());
            }
            layout.set((7 * i) + ":" + (7 * i + 7), new VirtualSource(src.getFileName().toString(), "entry/data/data", Shape.of(7, 24, 32)));
        }
        Path nexus = dir.resolve("scan.nxs");
        try (H5File f = H5File.create(nexus)) {
            f.createGroup("entry").setAttribute("NX_class", "NXentry");
            f.group("entry").setAttribute("default", "data");
            f.createGroup("entry/data").setAttribute("NX_class", "NXdata");
            f.group("entry/data").setAttribute("signal", "data");
            Dataset d = f.createVirtualDataset("entry/data/data", layout);
            d.setAttribute("units", "counts");
            d.setAttribute("count_time", 0.1);
        }
        Path refs = dir.resolve("scan.json");
        try (H5File f = H5File.open(nexus)) {
            ZarrReferences.of(f.dataset("entry/data/data")).write(refs);
        }
        String attrs = new ObjectMapper().readTree(refs.toFile()).get("refs").get("entry/data/data/.zattrs").asText();
        assertThat(attrs).contains("\"units\":\"counts\"").contains("\"count_time\":0.1").contains("_ARRAY_DIMENSIONS");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("refs", refs.toString());
        c.put("key", "entry/data/data");
        c.put("h5file", nexus.toString());
        c.put("dataset", "/entry/data/data");
        c.put("xarray_group", "entry/data");
        cases.add(c);
        expectZarrReads(refs, nexus, "/entry/data/data");
        runPython();
        String groupAttrs = Python.run("""
                import xarray as xr, sys
                ds = xr.open_dataset("reference://", engine="zarr", group="entry/data",
                                     backend_kwargs={"consolidated": False, "storage_options": {"fo": sys.argv[1]}})
                print(ds.attrs["NX_class"], ds.attrs["signal"], ds["data"].attrs["units"], ds["data"].dims)
                """, refs);
        assertThat(groupAttrs.strip()).isEqualTo("NXdata data counts ('phony_dim_0', 'phony_dim_1', 'phony_dim_2')");
    }
}
