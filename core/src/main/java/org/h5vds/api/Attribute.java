package org.h5vds.api;

import java.nio.ByteBuffer;
import java.util.List;
import org.h5vds.format.message.Datatype;
import org.h5vds.node.AttributeNode;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.ObjectTable;

/**
 * One attribute of a group, dataset or datatype, of any type: {@link #value()} reads it as an
 * {@link NdArray} (0-d for a scalar) the way h5py reads it; strings, fixed or variable length,
 * ASCII or UTF-8, also read as Java strings ({@link #string()}, {@link #strings()}).
 */
public final class Attribute {
    private final H5Object owner;
    private final AttributeNode node;

    Attribute(H5Object owner, AttributeNode node) {
        this.owner = owner;
        this.node = node;
    }

    /**
     * The attribute's name.
     *
     * @return the name as stored
     */
    public String name() {
        try {
            return node.name();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The shape; {@code ()} for a scalar.
     *
     * @return the attribute's shape
     * @throws H5Exception for an attribute with a null dataspace
     */
    public Shape shape() {
        try {
            long[] d = node.dims();
            if (d == null) throw new H5Exception(where() + " has a null dataspace (no value)");
            return Shape.of(d);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * True for an attribute with a null dataspace (h5py's {@code Empty}).
     *
     * @return true for a null dataspace
     */
    public boolean isEmpty() {
        try {
            return node.dims() == null;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether the attribute holds strings (fixed or variable length).
     *
     * @return true for a fixed- or variable-length string type
     */
    public boolean isString() {
        try {
            // by the stored class: a type without a dtype (a float no NumPy float holds) is no string either
            org.h5vds.format.message.Datatype t = node.datatype();
            return t instanceof org.h5vds.format.message.StringType
                    || t instanceof org.h5vds.format.message.VariableLengthType v && v.isString();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The dtype h5py gives the attribute.
     *
     * @return the dtype of {@link #value()}
     * @throws H5Exception for a type NumPy has no dtype of (the time class)
     */
    public DType dtype() {
        try {
            return Dataset.dtypeOf(node.datatype(), this::where);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * A description of the stored type.
     *
     * @return the stored type, as {@code h5vds ls} shows it
     */
    public String typeDescription() {
        try {
            return StoredTypes.describe(node.datatype());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The value, as h5py reads it (0-d for a scalar); numbers in their stored byte order.
     *
     * @return the value, in the attribute's shape and dtype
     */
    public NdArray value() {
        try {
            DType d = dtype();
            long[] shape = shape().toArray();
            long n = 1;
            for (long s : shape) n = Math.multiplyExact(n, s);
            Datatype stored = node.datatype();
            byte[] raw = node.data();
            if (raw.length < n * stored.size()) throw new H5Exception(where() + " stores " + raw.length + " bytes for " + n + " elements of " + stored.size());
            Datatype memory = StoredTypes.memoryTypeOf(d);
            long bytes = Math.multiplyExact(n, (long) memory.size());
            if (bytes > NdArray.MAX_BYTES) throw new H5Exception(where() + " holds " + n + " elements, more than one array can hold");
            ObjectTable table = d.hasObjects() ? new ObjectTable(n) : null;
            byte[] out = new byte[(int) bytes];
            try {
                ElementConverter c = Conversions.reading(stored, memory, node.objects(), table, new Values(owner.file()));
                c.convert(raw, 0, out, 0, (int) n);
            } catch (ElementConverter.UnsupportedConversionException e) {
                throw new H5Exception(where() + ": " + e.getMessage());
            } catch (org.h5vds.io.H5FormatException e) {
                throw e.inObject(owner.path() + " attribute \"" + name() + "\"");
            }
            return NdArray.internal(d, shape, ByteBuffer.wrap(out).order(d.order()), table);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Every string of a string attribute, in C order.
     *
     * @return the strings; one for a scalar
     */
    public List<String> strings() {
        try {
            if (!isString()) throw new H5Exception(where() + " has type " + typeDescription() + ", not a string");
            return value().strings();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The string of a scalar (or one-element) string attribute, e.g. NeXus' {@code NX_class}.
     *
     * @return the string
     */
    public String string() {
        try {
            List<String> s = strings();
            if (s.size() != 1) throw new H5Exception(where() + " holds " + s.size() + " strings, not one");
            return s.get(0);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private String where() {
        return owner.fileName() + ": " + owner.path() + ": attribute \"" + name() + "\"";
    }

    @Override
    public String toString() {
        try {
            if (isEmpty()) return name() + " = Empty";
            try {
                // h5py gives a variable-length string as str, a fixed-length one as bytes (NumPy's 'S')
                if (dtype().kind() == DType.Kind.STRING) {
                    List<String> s = strings();
                    StringBuilder out = new StringBuilder(name()).append(" = ");
                    nestStrings(out, s, node.dims(), 0, new int[1]);
                    return out.toString();
                }
                return name() + " = " + value();
            } catch (H5Exception e) {
                return name() + " = <" + typeDescription() + ">";
            }
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** Strings as nested Python lists along the shape (a scalar as its one literal). */
    private static void nestStrings(StringBuilder out, List<String> s, long[] dims, int axis, int[] next) {
        if (axis == dims.length) {
            out.append(PyLiteral.repr(s.get(next[0]++)));
            return;
        }
        out.append('[');
        for (long i = 0; i < dims[axis]; i++) {
            if (i > 0) out.append(", ");
            nestStrings(out, s, dims, axis + 1, next);
        }
        out.append(']');
    }
}
