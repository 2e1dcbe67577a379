package org.h5vds.format.message;

import java.time.Instant;
import org.h5vds.io.Cursor;

/** The Object Modification Time message (IV.A.2.s, type 0x0012): seconds since the UNIX epoch. */
public record ModificationTimeMessage(int version, long secondsAfterEpoch) implements Message {
    public static final int TYPE = 0x0012;

    public static ModificationTimeMessage decode(Cursor in) {
        int version = in.version(in.u8(), "modification time message", 1);
        in.skip(3);
        return new ModificationTimeMessage(version, in.u32());
    }

    public Instant instant() {
        return Instant.ofEpochSecond(secondsAfterEpoch);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putZeros(3);
        out.putU32(secondsAfterEpoch);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 8;
    }
}
