package org.h5vds.filter.codec;

import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.filter.FilterFailed;
import org.h5vds.io.H5Exception;

/**
 * The blosc filter (id 32001, hdf5-blosc's blosc_filter.c) holding one blosc1 buffer (c-blosc
 * README_CHUNK_FORMAT): a 16-byte header (version 2, codec format version 1, flags, type size, then
 * little-endian u32 uncompressed size, block size, compressed size), one little-endian i32 start
 * offset per block (from the start of the buffer), and per block one stream, or one per byte of
 * the type ("split") when the flags allow, each preceded by its i32 compressed size; a stream whose
 * size equals its uncompressed size is stored as is. Flags: bit 0 byte shuffle, bit 1 the whole
 * buffer is a plain copy, bit 2 bit shuffle, bit 4 no split, bits 5-7 the codec format (0 blosclz,
 * 1 lz4 and lz4hc, 2 snappy, 3 zlib, 4 zstd).
 *
 * <p>Client data as the filter's "set local" stores it: [filter revision 2, blosc format 2, type
 * size, chunk bytes, compression level, shuffle (0 none, 1 byte, 2 bit), compressor code (0
 * blosclz, 1 lz4, 2 lz4hc, 3 snappy, 4 zlib, 5 zstd)].
 *
 * <p>Every codec decodes. Encoding supports lz4, lz4hc (written with LZ4's fast compressor, whose
 * output is the same format), snappy, zlib and zstd, with any shuffle; blosclz cannot be written.
 */
public final class BloscFilter implements Filter {
    public static final int ID = 32001;
    private static final int FILTER_REVISION = 2;
    private static final int VERSION_FORMAT = 2;
    private static final int HEADER = 16;
    private static final int MAX_TYPESIZE = 255;
    private static final int MAX_SPLITS = 16;
    private static final int MIN_BUFFERSIZE = 128;
    private static final int FLAG_SHUFFLE = 0x1;
    private static final int FLAG_MEMCPYED = 0x2;
    private static final int FLAG_BITSHUFFLE = 0x4;
    private static final int FLAG_RESERVED = 0x8;
    private static final int FLAG_DONT_SPLIT = 0x10;

    public static final int COMPCODE_BLOSCLZ = 0;
    public static final int COMPCODE_LZ4 = 1;
    public static final int COMPCODE_LZ4HC = 2;
    public static final int COMPCODE_SNAPPY = 3;
    public static final int COMPCODE_ZLIB = 4;
    public static final int COMPCODE_ZSTD = 5;
    private static final String[] FORMAT_NAMES = {"blosclz", "lz4", "snappy", "zlib", "zstd"};
    private static final int[] FORMAT_OF_COMPCODE = {0, 1, 1, 2, 3, 4};
    /**
     * The most each codec format expands (blosclz, lz4, snappy, zlib, zstd): the LZ77 codecs
     * about 255:1, deflate 1032:1, zstd 32768:1 (see the single-codec filters).
     */
    private static final int[] MAX_RATIO_OF_FORMAT = {Lz4Block.MAX_RATIO, Lz4Block.MAX_RATIO, Lz4Block.MAX_RATIO,
            DeflateFilter.MAX_RATIO, ZstdFrame.MAX_RATIO};
    /** The block size we write: blosc's own choice for typical chunks at mid levels (L1 * 4 .. 256 KiB). */
    private static final int ENCODE_BLOCK_SIZE = 1 << 17;

    private static final SnappyDecompressor SNAPPY = new SnappyDecompressor();
    private static final ThreadLocal<SnappyCompressor> SNAPPY_COMPRESSOR = ThreadLocal.withInitial(SnappyCompressor::new);

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "blosc";
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        int[] values = Arrays.copyOf(userValues, Math.max(4, Math.min(userValues.length, 8)));
        values[0] = FILTER_REVISION;
        values[1] = VERSION_FORMAT;
        // Blosc cannot shuffle types wider than 255 bytes; the filter then declares bytes.
        values[2] = elementSize > MAX_TYPESIZE ? 1 : elementSize;
        values[3] = FilterArgs.chunkBytes(elementSize, chunkDims);
        // refused here rather than at the first chunk, so a dataset is never started that cannot be written
        int compcode = values.length > 6 ? values[6] : COMPCODE_BLOSCLZ;
        if (compcode == COMPCODE_BLOSCLZ) {
            throw new H5Exception("blosc: writing with the blosclz compressor (the plugin's default) is not supported; give client data "
                    + "value 6 as 1 (lz4), 2 (lz4hc), 3 (snappy), 4 (zlib) or 5 (zstd)");
        }
        if (compcode < 0 || compcode > COMPCODE_ZSTD) throw new H5Exception("blosc: unknown compressor code " + compcode);
        if (values.length > 4 && (values[4] < 0 || values[4] > 9)) throw new H5Exception("blosc: compression level must be 0..9, got " + values[4]);
        if (values.length > 5 && (values[5] < 0 || values[5] > 2)) throw new H5Exception("blosc: shuffle must be 0, 1 or 2, got " + values[5]);
        return values;
    }

    // ---------------------------------------------------------------- decoding

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        ByteRange in = ByteRange.of(encoded);
        if (in.length() < HEADER) throw args.corrupt("blosc", "buffer of " + in.length() + " bytes is shorter than its 16-byte header");
        int version = in.u8(0);
        int versionlz = in.u8(1);
        int flags = in.u8(2);
        int typesize = in.u8(3);
        long nbytes = in.u32le(4);
        long blocksize = in.u32le(8);
        long cbytes = in.u32le(12);
        if (version != VERSION_FORMAT) throw args.corrupt("blosc", "format version " + version + ", only version 2 is defined");
        if ((flags & FLAG_RESERVED) != 0) throw args.corrupt("blosc", "reserved flag bit 3 is set");
        int size = args.checkDecodedSize("blosc", nbytes, "uncompressed size in the header");
        if (cbytes > in.length()) {
            throw args.corrupt("blosc", "header claims " + cbytes + " compressed bytes, the chunk has " + in.length());
        }
        if (size == 0) return FilterArgs.result(new byte[0]);
        if (blocksize == 0 || blocksize > size || typesize == 0) {
            throw args.corrupt("blosc", "invalid block size " + blocksize + " or type size " + typesize + " for " + size + " bytes");
        }
        if ((flags & FLAG_MEMCPYED) != 0) {
            if (cbytes != (long) size + HEADER) {
                throw args.corrupt("blosc", "plain-copy buffer must have " + (size + HEADER) + " bytes, header says " + cbytes);
            }
            byte[] out = new byte[size];
            System.arraycopy(in.array(), in.offset() + HEADER, out, 0, size);
            return FilterArgs.result(out);
        }
        int format = flags >>> 5;
        if (format >= FORMAT_NAMES.length) throw args.corrupt("blosc", "unknown codec format " + format);
        args.checkExpansion("blosc", size, cbytes, MAX_RATIO_OF_FORMAT[format]);
        byte[] out = new byte[size];
        if (versionlz != 1) throw args.corrupt("blosc", FORMAT_NAMES[format] + " format version " + versionlz + ", only 1 is defined");
        int bs = (int) blocksize;
        int nblocks = size / bs;
        int leftover = size % bs;
        if (leftover > 0) nblocks++;
        if (nblocks > (cbytes - HEADER) / 4) throw args.corrupt("blosc", "buffer too short for " + nblocks + " block starts");
        byte[] tmp = new byte[bs];
        for (int j = 0; j < nblocks; j++) {
            int bsize = (j == nblocks - 1 && leftover > 0) ? leftover : bs;
            long start = in.u32le(HEADER + 4 * j);
            decodeBlock(in, (int) cbytes, start, bsize, leftover > 0 && j == nblocks - 1, flags, typesize, format,
                    out, j * bs, tmp, args, j);
        }
        return FilterArgs.result(out);
    }

    private static void decodeBlock(ByteRange in, int cbytes, long srcOffset, int bsize, boolean leftoverBlock, int flags,
                                    int typesize, int format, byte[] out, int outOff, byte[] tmp, FilterArgs args, int block) {
        boolean dontSplit = (flags & FLAG_DONT_SPLIT) != 0;
        boolean shuffle = (flags & FLAG_SHUFFLE) != 0 && typesize > 1;
        boolean bitshuffle = (flags & FLAG_BITSHUFFLE) != 0 && bsize >= typesize;
        // Older blosc wrote no split flag; it split exactly under these conditions.
        int nsplits = !dontSplit && typesize <= MAX_SPLITS && bsize / typesize >= MIN_BUFFERSIZE && !leftoverBlock ? typesize : 1;
        int neblock = bsize / nsplits;
        byte[] dest = shuffle || bitshuffle ? tmp : out;
        int destOff = shuffle || bitshuffle ? 0 : outOff;
        long src = srcOffset;
        for (int s = 0; s < nsplits; s++) {
            if (src < 0 || src > cbytes - 4) throw args.corrupt("blosc", "block " + block + " starts outside the buffer");
            long csize = in.u32le((int) src);
            src += 4;
            if (csize > cbytes - src) {
                throw args.corrupt("blosc", "block " + block + " stream claims " + csize + " bytes, only " + (cbytes - src) + " left");
            }
            int c = (int) csize;
            int at = in.offset() + (int) src;
            if (c == neblock) {
                System.arraycopy(in.array(), at, dest, destOff, neblock);
            } else {
                int got = decompress(format, in.array(), at, c, dest, destOff, neblock);
                if (got != neblock) {
                    throw args.corrupt("blosc", "block " + block + " " + FORMAT_NAMES[format] + " stream decodes to "
                            + (got < 0 ? "nothing (malformed data)" : got + " bytes") + ", expected " + neblock);
                }
            }
            src += c;
            destOff += neblock;
        }
        if (shuffle) {
            unshuffleBlock(tmp, out, outOff, bsize, typesize);
        } else if (bitshuffle) {
            int n = bsize / typesize;
            if (n % 8 == 0) {
                BitTranspose.unshuffle(tmp, 0, out, outOff, n, typesize);
                System.arraycopy(tmp, n * typesize, out, outOff + n * typesize, bsize - n * typesize);
            } else {
                System.arraycopy(tmp, 0, out, outOff, bsize);
            }
        }
    }

    private static void unshuffleBlock(byte[] in, byte[] out, int outOff, int bsize, int typesize) {
        int n = bsize / typesize;
        ShuffleFilter.unshuffle(in, 0, out, outOff, n, typesize);
        int whole = n * typesize;
        System.arraycopy(in, whole, out, outOff + whole, bsize - whole);
    }

    /** Decodes one stream with the codec of the header; returns the bytes produced or -1. */
    private static int decompress(int format, byte[] in, int off, int len, byte[] out, int outOff, int maxOut) {
        try {
            switch (format) {
                case 0:
                    return BloscLz.decompress(in, off, len, out, outOff, maxOut);
                case 1:
                    return Lz4Block.decompress(in, off, len, out, outOff, maxOut);
                case 2:
                    if (SnappyDecompressor.getUncompressedLength(Arrays.copyOfRange(in, off, off + Math.min(len, 5)), 0) > maxOut) return -1;
                    return SNAPPY.decompress(in, off, len, out, outOff, maxOut);
                case 3:
                    return inflate(in, off, len, out, outOff, maxOut);
                case 4:
                    return ZstdFrame.decompress(in, off, len, out, outOff, maxOut);
                default:
                    return -1;
            }
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** zlib's {@code uncompress}: one zlib stream that must end within the input and fit the output. */
    private static int inflate(byte[] in, int off, int len, byte[] out, int outOff, int maxOut) {
        return Inflate.SHARED.inflate(in, off, len, out, outOff, maxOut);
    }

    // ---------------------------------------------------------------- encoding

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) throws FilterFailed {
        ByteRange in = ByteRange.of(raw);
        int nbytes = in.length();
        int typesize = (int) Math.max(1, Math.min(MAX_TYPESIZE, args.clientValue(2, 1)));
        int clevel = (int) args.clientValue(4, 5);
        int doshuffle = (int) args.clientValue(5, 1);
        int compcode = (int) args.clientValue(6, COMPCODE_BLOSCLZ);
        if (compcode < 0 || compcode > COMPCODE_ZSTD) throw new H5Exception("blosc: unknown compressor code " + compcode);
        if (compcode == COMPCODE_BLOSCLZ) {
            throw new H5Exception("blosc: writing with the blosclz compressor is not supported; use lz4, lz4hc, snappy, zlib or zstd");
        }
        if (doshuffle < 0 || doshuffle > 2) throw new H5Exception("blosc: shuffle must be 0, 1 or 2, got " + doshuffle);
        if (clevel < 0 || clevel > 9) throw new H5Exception("blosc: compression level must be 0..9, got " + clevel);
        // The filter gives blosc an output buffer as long as the input, so blosc's plain copy (16
        // bytes more) never fits: a chunk that does not compress is left to the pipeline.
        if (clevel == 0 || nbytes < MIN_BUFFERSIZE) throw new FilterFailed("blosc stores this chunk uncompressed");
        int blocksize = Math.min(nbytes, ENCODE_BLOCK_SIZE);
        if (blocksize > typesize) blocksize = blocksize / typesize * typesize;
        int nblocks = (nbytes + blocksize - 1) / blocksize;
        int leftover = nbytes % blocksize;
        int flags = FLAG_DONT_SPLIT | FORMAT_OF_COMPCODE[compcode] << 5;
        if (doshuffle == 1) flags |= FLAG_SHUFFLE;
        if (doshuffle == 2) flags |= FLAG_BITSHUFFLE;

        byte[] out = new byte[nbytes];
        out[0] = VERSION_FORMAT;
        out[1] = 1;
        out[2] = (byte) flags;
        out[3] = (byte) typesize;
        ByteRange.putU32le(out, 4, nbytes);
        ByteRange.putU32le(out, 8, blocksize);
        int pos = HEADER + 4 * nblocks;
        if (pos >= nbytes) throw new FilterFailed("blosc header does not fit");
        byte[] shuffled = new byte[blocksize];
        byte[] packed = new byte[maxCompressed(compcode, blocksize)];
        for (int j = 0; j < nblocks; j++) {
            int bsize = (j == nblocks - 1 && leftover > 0) ? leftover : blocksize;
            int from = in.offset() + j * blocksize;
            byte[] src = in.array();
            int srcOff = from;
            if ((flags & FLAG_SHUFFLE) != 0 && typesize > 1) {
                int n = bsize / typesize;
                ShuffleFilter.shuffle(in.array(), from, shuffled, 0, n, typesize);
                System.arraycopy(in.array(), from + n * typesize, shuffled, n * typesize, bsize - n * typesize);
                src = shuffled;
                srcOff = 0;
            } else if ((flags & FLAG_BITSHUFFLE) != 0 && bsize >= typesize) {
                int n = bsize / typesize;
                if (n % 8 == 0) {
                    BitTranspose.shuffle(in.array(), from, shuffled, 0, n, typesize);
                    System.arraycopy(in.array(), from + n * typesize, shuffled, n * typesize, bsize - n * typesize);
                } else {
                    System.arraycopy(in.array(), from, shuffled, 0, bsize);
                }
                src = shuffled;
                srcOff = 0;
            }
            int c = compress(compcode, clevel, src, srcOff, bsize, packed);
            if (c <= 0 || c >= bsize) {
                c = bsize;
                if (pos + 4 + c > nbytes) throw new FilterFailed("blosc output would not be smaller than the chunk");
                System.arraycopy(src, srcOff, out, pos + 4, c);
            } else {
                if (pos + 4 + c > nbytes) throw new FilterFailed("blosc output would not be smaller than the chunk");
                System.arraycopy(packed, 0, out, pos + 4, c);
            }
            ByteRange.putU32le(out, HEADER + 4 * j, pos);
            ByteRange.putU32le(out, pos, c);
            pos += 4 + c;
        }
        ByteRange.putU32le(out, 12, pos);
        return FilterArgs.result(out, pos);
    }

    private static int maxCompressed(int compcode, int length) {
        switch (compcode) {
            case COMPCODE_LZ4:
            case COMPCODE_LZ4HC:
                return Lz4Block.maxCompressedLength(length);
            case COMPCODE_SNAPPY:
                return 32 + length + length / 6;
            case COMPCODE_ZSTD:
                return ZstdFrame.maxCompressedLength(length);
            default:
                return length + (length >>> 12) + (length >>> 14) + 64;
        }
    }

    private static int compress(int compcode, int clevel, byte[] src, int off, int len, byte[] out) {
        switch (compcode) {
            case COMPCODE_LZ4:
            case COMPCODE_LZ4HC:
                return Lz4Block.compress(src, off, len, out, 0);
            case COMPCODE_SNAPPY:
                return SNAPPY_COMPRESSOR.get().compress(src, off, len, out, 0, out.length);
            case COMPCODE_ZSTD:
                return ZstdFrame.compress(src, off, len, out, 0);
            case COMPCODE_ZLIB: {
                Deflater deflater = new Deflater(clevel);
                try {
                    deflater.setInput(src, off, len);
                    deflater.finish();
                    int n = deflater.deflate(out, 0, out.length);
                    return deflater.finished() ? n : -1;
                } finally {
                    deflater.end();
                }
            }
            default:
                return -1;
        }
    }
}
