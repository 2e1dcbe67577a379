package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/** Attributes as a side table: every attribute of an object and of everything below it, values as JSON. */
class AttributesTest {
    @Test
    void attributesOfATreeAreRowsWithTheirValuesAsJson() {
        Path dir = H5pyVds.make("spark-attributes", """
                with h5py.File('nexus.h5', 'w') as f:
                    e = f.create_group('entry')
                    e.attrs['NX_class'] = 'NXentry'
                    e.attrs.create('title', 'scan "7"', dtype=h5py.string_dtype())
                    d = e.create_dataset('data/frames', data=np.zeros((2, 2), 'u2'))
                    d.attrs['units'] = np.bytes_(b'counts')
                    d.attrs['exposure'] = np.float32(0.25)
                    d.attrs['roi'] = np.array([[1, 2], [3, 4]], dtype='<i8')
                    d.attrs['big'] = np.uint64(2**63 + 1)
                    d.attrs['names'] = np.array([b'a', b'b'])
                    e['data'].attrs['signal'] = 'frames'
                    f.attrs['creator'] = 'h5py'
                """);
        List<Row> rows = SparkTests.spark().read().format("hdf5").option("attributes", "/entry").load(dir.resolve("nexus.h5").toString())
                .orderBy("object", "name").collectAsList();
        List<String> text = rows.stream().map(r -> r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " "
                + (r.isNullAt(4) ? "null" : r.getList(4).toString()) + " " + r.getString(5)).collect(Collectors.toList());
        assertThat(text).containsExactly(
                "/entry NX_class string [] \"NXentry\"",
                "/entry title string [] \"scan \\\"7\\\"\"",
                "/entry/data signal string [] \"frames\"",
                "/entry/data/frames big <u8 [] 9223372036854775809",
                "/entry/data/frames exposure <f4 [] 0.25",
                "/entry/data/frames names string [2] [\"a\",\"b\"]",
                "/entry/data/frames roi <i8 [2, 2] [[1,2],[3,4]]",
                "/entry/data/frames units string [] \"counts\"");
        assertThat(rows.get(0).getString(0)).isEqualTo("file:" + dir.resolve("nexus.h5"));
    }
}
