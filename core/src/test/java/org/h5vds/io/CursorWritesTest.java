package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bulk and in-place writes of an encoder's {@link Cursor} give the bytes the one-value writes give. */
class CursorWritesTest {
    @Test
    void manyUnsignedIntsAtOnceAreWhatOneAtATimeWrites() {
        int[] values = {0, 1, -1, 0x12345678, 0x80000000, 255, 256};
        byte[] bulk = new byte[40];
        bulk[0] = 9;
        Cursor one = Cursor.forWriting(40, 8, 8);
        one.putU8(9);
        assertThat(Cursor.putU32s(bulk, 1, values, 2, 5)).isEqualTo(21);
        for (int i = 2; i < 7; i++) one.putU32(Integer.toUnsignedLong(values[i]));
        assertThat(one.position()).isEqualTo(21);
        assertThat(java.util.Arrays.copyOf(bulk, 21)).isEqualTo(one.written());
        assertThat(java.util.Arrays.copyOfRange(bulk, 21, 40)).containsOnly(0);
    }

    @Test
    void filledGivesTheBufferItselfOnlyWhenTheWritesFilledIt() {
        Cursor c = Cursor.forWriting(8, 8, 8);
        c.putU32(7);
        assertThatThrownBy(c::filled).isInstanceOf(IllegalStateException.class).hasMessageContaining("encoded 4 bytes, planned 8");
        c.putU32(8);
        assertThat(c.filled()).containsExactly(7, 0, 0, 0, 8, 0, 0, 0).isSameAs(c.buffer().array());
    }
}
