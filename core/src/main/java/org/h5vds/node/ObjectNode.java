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

/**
 * An object of an open file (group, dataset or committed datatype), known by the path it was
 * reached by: a view of the object's {@link ObjectRecord}. In a file open for writing, the views
 * of one object share its record, so each sees what the others change.
 */
public abstract sealed class ObjectNode permits GroupNode, DatasetNode, DatatypeNode {
    final OpenFile file;
    final String path;
    final ObjectRecord record;

    ObjectNode(OpenFile file, String path, ObjectRecord record) {
        this.file = file;
        this.path = path;
        this.record = record;
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

    /** The header as stored; null for an object made in this session and not committed yet. */
    public ObjectHeader header() {
        return record.header();
    }

    /** The header's address; {@link org.h5vds.io.Cursor#UNDEFINED} until an object made in this session is committed. */
    public long address() {
        return record.address();
    }

    /** An identity of the object, the same through every path and handle that reach it. */
    public Object identity() {
        return record.isWritten() ? identity(file, record.address()) : record;
    }

    /** The {@link #identity()} of the object whose header is at {@code address} in {@code file}. */
    static Object identity(OpenFile file, long address) {
        return file.location() + "@" + address;
    }

    public abstract NodeKind kind();

    /** Whether the object can be changed: its file is open for writing. */
    public boolean isWritable() {
        return file.isWritable();
    }

    /** Bytes reserved for the first chunk of a header whose address was needed before it was written. */
    static final int RESERVED_HEADER_BYTES = 256;

    /**
     * The address of this object's header, fixed now for an object made in this session (object
     * references store it, and they may be written before the header is, at the next commit): its
     * first chunk is reserved at once, in fresh space; what does not fit goes to continuation blocks.
     */
    public long reserveAddress() {
        Session s = file.session();
        synchronized (s) {
            if (record.isWritten()) return record.address();
            s.requireOpen(path);
            if (record.reservation == null) {
                record.reservation = new HeaderWriter.Reservation(s.space().allocate(RESERVED_HEADER_BYTES), RESERVED_HEADER_BYTES);
                // a reference read back in this session resolves to the object (links list it at this address too)
                file.recordWritten(record, record.reservation.address());
            }
            return record.reservation.address();
        }
    }

    /** The creation orders of the attributes (h5py's {@code track_order}), as stored or as this session left them. */
    public CreationOrders attributeCreationOrders() {
        Session s = file.sessionOrNull();
        if (s == null) return Attributes.creationOrders(this);
        synchronized (s) {
            return Attributes.creationOrders(this);
        }
    }

    /**
     * An object just made in this session as a copy of {@code source}, before its links and
     * attributes are: records the creation order of its attributes (a group: and of its links) where
     * the source does, each link and attribute made next taking the source's order for its name, and
     * the source's next order kept, as libhdf5's H5Ocopy keeps them.
     *
     * @throws IllegalStateException when this object is stored already or has links or attributes
     */
    public void takeCreationOrdersOf(ObjectNode source) {
        startCreationOrders(source.attributeCreationOrders(),
                this instanceof GroupNode && source instanceof GroupNode g ? g.linkCreationOrders() : null);
    }

    /**
     * An object made in this session, still without links and attributes, records creation order as
     * {@code attributeOrders} and (a group) {@code linkOrders} say, null for links as they are; the
     * orders they give by name are kept on the record too (see {@link ObjectRecord#linkOrderPresets}).
     *
     * @throws IllegalStateException when the object is stored already or has links or attributes
     */
    void startCreationOrders(CreationOrders attributeOrders, CreationOrders linkOrders) {
        Session s = file.session();
        synchronized (s) {
            if (record.isWritten() || (record.attributes != null && record.attributes.size() > 0) || (record.links != null && record.links.size() > 0)) {
                throw new IllegalStateException(file.fileName() + ": " + path + ": only an object just made, without links or attributes,"
                        + " can start recording creation order");
            }
            record.attributes = AttributeTable.presetting(attributeOrders);
            record.attributeOrderPresets = attributeOrders.orders().isEmpty() ? null : record.attributes.orders().presets();
            if (linkOrders != null) {
                record.links = LinkTable.presetting(linkOrders);
                record.linkOrderPresets = linkOrders.orders().isEmpty() ? null : record.links.orders().presets();
            }
            s.changed(record);
        }
    }

    /** The copy's links and attributes are made: names made from now on take the next orders, not the source's. */
    public void creationOrdersTaken() {
        Session s = file.session();
        synchronized (s) {
            if (record.attributeOrderPresets != null) record.attributeOrderPresets.clear();
            if (record.linkOrderPresets != null) record.linkOrderPresets.clear();
            record.attributeOrderPresets = null;
            record.linkOrderPresets = null;
        }
    }

    /** The attributes, ordered as h5py lists them (by name). */
    public List<AttributeNode> attributes() {
        Session s = file.sessionOrNull();
        if (s == null) return Attributes.read(this);
        synchronized (s) {
            return Attributes.read(this);
        }
    }

    /** Sets an attribute, replacing one of the same name (h5py's {@code attrs[name] = value}). */
    public void setAttribute(AttributeValue value) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(path, "set attribute \"" + value.name() + "\"");
            // converted now, variable-length data into the session's heap, so that the attribute reads back at once
            try {
                value = value.toStored(file.objects());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file.fileName() + ": " + path + ": attribute \"" + value.name() + "\": " + e.getMessage(), e);
            }
            ObjectHeader h = record.isWritten() ? record.header() : null;
            if (h != null && h.version() == 1) {
                int offsetSize = file.context().offsetSize();
                long size = value.encodedSizeAtLeast(offsetSize, file.context().lengthSize());
                if (size > 0xFFFF) {
                    throw new IllegalArgumentException(file.fileName() + ": " + path + ": attribute \"" + value.name() + "\" takes " + size
                            + " bytes; a version 1 object header holds no message over 65535 bytes and no dense attribute storage "
                            + "(libhdf5 refuses it too: \"object header message is too large\")");
                }
            }
            Attributes.table(this).set(value);
            s.changed(record);
        }
    }

    /** Removes an attribute (h5py's {@code del attrs[name]}); false when there is none of that name. */
    public boolean removeAttribute(String name) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(path, "remove attribute \"" + name + "\"");
            boolean removed = Attributes.table(this).remove(name);
            if (removed) s.changed(record);
            return removed;
        }
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
