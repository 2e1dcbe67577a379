package org.h5vds.filter.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BitTransposeTest {
    /** The definition, one bit at a time: row 8j+k holds bit k of byte j of each element, element i at bit i%8 of byte i/8. */
    static byte[] reference(byte[] in, int n, int size) {
        byte[] out = new byte[n * size];
        int rowBytes = n / 8;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                for (int k = 0; k < 8; k++) {
                    int bit = (in[i * size + j] >>> k) & 1;
                    int row = 8 * j + k;
                    out[row * rowBytes + i / 8] |= (byte) (bit << (i % 8));
                }
            }
        }
        return out;
    }

    @Property(tries = 300)
    void shuffleMatchesTheBitLevelDefinitionAndUnshuffleInvertsIt(@ForAll @IntRange(min = 1, max = 17) int size,
                                                                   @ForAll @IntRange(min = 1, max = 80) int groups,
                                                                   @ForAll long seed) {
        int n = 8 * groups;
        byte[] in = new byte[n * size + 5];
        new Random(seed).nextBytes(in);
        byte[] out = new byte[n * size + 3];
        BitTranspose.shuffle(in, 5, out, 3, n, size);
        byte[] expected = reference(java.util.Arrays.copyOfRange(in, 5, in.length), n, size);
        assertThat(java.util.Arrays.copyOfRange(out, 3, out.length)).isEqualTo(expected);
        byte[] back = new byte[n * size + 1];
        BitTranspose.unshuffle(out, 3, back, 1, n, size);
        assertThat(java.util.Arrays.copyOfRange(back, 1, back.length)).isEqualTo(java.util.Arrays.copyOfRange(in, 5, in.length));
    }

    @Test
    void transpose8x8IsItsOwnInverseAndMovesEachBit() {
        Random r = new Random(1);
        for (int t = 0; t < 1000; t++) {
            long x = r.nextLong();
            long y = BitTranspose.transpose8x8(x);
            assertThat(BitTranspose.transpose8x8(y)).isEqualTo(x);
            for (int m = 0; m < 8; m++) {
                for (int k = 0; k < 8; k++) {
                    assertThat((y >>> (8 * k + m)) & 1).isEqualTo((x >>> (8 * m + k)) & 1);
                }
            }
        }
    }
}
