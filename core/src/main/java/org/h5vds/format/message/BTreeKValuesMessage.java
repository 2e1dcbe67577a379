package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * The B-tree 'K' Values message (IV.A.2.t, type 0x0013), found only in the superblock extension:
 * non-default K values of the v1 B-trees for chunk indexes and group symbol tables.
 */
public record BTreeKValuesMessage(int version, int indexedStorageInternalNodeK, int groupInternalNodeK,
                                  int groupLeafNodeK) implements Message {
    public static final int TYPE = 0x0013;

    public static BTreeKValuesMessage decode(Cursor in) {
        int version = in.version(in.u8(), "B-tree K values message", 0);
        return new BTreeKValuesMessage(version, in.u16(), in.u16(), in.u16());
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putU16(indexedStorageInternalNodeK);
        out.putU16(groupInternalNodeK);
        out.putU16(groupLeafNodeK);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 7;
    }
}
