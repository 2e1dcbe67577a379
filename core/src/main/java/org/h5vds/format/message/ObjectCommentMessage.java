package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import org.h5vds.io.Cursor;

/**
 * The Object Comment message (IV.A.2.n, type 0x000D): a NUL-terminated comment string. The decoder
 * stops at the first NUL or the end of the message, whichever comes first, as libhdf5 does.
 */
public record ObjectCommentMessage(String comment) implements Message {
    public static final int TYPE = 0x000D;

    public static ObjectCommentMessage decode(Cursor in) {
        return new ObjectCommentMessage(in.fixedString(in.remaining()));
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putCString(comment);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return comment.getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
