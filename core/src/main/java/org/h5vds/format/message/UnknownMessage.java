package org.h5vds.format.message;

import java.util.Arrays;
import java.util.HexFormat;
import org.h5vds.io.Cursor;

/**
 * A header message whose type this library does not know. Kept as raw bytes so that it can be
 * written back unchanged; whether an unknown message is fatal is decided by its flags (see
 * {@code HeaderMessage}), not here.
 */
public final class UnknownMessage implements Message {
    private final int type;
    private final byte[] body;

    public UnknownMessage(int type, byte[] body) {
        this.type = type;
        this.body = body.clone();
    }

    public static UnknownMessage decode(int type, Cursor in) {
        return new UnknownMessage(type, in.bytes(in.remaining()));
    }

    @Override
    public int type() {
        return type;
    }

    public byte[] body() {
        return body.clone();
    }

    @Override
    public void encode(Cursor out) {
        out.putBytes(body);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownMessage u && u.type == type && Arrays.equals(u.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownMessage[type=0x" + Integer.toHexString(type) + ", body=" + HexFormat.of().formatHex(body) + "]";
    }
}
