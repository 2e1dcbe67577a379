package org.h5vds.filter.codec;

import com.ning.compress.lzf.ChunkDecoder;
import com.ning.compress.lzf.impl.VanillaChunkDecoder;
import com.ning.compress.lzf.impl.VanillaChunkEncoder;
import java.nio.ByteBuffer;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.filter.FilterFailed;

/**
 * h5py's LZF filter (id 32000, lzf_filter.c): the chunk compressed as one raw LZF stream, with no
 * header (not compress-lzf's "ZV" framed format). Client data as h5py's "set local" stores it:
 * filter revision 4, liblzf version 0x0105, chunk size in bytes. The encoder gives up (the filter is
 * optional) when the stream would not be smaller than the chunk, as h5py does.
 *
 * <p>compress-lzf's array-safe ("vanilla") codec is used: a corrupt stream then fails with an index
 * error instead of touching memory outside the arrays.
 */
public final class LzfFilter implements Filter {
    public static final int ID = 32000;
    private static final int FILTER_REVISION = 4;
    private static final int LZF_VERSION = 0x0105;
    /** Shorter inputs cannot shrink: compress-lzf copies them as literals. */
    private static final int MIN_BLOCK_TO_COMPRESS = 16;

    private static final ChunkDecoder DECODER = new VanillaChunkDecoder();
    private static final ThreadLocal<RawEncoder> ENCODER = ThreadLocal.withInitial(RawEncoder::new);

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "lzf";
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        return new int[] {FILTER_REVISION, LZF_VERSION, FilterArgs.chunkBytes(elementSize, chunkDims)};
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        ByteRange in = ByteRange.of(encoded);
        int size;
        if (args.expectedSize() != FilterArgs.UNKNOWN) {
            size = args.expectedSize();
        } else {
            // h5py sizes its output buffer from client data value 2, the chunk size.
            size = args.checkDecodedSize("lzf", args.clientValue(2, 0), "client data chunk size");
        }
        // An exact-size input array makes a truncated stream fail on its end instead of reading past it.
        byte[] input = in.offset() == 0 && in.length() == in.array().length ? in.array()
                : java.util.Arrays.copyOfRange(in.array(), in.offset(), in.end());
        byte[] out = new byte[size];
        try {
            DECODER.decodeChunk(input, 0, out, 0, size);
        } catch (RuntimeException | com.ning.compress.lzf.LZFException e) {
            throw args.corrupt("lzf", "corrupt or truncated LZF stream for a " + size + "-byte chunk", e);
        }
        return FilterArgs.result(out);
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) throws FilterFailed {
        ByteRange in = ByteRange.of(raw);
        if (in.length() < MIN_BLOCK_TO_COMPRESS) throw new FilterFailed("too short to compress");
        // LZF never grows data by more than one literal-length byte per 32 bytes.
        byte[] out = new byte[in.length() + in.length() / 32 + 16];
        int n = ENCODER.get().compress(in.array(), in.offset(), in.end(), out);
        if (n >= in.length()) throw new FilterFailed("LZF output of " + n + " bytes is not smaller than the input");
        return FilterArgs.result(out, n);
    }

    /** compress-lzf's encoder with its raw (headerless) compression step exposed. */
    private static final class RawEncoder extends VanillaChunkEncoder {
        RawEncoder() {
            super(0xFFFF);
        }

        int compress(byte[] in, int from, int to, byte[] out) {
            return tryCompress(in, from, to, out, 0);
        }
    }
}
