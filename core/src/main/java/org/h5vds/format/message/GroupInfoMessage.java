package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Group Info message (IV.A.2.k, type 0x000A): constants of a "new style" group. Absent
 * optional fields read as the defaults the specification gives.
 */
public record GroupInfoMessage(int version, int flags, int maximumCompact, int minimumDense,
                               int estimatedNumberOfEntries, int estimatedLinkNameLength) implements Message {
    public static final int TYPE = 0x000A;
    public static final int FLAG_PHASE_CHANGE_STORED = 0x01;
    public static final int FLAG_ESTIMATES_STORED = 0x02;
    /** libhdf5's defaults when the fields are absent. */
    public static final int DEFAULT_MAX_COMPACT = 8;
    public static final int DEFAULT_MIN_DENSE = 6;
    public static final int DEFAULT_ESTIMATED_ENTRIES = 4;
    public static final int DEFAULT_ESTIMATED_NAME_LENGTH = 8;

    /** Group info with every value at its default, encoded as libhdf5 does (2 bytes). */
    public static GroupInfoMessage defaults() {
        return new GroupInfoMessage(0, 0, DEFAULT_MAX_COMPACT, DEFAULT_MIN_DENSE, DEFAULT_ESTIMATED_ENTRIES, DEFAULT_ESTIMATED_NAME_LENGTH);
    }

    public static GroupInfoMessage decode(Cursor in) {
        int version = in.version(in.u8(), "group info message", 0);
        int flags = in.u8();
        if ((flags & ~0x03) != 0) throw in.error(in.position() - 1, "group info message: reserved flag bits set in " + flags);
        int maxCompact = DEFAULT_MAX_COMPACT;
        int minDense = DEFAULT_MIN_DENSE;
        if ((flags & FLAG_PHASE_CHANGE_STORED) != 0) {
            maxCompact = in.u16();
            minDense = in.u16();
        }
        int entries = DEFAULT_ESTIMATED_ENTRIES;
        int nameLength = DEFAULT_ESTIMATED_NAME_LENGTH;
        if ((flags & FLAG_ESTIMATES_STORED) != 0) {
            entries = in.u16();
            nameLength = in.u16();
        }
        return new GroupInfoMessage(version, flags, maxCompact, minDense, entries, nameLength);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putU8(flags);
        if ((flags & FLAG_PHASE_CHANGE_STORED) != 0) {
            out.putU16(maximumCompact);
            out.putU16(minimumDense);
        }
        if ((flags & FLAG_ESTIMATES_STORED) != 0) {
            out.putU16(estimatedNumberOfEntries);
            out.putU16(estimatedLinkNameLength);
        }
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 2 + ((flags & FLAG_PHASE_CHANGE_STORED) != 0 ? 4 : 0) + ((flags & FLAG_ESTIMATES_STORED) != 0 ? 4 : 0);
    }
}
