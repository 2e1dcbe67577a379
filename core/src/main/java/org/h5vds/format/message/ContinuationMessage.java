package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Object Header Continuation message (IV.A.2.q, type 0x0010): the address and length of a
 * further block of header messages of the same object.
 */
public record ContinuationMessage(long offset, long length) implements Message {
    public static final int TYPE = 0x0010;

    public static ContinuationMessage decode(Cursor in) {
        int at = in.position();
        long offset = in.address();
        long length = in.length();
        if (offset == Cursor.UNDEFINED) throw in.error(at, "continuation message: the continuation block address is undefined");
        if (length <= 0) throw in.error(at, "continuation message: continuation block length " + Long.toUnsignedString(length) + " is not positive");
        return new ContinuationMessage(offset, length);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putAddress(offset);
        out.putLength(length);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return offsetSize + lengthSize;
    }
}
