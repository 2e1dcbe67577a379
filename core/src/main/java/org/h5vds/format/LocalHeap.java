package org.h5vds.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * A local heap (format spec III.D, signature "HEAP", version 0): the link names of a symbol-table
 * (v0/v1 style) group, addressed by byte offset into one data segment. Immutable once read; the
 * data segment is read once and shared by every lookup.
 */
public final class LocalHeap {
    public static final String SIGNATURE = "HEAP";
    public static final int VERSION = 0;

    /**
     * The end-of-free-list marker libhdf5 writes ({@code H5HL_FREE_NULL} in H5HLpkg.h) for the head
     * and for "next free block". The spec names the undefined address instead; we accept both.
     */
    static final long FREE_NULL = 1;

    /** Objects in the data segment are aligned on 8 bytes (spec III.D, last line). */
    static final int ALIGNMENT = 8;

    /** One entry of the free list: {@code size} bytes at {@code offset} in the data segment. */
    public record FreeBlock(long offset, long size) {
    }

    private final String file;
    private final long address;
    private final long dataSegmentSize;
    private final long offsetToHeadOfFreeList;
    private final long addressOfDataSegment;
    private final ByteBuffer data;
    private final long dataSegmentFileOffset;
    private final List<FreeBlock> freeBlocks;

    private LocalHeap(String file, long address, long dataSegmentSize, long offsetToHeadOfFreeList,
                      long addressOfDataSegment, ByteBuffer data, long dataSegmentFileOffset, List<FreeBlock> freeBlocks) {
        this.file = file;
        this.address = address;
        this.dataSegmentSize = dataSegmentSize;
        this.offsetToHeadOfFreeList = offsetToHeadOfFreeList;
        this.addressOfDataSegment = addressOfDataSegment;
        this.data = data;
        this.dataSegmentFileOffset = dataSegmentFileOffset;
        this.freeBlocks = freeBlocks;
    }

    /** What the first read of a heap takes: its header, and its data segment when that follows within these bytes. */
    static final int FIRST_READ = 512;

    /** Size of the header fields before any alignment padding. */
    static int headerSize(int offsetSize, int lengthSize) {
        return 4 + 1 + 3 + lengthSize + lengthSize + offsetSize;
    }

    /** Reads the heap whose header is at the relative {@code address}, and its whole data segment. */
    public static LocalHeap read(FileContext ctx, long address) {
        // libhdf5's speculative read (H5HL_SPEC_READ_SIZE): the data segment usually follows the header
        Cursor first = ctx.readUpTo(address, FIRST_READ, "local heap");
        Cursor c = ctx.readWithin(first, address, headerSize(ctx.offsetSize(), ctx.lengthSize()), "local heap");
        c.expectSignature(SIGNATURE, "local heap");
        c.version(c.u8(), "local heap", VERSION);
        c.skip(3); // reserved
        long dataSegmentSize = c.length(ctx.fileSize(), "local heap data segment size");
        long offsetToHeadOfFreeList = c.length();
        long addressOfDataSegment = c.address();

        Cursor d = ctx.readWithin(first, addressOfDataSegment, dataSegmentSize, "local heap data segment");
        ByteBuffer data = d.buffer().slice().asReadOnlyBuffer();
        List<FreeBlock> free = readFreeList(d, dataSegmentSize, offsetToHeadOfFreeList, ctx.lengthSize(),
                c.base() + 8 + ctx.lengthSize());
        return new LocalHeap(ctx.fileName(), address, dataSegmentSize, offsetToHeadOfFreeList,
                addressOfDataSegment, data, d.base(), free);
    }

    /**
     * Follows the free list: each free block starts with the offset of the next one and its own size,
     * both "Size of Lengths" bytes. Bounded by the segment size and checked for loops.
     */
    private static List<FreeBlock> readFreeList(Cursor segment, long segmentSize, long head, int lengthSize, long headField) {
        List<FreeBlock> blocks = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long next = head;
        long nextField = headField; // file offset of the field that holds "next", for errors
        while (!isEndOfFreeList(next, lengthSize)) {
            if (next < 0 || next > segmentSize - 2L * lengthSize) {
                throw new H5FormatException(segment.file(), nextField, "local heap free block offset "
                        + Long.toUnsignedString(next) + " leaves no room for a free block in the "
                        + segmentSize + "-byte data segment");
            }
            if (!seen.add(next)) {
                throw new H5FormatException(segment.file(), nextField, "local heap free list loops back to offset " + next);
            }
            segment.position((int) next);
            long following = segment.length();
            long size = segment.length();
            if (size < 2L * lengthSize || size > segmentSize - next) {
                throw segment.error((int) next + lengthSize, "local heap free block at offset " + next + " has size "
                        + Long.toUnsignedString(size) + ", outside [" + 2L * lengthSize + ", " + (segmentSize - next) + "]");
            }
            blocks.add(new FreeBlock(next, size));
            nextField = segment.base() + next;
            next = following;
        }
        return List.copyOf(blocks);
    }

    private static boolean isEndOfFreeList(long value, int lengthSize) {
        return value == FREE_NULL || Cursor.isAllOnes(value, lengthSize);
    }

    /**
     * The NUL-terminated string at {@code offset} in the data segment (a link name or a soft link's
     * value), decoded as UTF-8.
     */
    public String nameAt(long offset) {
        if (offset < 0 || offset >= dataSegmentSize) {
            throw new H5FormatException(file, dataSegmentFileOffset, "local heap at " + address + ": name offset "
                    + Long.toUnsignedString(offset) + " is outside its " + dataSegmentSize + "-byte data segment");
        }
        for (FreeBlock b : freeBlocks) {
            if (offset >= b.offset() && offset < b.offset() + b.size()) {
                throw new H5FormatException(file, dataSegmentFileOffset + offset, "local heap at " + address
                        + ": name offset " + offset + " lies in the free block [" + b.offset() + ", " + (b.offset() + b.size()) + ")");
            }
        }
        int start = (int) offset;
        int end = start;
        int limit = data.limit();
        while (end < limit && data.get(end) != 0) end++;
        if (end >= limit) {
            throw new H5FormatException(file, dataSegmentFileOffset + offset, "local heap at " + address
                    + ": name at offset " + offset + " is not NUL-terminated within the data segment");
        }
        byte[] b = new byte[end - start];
        data.get(start, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public long address() {
        return address;
    }

    public long dataSegmentSize() {
        return dataSegmentSize;
    }

    /** The raw field: an offset, or 1 / all ones when there is no free block. */
    public long offsetToHeadOfFreeList() {
        return offsetToHeadOfFreeList;
    }

    public long addressOfDataSegment() {
        return addressOfDataSegment;
    }

    public List<FreeBlock> freeBlocks() {
        return freeBlocks;
    }

    /** A copy of the data segment as stored. */
    public byte[] dataSegment() {
        byte[] b = new byte[data.limit()];
        data.get(0, b);
        return b;
    }

    /** Bytes of the header (without the data segment that may follow it). */
    public static int headerSize(int offsetSize, int lengthSize, boolean aligned) {
        int n = headerSize(offsetSize, lengthSize);
        return aligned ? (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT : n;
    }

    /**
     * The heap header's bytes (signature, version, data segment size, offset of the head of the
     * free list — {@link #FREE_NULL} for none —, data segment address): what a writer rewrites when
     * the data segment moves or grows.
     */
    public static byte[] encodeHeader(long dataSegmentSize, long freeListHead, long dataSegmentAddress, int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(headerSize(offsetSize, lengthSize), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putZeros(3);
        c.putLength(dataSegmentSize);
        c.putLength(freeListHead);
        c.putAddress(dataSegmentAddress);
        return c.written();
    }

    /** The free list's end marker libhdf5 writes. */
    public static long freeListEnd() {
        return FREE_NULL;
    }

    /**
     * Lays out a local heap the way libhdf5 starts a group's name heap: the empty string at offset 0,
     * then each added string NUL-terminated and padded to 8 bytes, then one free block. The data
     * segment follows the header (itself padded to 8 bytes), as libhdf5 writes new heaps.
     */
    public static final class Builder {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        public Builder() {
            add("");
        }

        /** Appends a string and returns its offset in the data segment. */
        public long add(String s) {
            long offset = data.size();
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            data.writeBytes(b);
            int padded = align(b.length + 1);
            for (int i = b.length; i < padded; i++) data.write(0);
            return offset;
        }

        /**
         * The header at {@code address} followed by the data segment.
         *
         * @param freeSpace bytes of free space to leave at the end of the data segment (rounded up to 8);
         *                  0, or anything too small for a free block header, leaves no free block
         */
        public byte[] encode(long address, int offsetSize, int lengthSize, int freeSpace) {
            int headerSize = align(headerSize(offsetSize, lengthSize));
            int used = data.size();
            int free = align(Math.max(0, freeSpace));
            boolean hasFreeBlock = free >= 2 * lengthSize;
            if (!hasFreeBlock) free = 0;
            int segmentSize = used + free;
            Cursor c = Cursor.forWriting(headerSize + segmentSize, offsetSize, lengthSize);
            c.putSignature(SIGNATURE);
            c.putU8(VERSION);
            c.putZeros(3); // reserved
            c.putLength(segmentSize);                           // Data Segment Size
            c.putLength(hasFreeBlock ? used : FREE_NULL);       // Offset to Head of Free-list
            c.putAddress(address + headerSize);                 // Address of Data Segment
            c.putZeros(headerSize - c.position());
            c.putBytes(data.toByteArray());
            if (hasFreeBlock) {
                c.putLength(FREE_NULL); // offset of the next free block: none
                c.putLength(free);      // size of this free block, its header included
                c.putZeros(free - 2 * lengthSize);
            }
            return c.written();
        }

        private static int align(int n) {
            return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        }
    }
}
