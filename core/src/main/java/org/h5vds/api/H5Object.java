package org.h5vds.api;

import java.util.List;
import java.util.Map;
import org.h5vds.node.AttributeValue;
import org.h5vds.node.ObjectNode;

/**
 * What a path in a file names: a {@link Group}, a {@link Dataset} or a {@link NamedDatatype}.
 *
 * <p>One object model serves reading and writing: an object of a file open for writing
 * ({@link H5File#create}, or {@link H5File#open(java.nio.file.Path, H5File.Mode)} with r+ or a)
 * takes changes — attributes, links, data — and reads back what was changed at once.
 */
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

    /**
     * Whether this and {@code other} are the same object of the same file, whatever paths reached
     * them (two hard links to one dataset; h5py's {@code ==} on objects). An object made since the
     * file's last commit is only the same as itself.
     */
    public boolean isSameObject(H5Object other) {
        return other != null && node.identity().equals(other.node.identity());
    }

    /**
     * The address of the object's header in its file, which identifies the object there whatever
     * path reached it (h5py: {@code h5py.h5o.get_info(obj.id).addr}); -1 for an object made since
     * the file's last commit.
     */
    public long address() {
        return node.address();
    }

    /** Whether this object can be changed: its file is open for writing. */
    public boolean isWritable() {
        return node.isWritable();
    }

    /**
     * Copies the attributes of {@code source} (an object read from a file) onto this object being
     * written: numbers, strings and other fixed-size values byte for byte, variable-length strings
     * as strings. Returns the names of those it cannot copy (other variable-length data and
     * references, which point into the source file), each with its type.
     */
    List<String> copyAttributesFrom(H5Object source) {
        List<String> skipped = new java.util.ArrayList<>();
        for (org.h5vds.node.AttributeNode a : source.node.attributes()) {
            org.h5vds.format.message.Datatype t = a.datatype();
            if (t.isVariableLengthString()) {
                node.setAttribute(AttributeValue.variableLengthStrings(a.name(), a.dataspace(), a.strings()));
            } else if (!pointsIntoFile(t)) {
                byte[] raw = a.data();
                long n = a.dims() == null ? 0 : a.dataspace().elementCount();
                node.setAttribute(AttributeValue.of(a.name(), t, a.dataspace(), java.util.Arrays.copyOf(raw, Math.toIntExact(n * t.size()))));
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

    String fileName() {
        return node.file().fileName();
    }

    // ---- attributes ------------------------------------------------------------------------------

    /** The attributes, like h5py's {@code obj.attrs}: read them, and in a file open for writing set and remove them. */
    public Attributes attrs() {
        return new Attributes(this);
    }

    /** One attribute. @throws java.util.NoSuchElementException when there is none of that name */
    public Attribute attr(String name) {
        return attrs().require(name);
    }

    /** Sets a scalar variable-length UTF-8 string attribute, as h5py stores {@code attrs[name] = "text"} (NeXus' {@code NX_class}). */
    public void setAttribute(String name, String value) {
        attrs().put(name, value);
    }

    /** Sets a 1-D attribute of variable-length UTF-8 strings, as h5py stores a list of str. */
    public void setAttribute(String name, List<String> values) {
        attrs().put(name, values);
    }

    /** Sets a numeric attribute with the array's dtype, byte order and shape (a 0-d array makes a scalar). */
    public void setAttribute(String name, NdArray value) {
        attrs().put(name, value);
    }

    /** Sets a scalar int64 attribute (h5py's {@code attrs[name] = 3}). */
    public void setAttribute(String name, long value) {
        attrs().put(name, value);
    }

    /** Sets a scalar float64 attribute (h5py's {@code attrs[name] = 1.5}). */
    public void setAttribute(String name, double value) {
        attrs().put(name, value);
    }

    /** Sets a scalar fixed-length string attribute (NumPy's {@code 'S'} dtype); see {@link Attributes#putFixedLength(String, String)}. */
    public void setFixedLengthAttribute(String name, String value) {
        attrs().putFixedLength(name, value);
    }

    /** Sets a 1-D fixed-length string attribute; see {@link Attributes#putFixedLength(String, List)}. */
    public void setFixedLengthAttribute(String name, List<String> values) {
        attrs().putFixedLength(name, values);
    }

    /** Removes an attribute (h5py's {@code del attrs[name]}); false when there was none of that name. */
    public boolean removeAttribute(String name) {
        return attrs().remove(name);
    }

    /** The attributes by name, in h5py's order, as a fixed map. */
    Map<String, Attribute> attributeMap() {
        return attrs().asMap();
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
        return getClass().getSimpleName() + "[" + org.h5vds.io.Locations.lastComponent(node.file().location()) + ":" + path() + (isWritable() ? " (writable)" : "") + "]";
    }
}
