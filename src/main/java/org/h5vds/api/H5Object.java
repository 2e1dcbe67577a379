package org.h5vds.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.h5vds.node.AttributeNode;
import org.h5vds.node.ObjectNode;

/** What a path in a file names: a {@link Group}, a {@link Dataset} or a {@link NamedDatatype}. */
public abstract sealed class H5Object permits Group, Dataset, NamedDatatype {
    final H5File file;
    final ObjectNode node;

    H5Object(H5File file, ObjectNode node) {
        this.file = file;
        this.node = node;
    }

    /** The path this object was reached by, e.g. {@code "/entry/data"}. */
    public String path() {
        return node.path();
    }

    /** The last component of the path ({@code "/"} for the root group). */
    public String name() {
        return node.name();
    }

    /** The file this object was opened through (an external link may lead into another file). */
    public H5File file() {
        return file;
    }

    /** The attributes by name, in h5py's order. */
    public Map<String, Attribute> attrs() {
        Map<String, Attribute> out = new LinkedHashMap<>();
        for (AttributeNode a : node.attributes()) out.put(a.name(), new Attribute(this, a));
        return out;
    }

    /** One attribute. @throws java.util.NoSuchElementException when there is none of that name */
    public Attribute attr(String name) {
        Attribute a = attrs().get(name);
        if (a == null) throw new java.util.NoSuchElementException(node.file().fileName() + ": " + path() + " has no attribute \"" + name + "\"");
        return a;
    }

    static H5Object wrap(H5File file, ObjectNode node) {
        return switch (node.kind()) {
            case GROUP -> new Group(file, (org.h5vds.node.GroupNode) node);
            case DATASET -> new Dataset(file, (org.h5vds.node.DatasetNode) node);
            case DATATYPE -> new NamedDatatype(file, (org.h5vds.node.DatatypeNode) node);
        };
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + node.file().path().getFileName() + ":" + path() + "]";
    }
}
