package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * A data block of an extensible array (spec VII.D, signature "EADB").
 * <pre>
 *   Signature       "EADB"
 *   Version         0
 *   Client ID       1 byte
 *   Header Address  Size of Offsets
 *   Block Offset    (Max Nelmts Bits + 7) / 8 bytes: the block's first element, after the index block's
 *   Elements        unpaged blocks only
 *   Checksum        4 bytes
 * </pre>
 * A paged data block is followed directly by its pages ("Extensible Array Data Block Page":
 * elements, then a checksum of them), all of 2^Max Dblk Page Nelmts Bits elements.
 * Immutable.
 */
public record ExtensibleArrayDataBlock(int clientId, long headerAddress, long blockOffset, List<ChunkElement> elements) {
    public static final String SIGNATURE = "EADB";
    public static final int VERSION = 0;

    /** @param elements the elements of an unpaged block; empty for a paged one */
    public ExtensibleArrayDataBlock {
        elements = List.copyOf(elements);
    }

    /**
     * Reads the data block at {@code address} of super block {@code s}; a paged block's elements are
     * read separately, page by page.
     */
    public static ExtensibleArrayDataBlock read(FileContext ctx, long address, int s, ExtensibleArrayGeometry g, long headerAddress,
                                                ChunkElementFormat format) {
        long size = g.isPaged(s) ? g.blockPrefixSize(ctx.offsetSize()) : g.dataBlockSize(s, ctx.offsetSize());
        Cursor c = ctx.read(address, size, "extensible array data block");
        return decode(c, s, g, headerAddress, format);
    }

    public static ExtensibleArrayDataBlock decode(Cursor c, int s, ExtensibleArrayGeometry g, long headerAddress, ChunkElementFormat format) {
        int start = c.position();
        int clientId = ExtensibleArrayIndexBlock.prefix(c, SIGNATURE, "extensible array data block", g, headerAddress);
        long blockOffset = c.uint(g.arrayOffsetSize());
        List<ChunkElement> elements = new ArrayList<>();
        if (!g.isPaged(s)) {
            int n = (int) g.dataBlockElements(s);
            for (int i = 0; i < n; i++) elements.add(format.decode(c));
        }
        Checksum.verify(c, start, "extensible array data block");
        return new ExtensibleArrayDataBlock(clientId, headerAddress, blockOffset, elements);
    }

    /** Reads one page of a paged data block. */
    public static List<ChunkElement> readPage(FileContext ctx, long pageAddress, ExtensibleArrayGeometry g, ChunkElementFormat format) {
        Cursor c = ctx.read(pageAddress, g.pageSize(), "extensible array data block page");
        int start = c.position();
        int n = (int) g.pageElements();
        List<ChunkElement> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) elements.add(format.decode(c));
        Checksum.verify(c, start, "extensible array data block page");
        return List.copyOf(elements);
    }

    /** Encodes the block (with its elements when unpaged; a paged block's pages are encoded with {@link #encodePage}). */
    public byte[] encode(int s, ExtensibleArrayGeometry g, ChunkElementFormat format, int offsetSize, int lengthSize) {
        boolean paged = g.isPaged(s);
        if (paged ? !elements.isEmpty() : elements.size() != g.dataBlockElements(s)) {
            throw new IllegalArgumentException("data block of super block " + s + " needs " + (paged ? 0 : g.dataBlockElements(s)) + " elements");
        }
        long size = paged ? g.blockPrefixSize(offsetSize) : g.dataBlockSize(s, offsetSize);
        Cursor c = Cursor.forWriting((int) size, offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(clientId);
        c.putAddress(headerAddress);
        c.putUint(blockOffset, g.arrayOffsetSize());
        for (ChunkElement e : elements) format.encode(c, e);
        Checksum.append(c, 0);
        return c.written();
    }

    /** Encodes one data block page: its elements, then their checksum. */
    public static byte[] encodePage(List<ChunkElement> elements, ChunkElementFormat format, int offsetSize, int lengthSize) {
        return FixedArrayDataBlock.encodePage(elements, format, offsetSize, lengthSize);
    }
}
