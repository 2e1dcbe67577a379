package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * A super ("secondary") block of an extensible array (spec VII.D, signature "EASB").
 * <pre>
 *   Signature             "EASB"
 *   Version               0
 *   Client ID             1 byte
 *   Header Address        Size of Offsets
 *   Block Offset          (Max Nelmts Bits + 7) / 8 bytes: the block's first element, after the index block's
 *   Page Bitmap           one bitmap per data block, paged super blocks only
 *   Data Block Addresses  one per data block
 *   Checksum              4 bytes
 * </pre>
 * libhdf5 addresses the page bitmaps as one bit string, bit (data block × pages per data block +
 * page), high bit of each byte first (H5EA__lookup_elmt); when a data block has fewer than 8
 * pages, bits of neighbouring data blocks therefore share bytes.
 * Immutable.
 */
public final class ExtensibleArraySuperBlock {
    public static final String SIGNATURE = "EASB";
    public static final int VERSION = 0;

    private final int clientId;
    private final long headerAddress;
    private final long blockOffset;
    private final byte[] pageBitmap;
    private final List<Long> dataBlockAddresses;

    public ExtensibleArraySuperBlock(int clientId, long headerAddress, long blockOffset, byte[] pageBitmap, List<Long> dataBlockAddresses) {
        this.clientId = clientId;
        this.headerAddress = headerAddress;
        this.blockOffset = blockOffset;
        this.pageBitmap = pageBitmap.clone();
        this.dataBlockAddresses = List.copyOf(dataBlockAddresses);
    }

    public long blockOffset() {
        return blockOffset;
    }

    public List<Long> dataBlockAddresses() {
        return dataBlockAddresses;
    }

    /** A copy of the page bitmaps of its data blocks (empty when they are not paged). */
    public byte[] pageBitmap() {
        return pageBitmap.clone();
    }

    /** Whether page {@code page} of data block {@code dataBlock} was written. */
    public boolean isPageInitialized(long dataBlock, long pagesPerDataBlock, long page) {
        return FixedArrayDataBlock.isBitSet(pageBitmap, dataBlock * pagesPerDataBlock + page);
    }

    public static ExtensibleArraySuperBlock read(FileContext ctx, long address, int s, ExtensibleArrayGeometry g, long headerAddress) {
        Cursor c = ctx.read(address, g.superBlockSize(s, ctx.offsetSize()), "extensible array super block");
        return decode(c, s, g, headerAddress);
    }

    public static ExtensibleArraySuperBlock decode(Cursor c, int s, ExtensibleArrayGeometry g, long headerAddress) {
        int start = c.position();
        int clientId = ExtensibleArrayIndexBlock.prefix(c, SIGNATURE, "extensible array super block", g, headerAddress);
        long blockOffset = c.uint(g.arrayOffsetSize());
        int n = (int) g.dataBlocks(s); // the read already bounded the block by the file
        byte[] bitmap = c.bytes((int) (n * g.pageBitmapSize(s)));
        List<Long> addresses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) addresses.add(c.address());
        Checksum.verify(c, start, "extensible array super block");
        return new ExtensibleArraySuperBlock(clientId, headerAddress, blockOffset, bitmap, addresses);
    }

    public byte[] encode(int s, ExtensibleArrayGeometry g, int offsetSize, int lengthSize) {
        if (dataBlockAddresses.size() != g.dataBlocks(s) || pageBitmap.length != g.dataBlocks(s) * g.pageBitmapSize(s)) {
            throw new IllegalArgumentException("super block contents do not match super block " + s);
        }
        Cursor c = Cursor.forWriting((int) g.superBlockSize(s, offsetSize), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(clientId);
        c.putAddress(headerAddress);
        c.putUint(blockOffset, g.arrayOffsetSize());
        c.putBytes(pageBitmap);
        for (long a : dataBlockAddresses) c.putAddress(a);
        Checksum.append(c, 0);
        return c.written();
    }
}
