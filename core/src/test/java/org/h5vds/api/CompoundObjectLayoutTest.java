package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * A compound with variable-length and reference members has h5py's dtype: the offsets and size
 * of the type libhdf5 returns for the dataset (a variable-length string in 8 bytes, a sequence in
 * 16, stored in 16 each), not the stored ones, as jhdf's compound_datasets_*.hdf5 and PyTables'
 * smpl_unsupptype.h5 showed. The values read are h5py's, and a dtype read and written back lays the
 * file out as it was.
 */
class CompoundObjectLayoutTest {

    private static final String LAYOUT = """
            def layout(dt):
                return ' '.join('%s@%d' % (n, dt.fields[n][1]) for n in dt.names) + ' size=%d' % dt.itemsize
            """;

    @Test
    void membersAfterObjectsSitWhereH5pyPutsThem() {
        Path dir = H5pyVds.folder("compound-objects");
        String out = H5pyVds.run(dir, LAYOUT + """
                s = h5py.string_dtype()
                seq = h5py.vlen_dtype(np.dtype('<i4'))
                inner = np.dtype([('tag', s), ('k', '<u2')])
                dt = np.dtype([('name', s), ('surname', 'S5'), ('values', seq), ('x', '<f4'),
                               ('words', s, (3,)), ('ref', h5py.ref_dtype), ('inner', inner), ('last', 'u1')])
                with h5py.File('objects.h5', 'w') as f:
                    f.create_dataset('target', data=np.arange(3))
                    a = np.zeros(2, dt)
                    for i in range(2):
                        a[i] = ('n%d' % i, b'sur%d' % i, np.arange(i + 2, dtype='<i4'), 1.5 + i,
                                ('a%d' % i, 'bb', 'c'), f['target'].ref, ('t%d' % i, 7 + i), 200 + i)
                    f.create_dataset('data', data=a)
                    small = np.dtype([('name', s), ('words', s, (2,)), ('x', '<f4')])
                    f['target'].attrs.create('attr', np.array([('a', ('b', 'c'), 0.5)], small))
                with h5py.File('objects.h5', 'r') as f:
                    print(layout(f['data'].dtype))
                    print(layout(f['target'].attrs.get_id('attr').dtype))
                    print(layout(f['data'].dtype['inner']))
                    # field by field: h5py 3.7 corrupts its heap reading the whole of such a compound
                    save('x', f['data']['x'])
                    save('last', f['data']['last'])
                    save('k', f['data']['inner']['k'])
                """);
        String[] lines = out.strip().split("\n");
        try (H5File f = H5File.open(dir.resolve("objects.h5"))) {
            Dataset d = f.dataset("data");
            assertThat(layout(d.dtype())).isEqualTo(lines[0]);
            assertThat(layout(f.dataset("target").attr("attr").dtype())).isEqualTo(lines[1]);
            assertThat(layout(d.dtype().field("inner").dtype())).isEqualTo(lines[2]);
            NdArray a = d.read();
            assertThat(a.field("x")).isEqualTo(H5pyVds.expected(dir, "x"));
            assertThat(a.field("last")).isEqualTo(H5pyVds.expected(dir, "last"));
            assertThat(a.field("inner").field("k")).isEqualTo(H5pyVds.expected(dir, "k"));
            assertThat(a.field("name").strings()).containsExactly("n0", "n1");
            assertThat(a.field("inner").field("tag").strings()).containsExactly("t0", "t1");
            assertThat(a.field("words").strings()).containsExactly("a0", "bb", "c", "a1", "bb", "c");
            assertThat(((NdArray) a.field("values").getObject(1)).toIntArray()).containsExactly(0, 1, 2);
            assertThat(a.field("ref").getReference(0).path()).isEqualTo("/target");
            // written back, the file's layout is the one h5py wrote
            try (H5File g = H5File.create(dir.resolve("copy.h5"))) {
                g.createDataset("small", f.dataset("target").attr("attr").value());
            }
        }
        String copied = H5pyVds.run(dir, LAYOUT + """
                with h5py.File('objects.h5', 'r') as f, h5py.File('copy.h5', 'r') as g:
                    print(layout(g['small'].dtype))
                    tf, tg = f['target'].attrs.get_id('attr').get_type(), g['small'].id.get_type()
                    assert tf.get_size() == tg.get_size(), (tf.get_size(), tg.get_size())
                    for i in range(tf.get_nmembers()):
                        assert tf.get_member_offset(i) == tg.get_member_offset(i), tf.get_member_name(i)
                    assert g['small']['x'][0] == 0.5 and g['small']['name'][0] == b'a'
                """);
        assertThat(copied.strip().split("\n")[0]).isEqualTo(lines[1]);
    }

    private static String layout(DType t) {
        List<String> parts = new ArrayList<>();
        for (DType.Field f : t.fields()) parts.add(f.name() + "@" + f.offset());
        return String.join(" ", parts) + " size=" + t.size();
    }
}
