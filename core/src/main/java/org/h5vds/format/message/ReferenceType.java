package org.h5vds.format.message;

import org.h5vds.io.Cursor;

/**
 * Datatype class 7, references (IV.A.2.d; encodings in appendix VIII): bits 0-3 the kind of
 * reference, and since version 4 bits 4-7 the version of the revised encoding. Kinds 0 and 1 are
 * the original object reference (an object header address) and dataset region reference (a
 * global heap ID of address and selection); kinds 2-4 are HDF5 1.12's revised object, region and
 * attribute references ({@code H5R_REF}).
 */
public record ReferenceType(int version, int size, Kind kind, int encodingVersion) implements Datatype {
    public enum Kind {
        OBJECT1, DATASET_REGION1, OBJECT2, DATASET_REGION2, ATTRIBUTE;

        /** Whether this is one of HDF5 1.12's revised references. */
        public boolean isRevised() {
            return ordinal() >= 2;
        }
    }

    public ReferenceType {
        if (size < 1) throw new IllegalArgumentException("a reference of " + size + " bytes");
    }

    /** An object reference (H5R_OBJECT1, h5py's {@code ref_dtype}): the object header address, {@code offsetSize} bytes. */
    public static ReferenceType object(int offsetSize) {
        return new ReferenceType(1, offsetSize, Kind.OBJECT1, 0);
    }

    /** A dataset region reference (H5R_DATASET_REGION1): a global heap ID, {@code offsetSize} + 4 bytes. */
    public static ReferenceType region(int offsetSize) {
        return new ReferenceType(1, offsetSize + 4, Kind.DATASET_REGION1, 0);
    }

    static ReferenceType decode(Cursor in, Header h) {
        int kind = h.classBits() & 0x0F;
        if (kind > 4) throw in.error(h.at(), "reference datatype: unknown reference type " + kind + " (known: 0-4)");
        if (h.size() < 1) throw in.error(h.at(), "reference datatype of " + h.size() + " bytes");
        return new ReferenceType(h.version(), h.size(), Kind.values()[kind], (h.classBits() >>> 4) & 0x0F);
    }

    @Override
    public boolean pointsIntoFile() {
        return true;
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.REFERENCE;
    }

    @Override
    public int classBits() {
        return kind.ordinal() | encodingVersion << 4;
    }

    @Override
    public void encodeProperties(Cursor out) {
    }

    @Override
    public int propertiesSize() {
        return 0;
    }

    @Override
    public String toString() {
        return kind + " reference[" + size + "]";
    }
}
