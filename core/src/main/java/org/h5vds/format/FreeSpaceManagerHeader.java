package org.h5vds.format;

import org.h5vds.io.Cursor;

/**
 * The header of a free-space manager (spec III.H, signature "FSHD"), read for what it occupies:
 * itself and its serialized section list. libhdf5 keeps one for a fractal heap it has freed space
 * in, and the heap's header points to it; a writer replacing the heap gives both back.
 *
 * @param sectionListAddress       the serialized section list, undefined when there is none
 * @param sectionListAllocatedSize the bytes allocated for that list
 */
public record FreeSpaceManagerHeader(int clientId, long sectionListAddress, long sectionListAllocatedSize) {
    public static final String SIGNATURE = "FSHD";
    public static final int VERSION = 0;

    /** Encoded size: signature to maximum section size, the section list fields, the checksum. */
    public static int size(int offsetSize, int lengthSize) {
        return 4 + 1 + 1 + 4 * lengthSize + 2 + 2 + 2 + 2 + lengthSize + offsetSize + 2 * lengthSize + 4;
    }

    public static FreeSpaceManagerHeader read(FileContext ctx, long address) {
        int size = size(ctx.offsetSize(), ctx.lengthSize());
        Cursor c = ctx.read(address, size, "free-space manager header");
        int start = c.position();
        c.expectSignature(SIGNATURE, "free-space manager header");
        c.version(c.u8(), "free-space manager header", VERSION);
        int client = c.u8();
        c.skip(4 * ctx.lengthSize() + 8 + ctx.lengthSize());
        long sections = c.address();
        c.length();                       // bytes of the list in use
        long allocated = c.length();
        Checksum.verify(c, start, "free-space manager header");
        return new FreeSpaceManagerHeader(client, sections, allocated);
    }

    /** Visits the header's block and the section list's. */
    public void forEachBlock(long headerAddress, int offsetSize, int lengthSize, BlockVisitor visitor) {
        visitor.block(headerAddress, size(offsetSize, lengthSize));
        if (sectionListAddress != Cursor.UNDEFINED && sectionListAllocatedSize > 0) visitor.block(sectionListAddress, sectionListAllocatedSize);
    }
}
