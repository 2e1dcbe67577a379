package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.Npy;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code h5vds mappings} and the VDS options of {@code h5vds read} (--view, --printf-gap, --prefix),
 * and HDF5_VDS_PREFIX honoured as libhdf5 honours it (checked in a child process, since the
 * variable is read from the environment).
 */
class VirtualCliTest {
    static Path dir;

    @BeforeAll
    static void write() {
        dir = H5pyVds.make("cli", """
                os.makedirs('p1'); os.makedirs('p2'); os.makedirs('v')
                with h5py.File('p2/src.h5', 'w') as f:
                    f['data'] = np.arange(6, dtype='<i4') * 3
                with h5py.File('v/vds.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((2, 6), '<i4')
                    lay[0] = h5py.VirtualSource('src.h5', 'data', shape=(6,))
                    lay[1, ::2] = h5py.VirtualSource('src.h5', 'data', shape=(6,))[3:]
                    f.create_virtual_dataset('v', lay, fillvalue=-1)
                for i in [0, 1, 3]:
                    with h5py.File(f'v/p_{i}.h5', 'w') as f:
                        f['d'] = np.arange(4, dtype='<i2') + 10 * i
                vspace = h5py.h5s.create_simple((0,), (U,))
                vspace.select_hyperslab((0,), (U,), stride=(4,), block=(4,))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_fill_value(np.array([-1], dtype='<i2'))
                dcpl.set_virtual(vspace, b'p_%b.h5', b'd', h5py.h5s.create_simple((4,)))
                with h5py.File('v/printf.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'p', h5py.h5t.STD_I16LE, vspace, dcpl=dcpl)
                with h5py.File('v/vds.h5', 'r') as f:
                    save('no_prefix', f['v'][()])
                    save('prefix', open_with(f, 'v', prefix=os.path.abspath('p2'))[()])
                with h5py.File('v/printf.h5', 'r') as f:
                    save('first', open_with(f, 'p', view=FIRST)[()])
                    save('last_gap1', open_with(f, 'p', view=LAST, gap=1)[()])
                """);
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(status), out.toString(), err.toString()};
    }

    @Test
    void mappingsAsTextAndJson() throws Exception {
        String vds = dir.resolve("v/vds.h5").toString();
        String[] r = run("mappings", vds, "v");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1].strip().split("\n")).containsExactly("[0, 0:6] <- src.h5:data[ALL]", "[1, 0:5:2] <- src.h5:data[3:6]");
        JsonNode json = new ObjectMapper().readTree(run("mappings", vds, "v", "--json")[1]);
        assertThat(json).hasSize(2);
        assertThat(json.get(1).get("virtual").asText()).isEqualTo("[1, 0:5:2]");
        assertThat(json.get(1).get("file").asText()).isEqualTo("src.h5");
        assertThat(json.get(1).get("dataset").asText()).isEqualTo("data");
        assertThat(json.get(1).get("source").asText()).isEqualTo("[3:6]");
        String[] bad = run("mappings", dir.resolve("p2/src.h5").toString(), "data");
        assertThat(bad[0]).isEqualTo("1");
        assertThat(bad[2]).contains("not a virtual dataset");
    }

    @Test
    void readWithViewGapAndPrefix() {
        // one output file, rewritten: every read after the first replaces it, so says --overwrite
        Path out = dir.resolve("out.npy");
        assertThat(run("read", dir.resolve("v/vds.h5").toString(), "v", "--npy", out.toString())[0]).isEqualTo("0");
        assertThat(Npy.read(out)).isEqualTo(H5pyVds.expected(dir, "no_prefix"));
        assertThat(run("read", dir.resolve("v/vds.h5").toString(), "v", "--prefix", dir.resolve("p2").toString(), "--npy", out.toString(), "--overwrite")[0]).isEqualTo("0");
        assertThat(Npy.read(out)).isEqualTo(H5pyVds.expected(dir, "prefix"));
        assertThat(run("read", dir.resolve("v/vds.h5").toString(), "v", "--prefix", "${ORIGIN}/../p2", "--npy", out.toString(), "--overwrite")[0]).isEqualTo("0");
        assertThat(Npy.read(out)).isEqualTo(H5pyVds.expected(dir, "prefix"));
        assertThat(run("read", dir.resolve("v/printf.h5").toString(), "p", "--view", "first-missing", "--npy", out.toString(), "--overwrite")[0]).isEqualTo("0");
        assertThat(Npy.read(out)).isEqualTo(H5pyVds.expected(dir, "first"));
        assertThat(run("read", dir.resolve("v/printf.h5").toString(), "p", "--view", "last-available", "--printf-gap", "1", "--npy", out.toString(), "--overwrite")[0]).isEqualTo("0");
        assertThat(Npy.read(out)).isEqualTo(H5pyVds.expected(dir, "last_gap1"));
        String[] bad = run("read", dir.resolve("v/printf.h5").toString(), "p", "--view", "sideways");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("first-missing or last-available");
    }

    /** Runs {@code h5vds read ... --npy OUT} in a child JVM with HDF5_VDS_PREFIX set. */
    private static void readInChild(String vdsPrefix, Path out, String... extra) {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "HDF5_VDS_PREFIX=" + vdsPrefix,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, Main.class.getName(),
                "read", dir.resolve("v/vds.h5").toString(), "v", "--npy", out.toString()));
        cmd.addAll(List.of(extra));
        Python.Processes.run(cmd, 300);
    }

    @Test
    void environmentPrefixIsSearchedAsLibhdf5SearchesIt() {
        String p1 = dir.resolve("p1").toAbsolutePath().toString();
        String p2 = dir.resolve("p2").toAbsolutePath().toString();
        String[][] cases = {
            {p1 + ":" + p2, null},                 // each colon-separated folder in turn
            {"${ORIGIN}/../p2", null},            // the variable as a whole, ${ORIGIN} expanded
            {p1, p2},                             // when set, the variable replaces the prefix option
        };
        for (int k = 0; k < cases.length; k++) {
            String env = cases[k][0];
            String option = cases[k][1];
            H5pyVds.runWithVdsPrefix(dir, env, "with h5py.File('v/vds.h5', 'r') as f:\n"
                    + (option == null ? "    save('env_" + k + "', f['v'][()])\n"
                            : "    save('env_" + k + "', open_with(f, 'v', prefix='" + option + "')[()])\n"));
            Path out = dir.resolve("env_" + k + "_ours.npy");
            if (option == null) readInChild(env, out);
            else readInChild(env, out, "--prefix", option);
            assertThat(Npy.read(out)).as("HDF5_VDS_PREFIX=%s, prefix option %s", env, option).isEqualTo(H5pyVds.expected(dir, "env_" + k));
        }
        assertThat(H5pyVds.expected(dir, "env_0")).isEqualTo(H5pyVds.expected(dir, "prefix"));
        assertThat(H5pyVds.expected(dir, "env_2")).isEqualTo(H5pyVds.expected(dir, "no_prefix"));
    }
}
