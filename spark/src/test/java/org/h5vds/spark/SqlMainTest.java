package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * {@code ./h5vds-sql}: statements run in order, the last result prints as CSV with a header, errors
 * are one line with a non-zero status. Runs the README's demo statements on h5py's vds_simple.
 */
class SqlMainTest {
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SqlMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                SparkTests.spark());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theReadmeDemoPrintsCsv() {
        Path dir = H5pyVds.make("spark-sql", """
                layout = h5py.VirtualLayout(shape=(4, 100), dtype='i4')
                for n in range(1, 5):
                    with h5py.File(f'{n}.h5', 'w') as f:
                        f['data'] = np.arange(100, dtype='i4') + n
                    layout[n - 1] = h5py.VirtualSource(f'{n}.h5', 'data', shape=(100,))
                with h5py.File('VDS.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('vdata', layout, fillvalue=-5)
                """);
        Run r = run("CREATE TEMPORARY VIEW f USING hdf5 OPTIONS (path '" + dir.resolve("VDS.h5") + "', dataset '/vdata')",
                "SELECT index, value[0] AS first, value[99] AS last, slice(value, 1, 3) AS head FROM f ORDER BY index");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("index,first,last,head", "0,1,100,\"[1, 2, 3]\"", "1,2,101,\"[2, 3, 4]\"",
                "2,3,102,\"[3, 4, 5]\"", "3,4,103,\"[4, 5, 6]\"");
        Run sum = run("CREATE OR REPLACE TEMPORARY VIEW f USING hdf5 OPTIONS (path '" + dir.resolve("VDS.h5") + "', dataset '/vdata')",
                "SELECT count(*), sum(value[0]) FROM f");
        assertThat(sum.out().lines().toList()).containsExactly("count(1),sum(value[0])", "4,10");
    }

    @Test
    void errorsAreOneLineWithAStatus() {
        Run missing = run("SELECT * FROM hdf5.`/no/such/file.h5`");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err().lines().count()).isEqualTo(1);
        assertThat(missing.err()).startsWith("h5vds-sql: ");
        Run bad = run("--master", "yarn", "SELECT 1");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("local mode");
        assertThat(run().status()).isEqualTo(2);
        assertThat(run("--help").out()).startsWith("usage: h5vds-sql");
        Run quoted = run("SELECT 'a,b' AS x, 'say \"hi\"' AS y, CAST(NULL AS INT) AS z, named_struct('r', 1.5D, 'i', 2.0D) AS c");
        assertThat(quoted.out().lines().toList()).containsExactly("x,y,z,c", "\"a,b\",\"say \"\"hi\"\"\",,\"{1.5, 2.0}\"");
    }
}
