package org.h5vds.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.h5vds.format.message.Dataspace;
import org.h5vds.node.AttributeNode;
import org.h5vds.node.AttributeValue;

/**
 * The attributes of a group, dataset or named datatype, like h5py's {@code AttributeManager}
 * ({@code obj.attrs}): a live view, in h5py's order (by name). In a file open for writing,
 * {@code put} sets an attribute (replacing one of that name) and {@code remove} deletes one, as
 * {@code attrs[name] = value} and {@code del attrs[name]} do.
 *
 * <pre>{@code
 * d.attrs().put("units", "counts");                    // variable-length UTF-8 string, as h5py stores str
 * d.attrs().put("gain", NdArray.of(new double[] {1.5, 2}, 2));
 * d.attrs().remove("obsolete");
 * String u = d.attrs().get("units").string();
 * }</pre>
 */
public final class Attributes implements Iterable<Attribute> {
    private final H5Object owner;

    Attributes(H5Object owner) {
        this.owner = owner;
    }

    private List<AttributeNode> nodes() {
        return owner.currentNode().attributes();
    }

    /**
     * The attribute named {@code name}, or null when there is none.
     *
     * @param name the attribute's name
     * @return the attribute, or null
     */
    public Attribute get(String name) {
        try {
            AttributeNode a = node(name);
            return a == null ? null : new Attribute(owner, a);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** The stored attribute named {@code name}, or null. */
    private AttributeNode node(String name) {
        for (AttributeNode a : nodes()) if (a.name().equals(name)) return a;
        return null;
    }

    Attribute require(String name) {
        Attribute a = get(name);
        if (a == null) throw new NoSuchElementException(owner.fileName() + ": " + owner.path() + " has no attribute \"" + name + "\"");
        return a;
    }

    /**
     * Whether the object has an attribute of this name (h5py's {@code name in attrs}).
     *
     * @param name the attribute's name
     * @return true when it exists
     */
    public boolean containsKey(String name) {
        try {
            return get(name) != null;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The names, in h5py's order.
     *
     * @return the attribute names, as h5py's {@code attrs.keys()} lists them
     */
    public Set<String> keySet() {
        try {
            return asMap().keySet();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The attributes, in h5py's order.
     *
     * @return the attributes
     */
    public Collection<Attribute> values() {
        try {
            return asMap().values();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    @Override
    public java.util.Iterator<Attribute> iterator() {
        try {
            return values().iterator();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * How many attributes the object has.
     *
     * @return the number of attributes
     */
    public int size() {
        try {
            return nodes().size();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether the object has no attributes.
     *
     * @return true when there are none
     */
    public boolean isEmpty() {
        try {
            return nodes().isEmpty();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The attributes as they are now, by name in h5py's order (a copy).
     *
     * @return a new map from name to attribute
     */
    public Map<String, Attribute> asMap() {
        try {
            Map<String, Attribute> out = new LinkedHashMap<>();
            for (AttributeNode a : nodes()) out.put(a.name(), new Attribute(owner, a));
            return Collections.unmodifiableMap(out);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    // ---- writing -------------------------------------------------------------------------------

    /**
     * Sets a scalar variable-length UTF-8 string (h5py's {@code attrs[name] = "text"}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the string stored
     */
    public void put(String name, String value) {
        try {
            Objects.requireNonNull(value, "attribute value");
            put(name, NdArray.ofStrings(value).reshape());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a 1-D array of variable-length UTF-8 strings (h5py's {@code attrs[name] = ["a", "b"]}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param values the strings stored
     */
    public void put(String name, List<String> values) {
        try {
            Objects.requireNonNull(values, "attribute values");
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null) throw new IllegalArgumentException(owner.path() + ": attribute \"" + name + "\": string " + i + " is null");
            }
            put(name, NdArray.ofStrings(values));
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
    public void put(String name, NdArray value) {
        try {
            Objects.requireNonNull(value, "attribute value");
            put(name, value, value.dtype());
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
    public void put(String name, NdArray value, DType dtype) {
        try {
            Objects.requireNonNull(value, "attribute value");
            Objects.requireNonNull(dtype, "dtype");
            requireWritable();
            Dataspace space = value.rank() == 0 ? Dataspace.scalar() : Dataspace.simple(value.shape(), null);
            store(name, StoredTypes.storedTypeOf(dtype), space, value);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets an attribute of {@code dtype} with a null dataspace, no value (h5py's
     * {@code attrs[name] = h5py.Empty(dtype)}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param dtype the attribute's type
     */
    public void putEmpty(String name, DType dtype) {
        try {
            Objects.requireNonNull(dtype, "dtype");
            requireWritable();
            set(AttributeValue.stored(name, StoredTypes.storedTypeOf(dtype), Dataspace.nullSpace(), new byte[0]));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a scalar int64 (h5py's {@code attrs[name] = 3}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the int64 stored
     */
    public void put(String name, long value) {
        try {
            put(name, NdArray.scalar(DType.INT64, value));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a scalar float64 (h5py's {@code attrs[name] = 1.5}).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the float64 stored
     */
    public void put(String name, double value) {
        try {
            put(name, NdArray.scalar(DType.FLOAT64, value));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a scalar bool, stored as h5py stores NumPy's bool (an enumeration of int8).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the bool stored
     */
    public void put(String name, boolean value) {
        try {
            put(name, NdArray.scalar(DType.BOOL, value ? 1 : 0));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a scalar fixed-length string, null-padded as NumPy's {@code 'S'} dtype stores it; its
     * length is the string's UTF-8 length (at least 1).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param value the string, not null; stored as its UTF-8 bytes
     */
    public void putFixedLength(String name, String value) {
        try {
            Objects.requireNonNull(value, "attribute value");
            put(name, NdArray.ofFixedStrings(value).reshape());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Sets a 1-D array of fixed-length strings; the length is that of the longest in UTF-8 (at least 1).
     *
     * @param name the attribute's name; an existing one is replaced
     * @param values the strings, each padded to the longest's length
     */
    public void putFixedLength(String name, List<String> values) {
        try {
            Objects.requireNonNull(values, "attribute values");
            for (String v : values) Objects.requireNonNull(v, "attribute value");
            put(name, NdArray.ofFixedStrings(values.toArray(new String[0])));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Changes an attribute's values keeping its stored type and shape (h5py's {@code
     * attrs.modify(name, value)}): the values are converted to the attribute's type as libhdf5
     * converts them, so an attribute another program wrote as float32 stays float32. An attribute
     * not there is set as {@link #put(String, NdArray)} sets it.
     *
     * @param name the attribute's name
     * @param value as many values as the attribute holds, in its shape (a single value fits any
     *              attribute of one element, scalar or not)
     * @throws IllegalArgumentException when the shape differs, the attribute is empty (a null
     *                                  dataspace: h5py cannot modify one either), or the values
     *                                  do not convert to its type
     */
    public void modify(String name, NdArray value) {
        try {
            Objects.requireNonNull(value, "attribute value");
            modify(name, value, node(name));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** {@link #modify(String, NdArray)} of the attribute found already ({@code existing}, null when there is none). */
    private void modify(String name, NdArray value, AttributeNode existing) {
        if (existing == null) {
            put(name, value);
            return;
        }
        requireWritable();
        String where = owner.fileName() + ": " + owner.path() + ": attribute \"" + name + "\"";
        Dataspace space = existing.dataspace();
        if (space.kind() == Dataspace.Kind.NULL) throw new IllegalArgumentException(where + " is empty (a null dataspace) and cannot be modified");
        long elements = space.elementCount();
        if (!java.util.Arrays.equals(space.dims(), value.shape()) && !(value.size() == 1 && elements == 1)) {
            throw new IllegalArgumentException(where + " has shape " + Shape.of(space.dims()) + "; values of shape "
                    + Shape.of(value.shape()) + " do not fit it");
        }
        store(name, existing.datatype(), space, value);
    }

    /**
     * {@link #modify(String, NdArray)} with one number, converted to the attribute's type (h5py's
     * {@code attrs.modify(name, 2.5)}); a new attribute is a float64.
     *
     * @param name the attribute's name
     * @param value the value
     */
    public void modify(String name, double value) {
        modify(name, NdArray.scalar(DType.FLOAT64, value));
    }

    /**
     * {@link #modify(String, NdArray)} with one integer, converted to the attribute's type; a new
     * attribute is an int64.
     *
     * @param name the attribute's name
     * @param value the value
     */
    public void modify(String name, long value) {
        modify(name, NdArray.scalar(DType.INT64, value));
    }

    /**
     * {@link #modify(String, NdArray)} with one string, stored as the attribute's string type: a
     * fixed-length one takes the string's bytes padded as it says (h5py converts through NumPy's
     * {@code 'S'} type, libhdf5 having no conversion between variable- and fixed-length strings); a
     * new attribute is a variable-length UTF-8 string.
     *
     * @param name the attribute's name
     * @param value the string
     * @throws IllegalArgumentException also when the string is longer than a fixed-length
     *                                  attribute's length (NumPy would cut it short)
     */
    public void modify(String name, String value) {
        try {
            Objects.requireNonNull(value, "attribute value");
            AttributeNode existing = node(name);
            DType type = existing == null ? null : new Attribute(owner, existing).dtype();
            NdArray values = type != null && type.kind() == DType.Kind.BYTES
                    ? NdArray.ofFixedStrings(type, List.of(value)).reshape() : NdArray.ofStrings(value).reshape();
            modify(name, values, existing);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Removes the attribute {@code name} (h5py's {@code del attrs[name]}); false when there was none.
     *
     * @param name the attribute's name
     * @return true if an attribute was removed
     */
    public boolean remove(String name) {
        try {
            requireWritable();
            return owner.node.removeAttribute(name);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** Stores attribute {@code name} as {@code type} in {@code space}, {@code value}'s elements converted to it. */
    private void store(String name, org.h5vds.format.message.Datatype type, Dataspace space, NdArray value) {
        AttributeValue v;
        try {
            v = AttributeValue.of(name, type, space, value.bytes(), StoredTypes.memoryTypeOf(value.dtype()), value.objectTable(),
                    new Values(owner.file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner.fileName() + ": " + owner.path() + ": " + e.getMessage(), e);
        }
        set(v);
    }

    private void set(AttributeValue v) {
        requireWritable();
        owner.node.setAttribute(v);
    }

    private void requireWritable() {
        owner.node.file().requireWritable(owner.path());
    }

    @Override
    public String toString() {
        try {
            return asMap().values().toString();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }
}
