package org.h5vds.node;

import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.format.message.BTreeKValuesMessage;
import org.h5vds.io.Cursor;

/**
 * The K values of a file's version 1 B-trees (node capacities 2K): in superblocks 0 and 1 the
 * superblock's own fields (version 0 stores no indexed storage K: libhdf5's default), in versions 2
 * and 3 the superblock extension's B-tree 'K' Values message when the file was made with
 * non-default values, else libhdf5's defaults (H5F_CRT_BTREE_RANK_DEF, H5F_CRT_SYM_LEAF_DEF).
 */
record BTreeK(int groupLeaf, int groupInternal, int indexedStorage) {
    static BTreeK of(OpenFile file) {
        return file.cached("btree-k", 0, () -> read(file));
    }

    private static BTreeK read(OpenFile file) {
        Superblock sb = file.superblock();
        if (sb.version() <= 1) return new BTreeK(sb.groupLeafNodeK(), sb.groupInternalNodeK(), sb.indexedStorageInternalNodeK());
        BTreeK defaults = new BTreeK(Superblock.DEFAULT_GROUP_LEAF_NODE_K, Superblock.DEFAULT_GROUP_INTERNAL_NODE_K,
                Superblock.DEFAULT_INDEXED_STORAGE_INTERNAL_NODE_K);
        if (sb.superblockExtensionAddress() == Cursor.UNDEFINED) return defaults;
        ObjectHeader ext = file.header(sb.superblockExtensionAddress(), "superblock extension");
        BTreeKValuesMessage k = ext.find(BTreeKValuesMessage.class);
        if (k == null) return defaults;
        return new BTreeK(k.groupLeafNodeK(), k.groupInternalNodeK(), k.indexedStorageInternalNodeK());
    }
}
