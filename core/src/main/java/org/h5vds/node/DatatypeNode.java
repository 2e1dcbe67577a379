package org.h5vds.node;

import org.h5vds.format.message.Datatype;

/** A committed (named) datatype. */
public final class DatatypeNode extends ObjectNode {
    DatatypeNode(OpenFile file, String path, ObjectRecord record) {
        super(file, path, record);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.DATATYPE;
    }

    public Datatype datatype() {
        Datatype made = record.committedType;
        return made != null ? made : header().require(Datatype.class);
    }
}
