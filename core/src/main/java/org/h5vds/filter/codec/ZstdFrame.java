package org.h5vds.filter.codec;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * Zstandard frames through aircompressor. Neither its compressor nor its decompressor is safe to
 * share between threads, so each thread has its own.
 */
final class ZstdFrame {
    /**
     * The most a zstd frame expands, rounded up: an RLE block (3-byte header and one byte) stands
     * for at most 128 KiB (RFC 8878, 3.1.1.2), 32768 times its size; other blocks expand less.
     */
    static final int MAX_RATIO = 1 << 15;
    private static final ThreadLocal<ZstdDecompressor> DECOMPRESSOR = ThreadLocal.withInitial(ZstdDecompressor::new);
    private static final ThreadLocal<ZstdCompressor> COMPRESSOR = ThreadLocal.withInitial(ZstdCompressor::new);

    private ZstdFrame() {
    }

    /** The content size the frame header records, or -1 when it records none. Throws on a malformed header. */
    static long contentSize(byte[] in, int off, int len) {
        return ZstdDecompressor.getDecompressedSize(in, off, len);
    }

    /**
     * Decompresses the frame(s) in {@code in[off, off + len)} into {@code out[outOff, outOff + outLen)}.
     *
     * @return the bytes produced
     * @throws MalformedInputException when the data is not valid zstd or does not fit
     */
    static int decompress(byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        return DECOMPRESSOR.get().decompress(in, off, len, out, outOff, outLen);
    }

    static int maxCompressedLength(int length) {
        return COMPRESSOR.get().maxCompressedLength(length);
    }

    /** One frame recording its content size, as {@code ZSTD_compress} writes. */
    static int compress(byte[] in, int off, int len, byte[] out, int outOff) {
        return COMPRESSOR.get().compress(in, off, len, out, outOff, out.length - outOff);
    }
}
