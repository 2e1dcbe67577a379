package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Libhdf5Java;
import org.h5vds.testing.OracleRead;
import org.h5vds.testing.Oracles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Virtual datasets h5vds writes (over sources h5vds writes) read the same in every oracle: h5py
 * (libhdf5 1.10.8), h5dump -p (the layout listed as VIRTUAL with every mapping), h5wasm (libhdf5
 * 2.0.0) and libhdf5 1.14.3, and in h5vds. The matrix covers stacked, concatenated, interleaved and
 * strided mappings, MultiBlockSlice blocks, index lists, unlimited and printf (%b) mappings,
 * same-file "." sources, fill values, type conversion (widening, saturating narrowing, byte
 * order), missing sources, a scalar, overlaps, no mappings, and a virtual dataset over a virtual
 * dataset.
 */
class VirtualWrittenOraclesTest {
    static Path dir;
    /** Dataset path in vds.h5 (or outer.h5 when prefixed "outer:") -> number of mappings. */
    static final Map<String, Integer> DATASETS = new LinkedHashMap<>();

    static int[] range(int from, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = from + i;
        return v;
    }

    @BeforeAll
    static void write() {
        Oracles.requireAll();
        dir = H5pyVds.folder("written");
        for (int n = 0; n < 4; n++) {
            try (H5File f = H5File.create(dir.resolve("s" + n + ".h5"))) {
                f.createDataset("data", NdArray.of(range(1000 * n, 100), 100));
            }
        }
        try (H5File f = H5File.create(dir.resolve("neg.h5"))) {
            f.createDataset("data", NdArray.of(range(-50, 100), 100));
            Dataset be = f.createDataset("big", DType.INT32.bigEndian(), Shape.of(10), DatasetOptions.contiguous());
            be.write(NdArray.of(range(-5, 10), 10));
        }
        int[] frames = {5, 7, 4};
        for (int k = 0; k < 3; k++) {
            try (H5File f = H5File.create(dir.resolve("frames_" + k + ".h5"))) {
                short[] v = new short[frames[k] * 48];
                for (int i = 0; i < v.length; i++) v[i] = (short) (10000 * k + i);
                f.createDataset("data", NdArray.ofUnsigned(v, frames[k], 6, 8), DatasetOptions.chunked(1, 6, 8).deflate().shuffle());
            }
        }
        try (H5File f = H5File.create(dir.resolve("grow.h5"))) {
            short[] v = new short[36];
            for (int i = 0; i < v.length; i++) v[i] = (short) (i * 3 - 40);
            f.createDataset("data", NdArray.of(v, 12, 3), DatasetOptions.chunked(4, 3).maxShape(Shape.UNLIMITED, 3));
        }
        for (int b = 0; b < 3; b++) {
            try (H5File f = H5File.create(dir.resolve("p_" + b + ".h5"))) {
                f.createDataset("d", NdArray.of(new short[] {(short) (b * 10), (short) (b * 10 + 1), (short) (b * 10 + 2), (short) (b * 10 + 3)}, 4));
            }
        }

        try (H5File f = H5File.create(dir.resolve("vds.h5"))) {
            VirtualSource[] s = new VirtualSource[4];
            for (int n = 0; n < 4; n++) s[n] = new VirtualSource("s" + n + ".h5", "data", Shape.of(100));

            VirtualLayout stacked = new VirtualLayout(Shape.of(4, 100), DType.INT32);
            for (int n = 0; n < 4; n++) stacked.set(Integer.toString(n), s[n]);
            create(f, "stacked", stacked, -5);

            VirtualLayout concat = new VirtualLayout(Shape.of(16, 6, 8), DType.UINT16);
            long at = 0;
            for (int k = 0; k < 3; k++) {
                concat.set(at + ":" + (at + frames[k]), new VirtualSource("frames_" + k + ".h5", "data", Shape.of(frames[k], 6, 8)));
                at += frames[k];
            }
            create(f, "concat", concat, null);

            VirtualLayout interleaved = new VirtualLayout(Shape.of(400), DType.INT32);
            for (int n = 0; n < 4; n++) interleaved.set(n + "::4", s[n]);
            create(f, "interleaved", interleaved, null);

            VirtualLayout strided = new VirtualLayout(Shape.of(7, 100), DType.INT32);
            strided.set("1:7:2, 10:60:2", s[1].slice("25:100"));
            strided.set("0, ::10", new VirtualSource(dir.resolve("s2.h5").toAbsolutePath().toString(), "data", Shape.of(100)).slice("::10"));
            create(f, "strided", strided, 11);

            VirtualLayout blocks = new VirtualLayout(Shape.of(40), DType.INT32);
            blocks.set(Index.of(Index.multiBlockSlice(0, 10, 4L, 5)), s[0].slice("0:20"));
            blocks.set("MultiBlockSlice(start=5, stride=10, count=4, block=5)", s[1].slice("MultiBlockSlice(start=0, stride=25, count=4, block=5)"));
            create(f, "blocks", blocks, null);

            VirtualLayout lists = new VirtualLayout(Shape.of(10), DType.INT32);
            lists.set("[1, 4, 5, 8]", s[2].slice("[0, 10, 20, 30]"));
            create(f, "lists", lists, 7);

            VirtualLayout unlimited = new VirtualLayout(Shape.of(12, 3), DType.INT16, Shape.of(Shape.UNLIMITED, 3));
            unlimited.set("0:UNLIMITED, :", new VirtualSource("grow.h5", "data", Shape.of(12, 3), DType.INT16, Shape.of(Shape.UNLIMITED, 3))
                    .slice("0:UNLIMITED, :"));
            create(f, "unlimited", unlimited, null);

            VirtualLayout printf = new VirtualLayout(Shape.of(0), DType.INT16, Shape.of(Shape.UNLIMITED));
            printf.set("MultiBlockSlice(start=0, stride=4, count=UNLIMITED, block=4)", new VirtualSource("p_%b.h5", "d", Shape.of(4)));
            create(f, "printf", printf, -1);

            Dataset local = f.createDataset("local", NdArray.of(new int[] {5, 6, 7, 8, 9}, 5));
            create(f, "mirror", new VirtualLayout(Shape.of(5), DType.FLOAT32).set(":", VirtualSource.of(local)), null);

            create(f, "widened", new VirtualLayout(Shape.of(100), DType.FLOAT64).set("...", s[3]), null);
            VirtualLayout narrowed = new VirtualLayout(Shape.of(2, 100), DType.UINT8);
            narrowed.set("0", s[3]);
            narrowed.set("1", new VirtualSource("neg.h5", "data", Shape.of(100)));
            create(f, "narrowed", narrowed, null);
            create(f, "byte_order", new VirtualLayout(Shape.of(10), DType.FLOAT32).set(":", new VirtualSource("neg.h5", "big", Shape.of(10))), null);

            VirtualLayout missing = new VirtualLayout(Shape.of(2, 5), DType.INT32);
            missing.set("0", s[0].slice("0:5"));
            missing.set("1", new VirtualSource("nope.h5", "data", Shape.of(5)));
            missing.set("1, 4", new VirtualSource("s0.h5", "nope", Shape.of(1)));
            create(f, "missing", missing, -9);

            create(f, "scalar", new VirtualLayout(Shape.SCALAR, DType.INT64).set("", s[0].slice("7")), null);

            VirtualLayout overlap = new VirtualLayout(Shape.of(10), DType.INT32);
            overlap.set(":", s[0].slice(":10"));
            overlap.set("2:5", s[1].slice(":3"));
            create(f, "overlap", overlap, null);

            VirtualLayout mixed = new VirtualLayout(Shape.of(2, 6, 8), DType.UINT16);
            mixed.set("1, ...", new VirtualSource("frames_0.h5", "data", Shape.of(5, 6, 8)).slice("2"));
            mixed.set("0, :, ::2", new VirtualSource("frames_1.h5", "data", Shape.of(7, 6, 8)).slice("3, :, 4:8"));
            create(f, "mixed", mixed, null);

            create(f, "group/empty", new VirtualLayout(Shape.of(3), DType.INT32), 4);
        }
        try (H5File f = H5File.create(dir.resolve("outer.h5"))) {
            VirtualLayout nested = new VirtualLayout(Shape.of(4, 100), DType.FLOAT64);
            for (int k = 0; k < 4; k++) nested.set(Integer.toString(3 - k), new VirtualSource("vds.h5", "stacked", Shape.of(4, 100)).slice(Integer.toString(k)));
            f.createVirtualDataset("nested", nested);
            DATASETS.put("outer:nested", 4);
        }
    }

    private static void create(H5File f, String name, VirtualLayout layout, Number fill) {
        f.createVirtualDataset(name, layout, fill);
        DATASETS.put(name, layout.size());
    }

    static Path fileOf(String key) {
        return dir.resolve(key.startsWith("outer:") ? "outer.h5" : "vds.h5");
    }

    static String datasetOf(String key) {
        return "/" + (key.startsWith("outer:") ? key.substring(6) : key);
    }

    /** Our reading of every dataset of the matrix. */
    static Map<String, NdArray> ours() {
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (String key : DATASETS.keySet()) {
            try (H5File f = H5File.open(fileOf(key))) {
                Dataset d = f.dataset(datasetOf(key));
                assertThat(d.isVirtual()).as(key).isTrue();
                assertThat(d.virtualSources()).as(key).hasSize(DATASETS.get(key));
                out.put(key, d.read());
            }
        }
        return out;
    }

    @Test
    void valuesAreWhatTheMappingsSay() {
        Map<String, NdArray> ours = ours();
        assertThat(ours.get("stacked").toIntArray()).startsWith(0, 1, 2).endsWith(3098, 3099);
        assertThat(ours.get("interleaved").toIntArray()).startsWith(0, 1000, 2000, 3000, 1, 1001);
        assertThat(ours.get("blocks").toIntArray()).startsWith(0, 1, 2, 3, 4, 1000, 1001, 1002, 1003, 1004, 5, 6);
        assertThat(ours.get("lists").toIntArray()).containsExactly(7, 2000, 7, 7, 2010, 2020, 7, 7, 2030, 7);
        assertThat(ours.get("printf").toShortArray()).containsExactly((short) 0, (short) 1, (short) 2, (short) 3, (short) 10, (short) 11, (short) 12,
                (short) 13, (short) 20, (short) 21, (short) 22, (short) 23);
        assertThat(ours.get("mirror").toFloatArray()).containsExactly(5f, 6f, 7f, 8f, 9f);
        assertThat(ours.get("narrowed").toIntArray()).startsWith(255).contains(0, 49);
        assertThat(ours.get("byte_order").toFloatArray()).containsExactly(-5f, -4f, -3f, -2f, -1f, 0f, 1f, 2f, 3f, 4f);
        assertThat(ours.get("missing").toIntArray()).containsExactly(0, 1, 2, 3, 4, -9, -9, -9, -9, -9);
        assertThat(ours.get("scalar").toLongArray()).containsExactly(7);
        assertThat(ours.get("overlap").toIntArray()).containsExactly(0, 1, 1000, 1001, 1002, 5, 6, 7, 8, 9);
        assertThat(ours.get("group/empty").toIntArray()).containsExactly(4, 4, 4);
        assertThat(ours.get("outer:nested").toDoubleArray()).startsWith(3000.0, 3001.0);
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            assertThat(f.dataset("unlimited").shape()).isEqualTo(Shape.of(12, 3));
            assertThat(f.dataset("printf").shape()).isEqualTo(Shape.of(12));
            assertThat(f.dataset("printf").maxShape()).isEqualTo(Shape.of(Shape.UNLIMITED));
            assertThat(f.dataset("mirror").virtualSources().get(0).fileName()).isEqualTo(".");
            assertThat(f.dataset("missing").unresolvedSources()).extracting(UnresolvedSource::fileName, UnresolvedSource::datasetName)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("nope.h5", "data"), org.assertj.core.groups.Tuple.tuple("s0.h5", "nope"));
            assertThat(f.dataset("missing").checkSources()).extracting(SourceProblem::mapping, SourceProblem::fileName)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "nope.h5"), org.assertj.core.groups.Tuple.tuple(2, "s0.h5"));
            for (String name : List.of("stacked", "concat", "unlimited", "printf", "mirror", "narrowed", "byte_order", "mixed")) {
                assertThat(f.dataset(name).checkSources()).as(name).isEmpty();
            }
        }
    }

    @Test
    void h5pyReadsWhatWeRead() {
        Map<String, NdArray> ours = ours();
        StringBuilder py = new StringBuilder();
        int i = 0;
        for (String key : DATASETS.keySet()) {
            py.append("with h5py.File('").append(fileOf(key).getFileName()).append("', 'r') as f:\n");
            py.append("    d = f['").append(datasetOf(key)).append("']\n");
            py.append("    assert d.is_virtual and len(d.virtual_sources()) == ").append(DATASETS.get(key)).append(", '").append(key).append("'\n");
            py.append("    save('h5py_").append(i++).append("', d[()])\n");
        }
        H5pyVds.run(dir, py.toString());
        i = 0;
        for (String key : DATASETS.keySet()) {
            assertThat(H5pyVds.expected(dir, "h5py_" + i++)).as(key).isEqualTo(ours.get(key));
        }
    }

    @Test
    void h5dumpListsTheLayoutAsVirtualWithEveryMapping() {
        Pattern mapping = Pattern.compile("MAPPING (\\d+) \\{");
        for (String key : DATASETS.keySet()) {
            String props = H5Dump.properties(fileOf(key), datasetOf(key));
            assertThat(props).as(key).contains("STORAGE_LAYOUT");
            Matcher m = mapping.matcher(props);
            int count = 0;
            while (m.find()) count++;
            assertThat(count).as("mappings h5dump lists for %s", key).isEqualTo(DATASETS.get(key));
            if (count > 0) assertThat(props).as(key).contains("VIRTUAL {").contains("SOURCE {");
            assertThat(H5Dump.run(fileOf(key), "-d", datasetOf(key)).exit()).as("h5dump of the values of %s", key).isZero();
        }
        assertThat(H5Dump.properties(dir.resolve("vds.h5"), "/printf")).contains("FILE \"p_%b.h5\"").contains("COUNT (H5S_UNLIMITED)");
        assertThat(H5Dump.properties(dir.resolve("vds.h5"), "/mirror")).contains("FILE \".\"");
    }

    @Test
    void h5wasmAndLibhdf5FourteenReadWhatWeRead() {
        Map<String, NdArray> ours = ours();
        List<OracleRead> requests = new ArrayList<>();
        for (String key : DATASETS.keySet()) requests.add(OracleRead.of(fileOf(key), datasetOf(key)));
        List<OracleRead> wasm = H5Wasm.readAll(requests);
        List<OracleRead> fourteen = Libhdf5Java.readAll(requests);
        int i = 0;
        for (String key : DATASETS.keySet()) {
            NdArray expected = ours.get(key);
            OracleRead w = wasm.get(i);
            OracleRead l = fourteen.get(i++);
            assertThat(w.ok()).as("h5wasm reads %s: %s", key, w.error()).isTrue();
            assertThat(w.values()).as("h5wasm %s", key).isEqualTo(expected.withOrder(ByteOrder.LITTLE_ENDIAN));
            assertThat(l.ok()).as("libhdf5 1.14 reads %s: %s", key, l.error()).isTrue();
            assertThat(l.values()).as("libhdf5 1.14 %s", key).isEqualTo(expected);
        }
    }
}
