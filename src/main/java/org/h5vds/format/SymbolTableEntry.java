package org.h5vds.format;

import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * A symbol table entry (III.C): a link name offset into a local heap (a "Size of Lengths" field,
 * as libhdf5's H5G_ent_decode reads it), an object header address,
 * and a 16-byte scratch pad that caches, for cache type 1, the group's v1 B-tree and local heap
 * addresses, or for cache type 2 the offset of a soft link's value in the local heap. It appears
 * in superblocks versions 0 and 1 (the root group) and in symbol table nodes.
 */
public record SymbolTableEntry(long linkNameOffset, long objectHeaderAddress, int cacheType, byte[] scratchPad) {
    public static final int CACHE_NONE = 0;
    public static final int CACHE_GROUP = 1;
    public static final int CACHE_SOFT_LINK = 2;
    public static final int SCRATCH_PAD_SIZE = 16;

    public SymbolTableEntry {
        if (scratchPad.length != SCRATCH_PAD_SIZE) throw new IllegalArgumentException("scratch pad must have 16 bytes");
        scratchPad = scratchPad.clone();
    }

    /** An entry caching a group's B-tree and local heap addresses (cache type 1), as libhdf5 writes for groups. */
    public static SymbolTableEntry group(long linkNameOffset, long objectHeaderAddress, long btreeAddress, long localHeapAddress, int offsetSize) {
        Cursor c = Cursor.forWriting(SCRATCH_PAD_SIZE, offsetSize, offsetSize);
        c.putAddress(btreeAddress);
        c.putAddress(localHeapAddress);
        byte[] pad = Arrays.copyOf(c.written(), SCRATCH_PAD_SIZE);
        return new SymbolTableEntry(linkNameOffset, objectHeaderAddress, CACHE_GROUP, pad);
    }

    /** Encoded size: name offset, address, cache type, reserved word and the scratch pad. */
    public static int size(int offsetSize, int lengthSize) {
        return lengthSize + offsetSize + 8 + SCRATCH_PAD_SIZE;
    }

    public static SymbolTableEntry decode(Cursor in) {
        long nameOffset = in.length();
        long header = in.address();
        int typeAt = in.position();
        long cacheType = in.u32();
        if (cacheType > CACHE_SOFT_LINK) throw in.error(typeAt, "symbol table entry: unknown cache type " + cacheType);
        in.skip(4);
        byte[] pad = in.bytes(SCRATCH_PAD_SIZE);
        if (cacheType == CACHE_GROUP && 2 * in.offsetSize() > SCRATCH_PAD_SIZE) {
            throw in.error(typeAt, "symbol table entry: two addresses of " + in.offsetSize() + " bytes do not fit the scratch pad");
        }
        return new SymbolTableEntry(nameOffset, header, (int) cacheType, pad);
    }

    public void encode(Cursor out) {
        out.putLength(linkNameOffset);
        out.putAddress(objectHeaderAddress);
        out.putU32(cacheType);
        out.putU32(0);
        out.putBytes(scratchPad);
    }

    @Override
    public byte[] scratchPad() {
        return scratchPad.clone();
    }

    private Cursor scratch(int offsetSize) {
        return new Cursor(java.nio.ByteBuffer.wrap(scratchPad), "<scratch pad>", 0, offsetSize, offsetSize);
    }

    /** Cache type 1: the cached address of the group's v1 B-tree. */
    public long btreeAddress(int offsetSize) {
        if (cacheType != CACHE_GROUP) throw new IllegalStateException("symbol table entry caches no group (cache type " + cacheType + ")");
        return scratch(offsetSize).address();
    }

    /** Cache type 1: the cached address of the group's local heap. */
    public long localHeapAddress(int offsetSize) {
        if (cacheType != CACHE_GROUP) throw new IllegalStateException("symbol table entry caches no group (cache type " + cacheType + ")");
        return scratch(offsetSize).skip(offsetSize).address();
    }

    /** Cache type 2: the offset of the soft link value in the local heap. */
    public long softLinkValueOffset() {
        if (cacheType != CACHE_SOFT_LINK) throw new IllegalStateException("symbol table entry caches no soft link (cache type " + cacheType + ")");
        return scratch(8).u32();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolTableEntry e && e.linkNameOffset == linkNameOffset && e.objectHeaderAddress == objectHeaderAddress
                && e.cacheType == cacheType && Arrays.equals(e.scratchPad, scratchPad);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(objectHeaderAddress) * 31 + cacheType;
    }

    @Override
    public String toString() {
        return "SymbolTableEntry[name offset " + linkNameOffset + ", header " + objectHeaderAddress + ", cache type " + cacheType + "]";
    }
}
