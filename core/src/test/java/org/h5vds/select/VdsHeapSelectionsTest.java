package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.h5vds.io.Cursor;
import org.h5vds.testing.Python;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selections of a VDS written by h5py / libhdf5 1.10.8, in a file with the default version
 * bounds and in one with libver "latest" (low bound 1.10, which turns regular hyperslabs of 4 blocks
 * or more into version 2): each mapping of the global heap block
 * stores source file name, source dataset name, source selection, virtual selection. We find the
 * names in the file's bytes, decode the two selections behind them, and compare with the
 * selections our index expressions give for the same keys — and with our encoding of them, byte for byte.
 */
class VdsHeapSelectionsTest {

    record Mapping(String name, String layoutKey, long[] sourceShape, String sourceKey) {
    }

    static final long[] LAYOUT = {12, 10};
    static final Mapping[] MAPPINGS = {
        new Mapping("a1", "0:10:2, :", new long[] {5, 10}, null),
        new Mapping("a2", "1, 3:7", new long[] {8}, "2:6"),
        new Mapping("a3", "0:UNLIMITED:3, 0", new long[] {4}, "0:UNLIMITED"),
        new Mapping("a4", "[1, 4, 5], 2", new long[] {3}, "..."),
        new Mapping("a5", "MultiBlockSlice(start=0, stride=4, count=3, block=2), 9", new long[] {6}, ":"),
        new Mapping("a6", "2:4, 1:9:3", new long[] {2, 3}, null),
        new Mapping("a7", "3:7, 5", new long[] {2, 4}, "1, :"),
    };

    static String python(String key) {
        return key.replace("UNLIMITED", "h5s.UNLIMITED");
    }

    @ParameterizedTest
    @CsvSource({"earliest, V18", "latest, V110"})
    void heapBlockSelectionsAreOurs(String libver, SelectionCodec.Versions versions, @TempDir Path dir) throws Exception {
        StringBuilder py = new StringBuilder("""
                import h5py, numpy as np, sys, os
                from h5py import h5s, MultiBlockSlice
                os.chdir(sys.argv[1])
                layout = h5py.VirtualLayout(shape=(12, 10), dtype='i4', maxshape=(None, 10))
                """);
        for (Mapping m : MAPPINGS) {
            String shape = java.util.Arrays.toString(m.sourceShape()).replace('[', '(').replace("]", ",)");
            String maxshape = m.sourceKey() != null && m.sourceKey().contains("UNLIMITED") ? ", maxshape=(None,)" : "";
            py.append("src = h5py.VirtualSource('s.h5', '").append(m.name()).append("', shape=").append(shape).append(maxshape).append(")\n");
            String source = m.sourceKey() == null ? "src" : "src[" + python(m.sourceKey()) + "]";
            py.append("layout[").append(python(m.layoutKey())).append("] = ").append(source).append("\n");
        }
        py.append("""
                with h5py.File('vds.h5', 'w', libver=sys.argv[2]) as f:
                    f.create_virtual_dataset('v', layout, fillvalue=-1)
                """);
        Python.run(py.toString(), dir, libver);
        byte[] file = Files.readAllBytes(dir.resolve("vds.h5"));
        for (Mapping m : MAPPINGS) {
            byte[] names = ("s.h5\0" + m.name() + "\0").getBytes(StandardCharsets.US_ASCII);
            int at = indexOf(file, names);
            assertThat(at).as("mapping " + m.name() + " in the heap block").isGreaterThan(0);
            Cursor c = new Cursor(ByteBuffer.wrap(file), "vds.h5", 0, 8, 8);
            c.position(at + names.length);
            int sourceAt = c.position();
            Selection source = SelectionCodec.decode(c, -1);
            int virtualAt = c.position();
            Selection virtual = SelectionCodec.decode(c, LAYOUT.length);
            int end = c.position();

            Selection expectSource = m.sourceKey() == null ? new All(-1)
                    : IndexExpression.parse(m.sourceKey()).resolve(m.sourceShape()).storedSelection();
            Selection expectVirtual = IndexExpression.parse(m.layoutKey()).resolve(LAYOUT).storedSelection();
            if (expectSource instanceof All) assertThat(source).as(m.name()).isInstanceOf(All.class);
            else assertThat(SelCase.enumerate(source.resolve(m.sourceShape()))).as(m.name()).usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyElementsOf(SelCase.enumerate(expectSource.resolve(m.sourceShape())));
            assertThat(virtual.isResolved()).isEqualTo(expectVirtual.isResolved());
            if (virtual.isResolved()) {
                assertThat(SelCase.text(SelCase.enumerate(virtual))).as(m.name()).containsExactlyElementsOf(SelCase.text(SelCase.enumerate(expectVirtual)));
            } else {
                assertThat(virtual).as(m.name()).isEqualTo(expectVirtual);
            }
            HexFormat hex = HexFormat.of();
            assertThat(hex.formatHex(SelectionCodec.encode(expectSource, versions))).as("source selection of " + m.name())
                    .isEqualTo(hex.formatHex(file, sourceAt, virtualAt));
            assertThat(hex.formatHex(SelectionCodec.encode(expectVirtual, versions))).as("virtual selection of " + m.name())
                    .isEqualTo(hex.formatHex(file, virtualAt, end));
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
