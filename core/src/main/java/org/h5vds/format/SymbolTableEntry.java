package org.h5vds.format;

import org.h5vds.io.Cursor;

/**
 * A symbol table entry (spec III.C): one link of an old-style group, as stored in a symbol table
 * node (and, for the root group, in superblocks v0/v1).
 * <pre>
 *   Link Name Offset        Size of Lengths   offset of the NUL-terminated name in the group's local heap
 *                                             (the spec says Size of Offsets; libhdf5's H5G_ent_decode
 *                                             reads a length, which a file with 8-byte offsets and
 *                                             4-byte lengths shows)
 *   Object Header Address   Size of Offsets
 *   Cache Type              4 bytes           0 nothing cached, 1 group, 2 soft link
 *   Reserved                4 bytes
 *   Scratch-pad Space       16 bytes          type 1: Address of B-tree, Address of Name Heap;
 *                                             type 2: Offset to Link Value (4 bytes)
 * </pre>
 *
 * @param btreeAddress        cache type 1 only, else {@link Cursor#UNDEFINED}
 * @param localHeapAddress    cache type 1 only, else {@link Cursor#UNDEFINED}
 * @param softLinkValueOffset cache type 2 only (heap offset of the link value), else -1
 */
public record SymbolTableEntry(long linkNameOffset, long objectHeaderAddress, int cacheType,
                               long btreeAddress, long localHeapAddress, long softLinkValueOffset) {
    public static final int CACHE_NOTHING = 0;
    public static final int CACHE_GROUP = 1;
    public static final int CACHE_SOFT_LINK = 2;
    private static final int SCRATCH_PAD_SIZE = 16;

    public static SymbolTableEntry hardLink(long linkNameOffset, long objectHeaderAddress) {
        return new SymbolTableEntry(linkNameOffset, objectHeaderAddress, CACHE_NOTHING, Cursor.UNDEFINED, Cursor.UNDEFINED, -1);
    }

    public static SymbolTableEntry group(long linkNameOffset, long objectHeaderAddress, long btreeAddress, long localHeapAddress) {
        return new SymbolTableEntry(linkNameOffset, objectHeaderAddress, CACHE_GROUP, btreeAddress, localHeapAddress, -1);
    }

    public static SymbolTableEntry softLink(long linkNameOffset, long linkValueOffset) {
        return new SymbolTableEntry(linkNameOffset, Cursor.UNDEFINED, CACHE_SOFT_LINK, Cursor.UNDEFINED, Cursor.UNDEFINED, linkValueOffset);
    }

    /** Bytes of one entry: name offset, object header address, cache type, reserved, scratch pad. */
    public static int size(int offsetSize, int lengthSize) {
        return lengthSize + offsetSize + 4 + 4 + SCRATCH_PAD_SIZE;
    }

    public boolean isSoftLink() {
        return cacheType == CACHE_SOFT_LINK;
    }

    public static SymbolTableEntry decode(Cursor c) {
        long linkNameOffset = c.length();
        long objectHeaderAddress = c.address();
        long cacheTypeAt = c.address0();
        long cacheType = c.u32();
        c.u32(); // reserved
        Cursor scratch = c.slice(SCRATCH_PAD_SIZE);
        if (cacheType == CACHE_NOTHING) {
            return new SymbolTableEntry(linkNameOffset, objectHeaderAddress, CACHE_NOTHING, Cursor.UNDEFINED, Cursor.UNDEFINED, -1);
        }
        if (cacheType == CACHE_GROUP) {
            long btreeAddress = scratch.address();
            long localHeapAddress = scratch.address();
            return new SymbolTableEntry(linkNameOffset, objectHeaderAddress, CACHE_GROUP, btreeAddress, localHeapAddress, -1);
        }
        if (cacheType == CACHE_SOFT_LINK) {
            long linkValueOffset = scratch.u32();
            return new SymbolTableEntry(linkNameOffset, objectHeaderAddress, CACHE_SOFT_LINK, Cursor.UNDEFINED, Cursor.UNDEFINED, linkValueOffset);
        }
        throw new org.h5vds.io.H5FormatException(c.file(), cacheTypeAt,
                "symbol table entry: unknown cache type " + cacheType + " (known: 0, 1, 2)");
    }

    public void encode(Cursor c) {
        c.putLength(linkNameOffset);
        c.putAddress(objectHeaderAddress);
        c.putU32(cacheType);
        c.putU32(0); // reserved
        int scratchStart = c.position();
        if (cacheType == CACHE_GROUP) {
            c.putAddress(btreeAddress);
            c.putAddress(localHeapAddress);
        } else if (cacheType == CACHE_SOFT_LINK) {
            c.putU32(softLinkValueOffset);
        }
        c.putZeros(SCRATCH_PAD_SIZE - (c.position() - scratchStart));
    }
}
