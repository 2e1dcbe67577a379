package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real HDFS, started in this JVM (Hadoop's MiniDFSCluster, one name node and one data node):
 * files and virtual datasets with relative (and printf) source names, written by h5py and copied
 * into HDFS, read through Spark equal to h5py's reads of the local copies; a DataFrame written to
 * HDFS reads back in h5py as one dataset.
 */
class HdfsTest {
    static MiniDFSCluster cluster;
    static FileSystem hdfs;
    static String root;
    static Path local;

    @BeforeAll
    static void start() throws IOException {
        local = H5pyVds.make("spark-hdfs", """
                rng = np.random.default_rng(5)
                with h5py.File('plain.h5', 'w') as f:
                    f.create_dataset('entry/data', data=rng.integers(0, 1000, (40, 6)).astype('<i4'), chunks=(4, 6), compression='gzip')
                    save('plain', f['entry/data'][()])
                layout = h5py.VirtualLayout(shape=(4 * 10, 3, 5), dtype='<u2')
                for i in range(4):
                    with h5py.File(f'src_{i}.h5', 'w') as f:
                        f.create_dataset('frames', data=(np.arange(10 * 15) + 1000 * i).reshape(10, 3, 5).astype('<u2'), chunks=(2, 3, 5), compression='lzf')
                    layout[i * 10:(i + 1) * 10] = h5py.VirtualSource(f'src_{i}.h5', 'frames', shape=(10, 3, 5))
                with h5py.File('VDS.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', layout, fillvalue=0)
                    save('vds', f['data'][()])
                vspace = h5py.h5s.create_simple((0, 3, 5), (U, 3, 5))
                vspace.select_hyperslab((0, 0, 0), (U, 1, 1), stride=(10, 1, 1), block=(10, 3, 5))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_virtual(vspace, b'src_%b.h5', b'frames', h5py.h5s.create_simple((10, 3, 5)))
                with h5py.File('printf.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'data', h5py.h5t.STD_U16LE, vspace, dcpl=dcpl)
                with h5py.File('printf.h5', 'r') as f:
                    save('printf', f['data'][()])
                """);
        File base = Files.createDirectories(Project.target().resolve("minidfs")).toFile();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
        cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).format(true).build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
        root = hdfs.getUri() + "/facility/run1";
        hdfs.mkdirs(new org.apache.hadoop.fs.Path(root));
        for (String name : List.of("plain.h5", "VDS.h5", "printf.h5", "src_0.h5", "src_1.h5", "src_2.h5", "src_3.h5")) {
            hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.resolve(name).toUri()), new org.apache.hadoop.fs.Path(root + "/" + name));
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.shutdown(true);
    }

    private static Dataset<Row> read(String location, String dataset) {
        return SparkTests.spark().read().format("hdf5").option("dataset", dataset).load(location);
    }

    private static List<String> values(Dataset<Row> df) {
        return Elements.of(df.orderBy("index").collectAsList(), "value");
    }

    @Test
    void filesAndVirtualDatasetsOnHdfsReadAsH5pyReadsTheirCopies() {
        assertThat(values(read(root + "/plain.h5", "/entry/data"))).isEqualTo(Elements.of(H5pyVds.expected(local, "plain")));
        Dataset<Row> vds = read(root + "/VDS.h5", "data");
        assertThat(vds.first().getString(2)).startsWith("hdfs://");
        assertThat(values(vds)).as("relative sources found beside the VDS on HDFS").isEqualTo(Elements.of(H5pyVds.expected(local, "vds")));
        assertThat(values(read(root + "/printf.h5", "data"))).as("printf sources found by listing the folder")
                .isEqualTo(Elements.of(H5pyVds.expected(local, "printf")));
        Dataset<Row> glob = read(root + "/src_*.h5", "frames");
        assertThat(values(glob)).as("a glob of sources concatenates like the VDS").isEqualTo(Elements.of(H5pyVds.expected(local, "vds")));
    }

    @Test
    void aDataFrameWrittenToHdfsReadsBackInH5py() throws IOException {
        String out = hdfs.getUri() + "/facility/derived/sum.h5";
        read(root + "/VDS.h5", "data").selectExpr("index", "transform(value, r -> aggregate(r, 0L, (a, x) -> a + x)) AS value")
                .repartition(3).sortWithinPartitions("index")
                .write().format("hdf5").option("dataset", "/sums").option("compression", "gzip").save(out);
        Path copy = H5pyVds.folder("spark-hdfs-out");
        hdfs.copyToLocalFile(new org.apache.hadoop.fs.Path(hdfs.getUri() + "/facility/derived"), new org.apache.hadoop.fs.Path(copy.toUri()));
        String h5py = H5pyVds.run(copy.resolve("derived"), """
                with h5py.File('sum.h5', 'r') as f:
                    d = f['sums']
                    print(d.shape, d.dtype, len(d.virtual_sources()))
                    print(int(d[()].sum()))
                """);
        long want = 0;
        for (String v : Elements.of(H5pyVds.expected(local, "vds"))) want += Long.parseLong(v);
        assertThat(h5py.lines().toList()).containsExactly("(40, 3) int64 3", Long.toString(want));
        assertThat(read(out, "/sums").selectExpr("sum(value[0] + value[1] + value[2])").first().getLong(0)).isEqualTo(want);
    }
}
