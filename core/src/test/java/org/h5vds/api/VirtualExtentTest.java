package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Virtual datasets with unlimited and printf ({@code %b}) mappings: the extent computed from the
 * sources, under both views and several printf gaps, and after sources grow ({@link Dataset#refresh()}),
 * equals what h5py (libhdf5 1.10.8) reports and reads with the same access properties.
 */
class VirtualExtentTest {

    private static void assertLikeH5py(Path dir, String file, String dataset, ReadOptions options, String expected) {
        NdArray want = H5pyVds.expected(dir, expected);
        try (H5File f = H5File.open(dir.resolve(file), options)) {
            Dataset d = f.dataset(dataset);
            assertThat(d.shape().toArray()).as("%s %s shape", dataset, options).containsExactly(want.shape());
            assertThat(d.read()).as("%s %s", dataset, options).isEqualTo(want);
            if (want.size() > 0) {
                java.util.Random rnd = new java.util.Random(expected.hashCode());
                for (int k = 0; k < 8; k++) {
                    String index = NumpyReference.randomIndex(want.shape(), rnd);
                    assertThat(d.read(index)).as("%s %s [%s]", dataset, options, index).isEqualTo(NumpyReference.select(want, index));
                }
            }
        }
    }

    private static ReadOptions first() {
        return ReadOptions.defaults().virtualView(VirtualView.FIRST_MISSING);
    }

    private static ReadOptions last(long gap) {
        return ReadOptions.defaults().virtualView(VirtualView.LAST_AVAILABLE).printfGap(gap);
    }

    @Test
    void printfMappingsFindBlocksUpToTheGap() {
        Path dir = H5pyVds.make("printf", """
                for i in [0, 1, 2, 4, 5, 9]:
                    with h5py.File(f'p_{i}.h5', 'w') as f:
                        f['data'] = np.arange(10, dtype='<i8') + 100 * i
                        f['frames'] = np.arange(2 * 3 * 4, dtype='<u2').reshape(2, 3, 4) + 100 * i
                def printf(f, name, vshape, vmax, start, stride, block, file_name, dset_name, sshape, dtype, fill):
                    vspace = h5py.h5s.create_simple(vshape, vmax)
                    count = tuple(U if s != 1 or i == 0 else 1 for i, s in enumerate(stride))
                    vspace.select_hyperslab(start, count, stride=stride, block=block)
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_fill_value(np.array([fill]))
                    dcpl.set_virtual(vspace, file_name, dset_name, h5py.h5s.create_simple(sshape))
                    h5py.h5d.create(f.id, name.encode(), dtype, vspace, dcpl=dcpl)
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    printf(f, 'line', (0,), (U,), (0,), (12,), (10,), b'p_%b.h5', b'data', (10,), h5py.h5t.STD_I64LE, -1)
                    printf(f, 'frames', (0, 3, 4), (U, 3, 4), (1, 0, 0), (3, 1, 1), (2, 3, 4), b'p_%b.h5', b'frames', (2, 3, 4), h5py.h5t.STD_U16LE, 7)
                    printf(f, 'percent', (0,), (U,), (0,), (10,), (10,), b'p_%b.h5', b'd%%ata', (10,), h5py.h5t.STD_I64LE, -1)
                with h5py.File('vds.h5', 'r') as f:
                    for name in ['line', 'frames', 'percent']:
                        save(name + '_first', open_with(f, name, view=FIRST)[()])
                        for gap in [0, 1, 3, 4]:
                            save(f'{name}_last_{gap}', open_with(f, name, view=LAST, gap=gap)[()])
                """);
        for (String name : new String[] {"line", "frames", "percent"}) {
            assertLikeH5py(dir, "vds.h5", name, first(), name + "_first");
            for (int gap : new int[] {0, 1, 3, 4}) assertLikeH5py(dir, "vds.h5", name, last(gap), name + "_last_" + gap);
        }
        // the gap is ignored with FIRST_MISSING, as libhdf5 ignores it
        assertLikeH5py(dir, "vds.h5", "line", first().printfGap(4), "line_first");
    }

    @Test
    void unlimitedMappingsFollowTheirSourcesAndRefreshSeesThemGrow() {
        Path dir = H5pyVds.make("unlimited", """
                for i in range(3):
                    with h5py.File(f's{i}.h5', 'w') as f:
                        f.create_dataset('d', data=np.arange(5) + 10 * i, maxshape=(None,), chunks=(4,))
                lay = h5py.VirtualLayout(shape=(3, 5), maxshape=(3, None), dtype='i8')
                for i in range(3):
                    lay[i, 0:U] = h5py.VirtualSource(f's{i}.h5', 'd', shape=(5,), maxshape=(None,))[0:U]
                vspace = h5py.h5s.create_simple((20,), (U,))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_fill_value(np.array([-2]))
                for i in range(3):
                    vspace.select_hyperslab((i,), (U,), stride=(4,), block=(1,))
                    src = h5py.h5s.create_simple((5,), (U,))
                    src.select_hyperslab((0,), (U,), stride=(1,), block=(1,))
                    dcpl.set_virtual(vspace, f's{i}.h5'.encode(), b'd', src)
                lay3 = h5py.VirtualLayout(shape=(5, 2), maxshape=(None, 2), dtype='i8')
                lay3[0:U, 0] = h5py.VirtualSource('s0.h5', 'd', shape=(5,), maxshape=(None,))[0:U]
                lay3[0:U, 1] = h5py.VirtualSource('gone.h5', 'd', shape=(5,), maxshape=(None,))[0:U]
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('rows', lay, fillvalue=-1)
                    h5py.h5d.create(f.id, b'interleaved', h5py.h5t.STD_I64LE, vspace, dcpl=dcpl)
                    f.create_virtual_dataset('one_missing', lay3, fillvalue=-3)
                def grow(sizes):
                    for i, n in enumerate(sizes):
                        with h5py.File(f's{i}.h5', 'a') as f:
                            d = f['d']; d.resize((n,)); d[:] = np.arange(n) + 10 * i
                def snapshot(tag):
                    with h5py.File('vds.h5', 'r') as f:
                        for name in ['rows', 'interleaved', 'one_missing']:
                            save(f'{name}_{tag}_first', open_with(f, name, view=FIRST)[()])
                            save(f'{name}_{tag}_last', open_with(f, name, view=LAST)[()])
                snapshot('initial')
                grow([8, 12, 10])
                snapshot('grown')
                """);
        String[] names = {"rows", "interleaved", "one_missing"};
        for (String name : names) {
            assertLikeH5py(dir, "vds.h5", name, first(), name + "_grown_first");
            assertLikeH5py(dir, "vds.h5", name, last(0), name + "_grown_last");
        }
        H5pyVds.run(dir, """
                for i, n in enumerate([5, 5, 5]):
                    with h5py.File(f's{i}.h5', 'a') as f:
                        d = f['d']; d.resize((n,)); d[:] = np.arange(n) + 10 * i
                """);
        try (H5File f = H5File.open(dir.resolve("vds.h5"), first())) {
            Dataset rows = f.dataset("rows");
            assertThat(rows.read()).isEqualTo(H5pyVds.expected(dir, "rows_initial_first"));
            H5pyVds.run(dir, """
                    for i, n in enumerate([8, 12, 10]):
                        with h5py.File(f's{i}.h5', 'a') as f:
                            d = f['d']; d.resize((n,)); d[:] = np.arange(n) + 10 * i
                    """);
            assertThat(rows.read()).as("no refresh: the extent computed at open stays").isEqualTo(H5pyVds.expected(dir, "rows_initial_first"));
            assertThat(rows.refresh().read()).isEqualTo(H5pyVds.expected(dir, "rows_grown_first"));
            Dataset interleaved = f.dataset("interleaved").refresh();
            assertThat(interleaved.read()).isEqualTo(H5pyVds.expected(dir, "interleaved_grown_first"));
        }
    }

    @Test
    void sameFileUnlimitedSourceAsInH5pysResizeTest() {
        Path dir = H5pyVds.make("resize", """
                with h5py.File('resize.h5', 'w') as f:
                    src = f.create_dataset('source', data=np.arange(20), shape=(10, 2), maxshape=(None, 2), chunks=(10, 1), fillvalue=-1)
                    lay = h5py.VirtualLayout((10, 1), int, maxshape=(None, 1))
                    lay[:U, 0] = h5py.VirtualSource(src)[:U, 1]
                    f.create_virtual_dataset('virtual', lay)
                with h5py.File('resize.h5', 'r') as f:
                    save('before', f['virtual'][()])
                with h5py.File('resize.h5', 'a') as f:
                    f['source'].resize(20, axis=0)
                with h5py.File('resize.h5', 'r') as f:
                    save('resized', f['virtual'][()])
                """);
        assertLikeH5py(dir, "resize.h5", "virtual", ReadOptions.defaults(), "resized");
    }

    @Test
    void percivalUnlimitedInterleavingBothViews() {
        Path dir = H5pyVds.make("percival-unlimited", """
                for k, n in enumerate([20, 20, 20, 19]):
                    with h5py.File(f'raw_{k}.h5', 'w') as f:
                        f.create_dataset('data', data=np.arange(n * 3 * 2, dtype='<i2').reshape(n, 3, 2) + 1000 * k, maxshape=(None, 3, 2))
                vspace = h5py.h5s.create_simple((1, 3, 2), (U, 3, 2))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_fill_value(np.array([-1]))
                for k, n in enumerate([20, 20, 20, 19]):
                    src = h5py.h5s.create_simple((n, 3, 2), (U, 3, 2))
                    src.select_hyperslab((0, 0, 0), (U, 1, 1), stride=(1, 1, 1), block=(1, 3, 2))
                    vspace.select_hyperslab((k, 0, 0), (U, 1, 1), stride=(4, 1, 1), block=(1, 3, 2))
                    dcpl.set_virtual(vspace, f'raw_{k}.h5'.encode(), b'data', src)
                with h5py.File('percival.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'data', h5py.h5t.NATIVE_INT16, vspace, dcpl=dcpl)
                with h5py.File('percival.h5', 'r') as f:
                    save('first', open_with(f, 'data', view=FIRST)[()])
                    save('last', open_with(f, 'data', view=LAST)[()])
                """);
        assertLikeH5py(dir, "percival.h5", "data", first(), "first");
        assertLikeH5py(dir, "percival.h5", "data", last(0), "last");
    }

    @Test
    void printfBlocksCreatedLaterAppearAfterRefreshAndGapsAreListed() {
        Path dir = H5pyVds.make("printf-refresh", """
                def block(i):
                    with h5py.File(f'f{i}.h5', 'w') as f:
                        f['d'] = np.arange(3, dtype='<i4') + 10 * i
                for i in [0, 2]:
                    block(i)
                vspace = h5py.h5s.create_simple((0,), (U,))
                vspace.select_hyperslab((0,), (U,), stride=(3,), block=(3,))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_fill_value(np.array([-1], dtype='<i4'))
                dcpl.set_virtual(vspace, b'f%b.h5', b'd', h5py.h5s.create_simple((3,)))
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'p', h5py.h5t.STD_I32LE, vspace, dcpl=dcpl)
                with h5py.File('vds.h5', 'r') as f:
                    save('before', open_with(f, 'p', view=LAST, gap=1)[()])
                block(1); block(3)
                with h5py.File('vds.h5', 'r') as f:
                    save('after', open_with(f, 'p', view=LAST, gap=1)[()])
                import os
                os.remove('f1.h5'); os.remove('f3.h5')
                """);
        try (H5File f = H5File.open(dir.resolve("vds.h5"), last(1))) {
            Dataset p = f.dataset("p");
            assertThat(p.read()).isEqualTo(H5pyVds.expected(dir, "before"));
            assertThat(p.unresolvedSources()).extracting(UnresolvedSource::fileName).containsExactly("f1.h5");
            H5pyVds.run(dir, """
                    for i in [1, 3]:
                        with h5py.File(f'f{i}.h5', 'w') as f:
                            f['d'] = np.arange(3, dtype='<i4') + 10 * i
                    """);
            assertThat(p.read()).as("before refresh").isEqualTo(H5pyVds.expected(dir, "before"));
            assertThat(p.refresh().shape().toArray()).containsExactly(12);
            assertThat(p.read()).isEqualTo(H5pyVds.expected(dir, "after"));
            assertThat(p.unresolvedSources()).isEmpty();
        }
    }

    /**
     * The blocks of a printf mapping whose source selection is ALL share one selection in libhdf5,
     * sized by the first block source it opens (the lowest found): a shorter later block (the last
     * file of an acquisition) reads its rows and then its source's fill beyond its extent, a longer
     * one its first rows; when the first block is the short one, a whole read fails as in libhdf5
     * (src and dest dataspaces have different number of elements selected) and reads within its
     * elements succeed.
     */
    @Test
    void printfBlocksOfAnotherShapeThanTheFirstAreReadThroughItsSelection() {
        Path dir = H5pyVds.make("printf-shapes", """
                def block(prefix, i, rows):
                    with h5py.File(f'{prefix}_{i}.h5', 'w') as f:
                        f.create_dataset('d', data=np.arange(rows * 3, dtype='<i4').reshape(rows, 3) + 1000 * i,
                                         maxshape=(None, 3), chunks=(1, 3), fillvalue=-9)
                for i, rows in [(0, 4), (1, 6), (2, 4), (3, 3)]:
                    block('src', i, rows)
                for i, rows in [(0, 3), (1, 4)]:
                    block('short', i, rows)
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    for name in ['src', 'short']:
                        vspace = h5py.h5s.create_simple((0, 3), (U, 3))
                        vspace.select_hyperslab((0, 0), (U, 1), stride=(4, 1), block=(4, 3))
                        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                        dcpl.set_fill_value(np.array([-1], dtype='<i4'))
                        dcpl.set_virtual(vspace, f'{name}_%b.h5'.encode(), b'd', h5py.h5s.create_simple((4, 3)))
                        h5py.h5d.create(f.id, name.encode(), h5py.h5t.STD_I32LE, vspace, dcpl=dcpl)
                with h5py.File('vds.h5', 'r') as f:
                    save('src_first', open_with(f, 'src', view=FIRST)[()])
                    save('src_last', open_with(f, 'src', view=LAST)[()])
                    short = f['short']
                    save('short_0_3', short[0:3])
                    save('short_4_7', short[4:7])
                    save('short_even', short[0:8:2])
                    try:
                        short[()]
                        save('short_whole_fails', [0])
                    except OSError as e:
                        save('short_whole_fails', [int('different number of elements selected' in str(e))])
                """);
        assertLikeH5py(dir, "vds.h5", "src", first(), "src_first");
        assertLikeH5py(dir, "vds.h5", "src", last(0), "src_last");
        assertThat(H5pyVds.expected(dir, "src_last").toIntArray()).contains(1008, -9).doesNotContain(1015, -1);
        assertThat(H5pyVds.expected(dir, "short_whole_fails").toLongArray()).containsExactly(1);
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            Dataset d = f.dataset("short");
            assertThat(d.read("0:3")).isEqualTo(H5pyVds.expected(dir, "short_0_3"));
            assertThat(d.read("4:7")).isEqualTo(H5pyVds.expected(dir, "short_4_7"));
            assertThat(d.read("0:8:2")).isEqualTo(H5pyVds.expected(dir, "short_even"));
            assertThatThrownBy(d::read).isInstanceOf(H5Exception.class).hasMessageContaining("short_0.h5")
                    .hasMessageContaining("src and dest dataspaces have different number of elements selected");
        }
    }
}
