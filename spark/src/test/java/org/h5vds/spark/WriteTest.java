package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * {@code df.write.format("hdf5")}: one part file per task next to the output, a virtual dataset
 * over them in partition order written at commit; h5py and h5vds read it as one dataset; save
 * modes; a failed job leaves neither parts nor output.
 */
class WriteTest {
    private static SparkSession spark() {
        return SparkTests.spark();
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".h5")).sorted().toList();
        }
    }

    @Test
    void eachTaskWritesAPartAndTheCommitJoinsThemInPartitionOrder() throws IOException {
        Path dir = H5pyVds.folder("spark-write");
        Dataset<Row> df = spark().range(0, 1000, 1, 3).selectExpr("id * 7 AS value");
        df.write().format("hdf5").option("dataset", "/data").save(dir.resolve("out.h5").toString());
        List<String> names = files(dir);
        assertThat(names).hasSize(4).contains("out.h5");
        assertThat(names.stream().filter(n -> n.matches("out-[0-9a-f]{8}-0000[0-2]\\.h5"))).hasSize(3);
        String h5py = H5pyVds.run(dir, """
                with h5py.File('out.h5', 'r') as f:
                    d = f['data']
                    print(d.is_virtual, d.shape, d.dtype)
                    print([(s.file_name, s.dset_name) for s in d.virtual_sources()])
                    save('data', d[()])
                """);
        assertThat(h5py.lines().findFirst().orElseThrow()).isEqualTo("True (1000,) int64");
        assertThat(h5py).doesNotContain(dir.toString()).as("parts named relative to the output");
        long[] got = H5pyVds.expected(dir, "data").toLongArray();
        for (int i = 0; i < 1000; i++) assertThat(got[i]).isEqualTo(7L * i);
        try (H5File f = H5File.open(dir.resolve("out.h5"))) {
            assertThat(f.dataset("data").read().toLongArray()).containsExactly(got);
        }
        assertThat(spark().read().format("hdf5").option("dataset", "/data").load(dir.resolve("out.h5").toString())
                .selectExpr("sum(value)").first().getLong(0)).isEqualTo(7L * 999 * 1000 / 2);
    }

    @Test
    void framesRoundTripWithCompressionAndAStoredDtype() throws IOException {
        Path dir = H5pyVds.make("spark-frames", """
                rng = np.random.default_rng(3)
                a = rng.integers(0, 4000, (25, 4, 3)).astype('<u2')
                with h5py.File('in.h5', 'w') as f:
                    f.create_dataset('frames', data=a, chunks=(2, 4, 3), compression='gzip')
                save('in', a)
                """);
        Dataset<Row> df = spark().read().format("hdf5").option("dataset", "frames").option("partitionBytes", "96")
                .load(dir.resolve("in.h5").toString());
        assertThat(df.rdd().getNumPartitions()).as("96 bytes = 4 frames of 24 bytes per partition").isEqualTo(7);
        df.write().format("hdf5").option("dataset", "/entry/frames").option("compression", "gzip=6").option("shuffle", "true")
                .option("dtype", "uint16").option("chunkRows", "3").save(dir.resolve("copy.h5").toString());
        String h5py = H5pyVds.run(dir, """
                with h5py.File('copy.h5', 'r') as f:
                    d = f['entry/frames']
                    print(d.shape, d.dtype, len(d.virtual_sources()))
                    save('copy', d[()])
                    src = d.virtual_sources()[0]
                with h5py.File(src.file_name, 'r') as p:
                    e = p['entry/frames']
                    print(e.chunks, e.compression, e.compression_opts, e.shuffle, e.maxshape)
                """);
        assertThat(h5py.lines().toList()).containsExactly("(25, 4, 3) uint16 7", "(3, 4, 3) gzip 6 True (None, 4, 3)");
        assertThat(H5pyVds.expected(dir, "copy")).isEqualTo(H5pyVds.expected(dir, "in"));
    }

    @Test
    void saveModes() throws IOException {
        Path dir = H5pyVds.folder("spark-modes");
        String out = dir.resolve("m.h5").toString();
        spark().range(0, 10, 1, 2).selectExpr("cast(id AS int) AS value").write().format("hdf5").option("dataset", "d").save(out);
        List<String> first = files(dir);
        assertThatThrownBy(() -> spark().range(5).selectExpr("cast(id AS int) AS value").write().format("hdf5").option("dataset", "d").save(out))
                .hasMessageContaining("already exists");
        spark().range(5).selectExpr("cast(id AS int) AS value").write().format("hdf5").option("dataset", "d").mode("ignore").save(out);
        assertThat(files(dir)).isEqualTo(first);

        spark().range(100, 104, 1, 2).selectExpr("cast(id AS int) AS value").write().format("hdf5").option("dataset", "d").mode("append").save(out);
        int[] appended;
        try (H5File f = H5File.open(Path.of(out))) {
            appended = f.dataset("d").read().toIntArray();
        }
        assertThat(appended).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 101, 102, 103);
        assertThat(files(dir)).hasSize(5);

        spark().range(0, 3, 1, 1).selectExpr("cast(id AS int) - 5 AS value").write().format("hdf5").option("dataset", "d").mode("overwrite").save(out);
        assertThat(files(dir)).as("the old parts are gone").hasSize(2);
        assertThat(H5pyVds.run(dir, """
                with h5py.File('m.h5', 'r') as f:
                    print(list(f['d'][()]))
                """).strip()).isEqualTo("[-5, -4, -3]");
    }

    @Test
    void aFailedJobLeavesNoPartsAndNoOutput() throws IOException {
        Path dir = H5pyVds.folder("spark-abort");
        // partition 2 holds a null: its task fails after the other tasks wrote their parts
        Dataset<Row> df = spark().range(0, 300, 1, 3).selectExpr("CASE WHEN id = 250 THEN NULL ELSE id END AS value");
        assertThatThrownBy(() -> df.write().format("hdf5").option("dataset", "d").save(dir.resolve("bad.h5").toString()))
                .hasStackTraceContaining("row 50 of column value is null");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void emptyPartitionsWriteNoPartAndAnEmptyFrameWritesAnEmptyDataset() throws IOException {
        Path dir = H5pyVds.folder("spark-empty");
        spark().range(0, 4, 1, 8).selectExpr("cast(id AS double) AS value").write().format("hdf5").option("dataset", "d")
                .save(dir.resolve("sparse.h5").toString());
        assertThat(files(dir)).hasSize(5);
        spark().range(0).selectExpr("cast(id AS double) AS value").write().format("hdf5").option("dataset", "d")
                .save(dir.resolve("none.h5").toString());
        assertThat(H5pyVds.run(dir, """
                for n in ['sparse', 'none']:
                    with h5py.File(n + '.h5', 'r') as f:
                        print(f['d'].shape, list(f['d'][()]))
                """).lines().toList()).containsExactly("(4,) [0.0, 1.0, 2.0, 3.0]", "(0,) []");
    }

    @Test
    void columnsAreChosenAndCheckedBeforeAnythingIsWritten() throws IOException {
        Path dir = H5pyVds.folder("spark-columns");
        Dataset<Row> two = spark().range(3).selectExpr("id AS a", "id * 2 AS b");
        assertThatThrownBy(() -> two.write().format("hdf5").option("dataset", "d").save(dir.resolve("x.h5").toString()))
                .hasMessageContaining("which column to write").hasMessageContaining("a, b");
        two.write().format("hdf5").option("dataset", "d").option("column", "b").save(dir.resolve("b.h5").toString());
        try (H5File f = H5File.open(dir.resolve("b.h5"))) {
            assertThat(f.dataset("d").read()).isEqualTo(NdArray.of(new long[] {0, 2, 4}, 3));
        }
        assertThatThrownBy(() -> spark().range(3).selectExpr("cast(id AS string) AS value").write().format("hdf5").option("dataset", "d")
                .save(dir.resolve("s.h5").toString())).hasMessageContaining("cannot be written");
        assertThatThrownBy(() -> spark().range(3).selectExpr("id AS value").write().format("hdf5").option("dataset", "d")
                .option("compression", "snappy").save(dir.resolve("c.h5").toString())).hasMessageContaining("unknown compression");
        assertThat(files(dir)).as("only b.h5 and its parts").allMatch(n -> n.startsWith("b")).contains("b.h5");
    }
}
