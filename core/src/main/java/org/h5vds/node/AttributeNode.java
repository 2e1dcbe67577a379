package org.h5vds.node;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * One attribute: its name, type, shape and stored value bytes, with variable-length strings
 * fetched from the global heap on demand.
 */
public final class AttributeNode {
    private final OpenFile file;
    private final String owner;
    private final String name;
    private final Datatype type;
    private final Dataspace space;
    private final byte[] data;
    private final List<String> pending;

    AttributeNode(OpenFile file, String owner, String name, Datatype type, Dataspace space, byte[] data) {
        this(file, owner, name, type, space, data, null);
    }

    /** An attribute set in this session: variable-length strings are {@code pending} until committed (data null). */
    AttributeNode(OpenFile file, String owner, String name, Datatype type, Dataspace space, byte[] data, List<String> pending) {
        this.file = file;
        this.owner = owner;
        this.name = name;
        this.type = type;
        this.space = space;
        this.data = data;
        this.pending = pending == null ? null : List.copyOf(pending);
    }

    public String name() {
        return name;
    }

    public Datatype datatype() {
        return type;
    }

    public Dataspace dataspace() {
        return space;
    }

    /** The dimensions; empty for a scalar; null for a null dataspace (an attribute with no value). */
    public long[] dims() {
        return space.kind() == Dataspace.Kind.NULL ? null : space.dims();
    }

    /** The value bytes exactly as stored (file type, file byte order); variable-length strings not yet committed have none. */
    public byte[] data() {
        if (data == null) throw new IllegalStateException(where() + ": variable-length strings set in this session have no stored bytes yet");
        return data.clone();
    }

    public boolean isString() {
        return type.isString() || type.isVariableLengthString();
    }

    /** The string values in C order (fixed-length with their padding removed, variable-length from the heap). */
    public List<String> strings() {
        if (!isString()) throw new IllegalStateException(where() + " is not a string attribute");
        if (pending != null) return pending;
        long n = space.kind() == Dataspace.Kind.NULL ? 0 : space.elementCount();
        List<String> out = new ArrayList<>();
        int size = type.size();
        if (n * size > data.length) throw new H5FormatException(file.fileName(), owner, H5FormatException.NO_OFFSET,
                "attribute \"" + name + "\" holds " + data.length + " bytes, its " + n + " elements need " + n * size);
        if (type.isVariableLengthString()) {
            var ctx = file.context();
            Cursor c = new Cursor(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), file.fileName(), H5FormatException.NO_OFFSET,
                    ctx.offsetSize(), ctx.lengthSize());
            for (long i = 0; i < n; i++) {
                c.position((int) (i * size));
                long length = c.u32();
                long collection = c.address();
                int index = (int) c.u32();
                if (length == 0) {
                    out.add("");
                    continue;
                }
                if (collection == Cursor.UNDEFINED) {
                    throw new H5FormatException(file.fileName(), owner, H5FormatException.NO_OFFSET, "attribute \"" + name
                            + "\": string " + i + " of " + length + " bytes has no heap address");
                }
                byte[] bytes = Heaps.global(file, collection).objectBytes(index);
                if (length > bytes.length) {
                    throw new H5FormatException(file.fileName(), owner, H5FormatException.NO_OFFSET, "attribute \"" + name
                            + "\": string of " + length + " bytes in a heap object of " + bytes.length);
                }
                out.add(decode(bytes, 0, (int) length, Datatype.StringPadding.NULL_TERMINATE));
            }
        } else {
            for (long i = 0; i < n; i++) out.add(decode(data, (int) (i * size), size, type.stringPadding()));
        }
        return out;
    }

    private String decode(byte[] b, int off, int len, Datatype.StringPadding pad) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        if (pad == Datatype.StringPadding.SPACE_PAD) {
            while (end > off && b[end - 1] == ' ') end--;
        }
        var cs = type.characterSet() == Datatype.CharacterSet.UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        if (type.characterSet() == Datatype.CharacterSet.ASCII) cs = StandardCharsets.UTF_8; // h5py decodes ASCII as UTF-8 too
        return new String(b, off, end - off, cs);
    }

    private String where() {
        return file.fileName() + ": " + owner + ": attribute \"" + name + "\"";
    }

    @Override
    public String toString() {
        return "attribute " + name + " of " + owner;
    }
}
