package org.h5vds.api;

import java.nio.ByteBuffer;
import java.util.List;
import org.h5vds.io.H5Exception;
import org.h5vds.node.AttributeNode;

/**
 * One attribute of a group, dataset or datatype. Numeric attributes read as arrays
 * ({@link #value()}), strings as Java strings ({@link #string()}, {@link #strings()}) — fixed or
 * variable length, ASCII or UTF-8, as h5py decodes them.
 */
public final class Attribute {
    private final H5Object owner;
    private final AttributeNode node;

    Attribute(H5Object owner, AttributeNode node) {
        this.owner = owner;
        this.node = node;
    }

    public String name() {
        return node.name();
    }

    /** The shape; {@code ()} for a scalar. @throws H5Exception for an attribute with a null dataspace */
    public Shape shape() {
        long[] d = node.dims();
        if (d == null) throw new H5Exception(where() + " has a null dataspace (no value)");
        return Shape.of(d);
    }

    /** True for an attribute with a null dataspace (h5py's {@code Empty}). */
    public boolean isEmpty() {
        return node.dims() == null;
    }

    public boolean isString() {
        return node.isString();
    }

    /** The numeric dtype, or null for strings and other non-numeric types. */
    public DType dtype() {
        return DTypes.of(node.datatype());
    }

    /** A description of the stored type. */
    public String typeDescription() {
        return TypeText.describe(node.datatype());
    }

    /** The value of a numeric attribute, in its stored dtype and byte order (0-d for a scalar). */
    public NdArray value() {
        DType d = dtype();
        if (d == null) throw new H5Exception(where() + " has type " + typeDescription() + ", not a numeric dtype");
        long[] shape = shape().toArray();
        long n = 1;
        for (long s : shape) n = Math.multiplyExact(n, s);
        byte[] raw = node.data();
        if (raw.length < n * d.size()) throw new H5Exception(where() + " stores " + raw.length + " bytes for " + n + " elements of " + d);
        return NdArray.wrap(ByteBuffer.wrap(raw, 0, (int) (n * d.size())).order(d.order()), d, shape);
    }

    /** Every string of a string attribute, in C order. */
    public List<String> strings() {
        if (!isString()) throw new H5Exception(where() + " has type " + typeDescription() + ", not a string");
        return node.strings();
    }

    /** The string of a scalar (or one-element) string attribute, e.g. NeXus' {@code NX_class}. */
    public String string() {
        List<String> s = strings();
        if (s.size() != 1) throw new H5Exception(where() + " holds " + s.size() + " strings, not one");
        return s.get(0);
    }

    private String where() {
        return owner.fileName() + ": " + owner.path() + ": attribute \"" + name() + "\"";
    }

    @Override
    public String toString() {
        if (isEmpty()) return name() + " = Empty";
        if (isString()) {
            List<String> s = strings();
            return name() + " = " + (node.dims().length == 0 ? "'" + s.get(0) + "'" : s.toString());
        }
        if (dtype() == null) return name() + " = <" + typeDescription() + ">";
        return name() + " = " + value();
    }
}
