package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Attribute Info message (IV.A.2.v, type 0x0015): creation-order tracking for an object's
 * attributes and, when they are stored densely, the fractal heap and v2 B-tree indexes.
 *
 * @param maximumCreationIndex the largest attribute creation index, or -1 when not tracked
 */
public record AttributeInfoMessage(int version, int flags, int maximumCreationIndex, long fractalHeapAddress,
                                   long nameIndexAddress, long creationOrderIndexAddress) implements Message {
    public static final int TYPE = 0x0015;
    public static final int FLAG_CREATION_ORDER_TRACKED = 0x01;
    public static final int FLAG_CREATION_ORDER_INDEXED = 0x02;

    /** Attribute info of an object whose attributes live in its header, without creation order tracking. */
    public static AttributeInfoMessage compact() {
        return new AttributeInfoMessage(0, 0, -1, Cursor.UNDEFINED, Cursor.UNDEFINED, Cursor.UNDEFINED);
    }

    /** Attribute info of an object whose attributes live in a fractal heap indexed by a v2 B-tree of names. */
    public static AttributeInfoMessage dense(long fractalHeapAddress, long nameIndexAddress) {
        return new AttributeInfoMessage(0, 0, -1, fractalHeapAddress, nameIndexAddress, Cursor.UNDEFINED);
    }

    public static AttributeInfoMessage decode(Cursor in) {
        int version = in.version(in.u8(), "attribute info message", 0);
        int flags = in.u8();
        if ((flags & ~0x03) != 0) throw in.error(in.position() - 1, "attribute info message: reserved flag bits set in " + flags);
        int maxIndex = (flags & FLAG_CREATION_ORDER_TRACKED) != 0 ? in.u16() : -1;
        long heap = in.address();
        long names = in.address();
        long order = (flags & FLAG_CREATION_ORDER_INDEXED) != 0 ? in.address() : Cursor.UNDEFINED;
        return new AttributeInfoMessage(version, flags, maxIndex, heap, names, order);
    }

    /** Whether attributes live in a fractal heap rather than as Attribute messages in the header. */
    public boolean isDense() {
        return fractalHeapAddress != Cursor.UNDEFINED;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putU8(flags);
        if ((flags & FLAG_CREATION_ORDER_TRACKED) != 0) out.putU16(maximumCreationIndex);
        out.putAddress(fractalHeapAddress);
        out.putAddress(nameIndexAddress);
        if ((flags & FLAG_CREATION_ORDER_INDEXED) != 0) out.putAddress(creationOrderIndexAddress);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 2 + ((flags & FLAG_CREATION_ORDER_TRACKED) != 0 ? 2 : 0)
                + offsetSize * ((flags & FLAG_CREATION_ORDER_INDEXED) != 0 ? 3 : 2);
    }
}
