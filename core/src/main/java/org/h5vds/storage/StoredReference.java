package org.h5vds.storage;

import org.h5vds.format.message.ReferenceType;
import org.h5vds.select.Selection;

/**
 * A reference as stored in a file, decoded (format spec appendix VIII): what kind it is, the
 * object header address it names (the token of a revised reference), and for the other kinds the
 * external file, the region selection, the attribute name. A null reference has address
 * {@link #NULL}.
 *
 * @param externalFile null unless a revised reference names another file
 * @param region       the selection of a region reference, else null
 * @param attribute    the attribute of an attribute reference, else null
 */
public record StoredReference(ReferenceType.Kind kind, long address, String externalFile, Selection region, String attribute) {
    /** The address of a null reference (an unset element: h5py's {@code Reference()}). */
    public static final long NULL = -1;

    public static StoredReference object(long address) {
        return new StoredReference(ReferenceType.Kind.OBJECT1, address, null, null, null);
    }

    public boolean isNull() {
        return address == NULL;
    }
}
