package org.h5vds.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.Messages;
import org.h5vds.io.FileSink;

/**
 * An object of a file being written (group or dataset), known by the path it was created at. Its
 * header is written when the file is closed, after everything it points to.
 */
public abstract sealed class ObjectWriter permits GroupWriter, DatasetWriter {
    /** libhdf5's default maximum of compact attributes (H5O_CRT_ATTR_MAX_COMPACT_DEF). */
    static final int MAX_COMPACT_ATTRIBUTES = 8;
    /** Messages this large go to dense storage (H5O_MESG_MAX_SIZE). */
    static final int MESSAGE_MAX_SIZE = 65536;
    static final int OFFSET_SIZE = 8;
    static final int LENGTH_SIZE = 8;

    final FileWriter file;
    final String path;
    private final Map<String, AttributeValue> attributes = new LinkedHashMap<>();

    ObjectWriter(FileWriter file, String path) {
        this.file = file;
        this.path = path;
    }

    public FileWriter file() {
        return file;
    }

    public String path() {
        return path;
    }

    public String name() {
        return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
    }

    public abstract NodeKind kind();

    /** Sets an attribute, replacing one of the same name (as h5py's {@code attrs[name] = value}). */
    public void setAttribute(AttributeValue value) {
        synchronized (file) {
            file.requireOpen(path);
            attributes.remove(value.name());
            attributes.put(value.name(), value);
        }
    }

    /** The attributes set so far, in the order they were first set. */
    public List<AttributeValue> attributes() {
        synchronized (file) {
            return List.copyOf(attributes.values());
        }
    }

    /**
     * The attribute messages of the header: none without attributes; else an Attribute Info
     * message (libhdf5 adds one to version 2 headers with attributes) followed by the attributes
     * in the header, or pointing at dense storage when there are more than
     * {@link #MAX_COMPACT_ATTRIBUTES} or one is too large for a header message, as libhdf5 decides
     * (H5O__attr_create).
     */
    List<HeaderMessage> attributeMessages(FileSink sink, org.h5vds.storage.FileObjects heap) {
        if (attributes.isEmpty()) return List.of();
        List<AttributeMessage> messages = new ArrayList<>();
        boolean dense = attributes.size() > MAX_COMPACT_ATTRIBUTES;
        for (AttributeValue a : attributes.values()) {
            AttributeMessage m = a.message(heap);
            dense |= m.encodedSize(OFFSET_SIZE, LENGTH_SIZE) >= MESSAGE_MAX_SIZE;
            messages.add(m);
        }
        List<HeaderMessage> out = new ArrayList<>();
        if (dense) {
            out.add(HeaderMessage.of(DenseStorageWriter.attributes(sink, messages), Messages.FLAG_DONT_SHARE, 0, OFFSET_SIZE, LENGTH_SIZE));
        } else {
            out.add(HeaderMessage.of(AttributeInfoMessage.compact(), Messages.FLAG_DONT_SHARE, 0, OFFSET_SIZE, LENGTH_SIZE));
            for (AttributeMessage m : messages) out.add(HeaderMessage.of(m, OFFSET_SIZE, LENGTH_SIZE));
        }
        return out;
    }

    /** Writes this object's header (children first, for a group) and returns its address. */
    abstract long writeHeader(FileSink sink, GlobalHeapWriter heap);

    /** Bytes reserved for the first chunk of a header whose address was needed early. */
    static final int RESERVED_HEADER_BYTES = 256;

    private long reserved = org.h5vds.io.Cursor.UNDEFINED;
    private long written = org.h5vds.io.Cursor.UNDEFINED;

    /**
     * The address this object's header will have (or has, once written), fixed now: object
     * references store it, and they may be written before the headers are (at close). The
     * header's first chunk is reserved at once; what does not fit goes to continuation blocks.
     */
    public long reserveAddress() {
        synchronized (file) {
            if (written != org.h5vds.io.Cursor.UNDEFINED) return written;
            if (reserved == org.h5vds.io.Cursor.UNDEFINED) reserved = file.sink().allocate(RESERVED_HEADER_BYTES);
            return reserved;
        }
    }

    /** Records where the header went; returns that address. */
    long written(long address) {
        synchronized (file) {
            written = address;
        }
        return address;
    }

    /** The reserved first chunk, or null when the header may go anywhere. */
    HeaderWriter.Reservation reservation() {
        synchronized (file) {
            return reserved == org.h5vds.io.Cursor.UNDEFINED ? null : new HeaderWriter.Reservation(reserved, RESERVED_HEADER_BYTES);
        }
    }

    @Override
    public String toString() {
        return kind().name().toLowerCase() + " " + path + " (being written)";
    }
}
