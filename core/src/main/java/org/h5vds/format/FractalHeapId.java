package org.h5vds.format;

import java.util.Arrays;
import java.util.HexFormat;
import org.h5vds.io.Cursor;

/**
 * A fractal heap ID (format spec III.G, "Fractal Heap ID for ..."), version 0, decoded according
 * to its heap's header: a managed object's offset and length, a tiny object's inline data, or a
 * huge object's B-tree key or direct address.
 */
public sealed interface FractalHeapId {
    int VERSION = 0;
    int TYPE_MANAGED = 0;
    int TYPE_HUGE = 1;
    int TYPE_TINY = 2;

    /** An object in a direct block: {@code length} bytes at heap {@code offset}. */
    record Managed(long offset, long length) implements FractalHeapId {
    }

    /** An object small enough to live in its own ID. */
    record Tiny(byte[] data) implements FractalHeapId {
        public Tiny {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tiny t && Arrays.equals(data, t.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Tiny[" + hex(data) + "]";
        }
    }

    /** A huge object found through the heap's v2 B-tree by this key. */
    record HugeKey(long key) implements FractalHeapId {
    }

    /**
     * A huge object whose location is in the ID itself; {@code filterMask} and
     * {@code defilteredSize} only mean something in a filtered heap.
     */
    record HugeDirect(long address, long length, int filterMask, long defilteredSize) implements FractalHeapId {
    }

    /**
     * Decodes {@code id} for the heap with this header.
     *
     * @throws IllegalArgumentException saying what is wrong with the ID; callers add the file and heap
     */
    static FractalHeapId decode(byte[] id, FractalHeapHeader header, int offsetSize, int lengthSize) {
        if (id.length == 0) throw new IllegalArgumentException("heap ID is empty");
        if (id.length < header.heapIdLength()) {
            throw new IllegalArgumentException("heap ID " + hex(id) + " is shorter than the heap's ID length " + header.heapIdLength());
        }
        int first = id[0] & 0xFF;
        int version = first >>> 6;
        int type = (first >>> 4) & 0x3;
        if (version != VERSION) {
            throw new IllegalArgumentException("heap ID " + hex(id) + " has unknown version " + version);
        }
        Cursor c = new Cursor(java.nio.ByteBuffer.wrap(id, 0, header.heapIdLength()).slice(), "<heap ID>", 0, offsetSize, lengthSize);
        c.skip(1);
        switch (type) {
            case TYPE_MANAGED: {
                long offset = c.uint(header.heapOffsetSize());
                long length = c.uint(header.heapLengthSize());
                return new Managed(offset, length);
            }
            case TYPE_TINY: {
                int length;
                if (header.tinyLengthExtended()) {
                    length = (((first & 0x0F) << 8) | c.u8()) + 1;
                } else {
                    length = (first & 0x0F) + 1;
                }
                if (length > c.remaining()) {
                    throw new IllegalArgumentException("tiny object of " + length + " bytes does not fit heap ID " + hex(id));
                }
                return new Tiny(c.bytes(length));
            }
            case TYPE_HUGE: {
                if (header.hugeIdsDirect(offsetSize, lengthSize)) {
                    long address = c.address();
                    long length = c.length();
                    int filterMask = 0;
                    long defilteredSize = length;
                    if (header.isFiltered()) {
                        filterMask = (int) c.u32();
                        defilteredSize = c.length();
                    }
                    return new HugeDirect(address, length, filterMask, defilteredSize);
                }
                return new HugeKey(c.uint(header.hugeIdKeySize()));
            }
            default:
                throw new IllegalArgumentException("heap ID " + hex(id) + " has reserved type 3");
        }
    }

    /** Encodes this ID in {@code header.heapIdLength()} bytes, zero-padded as libhdf5 does. */
    default byte[] encode(FractalHeapHeader header, int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(header.heapIdLength(), offsetSize, lengthSize);
        if (this instanceof Managed m) {
            c.putU8(VERSION << 6 | TYPE_MANAGED << 4);
            c.putUint(m.offset(), header.heapOffsetSize());
            c.putUint(m.length(), header.heapLengthSize());
        } else if (this instanceof Tiny t) {
            byte[] data = t.data();
            int encodedLength = data.length - 1;
            if (data.length == 0 || data.length > header.tinyMaxLength()) {
                throw new IllegalArgumentException("a tiny object must have 1.." + header.tinyMaxLength() + " bytes, not " + data.length);
            }
            if (header.tinyLengthExtended()) {
                c.putU8(VERSION << 6 | TYPE_TINY << 4 | (encodedLength >>> 8) & 0x0F);
                c.putU8(encodedLength & 0xFF);
            } else {
                c.putU8(VERSION << 6 | TYPE_TINY << 4 | encodedLength);
            }
            c.putBytes(data);
        } else if (this instanceof HugeKey k) {
            c.putU8(VERSION << 6 | TYPE_HUGE << 4);
            c.putUint(k.key(), header.hugeIdKeySize());
        } else if (this instanceof HugeDirect d) {
            c.putU8(VERSION << 6 | TYPE_HUGE << 4);
            c.putAddress(d.address());
            c.putLength(d.length());
            if (header.isFiltered()) {
                c.putU32(d.filterMask() & 0xFFFFFFFFL);
                c.putLength(d.defilteredSize());
            }
        }
        return Arrays.copyOf(c.written(), header.heapIdLength());
    }

    static String hex(byte[] id) {
        return "0x" + HexFormat.of().formatHex(id);
    }
}
