package org.h5vds.node;

import java.util.List;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.GroupInfoMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.format.message.SymbolTableMessage;
import org.h5vds.io.H5FormatException;

/** An object of an open file (group, dataset or committed datatype), known by the path it was reached by. */
public abstract sealed class ObjectNode permits GroupNode, DatasetNode, DatatypeNode {
    final OpenFile file;
    final String path;
    final ObjectHeader header;

    ObjectNode(OpenFile file, String path, ObjectHeader header) {
        this.file = file;
        this.path = path;
        this.header = header;
    }

    public OpenFile file() {
        return file;
    }

    public String path() {
        return path;
    }

    public String name() {
        if (path.equals("/")) return "/";
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public ObjectHeader header() {
        return header;
    }

    public long address() {
        return header.address();
    }

    public abstract NodeKind kind();

    /** The attributes, ordered as h5py lists them (by creation order when tracked, else by name). */
    public List<AttributeNode> attributes() {
        return Attributes.read(this);
    }

    /** The kind libhdf5 assigns: groups have link or symbol table messages, datasets a layout, datatypes only a type. */
    static NodeKind kindOf(ObjectHeader h) {
        if (h.find(SymbolTableMessage.class) != null || h.find(LinkInfoMessage.class) != null
                || h.find(GroupInfoMessage.class) != null || h.find(LinkMessage.class) != null) {
            return NodeKind.GROUP;
        }
        if (h.find(DataLayoutMessage.class) != null) return NodeKind.DATASET;
        if (h.find(Datatype.class) != null) return NodeKind.DATATYPE;
        throw new H5FormatException(h.context().fileName(), h.context().baseAddress() + h.address(),
                "object header holds no group, dataset or datatype messages");
    }

    @Override
    public String toString() {
        return kind().name().toLowerCase() + " " + path;
    }
}
