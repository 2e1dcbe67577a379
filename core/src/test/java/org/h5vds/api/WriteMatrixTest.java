package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The written-configuration matrix: every dtype in both byte orders × every layout and chunk index
 * kind (compact, contiguous, single chunk, fixed array plain and paged and with a larger maximum,
 * extensible array on the first and on another axis and with many chunks, v2 B-tree small and
 * deep) × the filters (rotating over the chunked cases) × edge chunks, partial writes over user
 * fill values, appends, resizes that shrink and grow. Each file is read by h5py (libhdf5 1.10.8,
 * with h5debug naming the chunk index), h5wasm (libhdf5 2.0; built-in filters only), libhdf5 1.14
 * (a representative subset), h5dump and our own reader; all must see the same values, dtypes and
 * storage properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteMatrixTest {
    private static final int OPTIONAL = 1;
    private static final int MANDATORY = 0;

    /** The filter combinations, as options and as the (id, flags) pairs libhdf5 reports. */
    enum Filters {
        NONE(o -> o),
        DEFLATE(o -> o.deflate(6), new int[] {1, OPTIONAL}),
        SHUFFLE_DEFLATE(o -> o.deflate().shuffle(), new int[] {2, OPTIONAL}, new int[] {1, OPTIONAL}),
        FLETCHER32(DatasetOptions::fletcher32, new int[] {3, MANDATORY}),
        LZF(DatasetOptions::lzf, new int[] {32000, OPTIONAL}),
        LZ4(DatasetOptions::lz4, new int[] {32004, OPTIONAL}),
        BITSHUFFLE_LZ4(DatasetOptions::bitshuffleLz4, new int[] {32008, OPTIONAL}),
        SHUFFLE_DEFLATE_FLETCHER32(o -> o.fletcher32().deflate(1).shuffle(), new int[] {2, OPTIONAL}, new int[] {1, OPTIONAL},
                new int[] {3, MANDATORY}),
        BLOSC_LZ4(o -> o.filter(32001, 0, 0, 0, 0, 5, 1, 1), new int[] {32001, OPTIONAL}),
        BZIP2(o -> o.filter(307, 9), new int[] {307, OPTIONAL});

        final UnaryOperator<DatasetOptions> apply;
        final List<int[]> expected;

        Filters(UnaryOperator<DatasetOptions> apply, int[]... expected) {
            this.apply = apply;
            this.expected = List.of(expected);
        }
    }

    /** What one scenario wrote: the expectation minus file, path and filters. */
    record Outcome(ExpectedArray model, NdArray fill, String layout, long[] chunks, long[] maxShape, String index, Integer chunkCount) {
    }

    interface Scenario {
        Outcome write(H5File f, String path, DType t, Filters filters, int seed);
    }

    record Named(String name, boolean chunked, Scenario scenario) {
    }

    static final List<Named> SCENARIOS = List.of(
            new Named("compact", false, (f, p, t, fl, s) -> {
                NdArray v = TestValues.of(t, new long[] {3, 5}, s);
                f.createDataset(p, v, DatasetOptions.compact());
                return whole(v, "compact", null, new long[] {3, 5}, null, null);
            }),
            new Named("contiguous", false, (f, p, t, fl, s) -> {
                NdArray v = TestValues.of(t, new long[] {7, 5}, s);
                f.createDataset(p, v);
                return whole(v, "contiguous", null, new long[] {7, 5}, null, null);
            }),
            new Named("contiguous_fill", false, (f, p, t, fl, s) -> {
                NdArray fill = TestValues.scalar(t, 7);
                Dataset d = f.createDataset(p, t, Shape.of(6, 4), DatasetOptions.contiguous().fillValue(fill));
                ExpectedArray m = new ExpectedArray(t, new long[] {6, 4}, fill);
                NdArray v = TestValues.of(t, new long[] {2, 3}, s);
                d.write("1:3, 1:", v);
                m.setBox(new long[] {1, 1}, new long[] {2, 3}, v);
                return new Outcome(m, fill, "contiguous", null, new long[] {6, 4}, null, null);
            }),
            new Named("scalar", false, (f, p, t, fl, s) -> {
                NdArray v = TestValues.of(t, new long[0], s);
                f.createDataset(p, v);
                return whole(v, "contiguous", null, new long[0], null, null);
            }),
            new Named("single_chunk", true, (f, p, t, fl, s) -> {
                NdArray v = TestValues.of(t, new long[] {6, 4}, s);
                f.createDataset(p, v, fl.apply.apply(DatasetOptions.chunked(6, 4)));
                return whole(v, "chunked", new long[] {6, 4}, new long[] {6, 4}, "Single Chunk", 1);
            }),
            new Named("fixed_edge_fill", true, (f, p, t, fl, s) -> {
                NdArray fill = TestValues.scalar(t, 3);
                Dataset d = f.createDataset(p, t, Shape.of(10, 7), fl.apply.apply(DatasetOptions.chunked(4, 3).fillValue(fill)));
                ExpectedArray m = new ExpectedArray(t, new long[] {10, 7}, fill);
                NdArray v = TestValues.of(t, new long[] {7, 5}, s);
                d.write("2:9, 1:6", v);
                m.setBox(new long[] {2, 1}, new long[] {7, 5}, v);
                return new Outcome(m, fill, "chunked", new long[] {4, 3}, new long[] {10, 7}, "Fixed Array", 6);
            }),
            new Named("fixed_paged", true, (f, p, t, fl, s) -> {
                Dataset d = f.createDataset(p, t, Shape.of(40, 60), fl.apply.apply(DatasetOptions.chunked(1, 2)));
                ExpectedArray m = new ExpectedArray(t, new long[] {40, 60}, null);
                NdArray v = TestValues.of(t, new long[] {35, 60}, s);
                d.write("0:35", v);
                m.setBox(new long[] {0, 0}, new long[] {35, 60}, v);
                return new Outcome(m, TestValues.scalar(t, 0), "chunked", new long[] {1, 2}, new long[] {40, 60}, "Fixed Array", 35 * 30);
            }),
            new Named("fixed_below_max", true, (f, p, t, fl, s) -> {
                Dataset d = f.createDataset(p, t, Shape.of(5, 6), fl.apply.apply(DatasetOptions.chunked(2, 4).maxShape(12, 6)));
                d.resize(9, 6);
                ExpectedArray m = new ExpectedArray(t, new long[] {9, 6}, null);
                NdArray v = TestValues.of(t, new long[] {6, 6}, s);
                d.write("3:", v);
                m.setBox(new long[] {3, 0}, new long[] {6, 6}, v);
                return new Outcome(m, TestValues.scalar(t, 0), "chunked", new long[] {2, 4}, new long[] {12, 6}, "Fixed Array", 8);
            }),
            new Named("ea_append", true, (f, p, t, fl, s) -> {
                Dataset d = f.createDataset(p, t, Shape.of(0, 6), fl.apply.apply(DatasetOptions.chunked(3, 4).maxShape(Shape.UNLIMITED, 6)));
                ExpectedArray m = new ExpectedArray(t, new long[] {0, 6}, null);
                for (int i = 0; i < 13; i++) {
                    NdArray frame = TestValues.of(t, new long[] {6}, s + i);
                    d.append(frame);
                    m.resize(new long[] {i + 1, 6});
                    m.setBox(new long[] {i, 0}, new long[] {1, 6}, frame.reshape(1, 6));
                }
                return new Outcome(m, TestValues.scalar(t, 0), "chunked", new long[] {3, 4}, new long[] {Shape.UNLIMITED, 6},
                        "Extensible Array", 10);
            }),
            new Named("ea_many", true, (f, p, t, fl, s) -> {
                Dataset d = f.createDataset(p, t, Shape.of(0, 3), fl.apply.apply(DatasetOptions.chunked(1, 3).maxShape(Shape.UNLIMITED, 3)));
                ExpectedArray m = new ExpectedArray(t, new long[] {0, 3}, null);
                for (int i = 0; i < 7; i++) {
                    NdArray stack = TestValues.of(t, new long[] {100, 3}, s + i);
                    d.append(stack);
                    m.resize(new long[] {100L * (i + 1), 3});
                    m.setBox(new long[] {100L * i, 0}, new long[] {100, 3}, stack);
                }
                return new Outcome(m, TestValues.scalar(t, 0), "chunked", new long[] {1, 3}, new long[] {Shape.UNLIMITED, 3},
                        "Extensible Array", 700);
            }),
            new Named("ea_second_axis", true, (f, p, t, fl, s) -> {
                Dataset d = f.createDataset(p, t, Shape.of(4, 0), fl.apply.apply(DatasetOptions.chunked(2, 5).maxShape(4, Shape.UNLIMITED)));
                d.resize(4, 17);
                NdArray v = TestValues.of(t, new long[] {4, 17}, s);
                d.write(v);
                return whole(v, "chunked", new long[] {2, 5}, new long[] {4, Shape.UNLIMITED}, "Extensible Array", 8);
            }),
            new Named("btree", true, (f, p, t, fl, s) -> {
                Dataset d = f.createDataset(p, t, Shape.of(0, 0), fl.apply.apply(DatasetOptions.chunked(3, 4).maxShape(Shape.UNLIMITED, Shape.UNLIMITED)));
                d.resize(10, 9);
                ExpectedArray m = new ExpectedArray(t, new long[] {10, 9}, null);
                NdArray v = TestValues.of(t, new long[] {9, 7}, s);
                d.write("1:10, 0:7", v);
                m.setBox(new long[] {1, 0}, new long[] {9, 7}, v);
                return new Outcome(m, TestValues.scalar(t, 0), "chunked", new long[] {3, 4}, new long[] {Shape.UNLIMITED, Shape.UNLIMITED},
                        "v2 B-tree", 8);
            }),
            new Named("btree_deep", true, (f, p, t, fl, s) -> {
                Dataset d = f.createDataset(p, t, Shape.of(0, 0), fl.apply.apply(DatasetOptions.chunked(2, 2).maxShape(Shape.UNLIMITED, Shape.UNLIMITED)));
                d.resize(40, 50);
                NdArray v = TestValues.of(t, new long[] {40, 50}, s);
                d.write(v);
                return whole(v, "chunked", new long[] {2, 2}, new long[] {Shape.UNLIMITED, Shape.UNLIMITED}, "v2 B-tree", 500);
            }),
            new Named("shrink_grow", true, (f, p, t, fl, s) -> {
                NdArray fill = TestValues.scalar(t, 5);
                Dataset d = f.createDataset(p, t, Shape.of(8, 8), fl.apply.apply(DatasetOptions.chunked(3, 3).maxShape(Shape.UNLIMITED, 8).fillValue(fill)));
                ExpectedArray m = new ExpectedArray(t, new long[] {8, 8}, fill);
                NdArray v = TestValues.of(t, new long[] {8, 8}, s);
                d.write(v);
                m.setBox(new long[] {0, 0}, new long[] {8, 8}, v);
                d.resize(4, 8);
                m.resize(new long[] {4, 8});
                d.resize(9, 8);
                m.resize(new long[] {9, 8});
                return new Outcome(m, fill, "chunked", new long[] {3, 3}, new long[] {Shape.UNLIMITED, 8}, "Extensible Array", 6);
            }));

    static Outcome whole(NdArray v, String layout, long[] chunks, long[] maxShape, String index, Integer chunkCount) {
        ExpectedArray m = new ExpectedArray(v.dtype(), v.shape(), null);
        m.setBox(new long[v.rank()], v.shape(), v);
        return new Outcome(m, TestValues.scalar(v.dtype(), 0), layout, chunks, maxShape, index, chunkCount);
    }

    /** Every dtype little-endian, and every multi-byte dtype big-endian. */
    static List<DType> dtypes() {
        List<DType> out = new ArrayList<>(DType.ALL);
        for (DType t : DType.ALL) if (t.size() > 1) out.add(t.bigEndian());
        return out;
    }

    private WrittenFiles files;

    @BeforeAll
    void writeTheMatrix() throws Exception {
        Path dir = Files.createTempDirectory("h5vds-write-matrix");
        files = new WrittenFiles(dir);
        List<DType> types = dtypes();
        int filterCount = Filters.values().length;
        for (int ti = 0; ti < types.size(); ti++) {
            DType t = types.get(ti);
            Path file = dir.resolve("matrix_" + t.numpy().replace('<', 'l').replace('>', 'b').replace('|', 'n') + ".h5");
            try (H5File f = H5File.create(file)) {
                for (int si = 0; si < SCENARIOS.size(); si++) {
                    Named sc = SCENARIOS.get(si);
                    Filters fl = sc.chunked() ? Filters.values()[(ti + si) % filterCount] : Filters.NONE;
                    String path = "/" + sc.name() + "/" + fl.name().toLowerCase();
                    Outcome o = sc.scenario().write(f, path, t, fl, ti * 31 + si);
                    files.dataset(new WrittenFiles.DatasetCase(file, path, o.model().toArray(), o.fill(), o.layout(), o.chunks(), o.maxShape(),
                            fl.expected, o.index(), o.chunkCount()));
                }
                NdArray scalar = TestValues.of(t, new long[0], ti);
                NdArray array = TestValues.of(t, new long[] {5}, ti + 1);
                NdArray matrix = TestValues.of(t, new long[] {2, 3}, ti + 2);
                f.root().setAttribute("scalar", scalar);
                f.root().setAttribute("array", array);
                f.group("compact").setAttribute("matrix", matrix);
                files.numericAttribute(file, "/", "scalar", scalar);
                files.numericAttribute(file, "/", "array", array);
                files.numericAttribute(file, "/compact", "matrix", matrix);
            }
        }
    }

    @Test
    void h5pyReadsEveryDatasetWithItsStorageProperties() {
        int checked = files.checkWithH5py();
        assertThat(checked).isEqualTo(dtypes().size() * (SCENARIOS.size() + 3));
    }

    @Test
    void h5wasmReadsEveryDatasetWithBuiltInFilters() {
        int n = files.checkWithH5Wasm(WrittenFiles.DatasetCase::builtinFiltersOnly);
        assertThat(n).isGreaterThan(dtypes().size() * SCENARIOS.size() / 2);
    }

    @Test
    void libhdf5_1_14ReadsARepresentativeSubset() {
        // one dtype family each in both orders, every scenario with built-in filters
        List<String> picked = List.of("<u2", ">u2", "<f8", ">f4", "<c8", "|b1", "<i8");
        int n = files.checkWithLibhdf5(c -> c.builtinFiltersOnly() && picked.contains(c.expected().dtype().numpy()));
        assertThat(n).isGreaterThan(30);
    }

    @Test
    void h5dumpReadsEveryFile() {
        files.checkWithH5Dump();
    }

    @Test
    void ourReaderReadsEveryDataset() {
        files.checkWithOurReader();
        assertThat(files.datasets()).hasSize(dtypes().size() * SCENARIOS.size());
        assertThat(files.datasets().stream().map(c -> c.expected().dtype().order()).distinct()).contains(ByteOrder.BIG_ENDIAN);
    }
}
