package org.h5vds.node;

import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.Datatype;
import org.h5vds.io.Cursor;

/**
 * One object of an open file, however it is reached: where its header is and, in a file open for
 * writing, what this session changed in it — its links (a group), its attributes, its extent and
 * storage (a dataset), its count of hard links. Nodes ({@link GroupNode}, {@link DatasetNode},
 * {@link DatatypeNode}) are views of a record and a path; a file open for writing keeps one
 * record per object, so every view of an object sees every change to it.
 *
 * <p>A record made in this session has no address until the session commits and writes its header.
 * Fields other than the address and header are guarded by the file's {@link Session} lock.
 */
final class ObjectRecord {
    final OpenFile file;
    final NodeKind kind;
    private volatile long address;
    private volatile ObjectHeader header;

    /** The links as this session left them (a group), or null: as stored. */
    LinkTable links;
    /** The attributes as this session left them, or null: as stored. */
    AttributeTable attributes;
    /** The dataset's extent and storage being written (a dataset), or null: as stored. */
    DatasetWriter dataset;
    /** Hard links made to this object in this session, not yet counted in its header. */
    int linksAdded;
    /** Hard links to this object removed in this session, not yet counted in its header. */
    int linksRemoved;
    /** Set when something about the object changed since the last commit. */
    boolean dirty;
    /** The type of a named datatype made in this session (its header's one message), or null. */
    Datatype committedType;
    /** The first chunk of the header of an object made in this session, allocated when a reference needed its address; or null. */
    HeaderWriter.Reservation reservation;
    /**
     * A copy being made: the creation orders its links and attributes are to take by name (the
     * source's), kept here as well as in its tables, which a commit during the copy drops; null
     * otherwise.
     */
    java.util.Map<String, Long> linkOrderPresets;
    java.util.Map<String, Long> attributeOrderPresets;

    private ObjectRecord(OpenFile file, NodeKind kind, long address, ObjectHeader header) {
        this.file = file;
        this.kind = kind;
        this.address = address;
        this.header = header;
    }

    /** An object stored in the file. */
    static ObjectRecord stored(OpenFile file, ObjectHeader header) {
        return new ObjectRecord(file, ObjectNode.kindOf(header), header.address(), header);
    }

    /** An object made in this session, without a header yet. */
    static ObjectRecord created(OpenFile file, NodeKind kind) {
        ObjectRecord r = new ObjectRecord(file, kind, Cursor.UNDEFINED, null);
        r.dirty = true;
        return r;
    }

    /** The header's address, or {@link Cursor#UNDEFINED} for an object not written yet. */
    long address() {
        return address;
    }

    boolean isWritten() {
        return address != Cursor.UNDEFINED;
    }

    /** The header's address, or where it will be written when a reference reserved it (see {@link ObjectNode#reserveAddress()}); else undefined. */
    long referenceAddress() {
        if (address != Cursor.UNDEFINED) return address;
        HeaderWriter.Reservation r = reservation;
        return r != null ? r.address() : Cursor.UNDEFINED;
    }

    /** The header as stored (null for an object not written yet), read again after each commit. */
    ObjectHeader header() {
        ObjectHeader h = header;
        if (h == null && address != Cursor.UNDEFINED) {
            h = file.header(address, "object at address " + address);
            header = h;
        }
        return h;
    }

    /** The object is now stored at {@code newAddress}; its header is read again on next use. */
    void written(long newAddress) {
        address = newAddress;
        header = null;
    }

    /** The stored header changed (a commit rewrote it): read it again on next use. */
    void reload() {
        header = null;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + (address == Cursor.UNDEFINED ? " (new)" : " at " + address);
    }
}
