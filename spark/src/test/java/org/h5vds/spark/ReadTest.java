package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading plain datasets that h5py wrote (chunked, compressed, every numeric type): the rows and
 * values Spark returns equal h5py's reads, in both layouts, across several files.
 */
class ReadTest {
    static Path dir;

    @BeforeAll
    static void files() {
        dir = H5pyVds.make("spark-read", """
                rng = np.random.default_rng(7)
                with h5py.File('plain.h5', 'w') as f:
                    f.create_dataset('line', data=np.arange(1000, dtype='<i4') * 3, chunks=(64,), compression='gzip', shuffle=True)
                    f.create_dataset('frames', data=rng.integers(0, 65535, (20, 6, 5), dtype='<u2'), chunks=(3, 6, 5), compression='gzip')
                    f.create_dataset('big_endian', data=np.linspace(-1, 1, 50).astype('>f8'), chunks=(7,))
                    for t in ['i1', 'i2', 'i8', 'u1', 'u4', 'u8', 'f2', 'f4', 'c8', 'c16', '?']:
                        a = rng.integers(0, 200, (30, 2)).astype(t) if t not in ('u8',) else (np.arange(60, dtype='u8').reshape(30, 2) * (2**58))
                        if t in ('c8', 'c16'): a = a + 1j * rng.integers(0, 9, (30, 2))
                        f.create_dataset('t_' + t.replace('?', 'bool'), data=a, chunks=(8, 2))
                    f.create_dataset('scalar', data=np.float64(2.5))
                    for name in ['line', 'frames', 'big_endian', 'scalar'] + ['t_' + t.replace('?', 'bool') for t in ['i1', 'i2', 'i8', 'u1', 'u4', 'u8', 'f2', 'f4', 'c8', 'c16', '?']]:
                        save(name, f[name][()])
                for k in range(3):
                    with h5py.File(f'run_{k}.h5', 'w') as f:
                        f.create_dataset('entry/data', data=np.arange(40 + k, dtype='<i8').reshape(-1, 1) * 10 + k, chunks=(8, 1), compression='lzf')
                """);
    }

    private static Dataset<Row> read(String file, String dataset) {
        return SparkTests.spark().read().format("hdf5").option("dataset", dataset).load(dir.resolve(file).toString());
    }

    private static List<Row> ordered(Dataset<Row> df) {
        return df.orderBy("index").collectAsList();
    }

    @Test
    void aOneDimensionalDatasetIsOneRowPerElement() {
        Dataset<Row> df = read("plain.h5", "line");
        assertThat(df.schema().fieldNames()).containsExactly("index", "value", "file");
        assertThat(df.schema().apply("value").dataType()).isEqualTo(DataTypes.IntegerType);
        List<Row> rows = ordered(df);
        assertThat(rows).hasSize(1000);
        assertThat(rows.get(999).getLong(0)).isEqualTo(999);
        assertThat(rows.get(0).getString(2)).isEqualTo("file:" + dir.resolve("plain.h5"));
        assertThat(Elements.of(rows, "value")).isEqualTo(Elements.of(H5pyVds.expected(dir, "line")));
        assertThat(df.selectExpr("sum(value)").first().getLong(0)).isEqualTo(3L * 999 * 1000 / 2);
    }

    @Test
    void framesAreRowsOfNestedArrays() {
        Dataset<Row> df = read("plain.h5", "frames");
        assertThat(df.schema().apply("value").dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType, false), false));
        assertThat(Elements.of(ordered(df), "value")).isEqualTo(Elements.of(H5pyVds.expected(dir, "frames")));
        Row r = df.where("index = 4").selectExpr("value[2][3]").first();
        assertThat((long) r.getInt(0)).isEqualTo(H5pyVds.expected(dir, "frames").getLong(4, 2, 3));
    }

    @Test
    void theElementsLayoutIsOneRowPerElementWithItsCoordinates() {
        Dataset<Row> df = SparkTests.spark().read().format("hdf5").option("dataset", "frames").option("layout", "elements")
                .load(dir.resolve("plain.h5").toString());
        assertThat(df.schema().fieldNames()).containsExactly("index0", "index1", "index2", "value", "file");
        List<Row> rows = df.orderBy("index0", "index1", "index2").collectAsList();
        assertThat(rows).hasSize(20 * 6 * 5);
        assertThat(Elements.of(rows, "value")).isEqualTo(Elements.of(H5pyVds.expected(dir, "frames")));
        Row one = df.where("index0 = 7 and index1 = 5 and index2 = 1").first();
        assertThat((long) one.getInt(3)).isEqualTo(H5pyVds.expected(dir, "frames").getLong(7, 5, 1));
    }

    @Test
    void everyNumericTypeReadsAsH5pyReadsIt() {
        for (String t : new String[] {"i1", "i2", "i8", "u1", "u4", "u8", "f2", "f4", "c8", "c16", "bool"}) {
            Dataset<Row> df = read("plain.h5", "t_" + t);
            assertThat(Elements.of(ordered(df), "value")).as(t).isEqualTo(Elements.of(H5pyVds.expected(dir, "t_" + t)));
        }
        assertThat(read("plain.h5", "t_u8").schema().apply("value").dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.createDecimalType(20, 0), false));
        assertThat(Elements.of(ordered(read("plain.h5", "big_endian")), "value")).isEqualTo(Elements.of(H5pyVds.expected(dir, "big_endian")));
    }

    @Test
    void aScalarDatasetIsOneRow() {
        Dataset<Row> df = read("plain.h5", "scalar");
        assertThat(df.schema().fieldNames()).containsExactly("value", "file");
        assertThat(df.collectAsList()).hasSize(1);
        assertThat(df.first().getDouble(0)).isEqualTo(2.5);
    }

    @Test
    void filesOfAGlobAreConcatenatedAlongAxis0() {
        Dataset<Row> df = read("run_*.h5", "/entry/data");
        List<Row> rows = ordered(df);
        assertThat(rows).hasSize(40 + 41 + 42);
        assertThat(rows.get(40).getLong(0)).isEqualTo(40);
        assertThat(rows.get(40).getString(2)).endsWith("run_1.h5");
        assertThat(rows.get(40).getList(1)).containsExactly(1L);
        assertThat(rows.get(122).getList(1)).containsExactly(41 * 10 + 2L);
        Dataset<Row> two = SparkTests.spark().read().format("hdf5").option("dataset", "/entry/data")
                .load(dir.resolve("run_2.h5").toString(), dir.resolve("run_0.h5").toString());
        assertThat(two.where("index = 42").first().getString(2)).as("files in the order given").endsWith("run_0.h5");
        assertThat(df.where("file like '%run_1.h5'").count()).isEqualTo(41);
    }

    @Test
    void sqlReadsThroughATemporaryView() {
        SparkSession spark = SparkTests.spark();
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW line USING hdf5 OPTIONS (path '" + dir.resolve("plain.h5") + "', dataset 'line')");
        Row r = spark.sql("SELECT count(*), sum(value), max(index) FROM line").first();
        assertThat(r.getLong(0)).isEqualTo(1000);
        assertThat(r.getLong(1)).isEqualTo(3L * 999 * 1000 / 2);
        assertThat(r.getLong(2)).isEqualTo(999);
        Row byName = spark.read().format(Hdf5DataSource.class.getName()).option("dataset", "line").load(dir.resolve("plain.h5").toString())
                .selectExpr("count(*)").first();
        assertThat(byName.getLong(0)).isEqualTo(1000);
    }
}
