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
 * What Spark pushes into a read makes it read less: filters on the index prune and narrow
 * partitions, filters on the file drop files, a query that needs no values reads none, a limit
 * keeps the first partitions. The proof of "reads less" is a virtual dataset whose second half
 * maps a missing source with {@code missingSources=error}: reading any of it fails, so a query
 * that succeeds did not read it.
 */
class PushdownTest {
    static Path dir;

    @BeforeAll
    static void files() {
        dir = H5pyVds.make("spark-pushdown", """
                with h5py.File('half.h5', 'w') as f:
                    f.create_dataset('d', data=np.arange(1000, dtype='<i4'), chunks=(100,))
                layout = h5py.VirtualLayout(shape=(2000,), dtype='<i4')
                layout[0:1000] = h5py.VirtualSource('half.h5', 'd', shape=(1000,))
                layout[1000:2000] = h5py.VirtualSource('gone.h5', 'd', shape=(1000,))
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('d', layout, fillvalue=-1)
                for k in range(3):
                    with h5py.File(f'part_{k}.h5', 'w') as f:
                        f.create_dataset('d', data=np.full((50, 2), k, dtype='<i2'), chunks=(10, 2))
                """);
    }

    /** The VDS, partitions of 100 rows, failing on any read of rows 1000 and on. */
    private static Dataset<Row> strict() {
        return SparkTests.spark().read().format("hdf5").option("dataset", "d").option("missingSources", "error").option("partitionBytes", "400")
                .load(dir.resolve("vds.h5").toString());
    }

    private static String plan(Dataset<Row> df) {
        return df.queryExecution().executedPlan().toString();
    }

    @Test
    void filtersOnTheIndexPruneAndNarrowPartitions() {
        assertThatThrownBy(() -> strict().selectExpr("sum(value)").first()).hasStackTraceContaining("gone.h5");
        assertThat(strict().rdd().getNumPartitions()).isEqualTo(20);
        Dataset<Row> early = strict().where("index < 1000 AND value >= 0");
        assertThat(early.rdd().getNumPartitions()).isEqualTo(10);
        assertThat(early.selectExpr("sum(value)").first().getLong(0)).isEqualTo(999L * 1000 / 2);
        Dataset<Row> few = strict().where("index IN (5, 250, 251) OR index = 990");
        assertThat(few.selectExpr("collect_list(value)").first().getList(0)).containsExactlyInAnyOrder(5, 250, 251, 990);
        assertThat(few.rdd().getNumPartitions()).isEqualTo(3);
        assertThat(plan(strict().where("index BETWEEN 120 AND 130"))).contains("rows [120:131]");
        assertThat(strict().where("index > 1999 OR index < 0").count()).isZero();
    }

    @Test
    void aQueryThatNeedsNoValuesReadsNone() {
        assertThat(strict().count()).isEqualTo(2000);
        assertThat(strict().selectExpr("max(index)", "count(distinct file)").first().toString()).isEqualTo("[1999,1]");
    }

    @Test
    void aLimitKeepsTheFirstPartitions() {
        Dataset<Row> first = strict().limit(150);
        assertThat(plan(first)).contains("limit 150");
        List<Row> rows = first.collectAsList();
        assertThat(rows).hasSize(150);
        assertThat(strict().limit(150).rdd().getNumPartitions()).isLessThanOrEqualTo(2);
    }

    @Test
    void filtersOnTheFileDropFiles() {
        Dataset<Row> all = SparkTests.spark().read().format("hdf5").option("dataset", "d").load(dir.resolve("part_*.h5").toString());
        String middle = "file:" + dir.resolve("part_1.h5");
        Dataset<Row> one = all.where(org.apache.spark.sql.functions.col("file").equalTo(middle));
        assertThat(one.rdd().getNumPartitions()).isEqualTo(1);
        Row r = one.selectExpr("count(*)", "min(index)", "max(value[1])").first();
        assertThat(r.toString()).as("rows keep their place in the concatenation").isEqualTo("[50,50,1]");
    }
}
