package org.h5vds.node;

import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;

/**
 * One attribute: its name, type, shape and stored value bytes (variable-length values are read
 * through the file's global heap when converted, as for datasets).
 */
public final class AttributeNode {
    private final OpenFile file;
    private final String owner;
    private final String name;
    private final Datatype type;
    private final Dataspace space;
    private final byte[] data;

    AttributeNode(OpenFile file, String owner, String name, Datatype type, Dataspace space, byte[] data) {
        this.file = file;
        this.owner = owner;
        this.name = name;
        this.type = type;
        this.space = space;
        this.data = data;
    }

    public String name() {
        return name;
    }

    public Datatype datatype() {
        return type;
    }

    public Dataspace dataspace() {
        return space;
    }

    /** The dimensions; empty for a scalar; null for a null dataspace (an attribute with no value). */
    public long[] dims() {
        return space.kind() == Dataspace.Kind.NULL ? null : space.dims();
    }

    /** The value bytes exactly as stored (file type, file byte order). */
    public byte[] data() {
        return data.clone();
    }

    /** The file's heap objects, through which variable-length values and references of the attribute are read. */
    public org.h5vds.storage.FileObjects objects() {
        return file.objects();
    }

    /** The file the attribute is in. */
    public OpenFile file() {
        return file;
    }

    @Override
    public String toString() {
        return "attribute " + name + " of " + owner;
    }
}
