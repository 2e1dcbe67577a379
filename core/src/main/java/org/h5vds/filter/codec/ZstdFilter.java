package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;

/**
 * The Zstandard filter (id 32015, hdf5_plugins H5Zzstd.c): the chunk as one zstd frame that records
 * its content size, as {@code ZSTD_compress} writes. One client data value: the compression level,
 * which only the writer uses; aircompressor compresses at its own fixed level and the frame format
 * does not depend on it.
 */
public final class ZstdFilter implements Filter {
    public static final int ID = 32015;
    private static final int DEFAULT_LEVEL = 3;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        return userValues.length == 0 ? new int[] {DEFAULT_LEVEL} : userValues.clone();
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        ByteRange in = ByteRange.of(encoded);
        long content;
        try {
            content = ZstdFrame.contentSize(in.array(), in.offset(), in.length());
        } catch (RuntimeException e) {
            throw args.corrupt("zstd", "not a valid zstd frame: " + e.getMessage(), e);
        }
        // The plugin refuses frames without a content size; reading them costs nothing, so we
        // decode those into the expected size and check what comes out.
        int size = content >= 0 ? args.checkDecodedSize("zstd", content, "frame content size")
                : args.checkDecodedSize("zstd", args.sizeLimit(), "decoding limit");
        args.checkExpansion("zstd", size, in.length(), ZstdFrame.MAX_RATIO);
        byte[] out = new byte[size];
        int n;
        try {
            n = ZstdFrame.decompress(in.array(), in.offset(), in.length(), out, 0, size);
        } catch (RuntimeException e) {
            throw args.corrupt("zstd", "corrupt zstd frame: " + e.getMessage(), e);
        }
        args.checkProduced("zstd", n);
        return FilterArgs.result(out, n);
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) {
        ByteRange in = ByteRange.of(raw);
        byte[] out = new byte[ZstdFrame.maxCompressedLength(in.length())];
        int n = ZstdFrame.compress(in.array(), in.offset(), in.length(), out, 0);
        return FilterArgs.result(out, n);
    }
}
