package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;

/** {@link DType#resultType} is NumPy's result_type, pair by pair as NumPy says. */
class PromotionTest {
    @Test
    void everyPairPromotesAsNumPyDoes() {
        List<String> pairs = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (DType a : DType.ALL) {
            for (DType b : DType.ALL) {
                boolean mixed = (a.kind() == DType.Kind.COMPLEX) != (b.kind() == DType.Kind.COMPLEX);
                if (mixed) continue;
                pairs.add(a.name() + "," + b.name());
                ours.add(DType.resultType(List.of(a, b)).name());
            }
        }
        String numpy = Python.run("""
                import sys, numpy as np
                for p in sys.argv[1].split(';'):
                    a, b = p.split(',')
                    print(np.result_type(np.dtype(a), np.dtype(b)).name)
                """, String.join(";", pairs));
        assertThat(ours).containsExactlyElementsOf(numpy.strip().lines().toList());
    }

    @Test
    void byteOrderOfTheFirstIsKeptWhenItWinsAndMixedComplexKeepsTheFirst() {
        assertThat(DType.resultType(List.of(DType.INT32.bigEndian(), DType.INT16))).isEqualTo(DType.INT32.bigEndian());
        assertThat(DType.resultType(List.of(DType.UINT16, DType.INT32.bigEndian()))).isEqualTo(DType.INT32);
        assertThat(DType.resultType(List.of(DType.INT8, DType.UINT8, DType.FLOAT16))).isEqualTo(DType.FLOAT32);
        assertThat(DType.resultType(List.of(DType.INT32, DType.COMPLEX64))).isEqualTo(DType.INT32);
    }
}
