package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttrsCommandTest {
    @TempDir
    Path dir;

    private Path file() {
        Path p = dir.resolve("a.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w', libver='earliest') as f:
                    d = f.create_dataset('entry/data', data=np.arange(6))
                    d.attrs['old'] = 1
                    d.attrs['units'] = 'mm'
                """, p);
        return p;
    }

    @Test
    void showsSetsAndDeletesAttributesTypedByTheirJson() {
        Path p = file();
        WriteCommandTest.Run shown = WriteCommandTest.run("attrs", p.toString(), "/entry/data");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("/entry/data: 2 attributes").contains("old = 1").contains("units = 'mm'");
        WriteCommandTest.Run set = WriteCommandTest.run("attrs", p.toString(), "entry/data", "--set", "units=\"counts\"", "--set", "gain=[1.5, 2]",
                "--set", "n=3", "--set", "x=0.25", "--set", "flag=true", "--set", "names=[\"a\", \"β\"]", "--set", "m=[[1, 2], [3, 4]]",
                "--delete", "old");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("units = 'counts'").doesNotContain("old =");
        String out = Python.run("""
                import h5py, sys
                a = h5py.File(sys.argv[1], 'r')['entry/data'].attrs
                print(sorted(a.keys()))
                print(a['units'], a['gain'].dtype, a['gain'].tolist(), a['n'].dtype, a['n'], a['x'], a['flag'], a['flag'].dtype)
                print(list(a['names']), a['m'].tolist(), a['m'].dtype)
                print(h5py.check_string_dtype(a.get_id('units').dtype).encoding, h5py.check_string_dtype(a.get_id('units').dtype).length)
                """, p);
        assertThat(out).contains("['flag', 'gain', 'm', 'n', 'names', 'units', 'x']")
                .contains("counts float64 [1.5, 2.0] int64 3 0.25 True bool")
                .contains("['a', 'β'] [[1, 2], [3, 4]] int64")
                .contains("utf-8 None");
        WriteCommandTest.Run json = WriteCommandTest.run("attrs", p.toString(), "/entry/data", "--json");
        assertThat(json.out()).contains("\"gain\"").contains("[ 1.5, 2.0 ]").contains("\"vlen str utf-8\"");
    }

    @Test
    void modifyKeepsTheStoredTypeAndShape() {
        Path p = dir.resolve("m.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w') as f:
                    d = f.create_dataset('d', data=np.arange(3))
                    d.attrs.create('gain', 1.5, dtype='f4')
                    d.attrs.create('counts', [1, 2, 3], dtype='u2')
                    d.attrs.create('mode', np.bytes_('slow'), dtype='S6')
                """, p);
        WriteCommandTest.Run r = WriteCommandTest.run("attrs", p.toString(), "/d", "--modify", "gain=2.5", "--modify", "counts=[7, 8, 9]",
                "--modify", "mode=\"fast\"", "--modify", "fresh=4");
        assertThat(r.exit()).as(r.err()).isZero();
        String out = Python.run("""
                import h5py, sys
                a = h5py.File(sys.argv[1], 'r')['d'].attrs
                print(a['gain'].dtype, a['gain'], a['counts'].dtype, a['counts'].tolist(), a.get_id('mode').dtype, a['mode'], a['fresh'].dtype)
                """, p);
        assertThat(out.trim()).isEqualTo("float32 2.5 uint16 [7, 8, 9] |S6 b'fast' int64");
        WriteCommandTest.Run shape = WriteCommandTest.run("attrs", p.toString(), "/d", "--modify", "counts=[1, 2]");
        assertThat(shape.exit()).isEqualTo(Main.FAILED);
        assertThat(shape.err()).contains("counts").contains("(3,)");
        WriteCommandTest.Run bad = WriteCommandTest.run("attrs", p.toString(), "/d", "--modify", "gain=[1, \"a\"]");
        assertThat(bad.exit()).isEqualTo(Main.FAILED);
        assertThat(bad.err()).contains("--modify").contains("mixes kinds");
    }

    @Test
    void badValuesChangeNothingAndSayWhy() throws Exception {
        Path p = file();
        byte[] before = Files.readAllBytes(p);
        for (String[] bad : new String[][] {
                {"--set", "units=counts", "not JSON"}, {"--set", "units", "NAME=VALUE"}, {"--set", "r=[[1, 2], [3]]", "ragged"},
                {"--set", "mix=[1, \"a\"]", "mixes kinds"}, {"--set", "o={\"a\": 1}", "not {"}, {"--set", "e=[]", "empty array"},
                {"--delete", "nope", "no attribute \"nope\""}}) {
            WriteCommandTest.Run r = WriteCommandTest.run("attrs", p.toString(), "/entry/data", bad[0], bad[1]);
            assertThat(r.exit()).as(String.join(" ", bad)).isEqualTo(Main.FAILED);
            assertThat(r.err()).as(String.join(" ", bad)).contains(bad[2]);
            assertThat(r.err().strip()).doesNotContain("\n");
        }
        assertThat(Files.readAllBytes(p)).as("nothing changed").isEqualTo(before);
        WriteCommandTest.Run missing = WriteCommandTest.run("attrs", p.toString(), "/nope");
        assertThat(missing.exit()).isEqualTo(Main.FAILED);
        assertThat(missing.err()).contains("/nope");
    }

    /** Every type as `read --json` writes it, checked against what h5py reads from the same file. */
    @Test
    void jsonShowsEveryTypeAsReadJsonDoes() throws Exception {
        Path p = dir.resolve("types.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w') as f:
                    g = f.create_group('g')
                    g.attrs['u8'] = np.array([2**64 - 1], 'u8')
                    g.attrs['f8'] = np.array([np.nan, np.inf, -np.inf, 0.5])
                    g.attrs['c8'] = np.array([1 + 2j], 'c8')
                    g.attrs.create('enum', np.array([0, 1], 'u1'), dtype=h5py.enum_dtype({'A': 0, 'B': 1}, 'u1'))
                    g.attrs['cmp'] = np.array([(1, 2.5)], [('i', 'i4'), ('f', 'f8')])
                    vl = np.empty(2, object); vl[0] = np.arange(2.); vl[1] = np.arange(0.)
                    g.attrs.create('vlen', vl, dtype=h5py.vlen_dtype('f8'))
                    g.attrs['ref'] = f.ref
                    g.attrs['opaque'] = np.array([b'\\x01\\x02\\x03\\x04'], 'V4')
                    g.attrs['str2d'] = np.array([['a', 'b'], ['c', 'd']], dtype=h5py.string_dtype())
                    g.attrs['bytes'] = np.array([b'\\xff\\xfe', b'a\\x00b'], 'S4')
                    t = h5py.h5t.STD_B8LE.copy()
                    a = h5py.h5a.create(g.id, b'bitfield', t, h5py.h5s.create_simple((2,)))
                    a.write(np.array([1, 0xA5], 'u1'), mtype=t)
                    g.attrs['empty'] = h5py.Empty('f4')
                """, p);
        WriteCommandTest.Run r = WriteCommandTest.run("attrs", p.toString(), "/g", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(j.get("u8").get("value").toString()).isEqualTo("[18446744073709551615]");
        assertThat(j.get("u8").get("dtype").asText()).isEqualTo("<u8");
        assertThat(j.get("f8").get("value").toString()).isEqualTo("[\"nan\",\"inf\",\"-inf\",0.5]");
        assertThat(j.get("c8").get("value").toString()).isEqualTo("[[1.0,2.0]]");
        assertThat(j.get("enum").get("value").toString()).isEqualTo("[\"A\",\"B\"]");
        assertThat(j.get("enum").get("type").asText()).isEqualTo("enum(uint8){A=0, B=1}");
        assertThat(j.get("cmp").get("value").toString()).isEqualTo("[{\"i\":1,\"f\":2.5}]");
        assertThat(j.get("cmp").get("dtype").asText()).isEqualTo("[('i', '<i4'), ('f', '<f8')]");
        assertThat(j.get("vlen").get("value").toString()).isEqualTo("[[0.0,1.0],[]]");
        assertThat(j.get("ref").get("value").asText()).isEqualTo("/");
        assertThat(j.get("ref").get("shape").toString()).isEqualTo("[]");
        assertThat(j.get("opaque").get("value").toString()).isEqualTo("[\"01020304\"]");
        assertThat(j.get("str2d").get("value").toString()).isEqualTo("[[\"a\",\"b\"],[\"c\",\"d\"]]");
        assertThat(j.get("str2d").get("dtype").asText()).isEqualTo("|O");
        assertThat(j.get("bytes").get("value").toString()).isEqualTo("[\"\\\\xff\\\\xfe\",\"a\\u0000b\"]");
        assertThat(j.get("bytes").get("dtype").asText()).isEqualTo("|S4");
        assertThat(j.get("bitfield").get("value").toString()).isEqualTo("[1,165]");
        assertThat(j.get("empty").get("shape").isNull()).isTrue();
        assertThat(j.get("empty").get("dtype").asText()).isEqualTo("<f4");
        WriteCommandTest.Run plain = WriteCommandTest.run("attrs", p.toString(), "/g");
        assertThat(plain.out()).contains("str2d = [['a', 'b'], ['c', 'd']]  (vlen str utf-8 (2, 2))")
                .contains("bytes = [b'\\xff\\xfe' b'a\\x00b']  (|S4 (2,))");
    }

    /** A reference no path leads to (netCDF 4.0 wrote one past the file's end) is not shown as a null reference. */
    @Test
    void aDanglingReferenceIsNotANullOne() throws Exception {
        Path p = dir.resolve("dangling.h5");
        Python.run("""
                import h5py, numpy as np, struct, sys
                with h5py.File(sys.argv[1], 'w', libver='earliest') as f:
                    f['target'] = [1]
                    f.attrs.create('refs', [f['target'].ref, f['target'].ref, h5py.Reference()], dtype=h5py.ref_dtype)
                    addr = h5py.h5o.get_info(f['target'].id).addr
                b = bytearray(open(sys.argv[1], 'rb').read())
                i = b.find(struct.pack('<Q', addr) * 2)
                b[i + 8:i + 16] = struct.pack('<Q', 0x1abbf00000000)
                open(sys.argv[1], 'wb').write(b)
                with h5py.File(sys.argv[1], 'r') as f:
                    assert bool(f.attrs['refs'][1]) and not bool(f.attrs['refs'][2])
                """, p);
        WriteCommandTest.Run r = WriteCommandTest.run("attrs", p.toString(), "/", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode v = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("refs").get("value");
        assertThat(v.get(0).asText()).isEqualTo("/target");
        assertThat(v.get(1).get("unresolved").asText()).contains("address " + 0x1abbf00000000L);
        assertThat(v.get(2).isNull()).isTrue();
    }
}
