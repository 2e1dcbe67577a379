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
        long length = decodedLength(in);
        if (length < 0) throw args.corrupt("lzf", "truncated LZF stream: its last token runs past the end of the data");
        int size = args.checkDecodedSize("lzf", length, "LZF stream's decoded length");
        byte[] out = new byte[size];
        try {
            // The token scan above keeps the decoder inside the input; its array checks catch
            // back references before the start of the output.
            DECODER.decodeChunk(in.array(), in.offset(), out, 0, size);
        } catch (RuntimeException | com.ning.compress.lzf.LZFException e) {
            throw args.corrupt("lzf", "corrupt LZF stream for a " + size + "-byte chunk", e);
        }
        return FilterArgs.result(out);
    }

    /**
     * The decoded length of a raw LZF stream, from its tokens alone: a control byte below 32 is a
     * literal run of {@code ctrl + 1} bytes; otherwise a back reference of {@code (ctrl >> 5) + 2}
     * bytes, where a length code of 7 is extended by the next byte, followed by the low byte of the
     * offset. Returns -1 when the last token runs past the end, so a truncated stream is caught
     * before anything is allocated, and trailing garbage cannot hide.
     */
    static long decodedLength(ByteRange in) {
        byte[] a = in.array();
        int ip = in.offset();
        int end = in.end();
        long out = 0;
        while (ip < end) {
            int ctrl = a[ip++] & 0xFF;
            if (ctrl < 32) {
                ip += ctrl + 1;
                out += ctrl + 1;
            } else {
                int len = ctrl >>> 5;
                if (len == 7) {
                    if (ip >= end) return -1;
                    len += a[ip++] & 0xFF;
                }
                ip++;
                out += len + 2;
            }
        }
        return ip == end ? out : -1;
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
