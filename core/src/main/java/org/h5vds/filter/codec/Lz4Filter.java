package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;

/**
 * The HDF5 LZ4 filter (id 32004, hdf5_plugins H5Zlz4.c, format by Dectris): a 12-byte header of the
 * original size (big-endian u64) and the block size (big-endian u32), then per block a big-endian
 * u32 compressed size followed by a raw LZ4 block, or by the block's bytes unchanged when that
 * size equals the block size. Client data: [block size in bytes, 0 = 1 GiB default; acceleration].
 * We always compress at LZ4's default speed; the stream is the same format whatever the level.
 */
public final class Lz4Filter implements Filter {
    public static final int ID = 32004;
    private static final int HEADER = 12;
    private static final int DEFAULT_BLOCK_SIZE = 1 << 30;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "lz4";
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        return userValues.length == 0 ? new int[] {0} : userValues.clone();
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        ByteRange in = ByteRange.of(encoded);
        if (in.length() < HEADER) throw args.corrupt("lz4", "stream of " + in.length() + " bytes is shorter than its 12-byte header");
        long origSize = in.u64be(0);
        int size = args.checkDecodedSize("lz4", origSize, "original size in the header");
        args.checkExpansion("lz4", size, in.length(), Lz4Block.MAX_RATIO);
        long blockSize = Math.min(in.u32be(8), size);
        if (blockSize == 0 && size > 0) throw args.corrupt("lz4", "block size is 0");
        byte[] out = new byte[size];
        int pos = HEADER;
        int done = 0;
        int block = 0;
        while (done < size) {
            int thisBlock = (int) Math.min(blockSize, size - done);
            if (in.length() - pos < 4) throw args.corrupt("lz4", "stream ends before block " + block + "'s size");
            long compressed = in.u32be(pos);
            pos += 4;
            if (compressed > in.length() - pos) {
                throw args.corrupt("lz4", "block " + block + " claims " + compressed + " bytes, only " + (in.length() - pos) + " left");
            }
            int c = (int) compressed;
            if (c == thisBlock) {
                System.arraycopy(in.array(), in.offset() + pos, out, done, c);
            } else {
                int n = Lz4Block.decompress(in.array(), in.offset() + pos, c, out, done, thisBlock);
                if (n != thisBlock) {
                    throw args.corrupt("lz4", "block " + block + " decodes to " + (n < 0 ? "nothing (malformed LZ4 data)" : n + " bytes")
                            + ", expected " + thisBlock);
                }
            }
            pos += c;
            done += thisBlock;
            block++;
        }
        return FilterArgs.result(out);
    }

    /** The header, then per block a 4-byte size and at most the block itself (stored as is when LZ4 does not shrink it). */
    @Override
    public long maxEncodedSize(long size, int[] clientData) {
        long requested = clientData.length > 0 ? Integer.toUnsignedLong(clientData[0]) : 0;
        long blockSize = Math.max(1, Math.min(requested > 0 ? Math.min(requested, DEFAULT_BLOCK_SIZE) : DEFAULT_BLOCK_SIZE, size));
        long blocks = size == 0 ? 0 : (size - 1) / blockSize + 1;
        return HEADER + 4 * blocks + size;
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) {
        ByteRange in = ByteRange.of(raw);
        long requested = args.clientValue(0, 0);
        int blockSize = requested > 0 ? (int) Math.min(requested, DEFAULT_BLOCK_SIZE) : DEFAULT_BLOCK_SIZE;
        int nbytes = in.length();
        blockSize = Math.max(1, Math.min(blockSize, nbytes));
        int blocks = nbytes == 0 ? 0 : (nbytes - 1) / blockSize + 1;
        long bound = HEADER + (long) blocks * 4 + nbytes + (long) blocks * (Lz4Block.maxCompressedLength(blockSize) - blockSize);
        byte[] out = new byte[(int) Math.min(bound, Integer.MAX_VALUE - 64)];
        ByteRange.putU64be(out, 0, nbytes);
        ByteRange.putU32be(out, 8, blockSize);
        int pos = HEADER;
        for (int done = 0; done < nbytes; ) {
            int thisBlock = Math.min(blockSize, nbytes - done);
            int c = Lz4Block.compress(in.array(), in.offset() + done, thisBlock, out, pos + 4);
            if (c >= thisBlock) {
                // No gain: the plugin stores the block as is, marked by a size equal to the block size.
                c = thisBlock;
                System.arraycopy(in.array(), in.offset() + done, out, pos + 4, thisBlock);
            }
            ByteRange.putU32be(out, pos, c);
            pos += 4 + c;
            done += thisBlock;
        }
        return FilterArgs.result(out, pos);
    }
}
