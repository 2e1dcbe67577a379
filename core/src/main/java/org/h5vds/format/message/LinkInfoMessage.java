package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Link Info message (IV.A.2.c, type 0x0002) of a "new style" group: creation-order tracking
 * and, when the links are stored densely, the fractal heap and v2 B-tree indexes that hold them.
 *
 * @param maximumCreationIndex  the largest link creation index, or -1 when creation order is not tracked
 * @param fractalHeapAddress    dense link storage, {@link Cursor#UNDEFINED} for compact storage
 * @param nameIndexAddress      v2 B-tree indexing link names, or undefined
 * @param creationOrderIndexAddress v2 B-tree indexing creation order, or undefined; present only when indexed
 */
public record LinkInfoMessage(int version, int flags, long maximumCreationIndex, long fractalHeapAddress,
                              long nameIndexAddress, long creationOrderIndexAddress) implements Message {
    public static final int TYPE = 0x0002;
    public static final int FLAG_CREATION_ORDER_TRACKED = 0x01;
    public static final int FLAG_CREATION_ORDER_INDEXED = 0x02;

    /** Link info for an empty group with compact storage and no creation order tracking. */
    public static LinkInfoMessage compact() {
        return new LinkInfoMessage(0, 0, -1, Cursor.UNDEFINED, Cursor.UNDEFINED, Cursor.UNDEFINED);
    }

    /**
     * Link info for an empty-or-compact group that tracks and indexes creation order (h5py's
     * {@code track_order=True}); {@code nextCreationOrder} is what libhdf5 stores as the "maximum
     * creation index": the order the next link gets.
     */
    public static LinkInfoMessage tracked(long nextCreationOrder) {
        return new LinkInfoMessage(0, FLAG_CREATION_ORDER_TRACKED | FLAG_CREATION_ORDER_INDEXED, nextCreationOrder, Cursor.UNDEFINED,
                Cursor.UNDEFINED, Cursor.UNDEFINED);
    }

    /** Link info for a group whose links live in a fractal heap indexed by a v2 B-tree of name hashes. */
    public static LinkInfoMessage dense(long fractalHeapAddress, long nameIndexAddress) {
        return new LinkInfoMessage(0, 0, -1, fractalHeapAddress, nameIndexAddress, Cursor.UNDEFINED);
    }

    public static LinkInfoMessage decode(Cursor in) {
        int version = in.version(in.u8(), "link info message", 0);
        int flags = in.u8();
        if ((flags & ~0x03) != 0) throw in.error(in.position() - 1, "link info message: reserved flag bits set in " + flags);
        long maxIndex = (flags & FLAG_CREATION_ORDER_TRACKED) != 0 ? in.u64() : -1;
        long heap = in.address();
        long names = in.address();
        long order = (flags & FLAG_CREATION_ORDER_INDEXED) != 0 ? in.address() : Cursor.UNDEFINED;
        return new LinkInfoMessage(version, flags, maxIndex, heap, names, order);
    }

    public boolean isCreationOrderTracked() {
        return (flags & FLAG_CREATION_ORDER_TRACKED) != 0;
    }

    public boolean isCreationOrderIndexed() {
        return (flags & FLAG_CREATION_ORDER_INDEXED) != 0;
    }

    /** Whether the links live in a fractal heap rather than as Link messages in the header. */
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
        if (isCreationOrderTracked()) out.putU64(maximumCreationIndex);
        out.putAddress(fractalHeapAddress);
        out.putAddress(nameIndexAddress);
        if (isCreationOrderIndexed()) out.putAddress(creationOrderIndexAddress);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 2 + (isCreationOrderTracked() ? 8 : 0) + offsetSize * (isCreationOrderIndexed() ? 3 : 2);
    }
}
