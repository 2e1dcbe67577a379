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
        return owner.node.attributes();
    }

    /** The attribute named {@code name}, or null when there is none. */
    public Attribute get(String name) {
        for (AttributeNode a : nodes()) if (a.name().equals(name)) return new Attribute(owner, a);
        return null;
    }

    Attribute require(String name) {
        Attribute a = get(name);
        if (a == null) throw new NoSuchElementException(owner.fileName() + ": " + owner.path() + " has no attribute \"" + name + "\"");
        return a;
    }

    public boolean containsKey(String name) {
        return get(name) != null;
    }

    /** The names, in h5py's order. */
    public Set<String> keySet() {
        return asMap().keySet();
    }

    public Collection<Attribute> values() {
        return asMap().values();
    }

    @Override
    public java.util.Iterator<Attribute> iterator() {
        return values().iterator();
    }

    public int size() {
        return nodes().size();
    }

    public boolean isEmpty() {
        return nodes().isEmpty();
    }

    /** The attributes as they are now, by name in h5py's order (a copy). */
    public Map<String, Attribute> asMap() {
        Map<String, Attribute> out = new LinkedHashMap<>();
        for (AttributeNode a : nodes()) out.put(a.name(), new Attribute(owner, a));
        return Collections.unmodifiableMap(out);
    }

    // ---- writing -------------------------------------------------------------------------------

    /** Sets a scalar variable-length UTF-8 string (h5py's {@code attrs[name] = "text"}). */
    public void put(String name, String value) {
        Objects.requireNonNull(value, "attribute value");
        set(AttributeValue.variableLengthStrings(name, Dataspace.scalar(), List.of(value)));
    }

    /** Sets a 1-D array of variable-length UTF-8 strings (h5py's {@code attrs[name] = ["a", "b"]}). */
    public void put(String name, List<String> values) {
        Objects.requireNonNull(values, "attribute values");
        set(AttributeValue.variableLengthStrings(name, Dataspace.simple(new long[] {values.size()}, null), values));
    }

    /** Sets a numeric attribute with the array's dtype, byte order and shape (a 0-d array makes a scalar). */
    public void put(String name, NdArray value) {
        Objects.requireNonNull(value, "attribute value");
        byte[] data = new byte[Math.toIntExact(value.nbytes())];
        value.buffer().get(data);
        Dataspace space = value.rank() == 0 ? Dataspace.scalar() : Dataspace.simple(value.shape(), null);
        set(AttributeValue.of(name, DTypes.datatype(value.dtype()), space, data));
    }

    /** Sets a scalar int64 (h5py's {@code attrs[name] = 3}). */
    public void put(String name, long value) {
        put(name, NdArray.scalar(DType.INT64, value));
    }

    /** Sets a scalar float64 (h5py's {@code attrs[name] = 1.5}). */
    public void put(String name, double value) {
        put(name, NdArray.scalar(DType.FLOAT64, value));
    }

    /** Sets a scalar bool, stored as h5py stores NumPy's bool (an enumeration of int8). */
    public void put(String name, boolean value) {
        put(name, NdArray.scalar(DType.BOOL, value ? 1 : 0));
    }

    /**
     * Sets a scalar fixed-length string, null-padded as NumPy's {@code 'S'} dtype stores it; its
     * length is the string's UTF-8 length (at least 1).
     */
    public void putFixedLength(String name, String value) {
        Objects.requireNonNull(value, "attribute value");
        int length = Math.max(1, value.getBytes(StandardCharsets.UTF_8).length);
        set(AttributeValue.fixedLengthStrings(name, Dataspace.scalar(), length, List.of(value)));
    }

    /** Sets a 1-D array of fixed-length strings; the length is that of the longest in UTF-8 (at least 1). */
    public void putFixedLength(String name, List<String> values) {
        Objects.requireNonNull(values, "attribute values");
        int length = 1;
        for (String v : values) length = Math.max(length, Objects.requireNonNull(v, "attribute value").getBytes(StandardCharsets.UTF_8).length);
        set(AttributeValue.fixedLengthStrings(name, Dataspace.simple(new long[] {values.size()}, null), length, new ArrayList<>(values)));
    }

    /** Removes the attribute {@code name} (h5py's {@code del attrs[name]}); false when there was none. */
    public boolean remove(String name) {
        requireWritable();
        return owner.node.removeAttribute(name);
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
        return asMap().values().toString();
    }
}
