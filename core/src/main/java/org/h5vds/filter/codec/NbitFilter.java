package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.io.H5Exception;

/**
 * HDF5's built-in n-bit filter (id 5, H5Znbit.c), read only: each value keeps only its
 * significant bits (the datatype's precision, from its bit offset), packed one after another.
 *
 * <p>Client data as libhdf5's "set local" stores it: the number of values, a flag "nothing to
 * compress" (then the chunk is stored as it is), the number of elements in a chunk, then the
 * datatype as a tree: class (1 atomic, 2 array, 3 compound, 4 no-op) and size, then for an
 * atomic type its byte order (0 little, 1 big endian), precision and offset; for an array its
 * base type's description; for a compound the number of members and for each its offset and
 * description; a no-op type (strings, enumerations, references...) is only its size.
 *
 * <p>The stored chunk is a bit stream, most significant bit first: for every element in order,
 * for every atomic part its {@code precision} significant bits (most significant first), for
 * every no-op part its bytes as they are in memory. Decoding puts the bits back at their offset
 * and leaves the padding bits 0.
 */
public final class NbitFilter implements Filter {
    public static final int ID = 5;
    private static final int ATOMIC = 1;
    private static final int ARRAY = 2;
    private static final int COMPOUND = 3;
    private static final int NOOP = 4;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "nbit";
    }

    /** The most n-bit packing expands: a value of 16 bytes (the largest atomic type it packs) kept to 1 bit. */
    static final int MAX_RATIO = 128;

    @Override
    public boolean canEncode() {
        return false;
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        throw new H5Exception("the nbit filter can only be read, not written");
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) {
        throw new H5Exception("the nbit filter can only be read, not written");
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        long[] p = new long[args.clientDataCount()];
        for (int i = 0; i < p.length; i++) p[i] = args.clientValue(i, 0);
        // as H5Z__filter_nbit: the count, then the flag, before the datatype; a type with nothing to pack (an
        // enumeration, a string at the top level) has the flag set and no description: 3 values
        if (p.length < 3) throw args.corrupt("nbit", "expected at least 3 client data values, got " + p.length);
        if (p[0] != p.length) throw args.corrupt("nbit", "client data count " + p[0] + " differs from the " + p.length + " stored");
        if (p[1] != 0) return encoded; // stored as it is: no precision to gain
        if (p.length < 5) throw args.corrupt("nbit", "expected at least 5 client data values for packed chunks, got " + p.length);
        long elements = p[2];
        long size = p[4];
        if (size == 0) throw args.corrupt("nbit", "datatype size 0");
        int outSize = args.checkDecodedSize("nbit", elements * size, "elements times datatype size");
        args.checkExpansion("nbit", outSize, encoded.remaining(), MAX_RATIO);
        byte[] out = new byte[outSize];
        byte[] in = new byte[encoded.remaining()];
        encoded.duplicate().get(in);
        Bits bits = new Bits(in, args);
        Params params = new Params(p, args);
        for (long e = 0; e < elements; e++) {
            params.at = 3;
            params.type(out, (int) (e * size), bits);
        }
        return FilterArgs.result(out);
    }

    /** The datatype tree in the client data, walked once per element. */
    private static final class Params {
        private final long[] p;
        private final FilterArgs args;
        int at;

        Params(long[] p, FilterArgs args) {
            this.p = p;
            this.args = args;
        }

        private long next() {
            if (at >= p.length) throw args.corrupt("nbit", "client data end inside the datatype description");
            return p[at++];
        }

        /** Decodes one value of the type described at {@code at} (class, size, ...) into out[offset..]. */
        void type(byte[] out, int offset, Bits bits) {
            int cls = (int) next();
            int size = (int) next();
            body(cls, size, out, offset, bits);
        }

        private void body(int cls, int size, byte[] out, int offset, Bits bits) {
            if (size < 0 || (long) offset + size > out.length) throw args.corrupt("nbit", "a part of " + size + " bytes at " + offset + " leaves the chunk");
            switch (cls) {
                case ATOMIC -> {
                    int order = (int) next();
                    int precision = (int) next();
                    int bitOffset = (int) next();
                    if (precision < 1 || precision > 8L * size || precision + (long) bitOffset > 8L * size || size > 16) {
                        throw args.corrupt("nbit", "precision " + precision + " at offset " + bitOffset + " in " + size + " bytes");
                    }
                    atomic(out, offset, size, order != 0, precision, bitOffset, bits);
                }
                case ARRAY -> {
                    int start = at;
                    int baseClass = (int) next();
                    int baseSize = (int) next();
                    if (baseSize <= 0 || size % baseSize != 0) throw args.corrupt("nbit", "array of " + size + " bytes over a base of " + baseSize);
                    for (int k = 0; k < size / baseSize; k++) {
                        at = start + 2;
                        body(baseClass, baseSize, out, offset + k * baseSize, bits);
                    }
                }
                case COMPOUND -> {
                    int members = (int) next();
                    long used = 0;
                    for (int m = 0; m < members; m++) {
                        int memberOffset = (int) next();
                        int memberClass = (int) next();
                        int memberSize = (int) next();
                        used += memberSize;
                        if (memberSize <= 0 || used > size || (long) memberOffset + memberSize > size) {
                            throw args.corrupt("nbit", "compound member of " + memberSize + " bytes at " + memberOffset + " overflows " + size + " bytes");
                        }
                        body(memberClass, memberSize, out, offset + memberOffset, bits);
                    }
                }
                case NOOP -> {
                    for (int k = 0; k < size; k++) out[offset + k] = (byte) bits.read(8);
                }
                default -> throw args.corrupt("nbit", "unknown datatype class " + cls);
            }
        }
    }

    /** The significant bits of one value, most significant first, put back at their offset in its byte order. */
    private static void atomic(byte[] out, int offset, int size, boolean bigEndian, int precision, int bitOffset, Bits bits) {
        long hi = 0;
        long lo = 0;
        for (int done = 0; done < precision; ) {
            int take = Math.min(32, precision - done);
            long v = bits.read(take);
            hi = (hi << take) | (lo >>> (64 - take));
            lo = (lo << take) | v;
            done += take;
        }
        // the value's bits shifted to their offset, as a 128-bit number hi:lo
        if (bitOffset > 0) {
            hi = bitOffset >= 64 ? lo << (bitOffset - 64) : (hi << bitOffset) | (lo >>> (64 - bitOffset));
            lo = bitOffset >= 64 ? 0 : lo << bitOffset;
        }
        for (int k = 0; k < size; k++) {
            long word = k < 8 ? lo : hi;
            byte b = (byte) (word >>> (8 * (k % 8)));
            out[offset + (bigEndian ? size - 1 - k : k)] = b;
        }
    }

    /** Reads bits most significant first. */
    private static final class Bits {
        private final byte[] in;
        private final FilterArgs args;
        private long position;

        Bits(byte[] in, FilterArgs args) {
            this.in = in;
            this.args = args;
        }

        long read(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                int byteAt = (int) (position >>> 3);
                if (byteAt >= in.length) throw args.corrupt("nbit", "packed data ends after " + in.length + " bytes");
                int bit = (in[byteAt] >>> (7 - (int) (position & 7))) & 1;
                v = (v << 1) | bit;
                position++;
            }
            return v;
        }
    }
}
