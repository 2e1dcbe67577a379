package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.VirtualSourceInfo;
import org.h5vds.api.VirtualView;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Libhdf5Java;
import org.h5vds.testing.Libhdf5VdsCatalog;
import org.h5vds.testing.OracleRead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Virtual datasets written by the libhdf5 C library (1.14.3 through JNI, {@link Libhdf5VdsCatalog}),
 * with the selection encodings it chooses under each file format bound, read by h5vds exactly as
 * libhdf5 reads them: h5py (libhdf5 1.10.8), libhdf5 1.14.3 and h5wasm (libhdf5 2.0.0) are the
 * references, each with the virtual view and printf gap the read asks for (h5wasm: reads with
 * libhdf5's default access only). libhdf5 1.10 cannot read hyperslab selections of version 3 (the
 * v114 bound), so datasets holding them are checked against 1.14 and 2.0, and h5py is shown to
 * refuse them.
 */
class Libhdf5WrittenVdsTest {
    /**
     * Reads whose values libhdf5 leaves undefined, so that only readers which hand it a zeroed
     * buffer (h5py here, JNI) agree with h5vds: when mappings overlap, libhdf5 counts the shared
     * elements once per mapping, finds as many mapped elements as the read asks for and skips
     * filling the unmapped ones (h5wasm then returns whatever its memory held).
     */
    private static final Set<String> UNDEFINED_IN_LIBHDF5 = Set.of("form_same.h5:overlap");

    @ParameterizedTest
    @ValueSource(strings = {"earliest", "v110", "v114"})
    void everyVirtualDatasetLibhdf5WritesReadsAsLibhdf5ReadsIt(String bound) throws IOException {
        Path dir = H5pyVds.folder("libhdf5-" + bound);
        List<Libhdf5VdsCatalog.Read> reads = Libhdf5VdsCatalog.write(dir, bound);
        assertThat(reads).hasSizeGreaterThan(30);
        Set<String> withVersion3 = assertEncodings(bound, reads);

        List<OracleRead> requests = new ArrayList<>();
        List<String> access = new ArrayList<>();
        for (Libhdf5VdsCatalog.Read r : reads) {
            requests.add(OracleRead.of(r.file(), r.dataset()));
            access.add(r.view() + "\t" + r.gap());
        }
        List<OracleRead> jni = Libhdf5Java.readAll(requests, access);
        List<OracleRead> h5py = readWithH5py(dir, reads);
        List<OracleRead> wasm = H5Wasm.readAll(requests);
        List<String> problems = new ArrayList<>();
        assertThat(reads).filteredOn(r -> r.view().equals("first")).hasSizeGreaterThan(4);
        for (int i = 0; i < reads.size(); i++) {
            Libhdf5VdsCatalog.Read r = reads.get(i);
            if (!jni.get(i).ok()) {
                problems.add(r.label() + ": libhdf5 1.14 cannot read it: " + jni.get(i).error());
                continue;
            }
            NdArray ours;
            try {
                ours = readWithH5vds(r);
            } catch (RuntimeException e) {
                problems.add(r.label() + ": h5vds cannot read it: " + e);
                continue;
            }
            if (!ours.equals(jni.get(i).values())) problems.add(r.label() + ": differs from libhdf5 1.14:\n" + jni.get(i).values() + "\nh5vds:\n" + ours);
            if (withVersion3.contains(r.file() + "\t" + r.dataset())) {
                if (h5py.get(i).ok()) problems.add(r.label() + ": libhdf5 1.10 read hyperslab selections of version 3");
            } else if (!h5py.get(i).ok()) {
                problems.add(r.label() + ": h5py cannot read it: " + h5py.get(i).error());
            } else if (!ours.equals(h5py.get(i).values())) {
                problems.add(r.label() + ": differs from h5py:\n" + h5py.get(i).values() + "\nh5vds:\n" + ours);
            }
            boolean undefined = UNDEFINED_IN_LIBHDF5.contains(r.file().getFileName() + ":" + r.dataset());
            if (r.view().equals("last") && r.gap() == 0 && !undefined) { // h5wasm opens with libhdf5's defaults
                if (!wasm.get(i).ok()) {
                    problems.add(r.label() + ": h5wasm cannot read it: " + wasm.get(i).error());
                } else if (!ours.withOrder(ByteOrder.LITTLE_ENDIAN).equals(wasm.get(i).values())) {
                    problems.add(r.label() + ": differs from libhdf5 2.0:\n" + wasm.get(i).values() + "\nh5vds:\n" + ours);
                }
            }
        }
        assertThat(problems).as("reads that differ from libhdf5's").isEmpty();
        if (!bound.equals("v114")) assertMappingsLikeH5py(dir, reads);
    }

    private static NdArray readWithH5vds(Libhdf5VdsCatalog.Read r) {
        ReadOptions o = ReadOptions.defaults().virtualView(r.view().equals("last") ? VirtualView.LAST_AVAILABLE : VirtualView.FIRST_MISSING)
                .printfGap(r.gap());
        try (H5File f = H5File.open(r.file(), o)) {
            return f.dataset(r.dataset()).read();
        }
    }

    /**
     * The selection encodings the catalogue's virtual datasets hold: what libhdf5 chooses for each
     * bound. Returns the datasets (file TAB name) holding a version 3 hyperslab.
     */
    private static Set<String> assertEncodings(String bound, List<Libhdf5VdsCatalog.Read> reads) {
        Set<String> withVersion3 = new java.util.HashSet<>();
        Set<String> seen = new TreeSet<>();
        Set<String> datasets = new LinkedHashSet<>();
        for (Libhdf5VdsCatalog.Read r : reads) datasets.add(r.file() + "\t" + r.dataset());
        for (String d : datasets) {
            String[] f = d.split("\t");
            try (org.h5vds.node.OpenFile file = org.h5vds.node.OpenFile.open(Path.of(f[0]))) {
                var node = (org.h5vds.node.DatasetNode) file.resolve(f[1]);
                if (!node.isVirtual() || node.layout().globalHeapAddress() == org.h5vds.io.Cursor.UNDEFINED) continue; // no mappings
            }
            Set<String> encodings = SelectionEncodings.of(VirtualHeapBlockTest.stored(Path.of(f[0]), f[1]));
            if (encodings.stream().anyMatch(e -> e.startsWith("hyperslab v3"))) withVersion3.add(d);
            seen.addAll(encodings);
        }
        switch (bound) {
            case "earliest" -> assertThat(seen).contains("all v1", "hyperslab v1", "hyperslab v2 regular").noneMatch(e -> e.contains("v3"));
            case "v110" -> assertThat(seen).contains("all v1", "hyperslab v1", "hyperslab v2 regular").noneMatch(e -> e.contains("v3"));
            default -> assertThat(seen).contains("all v1", "hyperslab v3 regular", "hyperslab v3 irregular")
                    .noneMatch(e -> e.startsWith("hyperslab v1") || e.startsWith("hyperslab v2"));
        }
        return withVersion3;
    }

    /** h5py's reading of each read (its dataset opened with the read's view and gap): values, or h5py's error. */
    private static List<OracleRead> readWithH5py(Path dir, List<Libhdf5VdsCatalog.Read> reads) throws IOException {
        StringBuilder list = new StringBuilder();
        for (Libhdf5VdsCatalog.Read r : reads) {
            list.append(r.file().getFileName()).append('\t').append(r.dataset()).append('\t').append(r.view()).append('\t').append(r.gap()).append('\n');
        }
        Files.writeString(dir.resolve("h5py-reads.tsv"), list);
        H5pyVds.run(dir, """
                import json
                results = []
                for k, line in enumerate(open('h5py-reads.tsv').read().splitlines()):
                    name, dset, view, gap = line.split('\\t')
                    try:
                        with h5py.File(name, 'r') as f:
                            d = open_with(f, dset, view=LAST if view == 'last' else FIRST, gap=int(gap))
                            save(f'h5py_{k}', d[()])
                        results.append(None)
                    except Exception as e:
                        results.append(str(e) or type(e).__name__)
                json.dump(results, open('h5py-results.json', 'w'))
                """);
        JsonNode results = new ObjectMapper().readTree(dir.resolve("h5py-results.json").toFile());
        List<OracleRead> out = new ArrayList<>();
        for (int k = 0; k < reads.size(); k++) {
            Libhdf5VdsCatalog.Read r = reads.get(k);
            out.add(results.get(k).isNull() ? new OracleRead(r.file(), r.dataset(), H5pyVds.expected(dir, "h5py_" + k), null)
                    : new OracleRead(r.file(), r.dataset(), null, results.get(k).asText()));
        }
        return out;
    }

    /** Every mapping as h5py's virtual_sources() lists it: file, dataset and the selections' element counts. */
    private static void assertMappingsLikeH5py(Path dir, List<Libhdf5VdsCatalog.Read> reads) throws IOException {
        Set<String> datasets = new LinkedHashSet<>();
        for (Libhdf5VdsCatalog.Read r : reads) datasets.add(r.file().getFileName() + "\t" + r.dataset());
        Files.writeString(dir.resolve("h5py-mappings.tsv"), String.join("\n", datasets) + "\n");
        H5pyVds.run(dir, """
                import json
                out = []
                for line in open('h5py-mappings.tsv').read().splitlines():
                    name, dset = line.split('\\t')
                    with h5py.File(name, 'r') as f:
                        if not f[dset].is_virtual:
                            out.append(None)
                            continue
                        maps = []
                        for m in f[dset].virtual_sources():
                            maps.append([m.file_name, m.dset_name, m.vspace.get_select_type(), m.src_space.get_select_type()])
                        out.append(maps)
                json.dump(out, open('h5py-mappings.json', 'w'))
                """);
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("h5py-mappings.json").toFile());
        int k = 0;
        for (String d : datasets) {
            String[] f = d.split("\t");
            try (H5File file = H5File.open(dir.resolve(f[0]))) {
                Dataset ds = file.dataset(f[1]);
                JsonNode theirs = expected.get(k++);
                assertThat(ds.isVirtual()).as(d).isEqualTo(!theirs.isNull());
                if (theirs.isNull()) continue;
                List<VirtualSourceInfo> ours = ds.virtualSources();
                assertThat(ours).as("mappings of %s", d).hasSize(theirs.size());
                for (int m = 0; m < ours.size(); m++) {
                    assertThat(ours.get(m).fileName()).isEqualTo(theirs.get(m).get(0).asText());
                    assertThat(ours.get(m).datasetName()).isEqualTo(theirs.get(m).get(1).asText());
                    assertThat(SelectionEncodings.selectType(ours.get(m).virtualSelection().kind())).as("%s mapping %d virtual", d, m)
                            .isEqualTo(theirs.get(m).get(2).asInt());
                    assertThat(SelectionEncodings.selectType(ours.get(m).sourceSelection().kind())).as("%s mapping %d source", d, m)
                            .isEqualTo(theirs.get(m).get(3).asInt());
                }
            }
        }
    }
}
