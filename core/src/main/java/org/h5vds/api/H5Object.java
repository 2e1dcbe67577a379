package org.h5vds.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.h5vds.format.message.Dataspace;
import org.h5vds.node.AttributeNode;
import org.h5vds.node.AttributeValue;
import org.h5vds.node.DatasetWriter;
import org.h5vds.node.GroupWriter;
import org.h5vds.node.ObjectNode;
import org.h5vds.node.ObjectWriter;

/**
 * What a path in a file names: a {@link Group}, a {@link Dataset} or a {@link NamedDatatype}.
 *
 * <p>Objects of a file opened with {@link H5File#open} are read; objects of a file made with
 * {@link H5File#create} are being written: they take attributes ({@code setAttribute}), and their
 * attributes can be read once the file is closed and reopened.
 */
public abstract sealed class H5Object permits Group, Dataset, NamedDatatype {
    final H5File file;
    /** The object read from a file, or null for an object being written. */
    final ObjectNode node;
    /** The object being written, or null for an object read from a file. */
    final ObjectWriter writer;

    H5Object(H5File file, ObjectNode node) {
        this.file = file;
        this.node = node;
        this.writer = null;
    }

    H5Object(H5File file, ObjectWriter writer) {
        this.file = file;
        this.node = null;
        this.writer = writer;
    }

    /** The path this object was reached by, e.g. {@code "/entry/data"}. */
    public String path() {
        return writer != null ? writer.path() : node.path();
    }

    /** The last component of the path ({@code "/"} for the root group). */
    public String name() {
        return writer != null ? writer.name() : node.name();
    }

    /**
     * Whether this and {@code other} are the same object of the same file, whatever paths reached
     * them (two hard links to one dataset; h5py's {@code ==} on objects). An object being written is
     * only the same as itself.
     */
    public boolean isSameObject(H5Object other) {
        if (other == null) return false;
        if (writer != null || other.writer != null) return writer == other.writer;
        return node.address() == other.node.address() && node.file().location().equals(other.node.file().location());
    }

    /**
     * The address of the object's header in its file, which identifies the object there whatever
     * path reached it (h5py: {@code h5py.h5o.get_info(obj.id).addr}); -1 for an object being written.
     */
    public long address() {
        return writer != null ? -1 : node.address();
    }

    /** A key equal for objects that are the same object ({@link #isSameObject}): file and object header address. */
    String objectKey() {
        return writer != null ? "written:" + writer.path() : node.file().location() + "@" + node.address();
    }

    /** Whether this object belongs to a file being written (see {@link H5File#create}). */
    public boolean isWritable() {
        return writer != null;
    }

    /** The writer of this object; fails for an object read from a file. */
    ObjectWriter writer() {
        if (writer == null) {
            throw new IllegalStateException(node.file().fileName() + ": " + node.path()
                    + " belongs to a file opened for reading; h5vds writes new files only (H5File.create)");
        }
        return writer;
    }

    /** The reader of this object; fails for an object being written. */
    ObjectNode node() {
        if (node == null) {
            throw new IllegalStateException(writer.file().path() + ": " + writer.path()
                    + " is being written; close the file and reopen it to read it");
        }
        return node;
    }

    // ---- writing attributes ----------------------------------------------------------------------

    /** Sets a scalar variable-length UTF-8 string attribute, as h5py stores {@code attrs[name] = "text"} (NeXus' {@code NX_class}). */
    public void setAttribute(String name, String value) {
        Objects.requireNonNull(value, "attribute value");
        writer().setAttribute(AttributeValue.variableLengthStrings(name, Dataspace.scalar(), List.of(value)));
    }

    /** Sets a 1-D attribute of variable-length UTF-8 strings, as h5py stores a list of str. */
    public void setAttribute(String name, List<String> values) {
        Objects.requireNonNull(values, "attribute values");
        writer().setAttribute(AttributeValue.variableLengthStrings(name, Dataspace.simple(new long[] {values.size()}, null), values));
    }

    /** Sets a numeric attribute with the array's dtype, byte order and shape (a 0-d array makes a scalar). */
    public void setAttribute(String name, NdArray value) {
        Objects.requireNonNull(value, "attribute value");
        byte[] data = new byte[Math.toIntExact(value.nbytes())];
        value.buffer().get(data);
        Dataspace space = value.rank() == 0 ? Dataspace.scalar() : Dataspace.simple(value.shape(), null);
        writer().setAttribute(AttributeValue.of(name, DTypes.datatype(value.dtype()), space, data));
    }

    /** Sets a scalar int64 attribute (h5py's {@code attrs[name] = 3}). */
    public void setAttribute(String name, long value) {
        setAttribute(name, NdArray.scalar(DType.INT64, value));
    }

    /** Sets a scalar float64 attribute (h5py's {@code attrs[name] = 1.5}). */
    public void setAttribute(String name, double value) {
        setAttribute(name, NdArray.scalar(DType.FLOAT64, value));
    }

    /**
     * Sets a scalar fixed-length string attribute, null-padded as NumPy's {@code 'S'} dtype stores
     * it; its length is the string's UTF-8 length (at least 1).
     */
    public void setFixedLengthAttribute(String name, String value) {
        Objects.requireNonNull(value, "attribute value");
        int length = Math.max(1, value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        writer().setAttribute(AttributeValue.fixedLengthStrings(name, Dataspace.scalar(), length, List.of(value)));
    }

    /** Sets a 1-D fixed-length string attribute; the length is that of the longest string in UTF-8 (at least 1). */
    public void setFixedLengthAttribute(String name, List<String> values) {
        Objects.requireNonNull(values, "attribute values");
        int length = 1;
        for (String v : values) length = Math.max(length, Objects.requireNonNull(v, "attribute value").getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        writer().setAttribute(AttributeValue.fixedLengthStrings(name, Dataspace.simple(new long[] {values.size()}, null), length, values));
    }

    /**
     * Copies the attributes of {@code source} (an object read from a file) onto this object being
     * written: numbers, strings and other fixed-size values byte for byte, variable-length strings
     * as strings. Returns the names of those it cannot copy (other variable-length data and
     * references, which point into the source file), each with its type.
     */
    List<String> copyAttributesFrom(H5Object source) {
        List<String> skipped = new java.util.ArrayList<>();
        for (AttributeNode a : source.node().attributes()) {
            org.h5vds.format.message.Datatype t = a.datatype();
            if (t.isVariableLengthString()) {
                writer().setAttribute(AttributeValue.variableLengthStrings(a.name(), a.dataspace(), a.strings()));
            } else if (!pointsIntoFile(t)) {
                byte[] raw = a.data();
                long n = a.dims() == null ? 0 : a.dataspace().elementCount();
                writer().setAttribute(AttributeValue.of(a.name(), t, a.dataspace(), java.util.Arrays.copyOf(raw, Math.toIntExact(n * t.size()))));
            } else {
                skipped.add(a.name() + " (" + TypeText.describe(t) + ")");
            }
        }
        return skipped;
    }

    /** Whether values of {@code t} hold references into their file (variable-length data, object and region references). */
    static boolean pointsIntoFile(org.h5vds.format.message.Datatype t) {
        return switch (t.typeClass()) {
            case VARIABLE_LENGTH, REFERENCE -> true;
            case COMPOUND -> t.members().stream().anyMatch(m -> pointsIntoFile(m.type()));
            case ARRAY, ENUMERATED -> pointsIntoFile(t.baseType());
            default -> false;
        };
    }

    /** The file this object was opened through (an external link may lead into another file). */
    public H5File file() {
        return file;
    }

    /** The attributes by name, in h5py's order. */
    public Map<String, Attribute> attrs() {
        Map<String, Attribute> out = new LinkedHashMap<>();
        for (AttributeNode a : node().attributes()) out.put(a.name(), new Attribute(this, a));
        return out;
    }

    /** One attribute. @throws java.util.NoSuchElementException when there is none of that name */
    public Attribute attr(String name) {
        Attribute a = attrs().get(name);
        if (a == null) throw new java.util.NoSuchElementException(node().file().fileName() + ": " + path() + " has no attribute \"" + name + "\"");
        return a;
    }

    static H5Object wrap(H5File file, ObjectWriter writer) {
        if (writer instanceof GroupWriter g) return new Group(file, g);
        return new Dataset(file, (DatasetWriter) writer);
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
        String f = writer != null ? writer.file().path().getFileName().toString() : org.h5vds.io.Locations.lastComponent(node.file().location());
        return getClass().getSimpleName() + "[" + f + ":" + path() + (writer != null ? " (being written)" : "") + "]";
    }
}
