package org.h5vds.api;

import org.h5vds.node.DatatypeNode;

/** A committed datatype (h5py's {@code Datatype}): a type stored under a name, shared by datasets. */
public final class NamedDatatype extends H5Object {
    NamedDatatype(H5File file, DatatypeNode node) {
        super(file, node);
    }

    /** The dtype, or null when the type is not one of the numeric dtypes. */
    public DType dtype() {
        return DTypes.of(((DatatypeNode) node).datatype());
    }

    /** A description of the stored type. */
    public String typeDescription() {
        return TypeText.describe(((DatatypeNode) node).datatype());
    }
}
