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
        assertThat(json.out()).contains("\"gain\"").contains("[ 1.5, 2.0 ]").contains("\"str\"");
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
}
