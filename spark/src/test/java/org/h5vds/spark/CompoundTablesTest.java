package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compound datasets that h5py wrote read as tables, one column per member, equal to what h5py
 * reads (its rows written as JSON by the same rules Spark's {@code Row.json()} follows: nested
 * compounds as objects, subarrays and sequences as lists, strings decoded, enumerations as their
 * integers, complex as {r, i}, opaque bytes in base64, references as the path they point to).
 * Also datasets of strings and enumerations (not compounds), which read as a {@code value} column.
 */
class CompoundTablesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Path dir;

    @BeforeAll
    static void files() {
        dir = H5pyVds.make("spark-compound", """
                import json, base64
                status = h5py.enum_dtype({'OK': 0, 'WARN': 1, 'FAULT': 2}, basetype='i1')
                pos = np.dtype([('x', '<i2'), ('y', '>i4')])
                log_t = np.dtype([('time', '<f8'), ('value', '<f4'), ('status', status), ('name', 'S8'),
                                  ('label', h5py.string_dtype()), ('pos', pos), ('hist', '<u2', (3,)), ('ok', '?'),
                                  ('z', '<c8'), ('raw', 'V3'), ('counts', h5py.vlen_dtype(np.dtype('<i4'))), ('big', '<u8'),
                                  ('target', h5py.ref_dtype)])
                n = 50
                with h5py.File('table.h5', 'w') as f:
                    f.create_group('entry/sample')
                    a = np.zeros(n, dtype=log_t)
                    a['time'] = np.arange(n) * 0.25
                    a['value'] = np.arange(n) * 0.5 - 3
                    a['status'] = np.arange(n) % 3
                    a['name'] = [('s%d' % i).encode() for i in range(n)]
                    a['label'] = ['λ-%d' % i if i % 7 else '' for i in range(n)]
                    a['pos']['x'] = np.arange(n) - 20
                    a['pos']['y'] = np.arange(n) * 1000
                    a['hist'] = np.arange(3 * n).reshape(n, 3)
                    a['ok'] = np.arange(n) % 2 == 0
                    a['z'] = np.arange(n) + 0.5j
                    a['big'] = np.arange(n, dtype='u8') * (2**58)
                    for i in range(n):
                        a['raw'][i] = bytes([i, 1, 2])
                        a['counts'][i] = np.arange(i % 4, dtype='<i4')
                        a['target'][i] = f['entry'].ref if i % 2 else f['entry/sample'].ref
                    f.create_dataset('entry/sample/log', data=a, chunks=(8,), compression='gzip')
                    g = np.zeros((4, 3), dtype=[('x', '<i4'), ('y', '<f8')])
                    g['x'] = np.arange(12).reshape(4, 3)
                    g['y'] = np.arange(12).reshape(4, 3) * 1.5
                    f.create_dataset('grid', data=g)
                    f.create_dataset('title', data=['first', 'sécond', ''], dtype=h5py.string_dtype())
                    # written with the enumeration as memory type: 7, which has no name, is stored as it is
                    f.create_dataset('states', data=np.array([2, 0, 1, 7], dtype=h5py.enum_dtype({'OFF': 0, 'ON': 1, 'FAULT': 2}, basetype='u2')))
                    f.create_dataset('fixed', data=np.array([b'ab', b'cde  ', b''], dtype='S5'))
                    def js(v, dt):
                        if dt.names:
                            return {k: js(v[k], dt.fields[k][0]) for k in dt.names}
                        if dt.subdtype is not None:
                            return [js(x, dt.subdtype[0]) for x in v]
                        if h5py.check_ref_dtype(dt) is not None:
                            return f[v].name if v else None
                        if h5py.check_string_dtype(dt) is not None and h5py.check_string_dtype(dt).length is None:
                            return v.decode() if isinstance(v, bytes) else v
                        if h5py.check_vlen_dtype(dt) is not None:
                            return [int(x) for x in v]
                        if dt.kind == 'S':
                            return bytes(v).rstrip(b'\\0').decode()
                        if dt.kind == 'V':
                            return base64.b64encode(bytes(v)).decode()
                        if dt.kind == 'c':
                            return {'r': float(v.real), 'i': float(v.imag)}
                        if dt.kind == 'b':
                            return bool(v)
                        if dt.kind in 'iu':
                            return int(v)
                        return float(v)
                    for name in ['entry/sample/log', 'grid']:
                        d = f[name]
                        rows = [js(r, d.dtype) for r in d[()].reshape(-1)]
                        with open(name.replace('/', '_') + '.json', 'w') as out:
                            json.dump(rows, out)
                # a virtual dataset of the table over two files, each holding half of the rows
                with h5py.File('table.h5', 'r') as f:
                    a = f['entry/sample/log'][()]
                plain = np.dtype([('time', '<f8'), ('status', status), ('name', 'S8'), ('pos', pos)])
                layout = h5py.VirtualLayout(shape=(n,), dtype=plain)
                for k in range(2):
                    with h5py.File(f'half_{k}.h5', 'w') as f:
                        part = np.zeros(n // 2, dtype=plain)
                        for m in plain.names: part[m] = a[m][k * n // 2:(k + 1) * n // 2]
                        f.create_dataset('log', data=part)
                    layout[k * n // 2:(k + 1) * n // 2] = h5py.VirtualSource(f'half_{k}.h5', 'log', shape=(n // 2,))
                with h5py.File('vds.h5', 'w') as f:
                    f.create_virtual_dataset('log', layout)
                """);
    }

    private static Dataset<Row> read(String file, String dataset) {
        return SparkTests.spark().read().format("hdf5").option("dataset", dataset).load(dir.resolve(file).toString());
    }

    /** The rows' member columns as JSON (Spark's Row.json()), in index order. */
    private static ArrayNode json(Dataset<Row> df, String... drop) throws Exception {
        ArrayNode out = JSON.createArrayNode();
        for (Row r : df.orderBy("index").drop(drop).collectAsList()) out.add(JSON.readTree(r.json()));
        return out;
    }

    private static JsonNode h5py(String name) throws Exception {
        return JSON.readTree(Files.readString(dir.resolve(name + ".json")));
    }

    @Test
    void aCompoundTableIsOneColumnPerMemberAsH5pyReadsIt() throws Exception {
        Dataset<Row> df = read("table.h5", "/entry/sample/log");
        assertThat(df.schema().fieldNames()).containsExactly("index", "time", "value", "status", "name", "label", "pos", "hist", "ok", "z",
                "raw", "counts", "big", "target", "file");
        StructType s = df.schema();
        assertThat(s.apply("status").dataType()).as("enumerations as their base integers, as h5py reads them").isEqualTo(DataTypes.ByteType);
        assertThat(s.apply("name").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(s.apply("label").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(s.apply("pos").dataType()).isEqualTo(new StructType().add("x", DataTypes.ShortType, false).add("y", DataTypes.IntegerType, false));
        assertThat(s.apply("hist").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, false));
        assertThat(s.apply("raw").dataType()).isEqualTo(DataTypes.BinaryType);
        assertThat(s.apply("counts").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, false));
        assertThat(s.apply("big").dataType()).isEqualTo(SparkTypes.UINT64);
        assertThat(s.apply("target").nullable()).isTrue();
        assertThat(json(df, "index", "file")).isEqualTo(h5py("entry_sample_log"));
    }

    @Test
    void membersAreQueriedPrunedAndFilteredInSql() {
        Dataset<Row> df = read("table.h5", "/entry/sample/log");
        List<Row> faults = df.where("status = 2 and pos.y >= 20000").orderBy("index").select("index", "name", "pos.y").collectAsList();
        assertThat(faults).extracting(r -> r.getLong(0)).containsExactly(20L, 23L, 26L, 29L, 32L, 35L, 38L, 41L, 44L, 47L);
        assertThat(faults.get(0).getString(1)).isEqualTo("s20");
        assertThat(faults.get(0).getInt(2)).isEqualTo(20000);
        Row sums = df.selectExpr("sum(hist[2])", "sum(size(counts))", "count(*)", "max(label)").first();
        assertThat(sums.getLong(0)).isEqualTo(3L * 49 * 50 / 2 + 2 * 50);
        assertThat(sums.getLong(1)).isEqualTo(12 * (0 + 1 + 2 + 3) + (0 + 1));
        assertThat(sums.getLong(2)).isEqualTo(50);
        assertThat(sums.getString(3)).isEqualTo("λ-9");
        assertThat(df.where("target = '/entry'").count()).isEqualTo(25);
    }

    @Test
    void enumerationsReadAsTheirNamesWhenAsked() {
        Dataset<Row> df = SparkTests.spark().read().format("hdf5").option("dataset", "/entry/sample/log").option("enums", "strings")
                .load(dir.resolve("table.h5").toString());
        assertThat(df.schema().apply("status").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(df.orderBy("index").limit(4).select("status").collectAsList()).extracting(r -> r.getString(0))
                .containsExactly("OK", "WARN", "FAULT", "OK");
        Dataset<Row> states = SparkTests.spark().read().format("hdf5").option("dataset", "states").option("enums", "strings")
                .load(dir.resolve("table.h5").toString());
        assertThat(states.orderBy("index").collectAsList()).extracting(r -> r.getString(1)).as("a value without a name as its number")
                .containsExactly("FAULT", "OFF", "ON", "7");
        assertThat(read("table.h5", "states").orderBy("index").collectAsList()).extracting(r -> r.getInt(1)).containsExactly(2, 0, 1, 7);
    }

    @Test
    void anNDimensionalCompoundHasRowsOfArraysOrOneRowPerElement() throws Exception {
        Dataset<Row> rows = read("table.h5", "grid");
        assertThat(rows.schema().apply("x").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, false));
        List<Row> r = rows.orderBy("index").collectAsList();
        assertThat(r).hasSize(4);
        assertThat(r.get(2).getList(1)).containsExactly(6, 7, 8);
        assertThat(r.get(2).getList(2)).containsExactly(9.0, 10.5, 12.0);
        Dataset<Row> elements = SparkTests.spark().read().format("hdf5").option("dataset", "grid").option("layout", "elements")
                .load(dir.resolve("table.h5").toString());
        assertThat(elements.schema().fieldNames()).containsExactly("index0", "index1", "x", "y", "file");
        ArrayNode got = JSON.createArrayNode();
        for (Row e : elements.orderBy("index0", "index1").select("x", "y").collectAsList()) got.add(JSON.readTree(e.json()));
        assertThat(got).isEqualTo(h5py("grid"));
    }

    @Test
    void stringDatasetsReadAsAStringValue() {
        assertThat(read("table.h5", "title").orderBy("index").collectAsList()).extracting(r -> r.getString(1)).containsExactly("first", "sécond", "");
        assertThat(read("table.h5", "fixed").orderBy("index").collectAsList()).extracting(r -> r.getString(1))
                .as("padding dropped as NumPy's 'S' drops NULs").containsExactly("ab", "cde  ", "");
    }

    @Test
    void aVirtualDatasetOfCompoundsReadsItsSources() throws Exception {
        Dataset<Row> df = read("vds.h5", "log");
        assertThat(df.schema().fieldNames()).containsExactly("index", "time", "status", "name", "pos", "file");
        ArrayNode expected = JSON.createArrayNode();
        for (JsonNode row : h5py("entry_sample_log")) {
            com.fasterxml.jackson.databind.node.ObjectNode o = expected.addObject();
            for (String m : List.of("time", "status", "name", "pos")) o.set(m, row.get(m));
        }
        assertThat(json(df, "index", "file")).isEqualTo(expected);
        assertThat(df.where("index between 20 and 29").selectExpr("sum(pos.x)").first().getLong(0)).isEqualTo(45);
    }

    @Test
    void longDoublesAreRefusedNamingTheDataset() {
        Path file = dir.resolve("long.h5");
        H5pyVds.run(dir, "with h5py.File('long.h5', 'w') as f:\n    f.create_dataset('t', data=np.zeros(3, dtype=[('a', '<i4'), ('b', np.longdouble)]))\n");
        Throwable t = catchThrowable(() -> read("long.h5", "t").schema());
        assertThat(t).hasMessageContaining(file.getFileName().toString()).hasMessageContaining(":t").hasMessageContaining("long double");
    }
}
