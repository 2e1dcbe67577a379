package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.h5vds.testing.H5Dump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequences whose elements are compounds holding strings and sequences (HDFView's test file
 * bug0951_StitchTest19_4_25_raw1.h5 nests them three deep). A sequence's elements were given the
 * dtype of their memory form moved once more, as a stored compound is moved to h5py's layout: every
 * member after a sequence 8 bytes past its value, so enums read the doubles' bits, strings came out
 * empty, and a member past the element's end threw ArrayIndexOutOfBoundsException. h5py 3.7 cannot
 * write such a type (it crashes), so h5vds writes it and libhdf5 (h5dump) reads the file.
 */
class SequenceOfCompoundsTest {
    @TempDir
    Path dir;

    @Test
    void theMembersOfCompoundsInsideSequencesReadAsWritten() {
        DType inner = DType.compound(DType.field("names", DType.sequence(DType.string())), DType.field("kind", DType.INT32),
                DType.field("text", DType.string()), DType.field("x", DType.FLOAT64));
        DType record = DType.compound(DType.field("alias", DType.string()), DType.field("keys", DType.sequence(inner)),
                DType.field("weight", DType.UINT32));
        NdArray first = keys(inner, 0, 2);
        NdArray second = keys(inner, 1, 1);
        Path file = dir.resolve("seq.h5");
        try (H5File f = H5File.create(file)) {
            f.createDataset("keys", NdArray.ofObjects(DType.sequence(inner), List.of(first, second), 2));
            f.createDataset("record", NdArray.ofFields(record, Map.of(
                    "alias", NdArray.ofStrings("LowAngularDispersion@0.2"),
                    "keys", NdArray.ofObjects(DType.sequence(inner), List.of(first), 1),
                    "weight", NdArray.ofUnsigned(new int[] {1000}, 1))).reshape());
        }
        try (H5File f = H5File.open(file)) {
            NdArray keys = f.dataset("keys").read();
            for (int i = 0; i < 2; i++) {
                NdArray e = (NdArray) keys.getObject(i);
                NdArray expected = i == 0 ? first : second;
                // h5py's layout (a sequence member in a 16-byte hvl_t), the dataset's dtype's base
                assertThat(e.dtype()).isEqualTo(f.dataset("keys").dtype().base());
                assertThat(e.field("kind").toIntArray()).containsExactly(expected.field("kind").toIntArray());
                assertThat(e.field("text").strings()).isEqualTo(expected.field("text").strings());
                assertThat(e.field("x").toDoubleArray()).containsExactly(expected.field("x").toDoubleArray());
                for (int j = 0; j < e.size(); j++) {
                    assertThat(((NdArray) e.field("names").getObject(j)).strings()).isEqualTo(((NdArray) expected.field("names").getObject(j)).strings());
                }
            }
            NdArray r = f.dataset("record").read();
            NdArray k = (NdArray) r.field("keys").getObject();
            assertThat(k.field("text").strings()).containsExactly("text0_0", "text0_1");
            assertThat(k.field("kind").toIntArray()).containsExactly(0, 1);
            assertThat(r.field("weight").getLong()).isEqualTo(1000);
        }
        String dump = H5Dump.values(file, "/keys");
        assertThat(dump).contains("\"text0_1\"", "\"text1_0\"", "\"name1_0_0\"", "0.5");
    }

    /** {@code n} elements: kind = j, text "text{i}_{j}", x = i + j / 2, names j + 1 strings. */
    private static NdArray keys(DType inner, int i, int n) {
        int[] kind = new int[n];
        String[] text = new String[n];
        double[] x = new double[n];
        List<Object> names = new java.util.ArrayList<>();
        for (int j = 0; j < n; j++) {
            kind[j] = j;
            text[j] = "text" + i + "_" + j;
            x[j] = i + j / 2.0;
            List<String> s = new java.util.ArrayList<>();
            for (int m = 0; m <= j; m++) s.add("name" + i + "_" + j + "_" + m);
            names.add(NdArray.ofStrings(s));
        }
        return NdArray.ofFields(inner, Map.of("names", NdArray.ofObjects(DType.sequence(DType.string()), names, n),
                "kind", NdArray.of(kind, n), "text", NdArray.ofStrings(List.of(text), n), "x", NdArray.of(x, n)));
    }
}
