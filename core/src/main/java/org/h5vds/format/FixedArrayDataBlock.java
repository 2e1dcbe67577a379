package org.h5vds.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * The data block of a fixed array (spec VII.C, signature "FADB"), and its pages.
 * <pre>
 *   Signature       "FADB"
 *   Version         0
 *   Client ID       1 byte
 *   Header Address  Size of Offsets
 *   Page Bitmap     (pages + 7) / 8 bytes, paged blocks only; bit i set (high bit first): page i written
 *   Elements        Max Num Entries elements, unpaged blocks only
 *   Checksum        4 bytes
 * </pre>
 * A paged data block is followed directly by its pages, each page's elements then a checksum of
 * them; every page but the last holds 2^Page Bits elements (H5FA__dblock_alloc). Pages whose bit
 * is clear were never written and read as unallocated chunks.
 * Immutable.
 */
public final class FixedArrayDataBlock {
    public static final String SIGNATURE = "FADB";
    public static final int VERSION = 0;

    private final int clientId;
    private final long headerAddress;
    private final byte[] pageBitmap;
    private final List<ChunkElement> elements;

    private FixedArrayDataBlock(int clientId, long headerAddress, byte[] pageBitmap, List<ChunkElement> elements) {
        this.clientId = clientId;
        this.headerAddress = headerAddress;
        this.pageBitmap = pageBitmap;
        this.elements = elements;
    }

    /** An unpaged data block holding all elements. */
    public static FixedArrayDataBlock unpaged(int clientId, long headerAddress, List<ChunkElement> elements) {
        return new FixedArrayDataBlock(clientId, headerAddress, null, List.copyOf(elements));
    }

    /** A paged data block: the page bitmap only; the elements are in the pages. */
    public static FixedArrayDataBlock paged(int clientId, long headerAddress, byte[] pageBitmap) {
        return new FixedArrayDataBlock(clientId, headerAddress, pageBitmap.clone(), null);
    }

    public int clientId() {
        return clientId;
    }

    public long headerAddress() {
        return headerAddress;
    }

    public boolean isPaged() {
        return pageBitmap != null;
    }

    /** The elements of an unpaged block. */
    public List<ChunkElement> elements() {
        if (elements == null) throw new IllegalStateException("a paged data block keeps its elements in pages");
        return elements;
    }

    /** Whether page {@code i} of a paged block was written. */
    public boolean isPageInitialized(long i) {
        return isBitSet(pageBitmap, i);
    }

    /** libhdf5's H5VM_bit_get: bit 0 is the high bit of the first byte. */
    static boolean isBitSet(byte[] bitmap, long i) {
        return (bitmap[(int) (i >>> 3)] & (0x80 >>> (i & 7))) != 0;
    }

    static void setBit(byte[] bitmap, long i) {
        bitmap[(int) (i >>> 3)] |= (byte) (0x80 >>> (i & 7));
    }

    static long bitmapSize(long bits) {
        return (bits + 7) / 8;
    }

    /** Bytes before the first page (or the whole block when unpaged, less its elements): prefix, bitmap, checksum. */
    public static long prefixSize(FixedArrayHeader header, int offsetSize) {
        return 4 + 1 + 1 + offsetSize + bitmapSize(header.numberOfPages()) + 4;
    }

    /** Bytes of one page: its elements and checksum. */
    public static long pageSize(FixedArrayHeader header) {
        return header.pageEntries() * header.entrySize() + 4;
    }

    /** Number of elements on page {@code page}. */
    public static int pageElements(FixedArrayHeader header, long page) {
        long full = header.pageEntries();
        return (int) (page == header.numberOfPages() - 1 ? header.maxNumEntries() - page * full : full);
    }

    /** Total bytes of the data block with its pages (H5FA_DBLOCK_SIZE). */
    public static long totalSize(FixedArrayHeader header, int offsetSize) {
        return Math.addExact(Math.addExact(prefixSize(header, offsetSize), Math.multiplyExact(header.maxNumEntries(), header.entrySize())),
                4 * header.numberOfPages());
    }

    /** Reads the data block of the fixed array whose header is {@code header} at {@code headerAddress}. */
    public static FixedArrayDataBlock read(FileContext ctx, FixedArrayHeader header, long headerAddress, ChunkElementFormat format) {
        long address = header.dataBlockAddress();
        long size;
        try {
            size = header.isPaged() ? prefixSize(header, ctx.offsetSize())
                    : Math.addExact(prefixSize(header, ctx.offsetSize()), Math.multiplyExact(header.maxNumEntries(), header.entrySize()));
        } catch (ArithmeticException e) {
            throw ctx.error(headerAddress, "fixed array header: " + header.maxNumEntries() + " entries do not fit in a file");
        }
        Cursor c = ctx.read(address, size, "fixed array data block");
        return decode(c, header, headerAddress, format);
    }

    public static FixedArrayDataBlock decode(Cursor c, FixedArrayHeader header, long headerAddress, ChunkElementFormat format) {
        int start = c.position();
        c.expectSignature(SIGNATURE, "fixed array data block");
        c.version(c.u8(), "fixed array data block", VERSION);
        long clientAt = c.address0();
        int clientId = c.u8();
        if (clientId != header.clientId()) {
            throw new org.h5vds.io.H5FormatException(c.file(), clientAt, "fixed array data block: client ID " + clientId
                    + ", its header says " + header.clientId());
        }
        long ownerAt = c.address0();
        long owner = c.address();
        if (owner != headerAddress) {
            throw new org.h5vds.io.H5FormatException(c.file(), ownerAt, "fixed array data block: belongs to the header at "
                    + owner + ", not the one at " + headerAddress);
        }
        if (header.isPaged()) {
            byte[] bitmap = c.bytes((int) bitmapSize(header.numberOfPages())); // the read already bounded it by the file
            Checksum.verify(c, start, "fixed array data block");
            return paged(clientId, owner, bitmap);
        }
        int n = (int) header.maxNumEntries();
        List<ChunkElement> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) elements.add(format.decode(c));
        Checksum.verify(c, start, "fixed array data block");
        return unpaged(clientId, owner, elements);
    }

    /** Reads page {@code page} of a paged data block at {@code dataBlockAddress}. */
    public static List<ChunkElement> readPage(FileContext ctx, FixedArrayHeader header, ChunkElementFormat format, long page) {
        long address = header.dataBlockAddress() + prefixSize(header, ctx.offsetSize()) + page * pageSize(header);
        int n = pageElements(header, page);
        Cursor c = ctx.read(address, (long) n * header.entrySize() + 4, "fixed array data block page");
        return decodePage(c, format, n);
    }

    public static List<ChunkElement> decodePage(Cursor c, ChunkElementFormat format, int n) {
        int start = c.position();
        List<ChunkElement> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) elements.add(format.decode(c));
        Checksum.verify(c, start, "fixed array data block page");
        return List.copyOf(elements);
    }

    /** Encodes the data block itself (not its pages). */
    public byte[] encode(FixedArrayHeader header, ChunkElementFormat format, int offsetSize, int lengthSize) {
        long size = isPaged() ? prefixSize(header, offsetSize) : prefixSize(header, offsetSize) + (long) elements.size() * format.size();
        if (size > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("data block of " + size + " bytes is too large");
        Cursor c = Cursor.forWriting((int) size, offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(clientId);
        c.putAddress(headerAddress);
        if (isPaged()) {
            if (pageBitmap.length != bitmapSize(header.numberOfPages())) throw new IllegalArgumentException("page bitmap of wrong size");
            c.putBytes(pageBitmap);
        } else {
            if (elements.size() != header.maxNumEntries()) throw new IllegalArgumentException("data block needs " + header.maxNumEntries() + " elements");
            for (ChunkElement e : elements) format.encode(c, e);
        }
        Checksum.append(c, 0);
        return c.written();
    }

    /** Encodes one page: its elements, then their checksum. */
    public static byte[] encodePage(List<ChunkElement> elements, ChunkElementFormat format, int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(elements.size() * format.size() + 4, offsetSize, lengthSize);
        for (ChunkElement e : elements) format.encode(c, e);
        Checksum.append(c, 0);
        return c.written();
    }

    @Override
    public String toString() {
        return "FixedArrayDataBlock[client=" + clientId + ", header=" + headerAddress
                + (isPaged() ? ", pages=" + Arrays.toString(pageBitmap) : ", elements=" + elements.size()) + "]";
    }
}
