package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The bulk and in-place writes of an encoder's {@link Cursor} give the bytes the one-value writes give. */
class CursorWritesTest {
    @Test
    void manyUnsignedIntsAtOnceAreWhatOneAtATimeWrites() {
        int[] values = {0, 1, -1, 0x12345678, 0x80000000, 255, 256};
        for (boolean direct : new boolean[] {false, true}) {
            Cursor bulk = new Cursor(direct ? ByteBuffer.allocateDirect(40) : ByteBuffer.allocate(40), "bulk", 0, 8, 8);
            Cursor one = Cursor.forWriting(40, 8, 8);
            bulk.putU8(9);
            one.putU8(9);
            bulk.putU32s(values, 2, 5);
            for (int i = 2; i < 7; i++) one.putU32(Integer.toUnsignedLong(values[i]));
            assertThat(bulk.position()).isEqualTo(21).isEqualTo(one.position());
            byte[] got = new byte[21];
            bulk.buffer().get(0, got);
            assertThat(got).isEqualTo(one.written());
        }
        assertThatThrownBy(() -> Cursor.forWriting(7, 8, 8).putU32s(values, 0, 2)).isInstanceOf(IllegalStateException.class);
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
