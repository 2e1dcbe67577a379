package org.h5vds.format;

import java.nio.ByteBuffer;
import org.h5vds.io.Cursor;

/**
 * A fractal heap direct block (format spec III.G, "FHDB", version 0): a prefix, then the bytes of
 * managed objects, found by their offset from the start of the block. Its size is the doubling
 * table row's block size. When the heap's flags ask for it, the checksum covers the whole block
 * with the checksum field itself zeroed (libhdf5's {@code H5HF__cache_dblock_verify_chksum}).
 */
public final class FractalHeapDirectBlock {
    public static final String SIGNATURE = "FHDB";
    public static final int VERSION = 0;

    private FractalHeapDirectBlock() {
    }

    /**
     * Checks the prefix of a direct block and returns its bytes as a read-only buffer indexed from
     * the start of the block.
     *
     * @param block               the block's unfiltered bytes, exactly the block size, position 0;
     *                            its contents may be modified while verifying
     * @param file                file name for errors
     * @param blockFileOffset     file offset of the block, for errors
     * @param header              the heap's header
     * @param offsetSize          the file's size of offsets
     * @param heapHeaderAddress   relative address of the heap header the block must name
     * @param expectedBlockOffset the block's offset in the heap's address space
     */
    public static ByteBuffer decode(ByteBuffer block, String file, long blockFileOffset, FractalHeapHeader header,
                                    int offsetSize, long heapHeaderAddress, long expectedBlockOffset) {
        Cursor c = new Cursor(block, file, blockFileOffset, offsetSize, 8);
        c.expectSignature(SIGNATURE, "fractal heap direct block");
        c.version(c.u8(), "fractal heap direct block", VERSION);
        int headerAddressAt = c.position();
        long heapHeaderAddressField = c.address();
        int blockOffsetAt = c.position();
        long blockOffset = c.uint(header.heapOffsetSize());
        if (header.checksumsDirectBlocks()) {
            int checksumAt = c.position();
            int stored = (int) c.u32();
            block.putInt(checksumAt, 0);
            int computed = Checksum.lookup3(block, 0, block.limit());
            block.putInt(checksumAt, stored);
            if (!Checksum.matches(stored, computed)) {
                throw c.error(checksumAt, String.format("fractal heap direct block checksum mismatch: stored 0x%08x, computed 0x%08x",
                        stored, computed));
            }
        }
        if (heapHeaderAddressField != heapHeaderAddress) {
            throw c.error(headerAddressAt, "fractal heap direct block belongs to the heap at " + heapHeaderAddressField
                    + ", not to the heap at " + heapHeaderAddress);
        }
        if (blockOffset != expectedBlockOffset) {
            throw c.error(blockOffsetAt, "fractal heap direct block has block offset " + blockOffset + " where the doubling table puts "
                    + expectedBlockOffset);
        }
        return block.duplicate().position(0).asReadOnlyBuffer();
    }

    /**
     * Encodes a direct block of {@code blockSize} bytes whose object data (everything after the
     * prefix) is {@code objectData}, zero-filled to the block's end.
     */
    public static byte[] encode(FractalHeapHeader header, int offsetSize, long heapHeaderAddress, long blockOffset,
                                int blockSize, byte[] objectData, int objectDataLength) {
        int overhead = header.directBlockOverhead(offsetSize);
        if (overhead + objectDataLength > blockSize) {
            throw new IllegalArgumentException(objectDataLength + " bytes of objects do not fit a direct block of " + blockSize + " bytes");
        }
        Cursor c = Cursor.forWriting(blockSize, offsetSize, 8);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putAddress(heapHeaderAddress);
        c.putUint(blockOffset, header.heapOffsetSize());
        int checksumAt = c.position();
        if (header.checksumsDirectBlocks()) c.putU32(0);
        c.putBytes(java.util.Arrays.copyOf(objectData, objectDataLength));
        c.putZeros(blockSize - c.position());
        if (header.checksumsDirectBlocks()) {
            c.patchU32(checksumAt, Checksum.lookup3(c.buffer(), 0, blockSize) & 0xFFFFFFFFL);
        }
        return c.written();
    }
}
