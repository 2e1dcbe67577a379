package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.io.H5Exception;

/**
 * HDF5's built-in szip filter (id 4, H5Zszip.c), read only: Rice coding after CCSDS 121.0-B,
 * as libaec decodes it through its szlib interface (there is no maintained pure-Java
 * implementation to use instead; this decoder is written from the standard and libaec's
 * documented behaviour).
 *
 * <p>Client data: the options mask (bit 5 "nearest neighbour" preprocessing, bit 4 most
 * significant byte first, bit 7 raw, others without effect on decoding), pixels per block, bits per
 * pixel, pixels per scanline. The stored chunk: its decoded size (u32, little-endian), then the
 * coded samples. 32- and 64-bit pixels are coded as their byte planes (8-bit samples); a scanline
 * that is not a whole number of blocks is padded to one.
 *
 * <p>The coded stream: for every reference sample interval (a scanline of blocks) and every block,
 * an option id (3 bits for samples of up to 8 bits, 4 up to 16, 5 up to 32): 0 low entropy
 * (then 1 bit: second extension, or a run of zero blocks), all ones uncompressed, k + 1 a split of
 * k low bits; with preprocessing the interval starts with an uncoded reference sample and the
 * samples are mapped prediction differences.
 */
public final class SzipFilter implements Filter {
    public static final int ID = 4;
    private static final int NN_OPTION = 32;
    private static final int MSB_OPTION = 16;
    /** Zero blocks code 5 (ROS): the rest of the interval or of its 64-block segment. */
    private static final int ROS = 5;
    private static final int[] SE_TABLE = secondExtensionTable();

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "szip";
    }

    @Override
    public boolean canEncode() {
        return false;
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        throw new H5Exception("the szip filter can only be read, not written");
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) {
        throw new H5Exception("the szip filter can only be read, not written");
    }

    /** The pairs of the second extension option: code m gives (beta, first m of that beta). */
    private static int[] secondExtensionTable() {
        int[] t = new int[2 * 91];
        int k = 0;
        for (int i = 0; i < 13; i++) {
            int first = k;
            for (int j = 0; j <= i; j++) {
                t[2 * k] = i;
                t[2 * k + 1] = first;
                k++;
            }
        }
        return t;
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        if (args.clientDataCount() < 4) throw args.corrupt("szip", "expected 4 client data values, got " + args.clientDataCount());
        long mask = args.clientValue(0, 0);
        int ppb = (int) args.clientValue(1, 0);
        int bpp = (int) args.clientValue(2, 0);
        int pps = (int) args.clientValue(3, 0);
        if (ppb < 1 || ppb > 256 || bpp < 1 || bpp > 64 || pps < 1 || pps > (1 << 24)) {
            throw args.corrupt("szip", "pixels per block " + ppb + ", bits per pixel " + bpp + ", pixels per scanline " + pps);
        }
        ByteBuffer in = encoded.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4) throw args.corrupt("szip", "chunk of " + in.remaining() + " bytes has no size");
        int size = args.checkDecodedSize("szip", Integer.toUnsignedLong(in.getInt()), "decoded size");
        byte[] stream = new byte[in.remaining()];
        in.get(stream);
        boolean deinterleave = bpp == 32 || bpp == 64;
        int bitsPerSample = deinterleave ? 8 : bpp;
        if (bitsPerSample > 32) throw args.corrupt("szip", bpp + " bits per pixel");
        int pixelSize = bitsPerSample > 16 ? 4 : bitsPerSample > 8 ? 2 : 1;
        int rsi = (pps + ppb - 1) / ppb;
        // libaec's limit on the reference sample interval (blocks per scanline): it bounds the interval buffer
        if (rsi > 4096) throw args.corrupt("szip", pps + " pixels per scanline make " + rsi + " blocks of " + ppb + ", more than libaec's 4096");
        boolean padScanline = pps % ppb != 0;
        long bufSize = size;
        long scanlines = 0;
        if (padScanline) {
            scanlines = ((long) size / pixelSize + pps - 1) / pps;
            bufSize = (long) rsi * ppb * pixelSize * scanlines;
            if (bufSize > Integer.MAX_VALUE - 16) throw args.corrupt("szip", "padded scanlines of " + bufSize + " bytes");
        }
        // every codeword takes at least a byte's worth of bits per 64 blocks (a run of zero blocks ends
        // at the latest with its 64-block segment, CCSDS 121.0-B-2 section 5.1.4), so no stream decodes
        // to more than 64 blocks' bytes per stored byte
        args.checkExpansion("szip", bufSize, stream.length, 64L * ppb * pixelSize);
        byte[] buf = new byte[(int) bufSize];
        new Decoder(stream, bitsPerSample, ppb, rsi, (mask & NN_OPTION) != 0, (mask & MSB_OPTION) != 0, args).run(buf);
        if (padScanline) {
            int line = pps * pixelSize;
            int padded = rsi * ppb * pixelSize;
            for (long s = 1; s < scanlines; s++) System.arraycopy(buf, (int) (s * padded), buf, (int) (s * line), line);
        }
        byte[] out;
        if (deinterleave) {
            out = new byte[size];
            int w = bpp / 8;
            int words = size / w;
            for (int i = 0; i < words; i++) for (int j = 0; j < w; j++) out[i * w + j] = buf[j * words + i];
        } else {
            out = buf.length == size ? buf : java.util.Arrays.copyOf(buf, size);
        }
        return FilterArgs.result(out);
    }

    /** The adaptive entropy decoder (CCSDS 121.0-B-2), one reference sample interval at a time. */
    private static final class Decoder {
        private final byte[] in;
        private final int bps;
        private final int blockSize;
        private final int rsi;
        private final boolean preprocess;
        private final boolean msb;
        private final FilterArgs args;
        private final int idLength;
        private final long xmax;
        private long bitPosition;

        Decoder(byte[] in, int bps, int blockSize, int rsi, boolean preprocess, boolean msb, FilterArgs args) {
            this.in = in;
            this.bps = bps;
            this.blockSize = blockSize;
            this.rsi = rsi;
            this.preprocess = preprocess;
            this.msb = msb;
            this.args = args;
            this.idLength = bps > 16 ? 5 : bps > 8 ? 4 : 3;
            this.xmax = (1L << bps) - 1;
        }

        void run(byte[] out) {
            int bytesPerSample = bps > 16 ? 4 : bps > 8 ? 2 : 1;
            long needed = out.length / bytesPerSample;
            long produced = 0;
            long[] interval = new long[rsi * blockSize];
            while (produced < needed) {
                int filled = 0;
                boolean ref = preprocess;
                while (filled < interval.length && produced + filled < needed) {
                    filled = block(interval, filled, ref);
                    ref = false;
                }
                if (preprocess) unpredict(interval, filled);
                int n = (int) Math.min(filled, needed - produced);
                for (int i = 0; i < n; i++) put(out, (int) ((produced + i) * bytesPerSample), bytesPerSample, interval[i]);
                produced += n;
            }
        }

        /** Decodes one coded data set into {@code s} from {@code at}; returns the new fill. */
        private int block(long[] s, int at, boolean ref) {
            int id = (int) bits(idLength);
            int r = ref ? 1 : 0;
            if (id == 0) {
                boolean secondExtension = bits(1) == 1;
                if (ref) s[at++] = bits(bps);
                if (secondExtension) {
                    for (int i = r; i < blockSize; ) {
                        long m = fs();
                        if (m > 90) throw args.corrupt("szip", "second extension code " + m + " beyond 90");
                        long d1 = m - SE_TABLE[2 * (int) m + 1];
                        if ((i & 1) == 0) {
                            s[at++] = SE_TABLE[2 * (int) m] - d1;
                            i++;
                        }
                        s[at++] = d1;
                        i++;
                    }
                    return at;
                }
                long zeroBlocks = fs() + 1;
                if (zeroBlocks == ROS) {
                    int b = (at - r) / blockSize;
                    zeroBlocks = Math.min(rsi - b, 64 - (b % 64));
                } else if (zeroBlocks > ROS) {
                    zeroBlocks--;
                }
                long zeros = zeroBlocks * blockSize - r;
                if (at + zeros > s.length) throw args.corrupt("szip", zeroBlocks + " zero blocks run past the interval");
                for (long z = 0; z < zeros; z++) s[at++] = 0;
                return at;
            }
            if (id == (1 << idLength) - 1) {
                for (int i = 0; i < blockSize; i++) s[at++] = bits(bps);
                return at;
            }
            int k = id - 1;
            if (k > bps) throw args.corrupt("szip", "split of " + k + " bits for samples of " + bps);
            if (ref) s[at++] = bits(bps);
            int first = at;
            int coded = blockSize - r;
            for (int i = 0; i < coded; i++) s[at++] = fs() << k;
            if (k > 0) for (int i = 0; i < coded; i++) s[first + i] += bits(k);
            return at;
        }

        /** The unit-delay predictor undone (unsigned samples): the first sample is the reference. */
        private void unpredict(long[] s, int n) {
            if (n == 0) return;
            long data = s[0];
            long med = xmax / 2 + 1;
            for (int i = 1; i < n; i++) {
                long d = s[i];
                long halfD = (d >> 1) + (d & 1);
                long mask = (data & med) != 0 ? xmax : 0;
                if (halfD <= (mask ^ data)) {
                    data += (d & 1) == 0 ? d >> 1 : -((d >> 1) + 1);
                } else {
                    data = mask ^ d;
                }
                s[i] = data & xmax;
            }
        }

        private void put(byte[] out, int at, int n, long v) {
            for (int i = 0; i < n; i++) out[at + (msb ? n - 1 - i : i)] = (byte) (v >>> (8 * i));
        }

        private long bits(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                int byteAt = (int) (bitPosition >>> 3);
                if (byteAt >= in.length) throw args.corrupt("szip", "coded data ends after " + in.length + " bytes");
                v = (v << 1) | ((in[byteAt] >>> (7 - (int) (bitPosition & 7))) & 1);
                bitPosition++;
            }
            return v;
        }

        /** A fundamental sequence: the number of 0 bits before the next 1. */
        private long fs() {
            long n = 0;
            while (true) {
                int byteAt = (int) (bitPosition >>> 3);
                if (byteAt >= in.length) throw args.corrupt("szip", "coded data ends after " + in.length + " bytes");
                int bit = (in[byteAt] >>> (7 - (int) (bitPosition & 7))) & 1;
                bitPosition++;
                if (bit == 1) return n;
                n++;
            }
        }
    }
}
