package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * What a layout accepts and refuses, case by case against h5py 3.7 on libhdf5 1.10.8 (which checks
 * in h5py's index code, in H5Pset_virtual and in H5Dcreate): every case h5py accepts, we accept;
 * every case it refuses, we refuse when the mapping is set, with an IllegalArgumentException
 * subclass naming the mapping and, where one is at fault, the axis. The few cases where we differ
 * on purpose are tested apart, with what h5py does.
 */
class VirtualLayoutRulesTest {

    /** A case: h5py's statements (inside a function, `src` a (100,) source) and ours. */
    record Case(String name, String python, Runnable java) {
    }

    static final VirtualSource SRC = new VirtualSource("s.h5", "data", Shape.of(100));

    static VirtualLayout layout(long... shape) {
        return new VirtualLayout(Shape.of(shape), DType.INT32);
    }

    static VirtualLayout growing(long... shape) {
        long[] max = shape.clone();
        max[0] = Shape.UNLIMITED;
        return new VirtualLayout(Shape.of(shape), DType.INT32, Shape.of(max));
    }

    static VirtualSource growingSource(String file, long... shape) {
        long[] max = shape.clone();
        max[0] = Shape.UNLIMITED;
        return new VirtualSource(file, "d", Shape.of(shape), null, Shape.of(max));
    }

    static Region printfBlocks(long block) {
        return Region.hyperslab(new long[] {0}, new long[] {4}, new long[] {Index.UNLIMITED}, new long[] {block});
    }

    static final List<Case> CASES = List.of(
        new Case("element counts differ", "l = VL((4, 100)); l[0, :49] = src[0:100:2]",
                () -> layout(4, 100).set("0, :49", SRC.slice("0:100:2"))),
        new Case("same count, other shape", "l = VL((4, 100)); l[0] = h5py.VirtualSource('s.h5', 'data', shape=(10, 10))",
                () -> layout(4, 100).set("0", new VirtualSource("s.h5", "data", Shape.of(10, 10)))),
        new Case("more indices than axes", "l = VL((4, 100)); l[0, :, 1] = src",
                () -> layout(4, 100).set("0, :, 1", SRC)),
        new Case("integer beyond the axis", "l = VL((4, 100)); l[5] = src",
                () -> layout(4, 100).set("5", SRC)),
        new Case("negative integer", "l = VL((4, 100)); l[-1] = src",
                () -> layout(4, 100).set("-1", SRC)),
        new Case("slice clipped to the axis", "l = VL((4, 100)); l[0, 50:150] = src[0:50]",
                () -> layout(4, 100).set("0, 50:150", SRC.slice("0:50"))),
        new Case("negative step", "l = VL((4, 100)); l[0, ::-1] = src",
                () -> layout(4, 100).set("0, ::-1", SRC)),
        new Case("source integer beyond the axis", "src[200]",
                () -> SRC.slice("200")),
        new Case("two unlimited axes", "l = VL((10, 10), (None, None)); "
                + "l[0:U, 0:U] = h5py.VirtualSource('s.h5', 'd', shape=(10, 10), maxshape=(None, None))[0:U, 0:U]",
                () -> new VirtualLayout(Shape.of(10, 10), DType.INT32, Shape.of(Shape.UNLIMITED, Shape.UNLIMITED))
                        .set("0:UNLIMITED, 0:UNLIMITED", growingSource("s.h5", 10, 10).slice("0:UNLIMITED, 0:UNLIMITED"))),
        new Case("unlimited source, bounded virtual selection", "l = VL((10,), (None,)); "
                + "l[0:10] = h5py.VirtualSource('s.h5', 'd', shape=(10,), maxshape=(None,))[0:U]",
                () -> growing(10).set("0:10", growingSource("s.h5", 10).slice("0:UNLIMITED"))),
        new Case("unlimited virtual selection, bounded source, no %b", "l = VL((10,), (None,)); "
                + "l[0:U] = h5py.VirtualSource('s.h5', 'd', shape=(10,), maxshape=(None,))[0:10]",
                () -> growing(10).set("0:UNLIMITED", growingSource("s.h5", 10).slice("0:10"))),
        new Case("printf mapping", "l = VL((10,), (None,)); l[0:U:4] = h5py.VirtualSource('s_%b.h5', 'd', shape=(1,))",
                () -> growing(10).set("0:UNLIMITED:4", new VirtualSource("s_%b.h5", "d", Shape.of(1)))),
        new Case("%b without an unlimited selection", "l = VL((4, 100)); l[0] = h5py.VirtualSource('s_%b.h5', 'data', shape=(100,))",
                () -> layout(4, 100).set("0", new VirtualSource("s_%b.h5", "data", Shape.of(100)))),
        new Case("% followed by x", "l = VL((4, 100)); l[0] = h5py.VirtualSource('s_%x.h5', 'data', shape=(100,))",
                () -> layout(4, 100).set("0", new VirtualSource("s_%x.h5", "data", Shape.of(100)))),
        new Case("trailing %", "l = VL((4, 100)); l[0] = h5py.VirtualSource('s_%', 'data', shape=(100,))",
                () -> layout(4, 100).set("0", new VirtualSource("s_%", "data", Shape.of(100)))),
        new Case("%% in a dataset name", "l = VL((4, 100)); l[0] = h5py.VirtualSource('s.h5', 'd%%', shape=(100,))",
                () -> layout(4, 100).set("0", new VirtualSource("s.h5", "d%%", Shape.of(100)))),
        new Case("point selection, virtual", "l = VL((4, 100)); m = np.zeros((4, 100), bool); m[0] = True; l[m] = src",
                () -> layout(4, 100).map(Region.points(rowOfPoints()), "s.h5", "data", Region.all(1), Shape.of(100))),
        new Case("point selection, source", "l = VL((100,)); l[:] = src[np.ones(100, bool)]",
                () -> layout(100).map(Region.box(new long[] {0}, new long[] {100}), "s.h5", "data", Region.points(pointsOf100()))),
        new Case("index lists on both sides", "l = VL((4, 100)); l[0, [1, 3, 5]] = src[[2, 4, 6]]",
                () -> layout(4, 100).set("0, [1, 3, 5]", SRC.slice("[2, 4, 6]"))),
        new Case("index list against a slice", "l = VL((4, 100)); l[0, [1, 3, 5]] = src[0:3]",
                () -> layout(4, 100).set("0, [1, 3, 5]", SRC.slice("0:3"))),
        new Case("one element each", "l = VL((4, 100)); l[0, 0] = src[3]",
                () -> layout(4, 100).set("0, 0", SRC.slice("3"))),
        new Case("100 elements into 2 x 50", "l = VL((4, 100)); l[0:2, 0:50] = src",
                () -> layout(4, 100).set("0:2, 0:50", SRC)),
        new Case("unlimited 1-d from a column of 2-d", "l = VL((10,), (None,)); "
                + "l[0:U] = h5py.VirtualSource('s.h5', 'd', shape=(10, 2), maxshape=(None, 2))[0:U, 0]",
                () -> growing(10).set("0:UNLIMITED", growingSource("s.h5", 10, 2).slice("0:UNLIMITED, 0"))),
        new Case("unlimited, slices of other sizes", "l = VL((10, 3), (None, 3)); "
                + "l[0:U, 0] = h5py.VirtualSource('s.h5', 'd', shape=(10, 2), maxshape=(None, 2))[0:U, 0:2]",
                () -> growing(10, 3).set("0:UNLIMITED, 0", growingSource("s.h5", 10, 2).slice("0:UNLIMITED, 0:2"))),
        new Case("unlimited, slices of equal size", "l = VL((10, 3), (None, 3)); "
                + "l[0:U, 0:2] = h5py.VirtualSource('s.h5', 'd', shape=(10, 2), maxshape=(None, 2))[0:U, :]",
                () -> growing(10, 3).set("0:UNLIMITED, 0:2", growingSource("s.h5", 10, 2).slice("0:UNLIMITED, :"))),
        new Case("unlimited mapping in a layout without maxshape", "l = VL((10,)); "
                + "l[0:U] = h5py.VirtualSource('s.h5', 'd', shape=(10,), maxshape=(None,))[0:U]",
                () -> layout(10).set("0:UNLIMITED", growingSource("s.h5", 10).slice("0:UNLIMITED"))),
        new Case("printf block of 4, source of 4", lowPrintf(4, 4), () -> growing(0).map(printfBlocks(4), "s_%b.h5", "data", Region.all(1), Shape.of(4))),
        new Case("printf block of 4, source of 3", lowPrintf(4, 3), () -> growing(0).map(printfBlocks(4), "s_%b.h5", "data", Region.all(1), Shape.of(3))),
        new Case("printf block of 2, source of 4", lowPrintf(2, 4), () -> growing(0).map(printfBlocks(2), "s_%b.h5", "data", Region.all(1), Shape.of(4))),
        new Case("printf with an UNLIMITED block", """
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    vs = h5py.h5s.create_simple((0,), (U,)); vs.select_hyperslab((0,), (1,), stride=(1,), block=(U,))
                    dcpl.set_virtual(vs, b's_%b.h5', b'data', h5py.h5s.create_simple((4,)))""",
                () -> growing(0).map(Region.hyperslab(new long[] {0}, null, new long[] {1}, new long[] {Index.UNLIMITED}), "s_%b.h5", "data",
                        Region.all(1), Shape.of(4))),
        new Case("virtual selection beyond the dataset's extent", """
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    vs = h5py.h5s.create_simple((4, 100)); vs.select_hyperslab((0, 0), (1, 100))
                    dcpl.set_virtual(vs, b's.h5', b'data', h5py.h5s.create_simple((100,)))
                    with h5py.File('oob.h5', 'w', libver='latest') as f:
                        h5py.h5d.create(f.id, b'v', h5py.h5t.STD_I32LE, h5py.h5s.create_simple((4, 50)), dcpl=dcpl)""",
                () -> layout(4, 50).map(Region.box(new long[] {0, 0}, new long[] {1, 100}), "s.h5", "data", Region.all(1), Shape.of(100))),
        new Case("NONE selections on both sides", """
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    vs = h5py.h5s.create_simple((10,)); vs.select_none()
                    ss = h5py.h5s.create_simple((10,)); ss.select_none()
                    dcpl.set_virtual(vs, b's.h5', b'data', ss)""",
                () -> layout(10).map(Region.none(1), "s.h5", "data", Region.none(1))),
        new Case("source selection beyond a source of unknown extent", """
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    vs = h5py.h5s.create_simple((10,)); vs.select_hyperslab((0,), (10,))
                    ss = h5py.h5s.create_simple((5,)); ss.select_hyperslab((0,), (10,))
                    dcpl.set_virtual(vs, b's.h5', b'data', ss)""",
                () -> layout(10).map(Region.box(new long[] {0}, new long[] {10}), "s.h5", "data", Region.box(new long[] {0}, new long[] {10}))),
        new Case("scalar", "l = h5py.VirtualLayout((), 'i4'); l[()] = h5py.VirtualSource('s.h5', 'd', shape=())",
                () -> new VirtualLayout(Shape.SCALAR, DType.INT32).set("", new VirtualSource("s.h5", "d", Shape.SCALAR)))
    );

    private static String lowPrintf(long block, long source) {
        return "dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)\n"
                + "    vs = h5py.h5s.create_simple((0,), (U,)); vs.select_hyperslab((0,), (U,), stride=(4,), block=(" + block + ",))\n"
                + "    dcpl.set_virtual(vs, b's_%b.h5', b'data', h5py.h5s.create_simple((" + source + ",)))";
    }

    private static long[][] rowOfPoints() {
        long[][] p = new long[100][];
        for (int j = 0; j < 100; j++) p[j] = new long[] {0, j};
        return p;
    }

    private static long[][] pointsOf100() {
        long[][] p = new long[100][];
        for (int j = 0; j < 100; j++) p[j] = new long[] {j};
        return p;
    }

    /** "OK" or the exception h5py raised, per case name. */
    static Map<String, String> h5py(List<Case> cases) {
        StringBuilder py = new StringBuilder("""
                def VL(shape, maxshape=None):
                    return h5py.VirtualLayout(shape, 'i4', maxshape=maxshape)
                src = h5py.VirtualSource('s.h5', 'data', shape=(100,))
                def t(name, fn):
                    try:
                        fn()
                        print(name + '\\tOK')
                    except Exception as e:
                        print(name + '\\t' + type(e).__name__ + ': ' + str(e).replace('\\n', ' '))
                """);
        for (int i = 0; i < cases.size(); i++) {
            py.append("def case_").append(i).append("():\n    ").append(cases.get(i).python()).append("\n");
            py.append("t(").append(pyString(cases.get(i).name())).append(", case_").append(i).append(")\n");
        }
        Path dir = H5pyVds.folder("rules");
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : H5pyVds.run(dir, py.toString()).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) out.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return out;
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void acceptsWhatH5pyAcceptsAndRefusesWhatItRefuses() {
        Map<String, String> theirs = h5py(CASES);
        assertThat(theirs.keySet()).containsExactlyElementsOf(CASES.stream().map(Case::name).toList());
        List<String> disagreements = new ArrayList<>();
        for (Case c : CASES) {
            String h5py = theirs.get(c.name());
            String ours;
            try {
                c.java().run();
                ours = "OK";
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                ours = e.getClass().getSimpleName() + ": " + e.getMessage();
                // what was refused is named: the mapping (or the source being sliced)
                assertThat(e.getMessage()).as(c.name()).containsAnyOf("layout[", "mapping ", "s.h5", "s_%", "VirtualSource(");
            }
            if (h5py.equals("OK") != ours.equals("OK")) disagreements.add(c.name() + ": h5py " + h5py + " / h5vds " + ours);
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void refusalsNameTheMappingTheAxisAndTheValues() {
        assertThatThrownBy(() -> layout(4, 100).set("5", SRC)).isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("layout[5] = s.h5:data").hasMessageContaining("axis 0").hasMessageContaining("Index (5) out of range for (0-3)")
                .satisfies(e -> assertThat(((InvalidMappingException) e).axis()).isZero());
        assertThatThrownBy(() -> layout(4, 50).map(Region.box(new long[] {0, 0}, new long[] {1, 100}), "s.h5", "data", Region.all(1), Shape.of(100)))
                .isInstanceOf(InvalidMappingException.class).hasMessageContaining("axis 1").hasMessageContaining("index 99")
                .hasMessageContaining("(4, 50)");
        assertThatThrownBy(() -> growing(10, 3).set("0:UNLIMITED, 0", growingSource("s.h5", 10, 2).slice("0:UNLIMITED, 0:2")))
                .isInstanceOf(InvalidMappingException.class).hasMessageContaining("holds 1 elements in the virtual selection but 2 in the source");
        assertThatThrownBy(() -> growing(0).map(printfBlocks(2), "s_%b.h5", "data", Region.all(1), Shape.of(4)))
                .isInstanceOf(InvalidMappingException.class).hasMessageContaining("axis 0").hasMessageContaining("holds 2 elements (block 2)")
                .hasMessageContaining("holds 4");
        assertThatThrownBy(() -> layout(4, 100).set("0", new VirtualSource("s_%b.h5", "data", Shape.of(100))))
                .isInstanceOf(InvalidMappingException.class).hasMessageContaining("%b").hasMessageContaining("write a literal % as %%");
        assertThatThrownBy(() -> new VirtualSource("run_%d.h5", "data", Shape.of(100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run_%d.h5").hasMessageContaining("position 4").hasMessageContaining("VirtualSource.escape");
        assertThat(new VirtualSource(VirtualSource.escape("run_%d.h5"), "data", Shape.of(100)).fileName()).isEqualTo("run_%%d.h5");
        assertThatThrownBy(() -> layout(4, 100).map(Region.box(new long[] {0, 0}, new long[] {1, 100}), "s.h5", "data", Region.all(1)))
                .isInstanceOf(InvalidMappingException.class).hasMessageContaining("needs the source's shape");
        assertThatThrownBy(() -> new VirtualSource("", "data", Shape.of(3))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file name is empty");
        assertThatThrownBy(() -> new VirtualSource("a.h5", "data", Shape.of(3), null, Shape.of(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the shape");
        assertThatThrownBy(() -> new VirtualLayout(Shape.of(Shape.UNLIMITED), DType.INT8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxShape");
    }

    /**
     * libhdf5 1.10.8 accepts a virtual selection whose rank differs from the dataset's (made in a
     * dataspace of another rank) and creates the dataset, which it then cannot read; we refuse it.
     */
    @Test
    void aVirtualSelectionOfAnotherRankIsRefusedWhereLibhdf5WritesAFileItCannotRead() {
        Path dir = H5pyVds.folder("rank");
        String out = H5pyVds.run(dir, """
                with h5py.File('s.h5', 'w') as f:
                    f['data'] = np.arange(1, 101, dtype='i4')
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                vs = h5py.h5s.create_simple((4, 100)); vs.select_hyperslab((0, 0), (1, 100))
                dcpl.set_virtual(vs, b's.h5', b'data', h5py.h5s.create_simple((100,)))
                with h5py.File('r.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'v', h5py.h5t.STD_I32LE, h5py.h5s.create_simple((400,)), dcpl=dcpl)
                with h5py.File('r.h5', 'r') as f:
                    try:
                        f['v'][()]
                        print('read')
                    except OSError as e:
                        print(e)
                """);
        assertThat(out.strip()).contains("different number of elements selected");
        assertThatThrownBy(() -> layout(400).map(Region.box(new long[] {0, 0}, new long[] {1, 100}), "s.h5", "data", Region.all(1), Shape.of(100)))
                .isInstanceOf(InvalidMappingException.class).hasMessageContaining("rank 2").hasMessageContaining("(400,)");
    }

    /**
     * h5py 3.7 lets a sliced source be sliced again, but slices the slice's shape from the start
     * of the dataset: source[10:20][0:5] maps elements 0-4, not 10-14. We refuse, with h5py 2's
     * message.
     */
    @Test
    void slicingASliceIsRefusedWhereH5pyMapsTheWrongElements() {
        Path dir = H5pyVds.folder("twice");
        String out = H5pyVds.run(dir, """
                with h5py.File('s.h5', 'w') as f:
                    f['data'] = np.arange(100, dtype='i4')
                l = h5py.VirtualLayout((5,), 'i4')
                l[:] = h5py.VirtualSource('s.h5', 'data', shape=(100,))[10:20][0:5]
                with h5py.File('v.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('v', l)
                with h5py.File('v.h5', 'r') as f:
                    print(list(f['v'][()]))
                """);
        assertThat(out.strip()).isEqualTo("[0, 1, 2, 3, 4]");
        VirtualSource once = SRC.slice("10:20");
        assertThat(once.shape()).isEqualTo(Shape.of(10));
        assertThatThrownBy(() -> once.slice("0:5")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("VirtualSource objects can only be sliced once.");
    }

    /**
     * An UNLIMITED count in MultiBlockSlice is an h5vds extension: h5py 3.7's MultiBlockSlice
     * cannot express it (it raises), but its low-level API stores the same printf mapping, which
     * is what we store.
     */
    @Test
    void multiBlockSliceWithAnUnlimitedCountStoresWhatTheLowLevelApiStores() {
        Path dir = H5pyVds.folder("mbs");
        String out = H5pyVds.run(dir, """
                l = h5py.VirtualLayout((0,), 'i4', maxshape=(None,))
                try:
                    l[h5py.MultiBlockSlice(0, 4, U, 2)] = h5py.VirtualSource('s_%b.h5', 'data', shape=(2,))
                    print('accepted')
                except ValueError as e:
                    print('refused')
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                vs = h5py.h5s.create_simple((0,), (U,)); vs.select_hyperslab((0,), (U,), stride=(4,), block=(2,))
                dcpl.set_virtual(vs, b's_%b.h5', b'data', h5py.h5s.create_simple((2,)))
                with h5py.File('low.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'v', h5py.h5t.STD_I32LE, h5py.h5s.create_simple((0,), (U,)), dcpl=dcpl)
                """);
        assertThat(out.strip()).isEqualTo("refused");
        VirtualLayout l = growing(0).set(Index.of(Index.multiBlockSlice(0, 4, Index.UNLIMITED, 2)), new VirtualSource("s_%b.h5", "data", Shape.of(2)));
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            f.createVirtualDataset("v", l);
        }
        assertThat(org.h5vds.testing.HeapBlocks.of(dir.resolve("ours.h5"), "v")).isEqualTo(org.h5vds.testing.HeapBlocks.of(dir.resolve("low.h5"), "v"));
    }

    /** h5py's test_virtual_source.py: the shape of a sliced source, and integer shapes. */
    @Test
    void slicedSourceShapesAreH5pys() {
        String[][] cases = {
            {"20,30,30", ":,:,:"}, {"20,30,30", "5,:,:"}, {"20,30,30", "5"}, {"20,30,30", "5,:,10"}, {"20,30,30", "5:10,:,:"},
            {"20,30,30", "5:10,:,20:25"}, {"20,30,30", "6:12:2,:,20:26:3"}, {"20,30,30", "-10:16"}, {"20,30,30", "10:-4"},
            {"20,30,30", "-10:-4"}, {"20,30,30", "..."}, {"20,30,30", "0:1,..."}, {"20,30,30", "...,0:1"}, {"20,30,30,40", "0:1,...,5:6"},
            {"20", "2:12:3"}, {"20", "2:13:3"}, {"20", "2:14:3"}, {"20", "2:15:3"}, {"20", "2:16:3"}, {"20", "[1,5,7]"},
            {"20,4", "MultiBlockSlice(start=1,stride=5,count=3,block=2), 0"},
        };
        StringBuilder py = new StringBuilder("from h5py import MultiBlockSlice\n");
        for (String[] c : cases) {
            py.append("print(tuple(h5py.VirtualSource('test', 'test', (").append(c[0]).append(",))[").append(c[1]).append("].shape))\n");
        }
        py.append("print(h5py.VirtualSource('test', 'test', 20).shape, h5py.VirtualSource('test', 'test', 20, maxshape=30).maxshape)\n");
        String[] lines = H5pyVds.run(H5pyVds.folder("shapes"), py.toString()).strip().split("\n");
        for (int i = 0; i < cases.length; i++) {
            long[] shape = java.util.Arrays.stream(cases[i][0].split(",")).mapToLong(Long::parseLong).toArray();
            VirtualSource s = new VirtualSource("test", "test", Shape.of(shape)).slice(cases[i][1]);
            assertThat(s.shape().toString()).as("(%s)[%s]", cases[i][0], cases[i][1]).isEqualTo(lines[i]);
            assertThat(s.datasetShape()).isEqualTo(Shape.of(shape));
        }
        VirtualSource whole = new VirtualSource("test", "test", Shape.of(20), null, Shape.of(30));
        assertThat(whole.shape() + " " + whole.maxShape()).isEqualTo(lines[cases.length]);
        assertThat(whole.slice(":").shape()).isEqualTo(whole.shape());
        assertThat(whole.isSliced()).isFalse();
        assertThat(whole.selection()).isEqualTo(Region.all(1));
    }
}
