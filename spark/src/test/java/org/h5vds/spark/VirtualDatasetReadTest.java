package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Virtual datasets that h5py (libhdf5 1.10.8) wrote, read through Spark and compared with h5py's
 * reads: the six seed examples (the seed's scripts, in working form), printf and unlimited
 * mappings under both views, missing sources, and a virtual dataset over 2,000 sources. Large
 * ones are compared through exact moments (count, sum, and the sums weighted by each axis's
 * coordinate, which any misplaced element changes), small ones element by element.
 */
class VirtualDatasetReadTest {
    static Path dir;
    /** The moments h5py printed, one line per example: name, count, sum, then one weighted sum per axis. */
    static List<String> h5pyMoments;

    @BeforeAll
    static void files() {
        dir = H5pyVds.folder("spark-vds");
        h5pyMoments = H5pyVds.run(dir, """
                def moments(name, d):
                    d = d.astype('f8')
                    out = [d.size, d.sum()]
                    for k in range(d.ndim):
                        s = d.sum(axis=tuple(j for j in range(d.ndim) if j != k))
                        out.append((s * np.arange(d.shape[k])).sum())
                    print(name, ' '.join(repr(float(x)) for x in out))
                def example(name):
                    os.makedirs(name, exist_ok=True)
                    os.chdir(name)
                rng = np.random.default_rng(11)
                top = os.getcwd()

                example('vds_simple')
                for n in range(1, 5):
                    with h5py.File(f'{n}.h5', 'w') as f:
                        f['data'] = np.arange(100, dtype='i4') + n
                layout = h5py.VirtualLayout(shape=(4, 100), dtype='i4')
                for n in range(1, 5):
                    layout[n - 1] = h5py.VirtualSource(f'{n}.h5', 'data', shape=(100,))
                with h5py.File('VDS.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('vdata', layout, fillvalue=-5)
                    save('../vds_simple', f['vdata'][()])
                os.chdir(top)

                example('dataset_concatenation')
                sh = (5, 10, 20)
                layout = h5py.VirtualLayout(shape=(5,) + sh, dtype='f8')
                for i in range(5):
                    with h5py.File(f'myfile_{i}', 'w') as f:
                        f['data'] = rng.integers(0, 1000, sh).astype('i4')
                    layout[i, :, :, :] = h5py.VirtualSource(os.path.abspath(f'myfile_{i}'), 'data', shape=sh)
                with h5py.File('VDS.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=0)
                    save('../dataset_concatenation', f['data'][()])
                os.chdir(top)

                example('excalibur_detector_modules')
                layout = h5py.VirtualLayout(shape=(5, 1586, 2048), dtype='u2')
                for s in range(1, 7):
                    frame = (np.arange(5)[:, None, None] * s * 1000 + np.arange(256)[None, :, None] * 7 + np.arange(2048)[None, None, :]) % 65536
                    with h5py.File(f'stripe_{s}.h5', 'w') as f:
                        f.create_dataset('data', data=frame.astype('u2'), chunks=(1, 256, 2048), compression='gzip', compression_opts=1)
                    layout[:, (s - 1) * 266:(s - 1) * 266 + 256, :] = h5py.VirtualSource(f'stripe_{s}.h5', 'data', shape=(5, 256, 2048))
                with h5py.File('full_detector.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('full_frame', layout, fillvalue=1)
                    moments('excalibur_detector_modules', f['full_frame'][()])
                os.chdir(top)

                example('dual_pco_edge')
                layout = h5py.VirtualLayout(shape=(5, 442, 256), dtype='u2')
                for i in range(2):
                    data = (100 * (i + 1) + np.arange(5)[:, None, None] + np.arange(216)[None, :, None] + 3 * np.arange(256)[None, None, :]).astype('u2')
                    with h5py.File(f'raw_file_{i + 1}.h5', 'w') as f:
                        f.create_dataset('data', data=data, chunks=(1, 216, 256))
                    layout[:, i * 226:i * 226 + 216, :] = h5py.VirtualSource(f'raw_file_{i + 1}.h5', 'data', shape=(5, 216, 256))
                with h5py.File('outfile.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=1)
                    moments('dual_pco_edge', f['data'][()])
                os.chdir(top)

                example('eiger_use_case')
                layout = h5py.VirtualLayout(shape=(35, 120, 130), dtype='f8')
                for i in range(5):
                    with h5py.File(f'{i + 1}.h5', 'w') as f:
                        f.create_dataset('data', data=rng.integers(0, 1 << 16, (7, 120, 130)), chunks=(1, 120, 130), compression=32008, compression_opts=(0, 2))
                    layout[i * 7:(i + 1) * 7] = h5py.VirtualSource(f'{i + 1}.h5', 'data', shape=(7, 120, 130))
                with h5py.File('eiger_vds.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=0)
                    moments('eiger_use_case', f['data'][()])
                os.chdir(top)

                example('percival_use_case')
                layout = h5py.VirtualLayout(shape=(799, 40, 40), dtype='u2')
                for k, n in enumerate([200, 200, 200, 199]):
                    data = ((np.arange(n) * 4 + k)[:, None, None] + 5 * np.arange(40)[None, :, None] + np.arange(40)[None, None, :]).astype('u2')
                    with h5py.File(f'raw_file_{k + 1}.h5', 'w') as f:
                        f.create_dataset('data', data=data, chunks=(10, 40, 40))
                    layout[k:799:4] = h5py.VirtualSource(f'raw_file_{k + 1}.h5', 'data', shape=(n, 40, 40))
                with h5py.File('full_time_series.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=1)
                    moments('percival_use_case', f['data'][()])
                os.chdir(top)

                example('printf')
                for i in [0, 1, 2, 4]:
                    with h5py.File(f'p_{i}.h5', 'w') as f:
                        f['frames'] = (np.arange(2 * 3 * 4, dtype='<u2').reshape(2, 3, 4) + 100 * i)
                vspace = h5py.h5s.create_simple((0, 3, 4), (U, 3, 4))
                vspace.select_hyperslab((0, 0, 0), (U, 1, 1), stride=(2, 1, 1), block=(2, 3, 4))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_fill_value(np.array([7]))
                dcpl.set_virtual(vspace, b'p_%b.h5', b'frames', h5py.h5s.create_simple((2, 3, 4)))
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'frames', h5py.h5t.STD_U16LE, vspace, dcpl=dcpl)
                with h5py.File('vds.h5', 'r') as f:
                    save('../printf_first', open_with(f, 'frames', view=FIRST)[()])
                    save('../printf_last_1', open_with(f, 'frames', view=LAST, gap=1)[()])
                os.chdir(top)

                example('unlimited')
                for i in range(3):
                    with h5py.File(f's{i}.h5', 'w') as f:
                        f.create_dataset('d', data=np.arange(5 + 3 * i) + 10 * i, maxshape=(None,), chunks=(4,))
                lay = h5py.VirtualLayout(shape=(3, 5), maxshape=(3, None), dtype='i8')
                for i in range(3):
                    lay[i, 0:U] = h5py.VirtualSource(f's{i}.h5', 'd', shape=(5,), maxshape=(None,))[0:U]
                lay2 = h5py.VirtualLayout(shape=(5,), maxshape=(None,), dtype='i8')
                lay2[0:U] = h5py.VirtualSource('s2.h5', 'd', shape=(5,), maxshape=(None,))[0:U]
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('rows', lay, fillvalue=-1)
                    f.create_virtual_dataset('line', lay2, fillvalue=-1)
                with h5py.File('vds.h5', 'r') as f:
                    save('../unlimited_rows_first', open_with(f, 'rows', view=FIRST)[()])
                    save('../unlimited_rows_last', open_with(f, 'rows', view=LAST)[()])
                    save('../unlimited_line', f['line'][()])
                os.chdir(top)

                example('missing')
                with h5py.File('here.h5', 'w') as f:
                    f['d'] = np.arange(6, dtype='i2')
                layout = h5py.VirtualLayout(shape=(12,), dtype='i2')
                layout[0:6] = h5py.VirtualSource('here.h5', 'd', shape=(6,))
                layout[6:12] = h5py.VirtualSource('gone.h5', 'd', shape=(6,))
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('d', layout, fillvalue=-9)
                    save('../missing', f['d'][()])
                os.chdir(top)

                example('many')
                layout = h5py.VirtualLayout(shape=(2000 * 3, 4), dtype='i4')
                for i in range(2000):
                    with h5py.File(f'src_{i:04d}.h5', 'w') as f:
                        f['d'] = (np.arange(12, dtype='i4') + 12 * i).reshape(3, 4)
                    layout[3 * i:3 * i + 3] = h5py.VirtualSource(f'src_{i:04d}.h5', 'd', shape=(3, 4))
                with h5py.File('many.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('d', layout, fillvalue=0)
                    save('../many', f['d'][()])
                    save('../many_column', f['d'][:, 2])
                os.chdir(top)
                with h5py.File('percival_use_case/full_time_series.h5', 'r') as f:
                    save('percival_pixel', f['data'][:, 3, 7])
                """).lines().toList();
    }

    private static Dataset<Row> read(String file, String dataset, String... options) {
        var r = SparkTests.spark().read().format("hdf5").option("dataset", dataset);
        for (int i = 0; i + 1 < options.length; i += 2) r = r.option(options[i], options[i + 1]);
        return r.load(dir.resolve(file).toString());
    }

    private static List<String> values(Dataset<Row> df) {
        return Elements.of(df.orderBy("index").collectAsList(), "value");
    }

    /** Spark's moments of a dataset, from the elements layout: as Python's {@code moments} prints them. */
    private static double[] sparkMoments(Dataset<Row> elements, int rank) {
        String[] q = new String[rank + 2];
        q[0] = "cast(count(*) AS double)";
        q[1] = "sum(cast(value AS double))";
        for (int k = 0; k < rank; k++) q[k + 2] = "sum(cast(value AS double) * index" + k + ")";
        Row r = elements.selectExpr(q).first();
        double[] out = new double[r.length()];
        for (int i = 0; i < out.length; i++) out[i] = r.getDouble(i);
        return out;
    }

    private static double[] h5pyMoments(String name) {
        String line = h5pyMoments.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
        String[] f = line.split(" ");
        double[] out = new double[f.length - 1];
        for (int i = 1; i < f.length; i++) out[i - 1] = Double.parseDouble(f[i]);
        return out;
    }

    @Test
    void theSeedExamplesReadAsH5pyReadsThem() {
        assertThat(values(read("vds_simple/VDS.h5", "vdata"))).isEqualTo(Elements.of(H5pyVds.expected(dir, "vds_simple")));
        assertThat(values(read("dataset_concatenation/VDS.h5", "data"))).isEqualTo(Elements.of(H5pyVds.expected(dir, "dataset_concatenation")));
        String[][] large = {
                {"excalibur_detector_modules", "excalibur_detector_modules/full_detector.h5", "full_frame"},
                {"dual_pco_edge", "dual_pco_edge/outfile.h5", "data"},
                {"eiger_use_case", "eiger_use_case/eiger_vds.h5", "data"},
                {"percival_use_case", "percival_use_case/full_time_series.h5", "data"}};
        for (String[] e : large) {
            assertThat(sparkMoments(read(e[1], e[2], "layout", "elements"), 3)).as(e[0]).containsExactly(h5pyMoments(e[0]));
        }
        List<Row> pixel = read("percival_use_case/full_time_series.h5", "data").selectExpr("index", "value[3][7] AS value").orderBy("index").collectAsList();
        assertThat(Elements.of(pixel, "value")).isEqualTo(Elements.of(H5pyVds.expected(dir, "percival_pixel")));
    }

    @Test
    void partitionsFollowMappingsAndSourceChunks() {
        // Percival: frame i of source k is frame 4 i + k; sources chunked by 10 frames, so clean cuts fall every 40 frames
        Dataset<Row> percival = read("percival_use_case/full_time_series.h5", "data", "partitionBytes", Long.toString(30 * 40 * 40 * 2));
        assertThat(percival.rdd().getNumPartitions()).isEqualTo(20);
        // Excalibur: every stripe is chunked by frame; two frames per partition
        Dataset<Row> excalibur = read("excalibur_detector_modules/full_detector.h5", "full_frame", "partitionBytes", Long.toString(2L * 1586 * 2048 * 2));
        assertThat(excalibur.rdd().getNumPartitions()).isEqualTo(3);
        assertThat(excalibur.selectExpr("sum(value[1000][1000])").first().getLong(0))
                .isEqualTo(read("excalibur_detector_modules/full_detector.h5", "full_frame").selectExpr("sum(value[1000][1000])").first().getLong(0));
    }

    @Test
    void printfAndUnlimitedMappingsFollowTheViewOptions() {
        assertThat(values(read("printf/vds.h5", "frames", "view", "first-missing"))).isEqualTo(Elements.of(H5pyVds.expected(dir, "printf_first")));
        assertThat(values(read("printf/vds.h5", "frames", "printfGap", "1"))).isEqualTo(Elements.of(H5pyVds.expected(dir, "printf_last_1")));
        assertThat(values(read("unlimited/vds.h5", "rows", "view", "first-missing"))).isEqualTo(Elements.of(H5pyVds.expected(dir, "unlimited_rows_first")));
        assertThat(values(read("unlimited/vds.h5", "rows"))).isEqualTo(Elements.of(H5pyVds.expected(dir, "unlimited_rows_last")));
        assertThat(values(read("unlimited/vds.h5", "line"))).isEqualTo(Elements.of(H5pyVds.expected(dir, "unlimited_line")));
    }

    @Test
    void missingSourcesReadAsTheFillValueOrFailWhenAskedTo() {
        assertThat(values(read("missing/vds.h5", "d"))).isEqualTo(Elements.of(H5pyVds.expected(dir, "missing")));
        assertThatThrownBy(() -> read("missing/vds.h5", "d", "missingSources", "error").selectExpr("sum(value)").first())
                .hasStackTraceContaining("gone.h5");
        assertThat(read("missing/vds.h5", "d", "missingSources", "error").where("index < 6").selectExpr("sum(value)").first().getLong(0))
                .as("rows that need no missing source still read").isEqualTo(15);
    }

    @Test
    void aVirtualDatasetOver2000Sources() {
        Dataset<Row> df = read("many/many.h5", "d", "partitionBytes", Long.toString(100 * 4 * 4));
        assertThat(df.rdd().getNumPartitions()).isEqualTo(60);
        assertThat(values(df)).isEqualTo(Elements.of(H5pyVds.expected(dir, "many")));
        List<Row> column = df.selectExpr("index", "value[2] AS value").where("index >= 3000 AND index < 3003").orderBy("index").collectAsList();
        assertThat(Elements.of(column, "value")).isEqualTo(Elements.of(H5pyVds.expected(dir, "many_column")).subList(3000, 3003));
        assertThat(df.where("index >= 3000 AND index < 3003").rdd().getNumPartitions()).as("pruned to the one partition holding the rows").isEqualTo(1);
    }
}
