package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The NIL message (IV.A.2.a, type 0x0000): free space inside an object header chunk. Its bytes
 * carry no meaning; only their number is kept, so that a chunk re-encodes to the same length.
 */
public record NilMessage(int size) implements Message {
    public static final int TYPE = 0x0000;

    public NilMessage {
        if (size < 0) throw new IllegalArgumentException("NIL message size " + size);
    }

    public static NilMessage decode(Cursor in) {
        int n = in.remaining();
        in.skip(n);
        return new NilMessage(n);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putZeros(size);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return size;
    }
}
