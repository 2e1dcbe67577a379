package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.HeapBlocks;
import org.junit.jupiter.api.Test;

/**
 * The creation cases of h5py's tests/test_vds (test_highlevel_vds.py and test_lowlevel_vds.py),
 * ported: each test runs h5py's version (sources, h5py's virtual dataset, h5py's reading of it),
 * then builds the same virtual dataset with h5vds; h5py reads ours and gets what it got from its
 * own, our reader too, and the stored mapping list (the global heap object) is h5py's byte for
 * byte. Frames are smaller than h5py's 200 x 200 to keep the tests quick.
 */
class VirtualCreateTest {

    /** h5py reads {@code datasets} of our file as it read its own; our reader agrees; the heap blocks are equal. */
    static void assertLikeH5py(Path dir, String ours, String theirs, boolean sameHeapBlock, String... datasets) {
        StringBuilder py = new StringBuilder();
        for (int i = 0; i < datasets.length; i++) {
            py.append("with h5py.File('").append(ours).append("', 'r') as f:\n    save('ours_").append(i).append("', f['").append(datasets[i])
                    .append("'][()])\n");
            py.append("with h5py.File('").append(theirs).append("', 'r') as f:\n    save('theirs_").append(i).append("', f['")
                    .append(datasets[i]).append("'][()])\n");
        }
        H5pyVds.run(dir, py.toString());
        try (H5File f = H5File.open(dir.resolve(ours))) {
            for (int i = 0; i < datasets.length; i++) {
                NdArray expected = H5pyVds.expected(dir, "theirs_" + i);
                assertThat(H5pyVds.expected(dir, "ours_" + i)).as("h5py reading our %s", datasets[i]).isEqualTo(expected);
                Dataset d = f.dataset(datasets[i]);
                assertThat(d.isVirtual()).isTrue();
                assertThat(d.read()).as("our reading of our %s", datasets[i]).isEqualTo(expected);
            }
        }
        if (sameHeapBlock) {
            for (String d : datasets) {
                HexFormat hex = HexFormat.of();
                assertThat(hex.formatHex(HeapBlocks.of(dir.resolve(ours), d))).as("mapping list of %s", d)
                        .isEqualTo(hex.formatHex(HeapBlocks.of(dir.resolve(theirs), d)));
            }
        }
    }

    static String abs(Path dir, String name) {
        return dir.resolve(name).toAbsolutePath().toString();
    }

    // ---- TestEigerHighLevel / TestEigerLowLevel ---------------------------------------------------

    private static final String EIGER_SOURCES = """
            names = []
            for k, n in enumerate([20, 20, 20, 18]):
                name = os.path.abspath(f'raw_file_{k + 1}.h5')
                with h5py.File(name, 'w') as f:
                    f['data'] = np.ones((n, 20, 30)) * (3 if k == 3 else k)
                names.append((name, n))
            """;

    @Test
    void eigerHighLevel() {
        Path dir = H5pyVds.make("eiger-hl", EIGER_SOURCES + """
                layout = h5py.VirtualLayout(shape=(78, 20, 30), dtype=float)
                m = 0
                for name, n in names:
                    layout[m:m + n, :, :] = h5py.VirtualSource(name, 'data', shape=(n, 20, 30))
                    m += n
                with h5py.File('eiger.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=45)
                """);
        VirtualLayout layout = new VirtualLayout(Shape.of(78, 20, 30), DType.FLOAT64);
        long m = 0;
        int[] frames = {20, 20, 20, 18};
        for (int k = 0; k < 4; k++) {
            layout.set(m + ":" + (m + frames[k]) + ", :, :", new VirtualSource(abs(dir, "raw_file_" + (k + 1) + ".h5"), "data", Shape.of(frames[k], 20, 30)));
            m += frames[k];
        }
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            f.createVirtualDataset("data", layout, 45);
        }
        assertLikeH5py(dir, "ours.h5", "eiger.h5", true, "data");
        try (H5File f = H5File.open(dir.resolve("ours.h5"))) {
            Dataset d = f.dataset("data");
            assertThat(d.read("10, 10, 10").toDoubleArray()).containsExactly(0.0);
            assertThat(d.read("30, 10, 10").toDoubleArray()).containsExactly(1.0);
            assertThat(d.read("50, 10, 10").toDoubleArray()).containsExactly(2.0);
            assertThat(d.read("70, 10, 10").toDoubleArray()).containsExactly(3.0);
            assertThat(d.fillValue().toDoubleArray()).containsExactly(45.0);
        }
    }

    @Test
    void eigerLowLevel() {
        Path dir = H5pyVds.make("eiger-ll", EIGER_SOURCES + """
                with h5py.File('eiger.h5', 'w', libver='latest') as f:
                    virt_dspace = h5py.h5s.create_simple((78, 20, 30), (78, 20, 30))
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_fill_value(np.array([-1]))
                    k = 0
                    for name, n in names:
                        src_shape = (n, 20, 30)
                        src_dspace = h5py.h5s.create_simple(src_shape, src_shape)
                        src_dspace.select_hyperslab(start=(0, 0, 0), stride=(1, 1, 1), count=(1, 1, 1), block=src_shape)
                        virt_dspace.select_hyperslab(start=(k, 0, 0), stride=(1, 1, 1), count=(1, 1, 1), block=src_shape)
                        dcpl.set_virtual(virt_dspace, name.encode('utf-8'), b'data', src_dspace)
                        k += n
                    h5py.h5d.create(f.id, name=b'data', tid=h5py.h5t.NATIVE_INT16, space=virt_dspace, dcpl=dcpl)
                """);
        VirtualLayout layout = new VirtualLayout(Shape.of(78, 20, 30), DType.INT16);
        long k = 0;
        int[] frames = {20, 20, 20, 18};
        long[] ones = {1, 1, 1};
        for (int i = 0; i < 4; i++) {
            long[] srcShape = {frames[i], 20, 30};
            layout.map(Region.hyperslab(new long[] {k, 0, 0}, ones, ones, srcShape), abs(dir, "raw_file_" + (i + 1) + ".h5"), "data",
                    Region.hyperslab(new long[3], ones, ones, srcShape), Shape.of(srcShape));
            k += frames[i];
        }
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            f.createVirtualDataset("data", layout, -1);
        }
        assertLikeH5py(dir, "ours.h5", "eiger.h5", true, "data");
    }

    // ---- TestExcaliburHighLevel / TestExcaliburLowLevel -------------------------------------------

    private static final String EXCALIBUR_SOURCES = """
            names = [os.path.abspath('stripe_%d.h5' % s) for s in range(1, 7)]
            for k, name in enumerate(names):
                with h5py.File(name, 'w', libver='latest') as f:
                    d = f.create_dataset('data', shape=(5, 16, 64), maxshape=(5, 16, 64), chunks=(1, 16, 64), dtype='uint16')
                    for i in range(5):
                        d[i] = np.full((16, 64), i * k, dtype='uint16')
            """;

    @Test
    void excaliburHighLevel() {
        Path dir = H5pyVds.make("excalibur-hl", EXCALIBUR_SOURCES + """
                in_sh = h5py.File(names[0], 'r')['data'].shape
                dtype = h5py.File(names[0], 'r')['data'].dtype
                gap = 10
                layout = h5py.VirtualLayout(shape=(in_sh[0], in_sh[1] * 6 + gap * 5, in_sh[2]), dtype=dtype)
                offset = 0
                for name in names:
                    layout[:, offset:(offset + in_sh[1]), :] = h5py.VirtualSource(name, 'data', shape=in_sh)
                    offset += in_sh[1] + gap
                with h5py.File('excalibur.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=0x1)
                """);
        VirtualLayout layout;
        Shape in;
        DType dtype;
        try (H5File src = H5File.open(dir.resolve("stripe_1.h5"))) {
            in = src.dataset("data").shape();
            dtype = src.dataset("data").dtype();
        }
        layout = new VirtualLayout(Shape.of(in.get(0), in.get(1) * 6 + 50, in.get(2)), dtype);
        long offset = 0;
        for (int s = 1; s <= 6; s++) {
            layout.set(":, " + offset + ":" + (offset + in.get(1)) + ", :", new VirtualSource(abs(dir, "stripe_" + s + ".h5"), "data", in));
            offset += in.get(1) + 10;
        }
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            f.createVirtualDataset("data", layout, 0x1);
        }
        assertLikeH5py(dir, "ours.h5", "excalibur.h5", true, "data");
        try (H5File f = H5File.open(dir.resolve("ours.h5"))) {
            assertThat(f.dataset("data").read("3, 20, 0").toIntArray()).containsExactly(1);   // the gap: fill value
            assertThat(f.dataset("data").read("3, 30, 0").toIntArray()).containsExactly(3);   // stripe 2, frame 3
        }
    }

    @Test
    void excaliburLowLevel() {
        Path dir = H5pyVds.make("excalibur-ll", EXCALIBUR_SOURCES + """
                with h5py.File('excalibur.h5', 'w', libver='latest') as f:
                    src_dspace = h5py.h5s.create_simple((1, 16, 64), (5, 16, 64))
                    virt_dspace = h5py.h5s.create_simple((5, 16 * 6 + 50, 64), (5, 16 * 6 + 50, 64))
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_fill_value(np.array([0x01]))
                    src_dspace.select_hyperslab(start=(0, 0, 0), count=(1, 1, 1), block=(5, 16, 64))
                    y = 0
                    for name in names:
                        virt_dspace.select_hyperslab(start=(0, y, 0), count=(1, 1, 1), block=(5, 16, 64))
                        dcpl.set_virtual(virt_dspace, name.encode('utf-8'), b'/data', src_dspace)
                        y += 16 + 10
                    h5py.h5d.create(f.id, name=b'data', tid=h5py.h5t.NATIVE_INT16, space=virt_dspace, dcpl=dcpl)
                    assert f['data'].fillvalue == 0x01
                """);
        VirtualLayout layout = new VirtualLayout(Shape.of(5, 16 * 6 + 50, 64), DType.INT16);
        long[] ones = {1, 1, 1};
        long[] block = {5, 16, 64};
        long y = 0;
        for (int s = 1; s <= 6; s++) {
            // as in h5py's test, the source selection is larger than the (1, 16, 64) space it was made in
            layout.map(Region.hyperslab(new long[] {0, y, 0}, null, ones, block), abs(dir, "stripe_" + s + ".h5"), "/data",
                    Region.hyperslab(new long[3], null, ones, block));
            y += 26;
        }
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            Dataset d = f.createVirtualDataset("data", layout, 0x01);
            assertThat(d.fillValue().toIntArray()).containsExactly(1);
        }
        assertLikeH5py(dir, "ours.h5", "excalibur.h5", true, "data");
    }

    // ---- TestPercivalHighLevel / TestPercivalLowLevel ---------------------------------------------

    private static final String PERCIVAL_SOURCES = """
            names = []
            for k, n in enumerate([20, 20, 20, 19]):
                name = os.path.abspath(f'raw_file_{k + 1}.h5')
                with h5py.File(name, 'w') as f:
                    f['data'] = np.ones((n, 20, 30)) * k
                names.append((name, n))
            """;

    @Test
    void percivalHighLevelAndFromDatasets() {
        Path dir = H5pyVds.make("percival-hl", PERCIVAL_SOURCES + """
                layout = h5py.VirtualLayout(shape=(79, 20, 30), dtype=np.float64)
                for k, (name, n) in enumerate(names):
                    layout[k:79:4, :, :] = h5py.VirtualSource(name, 'data', shape=(n, 20, 30))[:, :, :]
                with h5py.File('percival.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=-5)
                layout = h5py.VirtualLayout(shape=(79, 20, 30), dtype=np.float64)
                for k, (name, n) in enumerate(names):
                    with h5py.File(name, 'r') as f:
                        layout[k:79:4, :, :] = h5py.VirtualSource(f['data'])
                with h5py.File('percival_ds.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=-5)
                """);
        int[] frames = {20, 20, 20, 19};
        VirtualLayout sliced = new VirtualLayout(Shape.of(79, 20, 30), DType.FLOAT64);
        VirtualLayout whole = new VirtualLayout(Shape.of(79, 20, 30), DType.FLOAT64);
        for (int k = 0; k < 4; k++) {
            String name = abs(dir, "raw_file_" + (k + 1) + ".h5");
            sliced.set(k + ":79:4, :, :", new VirtualSource(name, "data", Shape.of(frames[k], 20, 30)).slice(":, :, :"));
            try (H5File src = H5File.open(Path.of(name))) {
                VirtualSource s = VirtualSource.of(src.dataset("data"));
                assertThat(s.fileName()).isEqualTo(name);
                assertThat(s.datasetName()).isEqualTo("/data");
                assertThat(s.dtype()).contains(DType.FLOAT64);
                whole.set(k + ":79:4, :, :", s);
            }
        }
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            f.createVirtualDataset("data", sliced, -5);
        }
        try (H5File f = H5File.create(dir.resolve("ours_ds.h5"))) {
            f.createVirtualDataset("data", whole, -5);
        }
        assertLikeH5py(dir, "ours.h5", "percival.h5", true, "data");
        assertLikeH5py(dir, "ours_ds.h5", "percival_ds.h5", true, "data");
        try (H5File f = H5File.open(dir.resolve("ours.h5"))) {
            assertThat(f.dataset("data").read(":8, 10, 10").toDoubleArray()).containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
        }
    }

    @Test
    void percivalLowLevelUnlimited() {
        Path dir = H5pyVds.make("percival-ll", PERCIVAL_SOURCES + """
                with h5py.File('percival.h5', 'w', libver='latest') as f:
                    virt_dspace = h5py.h5s.create_simple((1, 20, 30), (U, 20, 30))
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_fill_value(np.array([-1]))
                    for k, (name, n) in enumerate(names):
                        src_dspace = h5py.h5s.create_simple((n, 20, 30), (U, 20, 30))
                        src_dspace.select_hyperslab(start=(0, 0, 0), stride=(1, 1, 1), count=(U, 1, 1), block=(1, 20, 30))
                        virt_dspace.select_hyperslab(start=(k, 0, 0), stride=(4, 1, 1), count=(U, 1, 1), block=(1, 20, 30))
                        dcpl.set_virtual(virt_dspace, name.encode('utf-8'), b'data', src_dspace)
                    h5py.h5d.create(f.id, name=b'data', tid=h5py.h5t.NATIVE_INT16, space=virt_dspace, dcpl=dcpl)
                """);
        VirtualLayout layout = new VirtualLayout(Shape.of(1, 20, 30), DType.INT16, Shape.of(Shape.UNLIMITED, 20, 30));
        long u = Index.UNLIMITED;
        for (int k = 0; k < 4; k++) {
            layout.map(Region.hyperslab(new long[] {k, 0, 0}, new long[] {4, 1, 1}, new long[] {u, 1, 1}, new long[] {1, 20, 30}),
                    abs(dir, "raw_file_" + (k + 1) + ".h5"), "data",
                    Region.hyperslab(new long[3], new long[] {1, 1, 1}, new long[] {u, 1, 1}, new long[] {1, 20, 30}));
        }
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            f.createVirtualDataset("data", layout, -1);
        }
        assertLikeH5py(dir, "ours.h5", "percival.h5", true, "data");
        try (H5File f = H5File.open(dir.resolve("ours.h5"))) {
            assertThat(f.dataset("data").shape()).isEqualTo(Shape.of(79, 20, 30));
            assertThat(f.dataset("data").maxShape()).isEqualTo(Shape.of(Shape.UNLIMITED, 20, 30));
        }
    }

    // ---- SlicingTestCase ---------------------------------------------------------------------------

    @Test
    void slicingSourcesIntoGroupsAndInspection() {
        Path dir = H5pyVds.make("slicing", """
                for n in range(1, 5):
                    with h5py.File(os.path.abspath(f'{n}.h5'), 'w') as f:
                        d = f.create_dataset('data', (100,), 'i4')
                        d[:] = np.arange(100) + n
                layout = h5py.VirtualLayout((4, 100), 'i4', maxshape=(4, None))
                for n in range(1, 5):
                    vsource = h5py.VirtualSource(os.path.abspath(f'{n}.h5'), 'data', shape=(100,))
                    layout[n - 1, :50] = vsource[0:100:2]
                    layout[n - 1, 50:] = vsource[1:100:2]
                with h5py.File('VDS.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('/group/data', layout, fillvalue=-5)
                """);
        VirtualLayout layout = new VirtualLayout(Shape.of(4, 100), DType.INT32, Shape.of(4, Shape.UNLIMITED));
        for (int n = 1; n <= 4; n++) {
            VirtualSource vsource = new VirtualSource(abs(dir, n + ".h5"), "data", Shape.of(100));
            layout.set((n - 1) + ", :50", vsource.slice("0:100:2"));
            layout.set(Index.of(Index.at(n - 1), Index.slice(50L, null)), vsource.slice(Index.of(Index.slice(1L, 100L, 2L))));
        }
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            Dataset d = f.createVirtualDataset("/group/data", layout, -5);
            assertThat(d.isVirtual()).isTrue();
            assertThat(d.virtualSources()).hasSize(8);
            assertThat(f.group("group").keys()).containsExactly("data");
        }
        assertLikeH5py(dir, "ours.h5", "VDS.h5", true, "/group/data");
        try (H5File f = H5File.open(dir.resolve("ours.h5")); H5File plain = H5File.open(dir.resolve("1.h5"))) {
            assertThat(plain.dataset("data").isVirtual()).isFalse();
            Dataset d = f.dataset("/group/data");
            assertThat(d.read("0, :3").toIntArray()).containsExactly(1, 3, 5);
            assertThat(d.read("0, 50:53").toIntArray()).containsExactly(2, 4, 6);
            assertThat(d.read("3, :3").toIntArray()).containsExactly(4, 6, 8);
            assertThat(d.read("3, 50:53").toIntArray()).containsExactly(5, 7, 9);
            Set<String> files = d.virtualSources().stream().map(VirtualSourceInfo::fileName).collect(Collectors.toSet());
            assertThat(files).containsExactlyInAnyOrder(abs(dir, "1.h5"), abs(dir, "2.h5"), abs(dir, "3.h5"), abs(dir, "4.h5"));
        }
    }

    @Test
    void mismatchedSelectionsAreRefusedAsInH5py() {
        Path dir = H5pyVds.folder("mismatch");
        String out = H5pyVds.run(dir, """
                layout = h5py.VirtualLayout((4, 100), 'i4', maxshape=(4, None))
                vsource = h5py.VirtualSource('1.h5', 'data', shape=(100,))
                try:
                    layout[0, :49] = vsource[0:100:2]
                    print('accepted')
                except ValueError as e:
                    print(e)
                """);
        assertThat(out).contains("different number");
        VirtualLayout layout = new VirtualLayout(Shape.of(4, 100), DType.INT32, Shape.of(4, Shape.UNLIMITED));
        VirtualSource vsource = new VirtualSource("1.h5", "data", Shape.of(100));
        assertThatThrownBy(() -> layout.set("0, :49", vsource.slice("0:100:2"))).isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("layout[0, :49] = 1.h5:data[0:100:2]").hasMessageContaining("49 elements").hasMessageContaining("50")
                .hasMessageContaining("different numbers of elements");
        assertThat(layout.size()).isZero();
    }

    // ---- IndexingTestCase --------------------------------------------------------------------------

    @Test
    void indexListsOnBothSides() {
        Path dir = H5pyVds.make("indexing", """
                with h5py.File(os.path.abspath('1.h5'), 'w') as f:
                    d = f.create_dataset('data', (10,), 'i4')
                    d[:] = np.arange(10) * 10
                layout = h5py.VirtualLayout((100,), 'i4')
                vsource = h5py.VirtualSource(os.path.abspath('1.h5'), 'data', shape=(10,))
                layout[[3, 6, 20, 25, 33, 47, 70, 75, 96, 98]] = vsource
                layout2 = h5py.VirtualLayout((6,), 'i4')
                layout2[1:] = vsource[[0, 1, 4, 5, 8]]
                with h5py.File('VDS.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('/data', layout, fillvalue=-5)
                    f.create_virtual_dataset(b'/data2', layout2, fillvalue=-3)
                """);
        VirtualSource vsource = new VirtualSource(abs(dir, "1.h5"), "data", Shape.of(10));
        VirtualLayout layout = new VirtualLayout(Shape.of(100), DType.INT32).set(Index.of(Index.list(3, 6, 20, 25, 33, 47, 70, 75, 96, 98)), vsource);
        VirtualLayout layout2 = new VirtualLayout(Shape.of(6), DType.INT32).set("1:", vsource.slice("[0, 1, 4, 5, 8]"));
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            f.createVirtualDataset("/data", layout, -5);
            f.createVirtualDataset("/data2", layout2, -3);
        }
        assertLikeH5py(dir, "ours.h5", "VDS.h5", true, "/data", "/data2");
        try (H5File f = H5File.open(dir.resolve("ours.h5"))) {
            assertThat(f.dataset("data2").read().toIntArray()).containsExactly(-3, 0, 10, 40, 50, 80);
        }
    }

    // ---- RelativeLinkTestCase / RelativeLinkBuildVDSTestCase ----------------------------------------

    @Test
    void sameFileSourcesAreStoredAsDotAndSurviveRenaming() throws IOException {
        sameFileSources(false);
    }

    @Test
    void buildVirtualDatasetStoresSameFileSourcesAsDot() throws IOException {
        sameFileSources(true);
    }

    private static void sameFileSources(boolean build) throws IOException {
        Path dir = H5pyVds.make(build ? "relative-build" : "relative", """
                f1 = os.path.abspath('testfile1.h5')
                f2 = os.path.abspath('testfile2.h5')
                with h5py.File(f1, 'w') as f:
                    f.create_dataset('data', (10,), 'f4')[:] = np.arange(10)
                with h5py.File(f2, 'w') as f:
                    f.create_dataset('data', (10,), 'f4')[:] = np.arange(10) * -1
                    if sys.argv[2:] == ['build']:
                        with f.build_virtual_dataset('virtual', (2, 10), dtype='f4') as layout:
                            layout[0] = h5py.VirtualSource(f1, 'data', shape=(10,))
                            layout[1] = h5py.VirtualSource(f2, 'data', shape=(10,))
                    else:
                        layout = h5py.VirtualLayout((2, 10), 'f4')
                        layout[0] = h5py.VirtualSource(f1, 'data', shape=(10,))
                        layout[1] = h5py.VirtualSource(f2, 'data', shape=(10,))
                        f.create_virtual_dataset('virtual', layout)
                """.replace("sys.argv[2:] == ['build']", build ? "True" : "False"));
        Path f1 = dir.resolve("testfile1.h5").toAbsolutePath();
        Path ours = dir.resolve("ours2.h5").toAbsolutePath();
        try (H5File f = H5File.create(ours)) {
            float[] minus = new float[10];
            for (int i = 0; i < 10; i++) minus[i] = -i;
            Dataset data = f.createDataset("data", NdArray.of(minus, 10));
            if (build) {
                f.buildVirtualDataset("virtual", Shape.of(2, 10), DType.FLOAT32, layout -> {
                    layout.set("0", new VirtualSource(f1.toString(), "data", Shape.of(10)));
                    layout.set("1", new VirtualSource(ours.toString(), "data", Shape.of(10)));
                });
                // a dataset of this very file, taken as a source, is stored as "."
                Dataset v = f.buildVirtualDataset("mirror", Shape.of(10), DType.FLOAT64, null, null,
                        layout -> layout.set("...", VirtualSource.of(data)));
                assertThat(v.virtualSources()).extracting(VirtualSourceInfo::fileName, VirtualSourceInfo::datasetName)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(".", "/data"));
            } else {
                VirtualLayout layout = new VirtualLayout(Shape.of(2, 10), DType.FLOAT32);
                layout.set("0", new VirtualSource(f1.toString(), "data", Shape.of(10)));
                layout.set("1", new VirtualSource(ours.toString(), "data", Shape.of(10)));
                Dataset v = f.createVirtualDataset("virtual", layout);
                assertThat(v.virtualSources().get(1).fileName()).isEqualTo(".");
            }
        }
        assertLikeH5py(dir, "ours2.h5", "testfile2.h5", true, "virtual");
        try (H5File f = H5File.open(ours)) {
            assertThat(f.dataset("virtual").virtualSources()).extracting(VirtualSourceInfo::fileName).containsExactly(f1.toString(), ".");
            if (build) assertThat(f.dataset("mirror").read().toDoubleArray()).containsExactly(0, -1, -2, -3, -4, -5, -6, -7, -8, -9);
        }
        // move the virtual file: "." follows it
        Files.move(ours, dir.resolve("ours3.h5"));
        Files.move(dir.resolve("testfile2.h5"), dir.resolve("testfile3.h5"));
        assertLikeH5py(dir, "ours3.h5", "testfile3.h5", false, "virtual");
        // move the other source away: its row reads as the fill value (0)
        Files.move(f1, dir.resolve("testfile4.h5"));
        assertLikeH5py(dir, "ours3.h5", "testfile3.h5", false, "virtual");
        try (H5File f = H5File.open(dir.resolve("ours3.h5"))) {
            assertThat(f.dataset("virtual").read("0").toFloatArray()).containsOnly(0f);
            assertThat(f.dataset("virtual").read("1, 3").toFloatArray()).containsExactly(-3f);
        }
    }

    // ---- VDSUnlimitedTestCase -------------------------------------------------------------------------

    @Test
    void unlimitedSameFileSourceFollowsH5pyResizingIt() {
        Path dir = H5pyVds.make("unlimited", """
                with h5py.File('resize.h5', 'w') as f:
                    source_dset = f.create_dataset('source', data=np.arange(20), shape=(10, 2), maxshape=(None, 2), chunks=(10, 1), fillvalue=-1)
                    layout = h5py.VirtualLayout((10, 1), int, maxshape=(None, 1))
                    layout[:U, 0] = h5py.VirtualSource(source_dset)[:U, 1]
                    f.create_virtual_dataset('virtual', layout)
                """);
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            long[] values = new long[20];
            for (int i = 0; i < 20; i++) values[i] = i;
            Dataset source = f.createDataset("source", NdArray.of(values, 10, 2),
                    DatasetOptions.chunked(10, 1).maxShape(Shape.UNLIMITED, 2).fillValue(-1));
            VirtualLayout layout = new VirtualLayout(Shape.of(10, 1), DType.INT64, Shape.of(Shape.UNLIMITED, 1));
            layout.set(":UNLIMITED, 0", VirtualSource.of(source).slice(":UNLIMITED, 1"));
            f.createVirtualDataset("virtual", layout);
        }
        assertLikeH5py(dir, "ours.h5", "resize.h5", true, "virtual");
        // h5py's test, on both files: the source grows, then is written
        H5pyVds.run(dir, """
                for name in ['ours', 'resize']:
                    with h5py.File(name + '.h5', 'a') as f:
                        save(name + '_1', f['virtual'][()])
                        f['source'].resize(20, axis=0)
                        save(name + '_2', f['virtual'][()])
                        f['source'][10:, 1] = np.zeros((10,), dtype=int)
                        save(name + '_3', f['virtual'][()])
                """);
        for (int stage = 1; stage <= 3; stage++) {
            assertThat(H5pyVds.expected(dir, "ours_" + stage)).as("stage %d", stage).isEqualTo(H5pyVds.expected(dir, "resize_" + stage));
        }
        long[] comp3 = new long[20];
        for (int i = 0; i < 10; i++) comp3[i] = 2 * i + 1;
        assertThat(H5pyVds.expected(dir, "ours_3")).isEqualTo(NdArray.of(comp3, 20, 1));
        try (H5File f = H5File.open(dir.resolve("ours.h5"))) {
            assertThat(f.dataset("virtual").read()).isEqualTo(NdArray.of(comp3, 20, 1));
        }
    }

    // ---- test_virtual_prefix (test_lowlevel_vds.py) --------------------------------------------------

    @Test
    void relativeSourceFoundThroughThePrefix() {
        Path dir = H5pyVds.make("prefix", """
                os.makedirs('a'); os.makedirs('b')
                with h5py.File('a/src.h5', 'w') as f:
                    f['data'] = np.arange(10)
                layout = h5py.VirtualLayout(shape=(10,), dtype=np.int64)
                layout[:] = h5py.VirtualSource('src.h5', 'data', shape=(10,))
                with h5py.File('b/vds.h5', 'w') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=-1)
                """);
        VirtualLayout layout = new VirtualLayout(Shape.of(10), DType.INT64).set(":", new VirtualSource("src.h5", "data", Shape.of(10)));
        try (H5File f = H5File.create(dir.resolve("b/ours.h5"))) {
            f.createVirtualDataset("data", layout, -1);
        }
        String a = dir.resolve("a").toAbsolutePath().toString();
        H5pyVds.run(dir, "for n in ['ours', 'vds']:\n"
                + "    with h5py.File('b/' + n + '.h5', 'r') as f:\n"
                + "        save(n + '_plain', f['data'][()])\n"
                + "        save(n + '_prefix', open_with(f, 'data', prefix='" + a + "')[()])\n");
        assertThat(H5pyVds.expected(dir, "ours_plain")).isEqualTo(H5pyVds.expected(dir, "vds_plain"));
        assertThat(H5pyVds.expected(dir, "ours_prefix")).isEqualTo(H5pyVds.expected(dir, "vds_prefix"));
        assertThat(HeapBlocks.of(dir.resolve("b/ours.h5"), "data")).isEqualTo(HeapBlocks.of(dir.resolve("b/vds.h5"), "data"));
        try (H5File f = H5File.open(dir.resolve("b/ours.h5"))) {
            assertThat(f.dataset("data").read()).isEqualTo(H5pyVds.expected(dir, "vds_plain"));
        }
        try (H5File f = H5File.open(dir.resolve("b/ours.h5"), ReadOptions.defaults().virtualPrefix(dir.resolve("a")))) {
            assertThat(f.dataset("data").read()).isEqualTo(H5pyVds.expected(dir, "vds_prefix"));
        }
        assertThat(H5pyVds.expected(dir, "vds_prefix").toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(H5pyVds.expected(dir, "vds_plain").toLongArray()).containsOnly(-1);
    }
}
