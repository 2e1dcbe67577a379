package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every datatype h5py writes (make_types.py) reads through h5vds as h5py read it: the same array
 * (.npy, byte for byte) where .npy holds the type, the same JSON by h5vds's rules, the same text
 * as NumPy prints it; {@code h5vds read --npy} and {@code --json} give those too.
 */
class TypedFixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Stream<Fixtures.TypedCase> readable() {
        return Fixtures.typed().filter(c -> c.error() == null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void readsAsH5pyReadIt(Fixtures.TypedCase c) throws Exception {
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(c.path());
            NdArray a = d.read();
            if (c.descr() != null) {
                NdArray want = c.expectedArray();
                assertThat(a.dtype().numpy()).as("dtype of %s", c).isEqualTo(want.dtype().numpy());
                assertThat(bytes(a)).as("values of %s", c).isEqualTo(bytes(want));
            }
            assertThat(a.toString()).as("text of %s", c).isEqualTo(c.text());
        }
        CliTest.Result r = CliTest.run("read", c.filePath().toString(), c.path(), "--json");
        assertThat(r.exit()).as("%s: %s", c, r.err()).isZero();
        assertSameJson(JSON.readTree(r.out()), c.json(), c.toString());
        if (c.descr() != null) {
            Path out = tmp.resolve("out.npy");
            CliTest.Result n = CliTest.run("read", c.filePath().toString(), c.path(), "--npy", out.toString());
            assertThat(n.exit()).as("%s: %s", c, n.err()).isZero();
            assertThat(Files.readAllBytes(out)).as("--npy of %s", c).isEqualTo(Files.readAllBytes(Fixtures.dir().resolve(c.expected())));
        } else if (!c.path().equals("/vstr/scalar")) {
            CliTest.Result n = CliTest.run("read", c.filePath().toString(), c.path(), "--npy", tmp.resolve("x.npy").toString());
            assertThat(n.exit()).isEqualTo(1);
            assertThat(n.err()).contains("--json");
        }
    }

    private static byte[] bytes(NdArray a) {
        byte[] b = new byte[(int) a.nbytes()];
        a.buffer().get(b);
        return b;
    }

    /** Equal JSON, numbers compared by value (Python writes 1.0 where Jackson may read an int). */
    static void assertSameJson(JsonNode got, JsonNode want, String where) {
        if (want.isNumber() && got.isNumber()) {
            assertThat(new BigDecimal(got.asText()).compareTo(new BigDecimal(want.asText()))).as("%s: %s vs %s", where, got, want).isZero();
            return;
        }
        assertThat(got.getNodeType()).as("%s: %s vs %s", where, got, want).isEqualTo(want.getNodeType());
        if (want.isArray()) {
            assertThat(got.size()).as("%s: length", where).isEqualTo(want.size());
            for (int i = 0; i < want.size(); i++) assertSameJson(got.get(i), want.get(i), where + "[" + i + "]");
        } else if (want.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = want.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                assertThat(got.has(e.getKey())).as("%s has %s", where, e.getKey()).isTrue();
                assertSameJson(got.get(e.getKey()), e.getValue(), where + "." + e.getKey());
            }
        } else {
            assertThat(got).as(where).isEqualTo(want);
        }
    }

    static Stream<Fixtures.TypedCase> unreadableByH5py() {
        return Fixtures.typed().filter(c -> c.error() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableByH5py")
    void whatH5pyCannotReadIsReadOrRefusedClearly(Fixtures.TypedCase c) {
        CliTest.Result r = CliTest.run("read", c.filePath().toString(), c.path(), "--json");
        if (c.h5vdsReads()) {
            assertThat(r.exit()).as("%s: %s", c, r.err()).isZero();
            try (H5File f = H5File.open(c.filePath())) {
                NdArray a = f.dataset(c.path()).read();
                if (c.path().equals("/opaque/tagged")) {
                    assertThat(f.dataset(c.path()).dtype()).isEqualTo(DType.opaque(4, "jpeg"));
                    assertThat(a.getBytes(1)).containsExactly(0xff, 0xfe, 0xfd, 0xfc);
                } else {
                    assertThat(a.dtype().kind()).isEqualTo(DType.Kind.BITFIELD);
                    assertThat(a.toLongArray()).containsExactly(5, 250);
                }
            }
        } else {
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains(c.path()).contains("time").contains("no NumPy dtype");
        }
    }
}
