package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Bogus message (IV.A.2.j, type 0x0009): libhdf5's test message for unknown-message handling.
 * It never appears in valid files; we decode its value and otherwise ignore it.
 */
public record BogusMessage(long bogusValue) implements Message {
    public static final int TYPE = 0x0009;
    /** The value the specification prescribes. */
    public static final long EXPECTED = 0xdeadbeefL;

    public static BogusMessage decode(Cursor in) {
        return new BogusMessage(in.u32());
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU32(bogusValue);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 4;
    }
}
