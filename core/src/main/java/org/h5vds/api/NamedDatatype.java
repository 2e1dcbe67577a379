package org.h5vds.api;

import org.h5vds.node.DatatypeNode;

/** A committed datatype (h5py's {@code Datatype}): a type stored under a name, shared by datasets. */
public final class NamedDatatype extends H5Object {
    NamedDatatype(H5File file, DatatypeNode node) {
        super(file, node);
    }

    /**
     * The dtype h5py gives the type.
     *
     * @return the dtype of the stored type
     * @throws H5Exception for a type NumPy has no dtype of (the time class)
     */
    public DType dtype() {
        try {
            return Dataset.dtypeOf(((DatatypeNode) node).datatype(), () -> node.file().fileName() + ": " + path());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * A description of the stored type.
     *
     * @return the stored type, as {@code h5vds ls} shows it
     */
    public String typeDescription() {
        try {
            return StoredTypes.describe(((DatatypeNode) node).datatype());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }
}
