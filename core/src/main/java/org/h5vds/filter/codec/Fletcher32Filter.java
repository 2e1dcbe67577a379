package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.io.ChecksumPolicy;

/**
 * HDF5's built-in Fletcher32 checksum filter (id 3, H5Zfletcher32.c): appends the checksum of the
 * data as a little-endian 32-bit value. No client data.
 *
 * <p>On reading, libhdf5 also accepts the checksum that versions before 1.6.3 computed on
 * little-endian machines, which equals the correct one with the bytes of each 16-bit half swapped;
 * so do we.
 */
public final class Fletcher32Filter implements Filter {
    public static final int ID = 3;
    private static final int FLETCHER_LEN = 4;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "fletcher32";
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        return new int[0];
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        ByteRange in = ByteRange.of(encoded);
        if (in.length() < FLETCHER_LEN) {
            throw args.corrupt("fletcher32", "chunk of " + in.length() + " bytes is too short to hold a checksum");
        }
        int dataLength = in.length() - FLETCHER_LEN;
        args.checkProduced("fletcher32", dataLength);
        int stored = (int) in.u32le(dataLength);
        int computed = checksum(in.array(), in.offset(), dataLength);
        int reversed = ((computed & 0x00FF00FF) << 8) | ((computed >>> 8) & 0x00FF00FF);
        if (!ChecksumPolicy.accepts(stored, computed) && stored != reversed) {
            throw args.corrupt("fletcher32", String.format("fletcher32 checksum mismatch: stored 0x%08x, computed 0x%08x",
                    stored, computed));
        }
        return encoded.slice().limit(dataLength).slice();
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) {
        ByteRange in = ByteRange.of(raw);
        byte[] out = new byte[in.length() + FLETCHER_LEN];
        System.arraycopy(in.array(), in.offset(), out, 0, in.length());
        ByteRange.putU32le(out, in.length(), checksum(in.array(), in.offset(), in.length()) & 0xFFFFFFFFL);
        return FilterArgs.result(out);
    }

    /**
     * H5_checksum_fletcher32: sums of big-endian 16-bit words starting from 0, folded to 16 bits
     * after every 360 words (the most that cannot overflow), an odd last byte taken as the high
     * byte of a word, then folded once more. The folding is not a modulo and must be kept as is, and
     * the sums are 32-bit unsigned values that wrap exactly as C's {@code uint32_t} does.
     */
    static int checksum(byte[] data, int off, int len) {
        int sum1 = 0;
        int sum2 = 0;
        int words = len / 2;
        int p = off;
        while (words > 0) {
            int block = Math.min(words, 360);
            words -= block;
            for (int k = 0; k < block; k++, p += 2) {
                sum1 += ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
                sum2 += sum1;
            }
            sum1 = (sum1 & 0xFFFF) + (sum1 >>> 16);
            sum2 = (sum2 & 0xFFFF) + (sum2 >>> 16);
        }
        if ((len & 1) != 0) {
            sum1 += (data[p] & 0xFF) << 8;
            sum2 += sum1;
            sum1 = (sum1 & 0xFFFF) + (sum1 >>> 16);
            sum2 = (sum2 & 0xFFFF) + (sum2 >>> 16);
        }
        sum1 = (sum1 & 0xFFFF) + (sum1 >>> 16);
        sum2 = (sum2 & 0xFFFF) + (sum2 >>> 16);
        return (sum2 << 16) | sum1;
    }
}
