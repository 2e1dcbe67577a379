package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The Symbol Table message (IV.A.2.r, type 0x0011) of an "old style" group: its v1 B-tree of
 * symbol table nodes and the local heap holding the link names.
 */
public record SymbolTableMessage(long btreeAddress, long localHeapAddress) implements Message {
    public static final int TYPE = 0x0011;

    public static SymbolTableMessage decode(Cursor in) {
        return new SymbolTableMessage(in.address(), in.address());
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putAddress(btreeAddress);
        out.putAddress(localHeapAddress);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 2 * offsetSize;
    }
}
