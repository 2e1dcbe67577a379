package org.h5vds.api;

import java.util.Objects;
import org.h5vds.format.message.ReferenceType;
import org.h5vds.storage.StoredReference;

/**
 * A reference to an object (group, dataset, committed datatype), to a region of a dataset, or to
 * an attribute, as HDF5 stores them (h5py's {@code Reference} and {@code RegionReference}): the
 * value of an element of a {@link DType#REFERENCE}, {@link DType#REGION_REFERENCE} or
 * {@link DType#ATTRIBUTE_REFERENCE} array. A reference read from a file resolves in that file
 * ({@link #dereference()}, {@link #path()}); one made with {@link #to(H5Object)} for writing
 * points to an object of the file being written.
 */
public final class Reference {
    /** What a reference points to. */
    public enum Kind {
        /** To an object (h5py's {@code Reference}). */
        OBJECT,
        /** To a selection of a dataset (h5py's {@code RegionReference}). */
        REGION,
        /** To an attribute (HDF5 1.12's H5R_ATTR). */
        ATTRIBUTE
    }

    private final H5File file;
    private final StoredReference stored;
    private final H5Object target;

    Reference(H5File file, StoredReference stored) {
        this.file = file;
        this.stored = stored;
        this.target = null;
    }

    private Reference(H5Object target) {
        this.file = target.file();
        this.stored = null;
        this.target = target;
    }

    /**
     * An object reference to {@code object} (h5py's {@code object.ref}), to store in a dataset or attribute of its file.
     *
     * @param object a group, dataset or named datatype of the file being written
     * @return the object reference
     */
    public static Reference to(H5Object object) {
        try {
            return new Reference(Objects.requireNonNull(object, "object"));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * What the reference points to.
     *
     * @return object, region or attribute
     */
    public Kind kind() {
        try {
            if (stored == null) return Kind.OBJECT;
            return switch (stored.kind()) {
                case OBJECT1, OBJECT2 -> Kind.OBJECT;
                case DATASET_REGION1, DATASET_REGION2 -> Kind.REGION;
                case ATTRIBUTE -> Kind.ATTRIBUTE;
            };
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether this is one of HDF5 1.12's revised references ({@code H5R_REF}).
     *
     * @return true for an {@code H5R_REF} reference, false for the older object and region ones
     */
    public boolean isRevised() {
        try {
            return stored != null && stored.kind().isRevised();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The file another file's object lives in (revised references only), or null for the reference's own file.
     *
     * @return the other file's name, or null
     */
    public String externalFile() {
        try {
            return stored == null ? null : stored.externalFile();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The object this reference points to (h5py's {@code file[ref]}).
     *
     * @return the group, dataset or named datatype referred to
     */
    public H5Object dereference() {
        try {
            if (target != null) return target;
            if (!stored.isReadable()) {
                // as libhdf5 refuses it: "Unable dereference object"
                throw new org.h5vds.io.H5FormatException(file.location(), org.h5vds.io.H5FormatException.NO_OFFSET,
                        "cannot dereference the reference: its global heap object cannot be read (" + stored.problem() + ")");
            }
            if (stored.externalFile() != null) {
                throw new UnsupportedOperationException(file.path() + ": the reference points into another file, " + stored.externalFile());
            }
            return file.objectAt(stored.address());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * A path of the object pointed to, as h5py's {@code file[ref].name} gives it: the first
     * path (depth first, in name order) that leads to it through hard links.
     *
     * @return the first hard-link path to the object
     */
    public String path() {
        try {
            if (target != null) return target.path();
            if (!stored.isReadable()) return null;
            if (stored.externalFile() != null) return stored.externalFile() + ":" + "@" + stored.address();
            return file.pathOf(stored.address());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The attribute's name of an attribute reference, else null.
     *
     * @return the attribute's name, or null for other references
     */
    public String attributeName() {
        try {
            return stored == null ? null : stored.attribute();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The region of a region reference in NumPy-like index text ({@code [1:3, 0]}, a list of points or boxes), else null.
     *
     * @return the region as text, or null for other references
     */
    public String regionText() {
        try {
            return stored == null || stored.region() == null ? null : SelectionText.of(stored.region());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The elements a region reference selects, in C order, as a 1-D array (h5py's {@code dset[ref]} for a point or irregular region).
     *
     * @return a new 1-D array of the selected elements
     */
    public NdArray readRegion() {
        try {
            if (kind() != Kind.REGION) throw new IllegalStateException(this + " is not a region reference");
            H5Object o = dereference();
            if (!(o instanceof Dataset d)) throw new IllegalStateException(this + " points to a " + Group.kindName(o) + ", not a dataset");
            return d.readSelection(stored.region());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** The object header address pointed to (for equality across reads). */
    long address() {
        if (target != null) return target.node.address();
        return stored.address();
    }

    /** What to store for this reference in {@code writing}'s file, checked to be that file. */
    StoredReference stored(ReferenceType.Kind kind, H5File writing) {
        if (kind != ReferenceType.Kind.OBJECT1) throw new IllegalArgumentException("h5vds writes object references only");
        // an object reference read from the file being written names the same object when written back there
        if (target == null && file == writing && stored.kind() == ReferenceType.Kind.OBJECT1 && stored.isReadable() && !stored.isNull()) {
            return StoredReference.object(stored.address());
        }
        if (target == null || !target.isWritable() || target.file() != writing) {
            throw new IllegalArgumentException("a reference written to " + writing.location() + " must point to an object of that file "
                    + "reached through it (Reference.to(object)); " + this + " does not");
        }
        return StoredReference.object(target.node.reserveAddress());
    }

    @Override
    public boolean equals(Object o) {
        try {
            if (!(o instanceof Reference r)) return false;
            if (target != null || r.target != null) return target == r.target;
            return file == r.file && stored.equals(r.stored);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    @Override
    public int hashCode() {
        try {
            return Long.hashCode(address());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** h5py's text: {@code <HDF5 object reference>}, {@code <HDF5 region reference>}; here with the path. */
    @Override
    public String toString() {
        try {
            String what = switch (kind()) {
                case OBJECT -> "object";
                case REGION -> "region";
                case ATTRIBUTE -> "attribute";
            };
            String p;
            try {
                p = path();
            } catch (RuntimeException e) {
                p = "?";
            }
            if (stored != null && !stored.isReadable()) p = "whose global heap object cannot be read";
            else if (p == null) p = "to address " + address() + ", which no path leads to";
            return "<HDF5 " + what + " reference " + p + (attributeName() != null ? " attribute " + attributeName() : "")
                    + (regionText() != null ? " " + regionText() : "") + ">";
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }
}
