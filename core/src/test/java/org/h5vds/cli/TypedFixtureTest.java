package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static void assertSameJson(JsonNode got, JsonNode want, String where) {
        org.h5vds.testing.JsonCheck.assertSame(got, want, where);
    }

    /** The region references h5py stored (data[1:3, ::2], data[0, 4] of a 4 x 5 arange) select what h5py's dset[ref] reads. */
    @org.junit.jupiter.api.Test
    void regionReferencesReadTheirRegions() {
        try (H5File f = H5File.open(Fixtures.dir().resolve("types.h5"))) {
            NdArray refs = f.dataset("refs/region").read();
            org.h5vds.api.Reference first = refs.getReference(0);
            assertThat(first.kind()).isEqualTo(org.h5vds.api.Reference.Kind.REGION);
            assertThat(first.path()).isEqualTo("/refs/data");
            assertThat(first.readRegion().toIntArray()).containsExactly(5, 7, 9, 10, 12, 14);
            assertThat(first.regionText()).isEqualTo("[1:3, 0:5:2]");
            assertThat(refs.getReference(1).readRegion().toIntArray()).containsExactly(4);
            NdArray objects = f.dataset("refs/object").read();
            assertThat(objects.getReference(1).dereference()).isInstanceOf(org.h5vds.api.Group.class);
            assertThat(objects.getReference(3)).isNull();
        }
    }

    /** {@code ls} shows every type in full; {@code ls --json} adds NumPy's description. */
    @org.junit.jupiter.api.Test
    void lsShowsFullTypes() throws Exception {
        String file = Fixtures.dir().resolve("types.h5").toString();
        CliTest.Result r = CliTest.run("ls", file);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("compound{x: <i4, y: <f8}").contains("|S6 space-padded").contains("vlen str utf-8")
                .contains("enum(int8){BLUE=42, GREEN=1, RED=0}").contains("('<i4', (2, 3))").contains("vlen <i4")
                .contains("object reference").contains("region reference").contains("|V4 tag 'jpeg'").contains("float128")
                .contains("int16 (12 bits at bit 2)").contains("szip").contains("nbit");
        CliTest.Result j = CliTest.run("ls", file, "--json");
        assertThat(j.exit()).as(j.err()).isZero();
        JsonNode rows = JSON.readTree(j.out());
        JsonNode packed = null;
        for (JsonNode row : rows) if (row.get("path").asText().equals("/cmp/packed")) packed = row;
        assertThat(packed.get("dtype").asText()).isEqualTo("compound{x: <i4, y: <f8}");
        assertThat(packed.get("numpy").asText()).isEqualTo("[('x', '<i4'), ('y', '<f8')]");
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
