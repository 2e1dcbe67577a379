package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Shared Message Table message (IV.A.2.p, type 0x000F), found only in the superblock
 * extension: where the shared object header message master table is and how many indexes it has.
 */
public record SharedMessageTableMessage(int version, long tableAddress, int numberOfIndices) implements Message {
    public static final int TYPE = 0x000F;

    public static SharedMessageTableMessage decode(Cursor in) {
        int version = in.version(in.u8(), "shared message table message", 0);
        return new SharedMessageTableMessage(version, in.address(), in.u8());
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putAddress(tableAddress);
        out.putU8(numberOfIndices);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 2 + offsetSize;
    }
}
