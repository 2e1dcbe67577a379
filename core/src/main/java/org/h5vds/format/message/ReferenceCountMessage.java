package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Object Reference Count message (IV.A.2.w, type 0x0016): the number of hard links to an
 * object with a version 2 header (absent means 1).
 */
public record ReferenceCountMessage(int version, long referenceCount) implements Message {
    public static final int TYPE = 0x0016;

    public static ReferenceCountMessage decode(Cursor in) {
        int version = in.version(in.u8(), "reference count message", 0);
        return new ReferenceCountMessage(version, in.u32());
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putU32(referenceCount);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 5;
    }
}
