package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * Datatype class 5, opaque bytes with an ASCII tag (IV.A.2.d): bits 0-7 the length of the tag
 * field, which holds the tag padded with NULs to a multiple of 8 bytes.
 */
public record OpaqueType(int version, int size, byte[] tagField) implements Datatype {
    /** libhdf5's limit on a tag (H5T_OPAQUE_TAG_MAX), NUL included. */
    public static final int MAX_TAG = 256;

    public OpaqueType {
        if (size < 1) throw new IllegalArgumentException("an opaque type of " + size + " bytes");
        if (tagField.length % 8 != 0 || tagField.length > 0xFF) throw new IllegalArgumentException("opaque tag field of " + tagField.length + " bytes");
        tagField = tagField.clone();
    }

    /** An opaque type of {@code size} bytes tagged {@code tag} (ASCII), encoded as libhdf5 encodes it. */
    public static OpaqueType of(int size, String tag) {
        byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        if (t.length >= MAX_TAG - 8 + 1 || tag.indexOf('\0') >= 0) throw new IllegalArgumentException("opaque tag \"" + tag + "\" is too long or holds a NUL");
        // H5O_dtype_encode: the tag rounded up to a multiple of 8 (no NUL when it is one already)
        return new OpaqueType(1, size, Arrays.copyOf(t, (t.length + 7) & ~7));
    }

    static OpaqueType decode(Cursor in, Header h) {
        if (h.size() < 1) throw in.error(h.at(), "opaque datatype of " + h.size() + " bytes");
        int length = h.classBits() & 0xFF;
        if (length % 8 != 0) throw in.error(h.at(), "opaque datatype: tag field of " + length + " bytes is not a multiple of 8");
        return new OpaqueType(h.version(), h.size(), in.bytes(length));
    }

    @Override
    public byte[] tagField() {
        return tagField.clone();
    }

    /** The tag without its NUL padding. */
    public String tag() {
        int n = 0;
        while (n < tagField.length && tagField[n] != 0) n++;
        return new String(tagField, 0, n, StandardCharsets.US_ASCII);
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.OPAQUE;
    }

    @Override
    public int classBits() {
        return tagField.length;
    }

    @Override
    public void encodeProperties(Cursor out) {
        out.putBytes(tagField);
    }

    @Override
    public int propertiesSize() {
        return tagField.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpaqueType t && t.version == version && t.size == size && Arrays.equals(t.tagField, tagField);
    }

    @Override
    public int hashCode() {
        return size * 31 + Arrays.hashCode(tagField);
    }

    @Override
    public String toString() {
        return "OpaqueType[" + size + " bytes, tag \"" + tag() + "\"]";
    }
}
