package org.h5vds.storage;

import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.ReferenceType;

/**
 * Makes the values an in-memory array holds in its {@link ObjectTable} out of what a file stores,
 * and takes them apart again for writing. The layer above decides what the values are (strings,
 * arrays, references bound to a file); conversions here only move their parts.
 */
public interface ValueCodec {
    /** A variable-length string from its stored bytes, {@code bytes[off, off + len)} (no terminator). */
    Object string(byte[] bytes, int off, int len, Datatype.CharacterSet charset);

    /** The bytes to store for a variable-length string value. */
    byte[] stringBytes(Object value, Datatype.CharacterSet charset);

    /**
     * A variable-length sequence: {@code count} elements of {@code memoryBase} in memory form,
     * whose own object values (when the base holds any) are in {@code nested}.
     */
    Object sequence(Datatype memoryBase, byte[] elements, int count, ObjectTable nested);

    /** The elements of a sequence value in memory form of {@code memoryBase}. */
    Sequence sequenceParts(Object value, Datatype memoryBase);

    /** A reference value. */
    Object reference(StoredReference reference);

    /** What to store for a reference value, as a reference of {@code kind}. */
    StoredReference storedReference(Object value, ReferenceType.Kind kind);

    /** A sequence taken apart: elements in memory form and the table their object slots point into. */
    record Sequence(byte[] elements, int count, ObjectTable nested) {
    }
}
