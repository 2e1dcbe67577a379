package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * One object header message (format specification IV.A.2): a typed value that encodes itself.
 * Every implementation is immutable, so a decoded message may be shared between threads.
 */
public interface Message {
    /** The header message type, e.g. {@code 0x0001} for a dataspace. */
    int type();

    /** Writes the message body (without the object header's message prefix) at the cursor. */
    void encode(Cursor out);

    /** The number of bytes {@link #encode} writes for a file with these sizes of offsets and lengths. */
    int encodedSize(int offsetSize, int lengthSize);

    /** The encoded body as a new array, for files with the given sizes of offsets and lengths. */
    default byte[] toBytes(int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(encodedSize(offsetSize, lengthSize), offsetSize, lengthSize);
        encode(c);
        if (c.remaining() != 0) {
            throw new IllegalStateException(getClass().getSimpleName() + " wrote " + c.position()
                    + " bytes but announced " + encodedSize(offsetSize, lengthSize));
        }
        return c.written();
    }
}
