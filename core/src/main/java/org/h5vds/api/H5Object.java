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

    /**
     * The path this object was reached by, e.g. {@code "/entry/data"}.
     *
     * @return the absolute path, as opened
     */
    public String path() {
        try {
            return node.path();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The last component of the path ({@code "/"} for the root group).
     *
     * @return the name within its group
     */
    public String name() {
        try {
            return node.name();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether this and {@code other} are the same object of the same file, whatever paths reached
     * them (two hard links to one dataset; h5py's {@code ==} on objects). An object made since the
     * file's last commit is only the same as itself.
     *
     * @param other another object, possibly of another file or reached by another path
     * @return true for the same object in the same file
     */
    public boolean isSameObject(H5Object other) {
        try {
            return other != null && node.identity().equals(other.node.identity());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The address of the object's header in its file, which identifies the object there whatever
     * path reached it (h5py: {@code h5py.h5o.get_info(obj.id).addr}); -1 for an object made since
     * the file's last commit.
     *
     * @return the object header's address, or -1
     */
    public long address() {
        try {
            return node.address();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether this object can be changed: its file is open for writing.
     *
     * @return true while the file is open for writing
     */
    public boolean isWritable() {
        try {
            return node.isWritable();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Copies the attributes of {@code source} (an object read from a file) onto this object being
     * written, each with its stored type: fixed-size values byte for byte, variable-length strings
     * and sequences stored anew in this file. Returns the names of those it leaves out, references
     * (which point into the source file), each with its type. (A file with addresses of another width
     * than this one's has its variable-length values converted through their memory form.)
     */
    List<String> copyAttributesFrom(H5Object source) {
        List<String> skipped = new java.util.ArrayList<>();
        for (org.h5vds.node.AttributeNode a : source.node.attributes()) {
            org.h5vds.format.message.Datatype t = a.datatype();
            // (references, which point into the source file)
            if (holds(t, org.h5vds.format.message.ReferenceType.class)) {
                skipped.add(a.name() + " (" + StoredTypes.describe(t) + ")");
            } else if (t.pointsIntoFile() && a.objects().offsetSize() != node.file().objects().offsetSize()) {
                // heap IDs of another width (a file with 4-byte addresses): through the values, in the dtype's stored form
                if (a.dims() == null) continue;
                NdArray v = new Attribute(source, a).value();
                node.setAttribute(AttributeValue.of(a.name(), StoredTypes.storedTypeOf(v.dtype()), a.dataspace(), v.bytes(),
                        StoredTypes.memoryTypeOf(v.dtype()), v.objectTable(), new Values(file)));
            } else {
                node.setAttribute(ObjectCopy.attribute(a, this, false));
            }
        }
        return skipped;
    }

    /**
     * Whether values of {@code t} hold values of type class {@code kind} (references, variable-length
     * data): {@code t} itself, or a compound's member, an array's or a sequence's element, at any depth.
     */
    static boolean holds(org.h5vds.format.message.Datatype t, Class<? extends org.h5vds.format.message.Datatype> kind) {
        if (kind.isInstance(t)) return true;
        if (t instanceof org.h5vds.format.message.CompoundType c) return c.members().stream().anyMatch(m -> holds(m.type(), kind));
        if (t instanceof org.h5vds.format.message.ArrayType x) return holds(x.base(), kind);
        if (t instanceof org.h5vds.format.message.VariableLengthType v) return holds(v.base(), kind);
        return false;
    }

    /**
     * The file this object was opened through (an external link may lead into another file).
     *
     * @return the file this object belongs to
     */
    public H5File file() {
        return file;
    }

    String fileName() {
        return node.file().fileName();
    }

    /** The object's node as last read: a dataset's as its last {@link Dataset#refresh()} read it again. */
    ObjectNode currentNode() {
        return node;
    }

    // ---- attributes ------------------------------------------------------------------------------

    /**
     * The attributes, like h5py's {@code obj.attrs}: read them, and in a file open for writing set and remove them.
     *
     * @return this object's attributes
     */
    public Attributes attrs() {
        try {
            return new Attributes(this);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * One attribute.
     *
     * @param name the attribute's name
     * @return the attribute
     * @throws java.util.NoSuchElementException when there is none of that name
     */
    public Attribute attr(String name) {
        try {
            return attrs().require(name);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a scalar variable-length UTF-8 string attribute, as h5py stores {@code attrs[name] = "text"} (NeXus' {@code NX_class}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the string stored
     */
    public void setAttribute(String name, String value) {
        try {
            attrs().put(name, value);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a 1-D attribute of variable-length UTF-8 strings, as h5py stores a list of str.
     *
     * @param name the attribute's name; an existing one is replaced
     * @param values the strings stored
     */
    public void setAttribute(String name, List<String> values) {
        try {
            attrs().put(name, values);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets an attribute of the array's dtype (byte order kept) and shape (a 0-d array makes a
     * scalar), of any type: numbers, strings, compounds, enumerations, references to objects of
     * this file, variable-length sequences.
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the attribute's values, dtype and shape
     */
    public void setAttribute(String name, NdArray value) {
        try {
            attrs().put(name, value);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets an attribute stored as {@code dtype}, {@code value} converted to it as libhdf5 converts (h5py's {@code attrs.create(name, data, dtype=...)}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the values, converted to {@code dtype}
     * @param dtype the type the attribute is stored as
     */
    public void setAttribute(String name, NdArray value, DType dtype) {
        try {
            attrs().put(name, value, dtype);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a scalar int64 attribute (h5py's {@code attrs[name] = 3}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the int64 stored
     */
    public void setAttribute(String name, long value) {
        try {
            attrs().put(name, value);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a scalar float64 attribute (h5py's {@code attrs[name] = 1.5}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the float64 stored
     */
    public void setAttribute(String name, double value) {
        try {
            attrs().put(name, value);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a scalar fixed-length string attribute (NumPy's {@code 'S'} dtype); see {@link Attributes#putFixedLength(String, String)}.
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the string, stored as its UTF-8 bytes
     */
    public void setFixedLengthAttribute(String name, String value) {
        try {
            attrs().putFixedLength(name, value);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a 1-D fixed-length string attribute; see {@link Attributes#putFixedLength(String, List)}.
     *
     * @param name the attribute's name; an existing one is replaced
     * @param values the strings, each padded to the longest's length
     */
    public void setFixedLengthAttribute(String name, List<String> values) {
        try {
            attrs().putFixedLength(name, values);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Removes an attribute (h5py's {@code del attrs[name]}); false when there was none of that name.
     *
     * @param name the attribute's name
     * @return true if an attribute was removed
     */
    public boolean removeAttribute(String name) {
        try {
            return attrs().remove(name);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
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
        try {
            return getClass().getSimpleName() + "[" + org.h5vds.io.Locations.lastComponent(node.file().location()) + ":" + path() + (isWritable() ? " (writable)" : "") + "]";
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }
}
