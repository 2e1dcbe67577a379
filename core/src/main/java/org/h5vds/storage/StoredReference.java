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
 * @param problem      why the reference's global heap object could not be read (its address and
 *                     region then unknown), else null: libhdf5 reads such a reference as its stored
 *                     bytes and fails only when it is dereferenced
 */
public record StoredReference(ReferenceType.Kind kind, long address, String externalFile, Selection region, String attribute,
                              String problem) {
    /** The address of a null reference (an unset element: h5py's {@code Reference()}). */
    public static final long NULL = -1;

    public static StoredReference object(long address) {
        return new StoredReference(ReferenceType.Kind.OBJECT1, address, null, null, null, null);
    }

    /** A reference of {@code kind} whose heap object cannot be read, for the reason {@code problem}. */
    public static StoredReference unreadable(ReferenceType.Kind kind, String problem) {
        return new StoredReference(kind, NULL, null, null, null, problem);
    }

    /** Whether the reference's heap object could be read (see {@link #problem}). */
    public boolean isReadable() {
        return problem == null;
    }

    public boolean isNull() {
        return address == NULL && problem == null;
    }
}
