package org.h5vds.format;

import org.h5vds.io.Cursor;

/**
 * The header of an extensible array chunk index (spec VII.D, signature "EAHD").
 * <pre>
 *   Signature                      "EAHD"
 *   Version                        0
 *   Client ID                      1 byte   0 non-filtered chunks, 1 filtered chunks
 *   Element Size                   1 byte
 *   Max Nelmts Bits                1 byte   log2 of the most elements the array can hold
 *   Index Blk Elmts                1 byte   elements stored in the index block itself
 *   Data Blk Min Elmts             1 byte   elements in the smallest data blocks
 *   Secondary Blk Min Data Ptrs    1 byte   data block pointers in the smallest super blocks
 *   Max Dblk Page Nelmts Bits      1 byte   log2 of the elements of a data block page
 *   Num Secondary Blks             Size of Lengths   statistics: super blocks created
 *   Secondary Blk Size             Size of Lengths   ... their total size
 *   Num Data Blks                  Size of Lengths   ... data blocks created
 *   Data Blk Size                  Size of Lengths   ... their total size (with their pages)
 *   Max Index Set                  Size of Lengths   highest element index written, plus one
 *   Num Elmts                      Size of Lengths   elements realized (in created blocks)
 *   Index Block Address            Size of Offsets, undefined until an element is written
 *   Checksum                       4 bytes
 * </pre>
 */
public record ExtensibleArrayHeader(int clientId, int elementSize, int maxNelmtsBits, int indexBlockElements,
                                    int dataBlockMinElements, int superBlockMinDataPointers, int maxDataBlockPageNelmtsBits,
                                    long numSuperBlocks, long superBlockSize, long numDataBlocks, long dataBlockSize,
                                    long maxIndexSet, long numElements, long indexBlockAddress) {
    public static final String SIGNATURE = "EAHD";
    public static final int VERSION = 0;

    /** libhdf5's defaults for chunk indexes (H5Dpkg.h, H5D_EARRAY_*). */
    public static final int DEFAULT_MAX_NELMTS_BITS = 32;
    public static final int DEFAULT_INDEX_BLOCK_ELEMENTS = 4;
    public static final int DEFAULT_SUPER_BLOCK_MIN_DATA_POINTERS = 4;
    public static final int DEFAULT_DATA_BLOCK_MIN_ELEMENTS = 16;
    public static final int DEFAULT_MAX_DATA_BLOCK_PAGE_NELMTS_BITS = 10;

    public static int size(int offsetSize, int lengthSize) {
        return 4 + 1 + 1 + 6 + 6 * lengthSize + offsetSize + 4;
    }

    public static ExtensibleArrayHeader read(FileContext ctx, long address) {
        return decode(ctx.read(address, size(ctx.offsetSize(), ctx.lengthSize()), "extensible array header"));
    }

    public static ExtensibleArrayHeader decode(Cursor c) {
        int start = c.position();
        c.expectSignature(SIGNATURE, "extensible array header");
        c.version(c.u8(), "extensible array header", VERSION);
        int clientId = c.u8();
        int elementSize = c.u8();
        int maxNelmtsBits = c.u8();
        int indexBlockElements = c.u8();
        int dataBlockMinElements = c.u8();
        int superBlockMinDataPointers = c.u8();
        int maxDataBlockPageNelmtsBits = c.u8();
        long numSuperBlocks = c.length();
        long superBlockSize = c.length();
        long numDataBlocks = c.length();
        long dataBlockSize = c.length();
        long maxIndexSet = c.length();
        long numElements = c.length();
        long indexBlockAddress = c.address();
        Checksum.verify(c, start, "extensible array header");
        return new ExtensibleArrayHeader(clientId, elementSize, maxNelmtsBits, indexBlockElements, dataBlockMinElements,
                superBlockMinDataPointers, maxDataBlockPageNelmtsBits, numSuperBlocks, superBlockSize, numDataBlocks,
                dataBlockSize, maxIndexSet, numElements, indexBlockAddress);
    }

    public byte[] encode(int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(size(offsetSize, lengthSize), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(clientId);
        c.putU8(elementSize);
        c.putU8(maxNelmtsBits);
        c.putU8(indexBlockElements);
        c.putU8(dataBlockMinElements);
        c.putU8(superBlockMinDataPointers);
        c.putU8(maxDataBlockPageNelmtsBits);
        c.putLength(numSuperBlocks);
        c.putLength(superBlockSize);
        c.putLength(numDataBlocks);
        c.putLength(dataBlockSize);
        c.putLength(maxIndexSet);
        c.putLength(numElements);
        c.putAddress(indexBlockAddress);
        Checksum.append(c, 0);
        return c.written();
    }
}
