package org.h5vds.format;

import org.h5vds.io.Cursor;

/**
 * The header of a fixed array chunk index (spec VII.C, signature "FAHD").
 * <pre>
 *   Signature          "FAHD"
 *   Version            0
 *   Client ID          1 byte   0 non-filtered chunks, 1 filtered chunks
 *   Entry Size         1 byte
 *   Page Bits          1 byte   log2 of the entries in a data block page
 *   Max Num Entries    Size of Lengths
 *   Data Block Address Size of Offsets, undefined until a chunk is written
 *   Checksum           4 bytes
 * </pre>
 */
public record FixedArrayHeader(int clientId, int entrySize, int pageBits, long maxNumEntries, long dataBlockAddress) {
    public static final String SIGNATURE = "FAHD";
    public static final int VERSION = 0;
    public static final int CLIENT_CHUNKS = 0;
    public static final int CLIENT_FILTERED_CHUNKS = 1;
    /** libhdf5's H5D_FARRAY_MAX_DBLK_PAGE_NELMTS_BITS: pages of 1024 entries. */
    public static final int DEFAULT_PAGE_BITS = 10;

    public static int size(int offsetSize, int lengthSize) {
        return 4 + 1 + 1 + 1 + 1 + lengthSize + offsetSize + 4;
    }

    /** Entries per data block page; a data block with more entries than this is paged. */
    public long pageEntries() {
        return pageBits >= 62 ? Long.MAX_VALUE : 1L << pageBits;
    }

    public boolean isPaged() {
        return Long.compareUnsigned(maxNumEntries, pageEntries()) > 0;
    }

    /** Number of data block pages (0 when not paged). */
    public long numberOfPages() {
        return isPaged() ? (maxNumEntries - 1) / pageEntries() + 1 : 0;
    }

    public static FixedArrayHeader read(FileContext ctx, long address) {
        return decode(ctx.read(address, size(ctx.offsetSize(), ctx.lengthSize()), "fixed array header"));
    }

    public static FixedArrayHeader decode(Cursor c) {
        int start = c.position();
        c.expectSignature(SIGNATURE, "fixed array header");
        c.version(c.u8(), "fixed array header", VERSION);
        int clientId = c.u8();
        int entrySize = c.u8();
        int pageBits = c.u8();
        long maxNumEntries = c.length();
        long dataBlockAddress = c.address();
        Checksum.verify(c, start, "fixed array header");
        ChunkElementFormat.forClient(c.file(), c.base() + start + 5, clientId, entrySize, c.offsetSize(), "fixed array header");
        if (maxNumEntries < 0) throw c.error(start + 8, "fixed array header: " + Long.toUnsignedString(maxNumEntries) + " entries is more than supported");
        return new FixedArrayHeader(clientId, entrySize, pageBits, maxNumEntries, dataBlockAddress);
    }

    /** The format of the entries, from the client ID and entry size (checked when decoding). */
    public ChunkElementFormat elementFormat(int offsetSize) {
        return ChunkElementFormat.forClient("<fixed array>", -1, clientId, entrySize, offsetSize, "fixed array header");
    }

    public byte[] encode(int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(size(offsetSize, lengthSize), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(clientId);
        c.putU8(entrySize);
        c.putU8(pageBits);
        c.putLength(maxNumEntries);
        c.putAddress(dataBlockAddress);
        Checksum.append(c, 0);
        return c.written();
    }
}
