package org.h5vds.node;

import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.format.message.BTreeKValuesMessage;
import org.h5vds.format.message.DriverInfoMessage;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.format.message.Messages;
import org.h5vds.format.message.SharedMessageTableMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * The superblock extension (versions 2 and 3), checked when a file is opened for reading, as
 * libhdf5 checks it: H5F__super_read decodes the extension's B-tree 'K', driver, file space and
 * shared message table messages before the file counts as open, and refuses the file when one of
 * them is damaged (libhdf5's own test file {@code cve_2020_10810.h5}). Without this check such a
 * file opened here and read data, since the extension is otherwise decoded only for what needs it.
 *
 * <p>A metadata cache image ({@code H5Pset_mdc_image_config}, message type 0x18) holds the file's
 * metadata in one block that libhdf5 loads at the first object it opens; the objects' own addresses
 * hold nothing valid until the image is cleared, so such a file is refused here with how to clear it.
 */
final class SuperblockExtension {
    private SuperblockExtension() {
    }

    /** Decodes what libhdf5 decodes of the extension at opening; an {@link H5FormatException} if it is damaged. */
    static void check(OpenFile file) {
        Superblock sb = file.superblock();
        if (sb.version() < 2 || sb.superblockExtensionAddress() == Cursor.UNDEFINED) return;
        ObjectHeader ext = file.header(sb.superblockExtensionAddress(), "superblock extension");
        try {
            ext.find(BTreeKValuesMessage.class);
            ext.find(DriverInfoMessage.class);
            ext.find(FileSpaceInfoMessage.class);
            ext.find(SharedMessageTableMessage.class);
        } catch (H5FormatException e) {
            throw e.inObject("superblock extension");
        }
        for (HeaderMessage m : ext.messages()) {
            if (m.type() == Messages.CACHE_IMAGE_TYPE) throw cacheImage(file.location(), m.address());
        }
    }

    private static H5FormatException cacheImage(String file, long offset) {
        return new H5FormatException(file, "superblock extension", offset, "the file holds a " + Messages.CACHE_IMAGE_NAME);
    }
}
