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
        setAttribute(name, NdArray.ofStrings(value).reshape());
    }

    /** Sets a 1-D attribute of variable-length UTF-8 strings, as h5py stores a list of str. */
    public void setAttribute(String name, List<String> values) {
        Objects.requireNonNull(values, "attribute values");
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) throw new IllegalArgumentException(path() + ": attribute \"" + name + "\": string " + i + " is null");
        }
        setAttribute(name, NdArray.ofStrings(values));
    }

    /**
     * Sets an attribute of the array's dtype (byte order kept) and shape (a 0-d array makes a
     * scalar), of any type: numbers, strings, compounds, enumerations, references to objects of
     * this file, variable-length sequences.
     */
    public void setAttribute(String name, NdArray value) {
        Objects.requireNonNull(value, "attribute value");
        setAttribute(name, value, value.dtype());
    }

    /** Sets an attribute stored as {@code dtype}, {@code value} converted to it as libhdf5 converts (h5py's {@code attrs.create(name, data, dtype=...)}). */
    public void setAttribute(String name, NdArray value, DType dtype) {
        Objects.requireNonNull(value, "attribute value");
        Objects.requireNonNull(dtype, "dtype");
        Dataspace space = value.rank() == 0 ? Dataspace.scalar() : Dataspace.simple(value.shape(), null);
        ObjectWriter w = writer();
        try {
            w.setAttribute(AttributeValue.of(name, StoredTypes.storedTypeOf(dtype), space, value.bytes(), StoredTypes.memoryTypeOf(value.dtype()),
                    value.objectTable(), new Values(file)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(w.file().path() + ": " + w.path() + ": " + e.getMessage(), e);
        }
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
        setAttribute(name, NdArray.ofFixedStrings(value).reshape());
    }

    /** Sets a 1-D fixed-length string attribute; the length is that of the longest string in UTF-8 (at least 1). */
    public void setFixedLengthAttribute(String name, List<String> values) {
        Objects.requireNonNull(values, "attribute values");
        for (String v : values) Objects.requireNonNull(v, "attribute value");
        setAttribute(name, NdArray.ofFixedStrings(values.toArray(new String[0])));
    }

    /**
     * Copies the attributes of {@code source} (an object read from a file) onto this object being
     * written: fixed-size values byte for byte, variable-length strings and sequences through their
     * values. Returns the names of those it cannot copy (references, which point into the source
     * file, and variable-length data without a value), each with its type.
     */
    List<String> copyAttributesFrom(H5Object source) {
        List<String> skipped = new java.util.ArrayList<>();
        for (AttributeNode a : source.node().attributes()) {
            org.h5vds.format.message.Datatype t = a.datatype();
            if (!t.pointsIntoFile()) {
                byte[] raw = a.data();
                long n = a.dims() == null ? 0 : a.dataspace().elementCount();
                writer().setAttribute(AttributeValue.of(a.name(), t, a.dataspace(), java.util.Arrays.copyOf(raw, Math.toIntExact(n * t.size()))));
            } else if (!holdsReferences(t) && a.dims() != null) {
                NdArray v = new Attribute(source, a).value();
                writer().setAttribute(AttributeValue.of(a.name(), StoredTypes.storedTypeOf(v.dtype()), a.dataspace(), v.bytes(),
                        StoredTypes.memoryTypeOf(v.dtype()), v.objectTable(), new Values(file)));
            } else {
                skipped.add(a.name() + " (" + StoredTypes.describe(t) + ")");
            }
        }
        return skipped;
    }

    /** Whether values of {@code t} hold references (object, region, attribute), which point into their file. */
    static boolean holdsReferences(org.h5vds.format.message.Datatype t) {
        if (t instanceof org.h5vds.format.message.ReferenceType) return true;
        if (t instanceof org.h5vds.format.message.CompoundType c) return c.members().stream().anyMatch(m -> holdsReferences(m.type()));
        if (t instanceof org.h5vds.format.message.ArrayType x) return holdsReferences(x.base());
        if (t instanceof org.h5vds.format.message.VariableLengthType v) return holdsReferences(v.base());
        return false;
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
