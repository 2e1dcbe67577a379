package org.h5vds.filter.codec;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;

/**
 * Raw LZ4 blocks (the format of {@code LZ4_compress_default} / {@code LZ4_decompress_safe}, no
 * frame) through aircompressor. Its decompressor keeps no state; its compressor keeps a hash table,
 * so there is one per thread.
 */
final class Lz4Block {
    /** The most an LZ4 block expands: each further 255 bytes of a match length cost one byte. */
    static final int MAX_RATIO = 255;
    private static final Lz4Decompressor DECOMPRESSOR = new Lz4Decompressor();
    private static final ThreadLocal<Lz4Compressor> COMPRESSOR = ThreadLocal.withInitial(Lz4Compressor::new);

    private Lz4Block() {
    }

    static int maxCompressedLength(int length) {
        return length + length / 255 + 16;
    }

    /**
     * Decompresses exactly one block into {@code out[outOff, outOff + outLen)}.
     *
     * @return the number of bytes produced, or -1 when the block is malformed
     */
    static int decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen) {
        try {
            return DECOMPRESSOR.decompress(in, inOff, inLen, out, outOff, outLen);
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    /** Compresses into {@code out[outOff..]}, which must hold {@link #maxCompressedLength}; returns the size. */
    static int compress(byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        return COMPRESSOR.get().compress(in, inOff, inLen, out, outOff, out.length - outOff);
    }
}
