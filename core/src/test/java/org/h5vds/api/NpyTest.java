package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path tmp;

    /** A deterministic array of {@code t} whose bytes exercise every bit (bool: 0/1 only). */
    static NdArray sample(DType t, long... shape) {
        NdArray z = NdArray.zeros(t, shape);
        byte[] b = new byte[(int) z.nbytes()];
        new Random(t.hashCode()).nextBytes(b);
        if (t.kind() == DType.Kind.BOOL) for (int i = 0; i < b.length; i++) b[i] &= 1;
        return NdArray.wrap(ByteBuffer.wrap(b), t, shape);
    }

    static List<DType> everyTypeAndOrder() {
        List<DType> all = new ArrayList<>();
        for (DType t : DType.ALL) {
            all.add(t);
            if (t.size() > 1) all.add(t.bigEndian());
        }
        return all;
    }

    @Test
    void everyDtypeAndOrderRoundTripsAndNumpyReadsTheSameValues() throws Exception {
        List<Object> args = new ArrayList<>();
        List<NdArray> arrays = new ArrayList<>();
        for (DType t : everyTypeAndOrder()) {
            for (long[] shape : List.of(new long[]{3, 4}, new long[]{}, new long[]{0}, new long[]{2, 0, 3}, new long[]{5})) {
                NdArray a = sample(t, shape);
                Path f = tmp.resolve("w" + arrays.size() + ".npy");
                Npy.write(f, a);
                assertThat(Npy.read(f)).isEqualTo(a);
                arrays.add(a);
                args.add(f);
            }
        }
        String out = Python.run("""
                import sys, io, json, numpy as np
                res = []
                for f in sys.argv[1:]:
                    a = np.load(f)
                    b = io.BytesIO(); np.save(b, a)
                    res.append({"str": a.dtype.str, "shape": list(a.shape), "hex": a.tobytes().hex(),
                                "same_file": b.getvalue() == open(f, "rb").read()})
                print(json.dumps(res))
                """, args.toArray());
        JsonNode res = new ObjectMapper().readTree(out);
        for (int k = 0; k < arrays.size(); k++) {
            NdArray a = arrays.get(k);
            JsonNode r = res.get(k);
            assertThat(r.get("str").asText()).as("file %d", k).isEqualTo(a.dtype().numpy());
            List<Long> shape = new ArrayList<>();
            r.get("shape").forEach(n -> shape.add(n.asLong()));
            assertThat(shape).containsExactly(boxed(a.shape()));
            byte[] bytes = new byte[(int) a.nbytes()];
            a.buffer().get(bytes);
            assertThat(r.get("hex").asText()).as("values of %s %s", a.dtype(), Shape.format(a.shape())).isEqualTo(HexFormat.of().formatHex(bytes));
            assertThat(r.get("same_file").asBoolean()).as("byte-identical to numpy.save for %s", a.dtype()).isTrue();
        }
    }

    @Test
    void readsWhatNumpyWrites() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("np"));
        String out = Python.run("""
                import sys, os, json, numpy as np
                d = sys.argv[1]
                rng = np.random.default_rng(5)
                res = []
                names = ["int8","int16","int32","int64","uint8","uint16","uint32","uint64",
                         "float16","float32","float64","complex64","complex128","bool"]
                def save(a, version=None):
                    f = os.path.join(d, "n%d.npy" % len(res))
                    if version is None:
                        np.save(f, a)
                    else:
                        with open(f, "wb") as fh:
                            np.lib.format.write_array(fh, a, version=version)
                    res.append({"file": f, "str": a.dtype.str, "shape": list(a.shape), "hex": a.tobytes().hex()})
                for n in names:
                    for order in "<>":
                        dt = np.dtype(n).newbyteorder(order) if np.dtype(n).itemsize > 1 else np.dtype(n)
                        if n == "bool":
                            a = rng.integers(0, 2, (4, 3)).astype(dt)
                        elif n.startswith(("int", "uint")):
                            info = np.iinfo(n)
                            a = rng.integers(info.min, info.max, (4, 3), dtype=n, endpoint=True).astype(dt)
                        elif n.startswith("complex"):
                            a = (rng.normal(size=(4, 3)) + 1j * rng.normal(size=(4, 3))).astype(dt)
                        else:
                            a = rng.normal(size=(4, 3)).astype(dt)
                        save(a)
                        save(a[0, 0].reshape(()))
                        save(a[:0])
                save(np.arange(6, dtype=">i4"), version=(2, 0))
                save(np.arange(6, dtype="<f8").reshape(2, 3), version=(3, 0))
                save(np.array(7, dtype="<u2"), version=(2, 0))
                print(json.dumps(res))
                """, dir);
        JsonNode res = new ObjectMapper().readTree(out);
        assertThat(res.size()).isEqualTo(14 * 2 * 3 + 3);
        for (JsonNode r : res) {
            NdArray a = Npy.read(Path.of(r.get("file").asText()));
            assertThat(a.dtype().numpy()).isEqualTo(r.get("str").asText());
            List<Long> shape = new ArrayList<>();
            r.get("shape").forEach(n -> shape.add(n.asLong()));
            assertThat(boxed(a.shape())).containsExactlyElementsOf(shape);
            byte[] bytes = new byte[(int) a.nbytes()];
            a.buffer().get(bytes);
            assertThat(HexFormat.of().formatHex(bytes)).as(r.get("file").asText()).isEqualTo(r.get("hex").asText());
        }
    }

    @Test
    void headersTooLongForVersion1UseVersion2() {
        long[] shape = new long[22000];
        java.util.Arrays.fill(shape, 1);
        NdArray a = NdArray.full(DType.INT16.bigEndian(), 9, shape);
        Path f = tmp.resolve("v2.npy");
        Npy.write(f, a);
        byte[] head = Npy.header(a);
        assertThat(head[6]).isEqualTo((byte) 2);
        assertThat(head.length % 64).isZero();
        assertThat(head[head.length - 1]).isEqualTo((byte) '\n');
        assertThat(Npy.read(f)).isEqualTo(a);
    }

    @Test
    void hostileAndUnsupportedFilesGiveClearErrors() throws Exception {
        assertBad(new byte[]{1, 2, 3}, "only 3 bytes");
        assertBad("NOTNUMPY..........".getBytes(StandardCharsets.US_ASCII), "magic");
        assertBad(file(4, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", 4), "version 4.0");
        assertBad(lengthOnly(1, 0xffff), "runs past the end");
        assertBad(lengthOnly(2, 0x7fffffff), "runs past the end");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (1000000000000,), }", 4), "2^31-1 bytes");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", 4), "too large");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 4), "2^31-1 bytes");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 8), "needs 12 data bytes but the file has 8");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", 8), "needs 4 data bytes but the file has 8");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': True, 'shape': (1,), }", 4), "Fortran-order");
        assertBad(file(1, 0, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", 8), "pickling");
        assertBad(file(1, 0, "{'descr': '<U4', 'fortran_order': False, 'shape': (1,), }", 16), "unsupported descr '<U4'");
        assertBad(file(1, 0, "{'descr': '<i4', 'shape': (1,), }", 4), "expected exactly descr");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (-1,), }", 4), "non-negative integer");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,)", 4), "header ends early");
        assertBad(file(1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': [1], }", 4), "shape must be a tuple");
        assertThatThrownBy(() -> Npy.read(tmp.resolve("missing.npy"))).isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.npy");
    }

    @Test
    void acceptsHeaderVariantsNumpyAccepts() throws Exception {
        Path f = tmp.resolve("variant.npy");
        Files.write(f, file(1, 0, "{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \">u2\"}", 4));
        NdArray a = Npy.read(f);
        assertThat(a.dtype()).isEqualTo(DType.UINT16.bigEndian());
        assertThat(a.shape()).containsExactly(2);
    }

    @Test
    void writeLeavesNoPartialFileBehind() throws Exception {
        Path f = tmp.resolve("a.npy");
        Npy.write(f, NdArray.of(new int[]{1}));
        Npy.write(f, NdArray.of(new int[]{2, 3}));
        assertThat(Npy.read(f)).isEqualTo(NdArray.of(new int[]{2, 3}));
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("a.npy");
        }
        assertThatThrownBy(() -> Npy.write(tmp.resolve("no/such/dir/x.npy"), NdArray.of(new int[]{1})))
                .isInstanceOf(H5Exception.class).hasMessageContaining("x.npy: the folder").hasMessageContaining("does not exist");
    }

    private void assertBad(byte[] bytes, String message) throws Exception {
        Path f = Files.write(tmp.resolve("bad.npy"), bytes);
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("at byte offset").hasMessageContaining(message);
    }

    /** A .npy file with the given version, header text (unpadded) and {@code dataBytes} zero bytes of data. */
    private static byte[] file(int major, int minor, String header, int dataBytes) {
        byte[] h = (header + "\n").getBytes(StandardCharsets.UTF_8);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        if (lengthBytes == 2) b.putShort((short) h.length);
        else b.putInt(h.length);
        b.put(h);
        return b.array();
    }

    private static byte[] lengthOnly(int major, int length) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) b.putShort((short) length);
        else b.putInt(length);
        return b.array();
    }

    private static Long[] boxed(long[] a) {
        Long[] out = new Long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }
}
