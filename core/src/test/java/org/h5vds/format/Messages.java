package org.h5vds.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The name fields of the link and attribute messages stored in dense groups' heaps (format spec
 * IV.A.2.g and IV.A.2.m), so heap tests can check each object is the message it should be. The
 * message classes themselves are another task's.
 */
final class Messages {
    private Messages() {
    }

    /** Link message version 1: version, flags, optional fields by flag, name length, name. */
    static String linkName(byte[] message) {
        ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get() != 1) throw new AssertionError("not a version 1 link message");
        int flags = b.get() & 0xFF;
        if ((flags & 0x08) != 0) b.get();        // link type
        if ((flags & 0x04) != 0) b.getLong();    // creation order
        if ((flags & 0x10) != 0) b.get();        // character set
        int lengthSize = 1 << (flags & 0x3);
        long length = 0;
        for (int i = 0; i < lengthSize; i++) length |= (long) (b.get() & 0xFF) << (8 * i);
        byte[] name = new byte[(int) length];
        b.get(name);
        return new String(name, StandardCharsets.UTF_8);
    }

    /** Attribute message version 1-3: the name, without its NUL. */
    static String attributeName(byte[] message) {
        ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.get();
        b.get();                                  // reserved (v1) or flags
        int nameSize = b.getShort() & 0xFFFF;     // including the NUL
        b.getShort();                             // datatype size
        b.getShort();                             // dataspace size
        if (version == 3) b.get();                // name character set encoding
        byte[] name = new byte[nameSize - 1];
        b.get(name);
        return new String(name, StandardCharsets.UTF_8);
    }
}
