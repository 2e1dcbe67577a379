package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;

class DTypeTest {

    @Test
    void numpyStringsForEveryTypeAndOrder() {
        assertThat(DType.INT32.numpy()).isEqualTo("<i4");
        assertThat(DType.INT32.bigEndian().numpy()).isEqualTo(">i4");
        assertThat(DType.UINT8.numpy()).isEqualTo("|u1");
        assertThat(DType.UINT8.bigEndian().numpy()).isEqualTo("|u1");
        assertThat(DType.BOOL.numpy()).isEqualTo("|b1");
        assertThat(DType.FLOAT64.bigEndian().numpy()).isEqualTo(">f8");
        assertThat(DType.COMPLEX128.numpy()).isEqualTo("<c16");
        assertThat(DType.COMPLEX64.numpy()).isEqualTo("<c8");
        assertThat(DType.FLOAT16.numpy()).isEqualTo("<f2");
    }

    @Test
    void numpyAgreesWithEveryDtypeString() {
        List<String> strs = new ArrayList<>();
        for (DType t : DType.ALL) {
            strs.add(t.numpy());
            strs.add(t.bigEndian().numpy());
        }
        String out = Python.run("""
                import sys, numpy as np
                for s in sys.argv[1:]:
                    d = np.dtype(s)
                    print(d.str, d.itemsize, d.kind, d.name)
                """, strs.toArray());
        String[] lines = out.strip().split("\n");
        int k = 0;
        for (DType t : DType.ALL) {
            for (DType o : List.of(t, t.bigEndian())) {
                String[] f = lines[k++].split(" ");
                assertThat(f[0]).as("str of %s", o).isEqualTo(o.numpy());
                assertThat(Integer.parseInt(f[1])).isEqualTo(o.size());
                assertThat(f[2].charAt(0)).isEqualTo(o.kind().code());
                assertThat(f[3]).isEqualTo(o.name());
            }
        }
    }

    @Test
    void parsesNamesStringsAliasesAndCodes() {
        assertThat(DType.parse("int32")).isEqualTo(DType.INT32);
        assertThat(DType.parse("i4")).isEqualTo(DType.INT32);
        assertThat(DType.parse("<f8")).isEqualTo(DType.FLOAT64);
        assertThat(DType.parse(">f8")).isEqualTo(DType.FLOAT64.bigEndian());
        assertThat(DType.parse("=u2")).isEqualTo(DType.UINT16);
        assertThat(DType.parse("uint16")).isEqualTo(DType.UINT16);
        assertThat(DType.parse("float")).isEqualTo(DType.FLOAT64);
        assertThat(DType.parse("double")).isEqualTo(DType.FLOAT64);
        assertThat(DType.parse("single")).isEqualTo(DType.FLOAT32);
        assertThat(DType.parse("half")).isEqualTo(DType.FLOAT16);
        assertThat(DType.parse("|b1")).isEqualTo(DType.BOOL);
        assertThat(DType.parse("bool")).isEqualTo(DType.BOOL);
        assertThat(DType.parse("?")).isEqualTo(DType.BOOL);
        assertThat(DType.parse("B")).isEqualTo(DType.UINT8);
        assertThat(DType.parse("b")).isEqualTo(DType.INT8);
        assertThat(DType.parse(">c16")).isEqualTo(DType.COMPLEX128.bigEndian());
        assertThat(DType.parse("complex64")).isEqualTo(DType.COMPLEX64);
        assertThat(DType.parse(">int64")).isEqualTo(DType.INT64.bigEndian());
        assertThat(DType.parse("|u1")).isEqualTo(DType.UINT8);
        for (DType t : DType.ALL) {
            assertThat(DType.parse(t.numpy())).isEqualTo(t);
            assertThat(DType.parse(t.bigEndian().numpy())).isEqualTo(t.bigEndian());
            assertThat(DType.parse(t.name())).isEqualTo(t);
        }
    }

    @Test
    void parseErrorsListWhatIsAccepted() {
        assertThatThrownBy(() -> DType.parse("int3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'int3'").hasMessageContaining("'<i4'").hasMessageContaining("float64");
        assertThatThrownBy(() -> DType.parse("<U8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DType.parse("f3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DType.parse("|i4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single-byte");
        assertThatThrownBy(() -> DType.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteOrderAndEquality() {
        DType big = DType.INT16.bigEndian();
        assertThat(big.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(big).isNotEqualTo(DType.INT16);
        assertThat(big.littleEndian()).isEqualTo(DType.INT16).hasSameHashCodeAs(DType.INT16);
        assertThat(big.withOrder(ByteOrder.BIG_ENDIAN)).isSameAs(big);
        assertThat(DType.INT8.bigEndian()).isSameAs(DType.INT8);
        assertThat(DType.INT8.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(DType.COMPLEX64.kind()).isEqualTo(DType.Kind.COMPLEX);
        assertThat(DType.COMPLEX64.size()).isEqualTo(8);
        assertThat(DType.UINT64.isInteger()).isTrue();
        assertThat(DType.BOOL.isInteger()).isFalse();
    }

    @Test
    void printsLikeNumpyOnALittleEndianMachine() {
        assertThat(DType.INT32).hasToString("int32");
        assertThat(DType.INT32.bigEndian()).hasToString(">i4");
        assertThat(DType.UINT8.bigEndian()).hasToString("uint8");
        assertThat(DType.BOOL).hasToString("bool");
    }
}
