package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.filter.FilterFailed;
import org.h5vds.io.H5Exception;

/**
 * The bitshuffle filter (id 32008, bshuf_h5filter.c of kiyo-masui/bitshuffle), the filter of Eiger
 * detector data. Client data: [filter major and minor version, element size, block size in
 * elements (0 = default), compression (0 none, 2 LZ4, 3 zstd), zstd level].
 *
 * <p>The chunk's elements are cut in blocks of {@code blockSize} elements (a multiple of 8); a last
 * partial block is cut down to a multiple of 8; each block is bit-transposed ({@link BitTranspose});
 * the 0..7 elements left over are copied unchanged to the end. With compression the stream starts
 * with a 12-byte header, the chunk's byte size as big-endian u64 and the block size in bytes as
 * big-endian u32, and each block is stored as a big-endian u32 compressed size plus one LZ4 block or
 * zstd frame; the leftover bytes follow the last block.
 *
 * <p>Bitshuffle before 0.4 knew no zstd and silently stored plain bitshuffled data when asked for
 * compression 3 (Debian 12 still ships such a plugin). A chunk that claims zstd but is exactly the
 * chunk's size and does not start with the chunk's size is therefore read as plain bitshuffle: a
 * real compressed stream always starts with that size, so this cannot misread one.
 */
public final class BitshuffleFilter implements Filter {
    public static final int ID = 32008;
    public static final int COMPRESS_NONE = 0;
    public static final int COMPRESS_LZ4 = 2;
    public static final int COMPRESS_ZSTD = 3;
    /** The bitshuffle version whose format this class writes (the first with zstd). */
    private static final int VERSION_MAJOR = 0;
    private static final int VERSION_MINOR = 4;
    private static final int HEADER = 12;
    private static final int BLOCKED_MULT = 8;
    private static final int TARGET_BLOCK_SIZE_B = 8192;
    private static final int MIN_RECOMMEND_BLOCK = 128;
    private static final int DEFAULT_ZSTD_LEVEL = 3;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "bitshuffle";
    }

    /**
     * bshuf_default_block_size: about 8 KiB of elements, a multiple of 8, at least 128. The
     * library notes this must never change between versions, or stored data becomes unreadable.
     */
    public static int defaultBlockSize(int elementSize) {
        int blockSize = TARGET_BLOCK_SIZE_B / elementSize;
        blockSize = blockSize / BLOCKED_MULT * BLOCKED_MULT;
        return Math.max(blockSize, MIN_RECOMMEND_BLOCK);
    }

    @Override
    public boolean preservesSize(int[] clientData) {
        return clientData.length <= 4 || clientData[4] == COMPRESS_NONE;
    }

    /** As bshuf_h5_set_local: versions and element size first, then the user's values moved up by three. */
    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        int n = Math.min(3 + userValues.length, 11);
        int[] values = new int[n];
        values[0] = VERSION_MAJOR;
        values[1] = VERSION_MINOR;
        values[2] = elementSize;
        System.arraycopy(userValues, 0, values, 3, n - 3);
        if (n > 3 && (values[3] < 0 || values[3] % BLOCKED_MULT != 0)) {
            throw new H5Exception("bitshuffle block size must be a multiple of 8 elements, got " + values[3]);
        }
        if (n > 4 && values[4] != COMPRESS_NONE && values[4] != COMPRESS_LZ4 && values[4] != COMPRESS_ZSTD) {
            throw new H5Exception("bitshuffle compression must be 0 (none), 2 (lz4) or 3 (zstd), got " + values[4]);
        }
        if (n > 4 && values[4] == COMPRESS_ZSTD && n == 5) {
            values = Arrays.copyOf(values, 6);
            values[5] = DEFAULT_ZSTD_LEVEL;
        }
        return values;
    }

    private record Params(int elementSize, int blockSize, int compression) {
    }

    private static Params params(FilterArgs args) {
        if (args.clientDataCount() < 3) {
            throw args.corrupt("bitshuffle", "needs at least 3 client data values, got " + Arrays.toString(args.clientData()));
        }
        long elementSize = args.clientValue(2, 0);
        if (elementSize == 0 || elementSize > Integer.MAX_VALUE / 64) {
            throw args.corrupt("bitshuffle", "invalid element size " + elementSize + " in client data");
        }
        long blockSize = args.clientValue(3, 0);
        if (blockSize == 0) blockSize = defaultBlockSize((int) elementSize);
        long compression = args.clientValue(4, COMPRESS_NONE);
        if (compression != COMPRESS_NONE && compression != COMPRESS_LZ4 && compression != COMPRESS_ZSTD) {
            throw args.corrupt("bitshuffle", "unknown compression " + compression + " in client data");
        }
        return new Params((int) elementSize, (int) Math.min(blockSize, Integer.MAX_VALUE), (int) compression);
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        Params p = params(args);
        ByteRange in = ByteRange.of(encoded);
        boolean legacyPlain = p.compression == COMPRESS_ZSTD && in.length() == args.expectedSize()
                && (in.length() < 8 || in.u64be(0) != args.expectedSize());
        if (p.compression == COMPRESS_NONE || legacyPlain) {
            args.checkProduced("bitshuffle", in.length());
            int blockSize = checkBlockSize(args, p.blockSize);
            byte[] out = new byte[in.length()];
            int size = wholeElements(args, in.length(), p.elementSize);
            blocked(in.array(), in.offset(), out, 0, size, p.elementSize, blockSize, false);
            return FilterArgs.result(out);
        }
        if (in.length() < HEADER) throw args.corrupt("bitshuffle", "stream of " + in.length() + " bytes is shorter than its 12-byte header");
        int nbytes = args.checkDecodedSize("bitshuffle", in.u64be(0), "decoded size in the header");
        long blockBytes = in.u32be(8);
        if (blockBytes % p.elementSize != 0) {
            throw args.corrupt("bitshuffle", "block size of " + blockBytes + " bytes is not a whole number of "
                    + p.elementSize + "-byte elements");
        }
        int blockSize = checkBlockSize(args, blockBytes == 0 ? defaultBlockSize(p.elementSize) : blockBytes / p.elementSize);
        int size = wholeElements(args, nbytes, p.elementSize);
        args.checkExpansion("bitshuffle", nbytes, in.length(), p.compression == COMPRESS_LZ4 ? Lz4Block.MAX_RATIO : ZstdFrame.MAX_RATIO);
        byte[] out = new byte[nbytes];
        int pos = decompressBlocks(in, HEADER, out, size, p, blockSize, args);
        int leftoverBytes = (size % BLOCKED_MULT) * p.elementSize;
        if (in.length() - pos < leftoverBytes) {
            throw args.corrupt("bitshuffle", "stream ends before the " + leftoverBytes + " bytes of leftover elements");
        }
        System.arraycopy(in.array(), in.offset() + pos, out, nbytes - leftoverBytes, leftoverBytes);
        return FilterArgs.result(out);
    }

    private static int checkBlockSize(FilterArgs args, long blockSize) {
        if (blockSize <= 0 || blockSize % BLOCKED_MULT != 0 || blockSize > Integer.MAX_VALUE) {
            throw args.corrupt("bitshuffle", "block size " + blockSize + " is not a positive multiple of 8 elements");
        }
        return (int) blockSize;
    }

    private static int wholeElements(FilterArgs args, int nbytes, int elementSize) {
        if (nbytes % elementSize != 0) {
            throw args.corrupt("bitshuffle", nbytes + " bytes are not a whole number of " + elementSize + "-byte elements");
        }
        return nbytes / elementSize;
    }

    /** The blocks of {@code size} elements: full ones, then the last cut down to a multiple of 8. */
    private static void blocked(byte[] in, int inOff, byte[] out, int outOff, int size, int elementSize, int blockSize,
                                boolean shuffle) {
        int done = 0;
        while (done < size) {
            int n = Math.min(blockSize, size - done);
            n -= n % BLOCKED_MULT;
            if (n == 0) break;
            int at = done * elementSize;
            if (shuffle) BitTranspose.shuffle(in, inOff + at, out, outOff + at, n, elementSize);
            else BitTranspose.unshuffle(in, inOff + at, out, outOff + at, n, elementSize);
            done += n;
        }
        int rest = (size - done) * elementSize;
        System.arraycopy(in, inOff + done * elementSize, out, outOff + done * elementSize, rest);
    }

    /** Decodes every block after the header into out; returns the stream position after the last block. */
    private static int decompressBlocks(ByteRange in, int pos, byte[] out, int size, Params p, int blockSize, FilterArgs args) {
        byte[] tmp = new byte[(int) Math.min((long) blockSize * p.elementSize, out.length)];
        int done = 0;
        int block = 0;
        while (done < size) {
            int n = Math.min(blockSize, size - done);
            n -= n % BLOCKED_MULT;
            if (n == 0) break;
            int bytes = n * p.elementSize;
            if (in.length() - pos < 4) throw args.corrupt("bitshuffle", "stream ends before block " + block + "'s size");
            long c = in.u32be(pos);
            pos += 4;
            if (c > in.length() - pos) {
                throw args.corrupt("bitshuffle", "block " + block + " claims " + c + " bytes, only " + (in.length() - pos) + " left");
            }
            int got;
            if (p.compression == COMPRESS_LZ4) {
                got = Lz4Block.decompress(in.array(), in.offset() + pos, (int) c, tmp, 0, bytes);
            } else {
                try {
                    got = ZstdFrame.decompress(in.array(), in.offset() + pos, (int) c, tmp, 0, bytes);
                } catch (RuntimeException e) {
                    got = -1;
                }
            }
            if (got != bytes) {
                throw args.corrupt("bitshuffle", "block " + block + " decodes to " + (got < 0 ? "nothing (malformed "
                        + (p.compression == COMPRESS_LZ4 ? "LZ4" : "zstd") + " data)" : got + " bytes") + ", expected " + bytes);
            }
            BitTranspose.unshuffle(tmp, 0, out, done * p.elementSize, n, p.elementSize);
            pos += (int) c;
            done += n;
            block++;
        }
        return pos;
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) throws FilterFailed {
        Params p = params(args);
        ByteRange in = ByteRange.of(raw);
        int blockSize = checkBlockSize(args, p.blockSize);
        if (in.length() % p.elementSize != 0) {
            // The plugin fails the same way, so libhdf5 skips an optional bitshuffle for this chunk.
            throw new FilterFailed(in.length() + " bytes are not a whole number of " + p.elementSize + "-byte elements");
        }
        int size = in.length() / p.elementSize;
        if (p.compression == COMPRESS_NONE) {
            byte[] out = new byte[in.length()];
            blocked(in.array(), in.offset(), out, 0, size, p.elementSize, blockSize, true);
            return FilterArgs.result(out);
        }
        int blockBytes = (int) Math.min((long) blockSize * p.elementSize, Math.max(in.length(), 1));
        int maxBlock = p.compression == COMPRESS_LZ4 ? Lz4Block.maxCompressedLength(blockBytes) : ZstdFrame.maxCompressedLength(blockBytes);
        long blocks = (size + (long) blockSize - 1) / blockSize;
        long bound = HEADER + blocks * (4L + maxBlock) + in.length();
        if (bound > Integer.MAX_VALUE - 64) throw new H5Exception("bitshuffle: chunk too large to compress");
        byte[] out = new byte[(int) bound];
        ByteRange.putU64be(out, 0, in.length());
        ByteRange.putU32be(out, 8, (long) blockSize * p.elementSize);
        byte[] tmp = new byte[blockBytes];
        int pos = HEADER;
        int done = 0;
        while (done < size) {
            int n = Math.min(blockSize, size - done);
            n -= n % BLOCKED_MULT;
            if (n == 0) break;
            int bytes = n * p.elementSize;
            BitTranspose.shuffle(in.array(), in.offset() + done * p.elementSize, tmp, 0, n, p.elementSize);
            int c = p.compression == COMPRESS_LZ4
                    ? Lz4Block.compress(tmp, 0, bytes, out, pos + 4)
                    : ZstdFrame.compress(tmp, 0, bytes, out, pos + 4);
            ByteRange.putU32be(out, pos, c);
            pos += 4 + c;
            done += n;
        }
        int leftover = (size - done) * p.elementSize;
        System.arraycopy(in.array(), in.offset() + done * p.elementSize, out, pos, leftover);
        return FilterArgs.result(out, pos + leftover);
    }
}
