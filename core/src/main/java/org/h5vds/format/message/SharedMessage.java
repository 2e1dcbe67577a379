package org.h5vds.format.message;

import java.util.Arrays;
import java.util.HexFormat;
import org.h5vds.io.Cursor;

/**
 * The shared message encoding (IV.A.2, "Shared Message" versions 1-3): the body of a header message
 * whose flag bit 1 says the real message lives elsewhere, either in another object header (a
 * committed message, e.g. a committed datatype) or in the file's shared object header message
 * (SOHM) fractal heap.
 *
 * <p>{@link #type()} is the type of the message this one stands for, so that a resolver can fetch
 * the message of the same type from the place it points to.
 */
public final class SharedMessage implements Message {
    /** Where the shared message lives; the values are those of version 3's "Type" field. */
    public enum Location {
        /** In the file's shared object header message heap, found by a fractal heap ID. */
        SOHM_HEAP(1),
        /** In another object's header, found by that header's address. */
        COMMITTED(2);

        public final int code;

        Location(int code) {
            this.code = code;
        }
    }

    /** Bytes of a fractal heap ID in version 3 (H5O_FHEAP_ID_LEN). */
    public static final int HEAP_ID_SIZE = 8;

    private final int messageType;
    private final int version;
    private final int typeField;
    private final Location location;
    private final long address;
    private final byte[] heapId;
    private final byte[] legacyEntry;
    private final String sourceFile;
    private final long sourceOffset;

    private SharedMessage(int messageType, int version, int typeField, Location location, long address,
                          byte[] heapId, byte[] legacyEntry, String sourceFile, long sourceOffset) {
        this.sourceFile = sourceFile;
        this.sourceOffset = sourceOffset;
        this.messageType = messageType;
        this.version = version;
        this.typeField = typeField;
        this.location = location;
        this.address = address;
        this.heapId = heapId;
        this.legacyEntry = legacyEntry;
    }

    /**
     * A version 2 reference to the message of type {@code messageType} in the header at {@code address},
     * as libhdf5 writes it (H5O__shared_encode: version 2, then its share type, 2 for "committed").
     */
    public static SharedMessage committed(int messageType, long address) {
        return new SharedMessage(messageType, 2, Location.COMMITTED.code, Location.COMMITTED, address, null, null, null, -1);
    }

    /** A version 3 reference to a message in the shared object header message heap. */
    public static SharedMessage inHeap(int messageType, byte[] heapId) {
        if (heapId.length != HEAP_ID_SIZE) throw new IllegalArgumentException("heap ID must have 8 bytes");
        return new SharedMessage(messageType, 3, Location.SOHM_HEAP.code, Location.SOHM_HEAP, Cursor.UNDEFINED, heapId.clone(), null, null, -1);
    }

    /**
     * Decodes the shared encoding of a message of type {@code messageType}. Version 1 stores, after
     * its 6 reserved bytes, an old symbol table entry whose first field ("Size of Lengths" bytes)
     * libhdf5 skips before the object header address; we keep the entry's bytes to write them back.
     */
    public static SharedMessage decode(int messageType, Cursor in) {
        String file = in.file();
        long at = in.address0();
        int version = in.version(in.u8(), "shared message", 1, 2, 3);
        int typeField = in.u8();
        switch (version) {
            case 1 -> {
                in.skip(6);
                int start = in.position();
                in.skip(in.lengthSize());
                long address = in.address();
                in.position(start);
                byte[] entry = in.bytes(in.remaining());
                return new SharedMessage(messageType, 1, typeField, Location.COMMITTED, address, null, entry, file, at);
            }
            case 2 -> {
                return new SharedMessage(messageType, 2, typeField, Location.COMMITTED, in.address(), null, null, file, at);
            }
            default -> {
                if (typeField == Location.SOHM_HEAP.code) {
                    return new SharedMessage(messageType, 3, typeField, Location.SOHM_HEAP, Cursor.UNDEFINED, in.bytes(HEAP_ID_SIZE), null, file, at);
                }
                if (typeField == Location.COMMITTED.code) {
                    return new SharedMessage(messageType, 3, typeField, Location.COMMITTED, in.address(), null, null, file, at);
                }
                throw in.error(in.position() - 1, "shared message of type 0x" + Integer.toHexString(messageType)
                        + ": location type " + typeField + " is not a shared location (expected 1 = SOHM heap or 2 = committed)");
            }
        }
    }

    /** The type of the message this one stands for. */
    @Override
    public int type() {
        return messageType;
    }

    public int version() {
        return version;
    }

    public Location location() {
        return location;
    }

    /** For {@link Location#COMMITTED}: the address of the object header holding the message. */
    public long address() {
        if (location != Location.COMMITTED) throw new IllegalStateException("a heap-shared message has no object header address");
        return address;
    }

    /** For {@link Location#SOHM_HEAP}: the 8-byte fractal heap ID of the message in the SOHM heap. */
    public byte[] heapId() {
        if (location != Location.SOHM_HEAP) throw new IllegalStateException("a committed message has no heap ID");
        return heapId.clone();
    }

    /** The file this reference was read from, or null for one built in memory; for error messages. */
    public String sourceFile() {
        return sourceFile;
    }

    /** The absolute file offset this reference was read from, or -1; for error messages. */
    public long sourceOffset() {
        return sourceOffset;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putU8(typeField);
        switch (version) {
            case 1 -> {
                out.putZeros(6);
                out.putBytes(legacyEntry);
            }
            case 2 -> out.putAddress(address);
            default -> {
                if (location == Location.SOHM_HEAP) out.putBytes(heapId);
                else out.putAddress(address);
            }
        }
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return switch (version) {
            case 1 -> 8 + legacyEntry.length;
            case 2 -> 2 + offsetSize;
            default -> 2 + (location == Location.SOHM_HEAP ? HEAP_ID_SIZE : offsetSize);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedMessage s && s.messageType == messageType && s.version == version
                && s.typeField == typeField && s.location == location && s.address == address
                && Arrays.equals(s.heapId, heapId) && Arrays.equals(s.legacyEntry, legacyEntry);
    }

    @Override
    public int hashCode() {
        return (messageType * 31 + version) * 31 + Long.hashCode(address) + Arrays.hashCode(heapId);
    }

    @Override
    public String toString() {
        return "SharedMessage[type=0x" + Integer.toHexString(messageType) + ", v" + version + ", " + location
                + (location == Location.COMMITTED ? " at " + address : " heap ID " + HexFormat.of().formatHex(heapId)) + "]";
    }
}
