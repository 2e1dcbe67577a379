package org.h5vds.filter.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.io.H5Exception;

/**
 * The bzip2 filter (id 307, PyTables' filter in hdf5_plugins H5Zbzip2.c): one bzip2 stream with no
 * other header; decoding stops at the end of the first stream, as {@code BZ2_bzDecompress} does.
 * One client data value: the block size in units of 100 kB, 1..9 (default 9).
 */
public final class Bzip2Filter implements Filter {
    public static final int ID = 307;
    private static final int DEFAULT_BLOCK_SIZE = 9;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "bzip2";
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        int blockSize = userValues.length > 0 ? userValues[0] : DEFAULT_BLOCK_SIZE;
        if (blockSize < 1 || blockSize > 9) throw new H5Exception("bzip2 block size must be 1..9, got " + blockSize);
        return new int[] {blockSize};
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        ByteRange in = ByteRange.of(encoded);
        int limit = args.sizeLimit();
        // bzip2 has no bounded expansion (runs are counted, not stored), so the output grows with
        // what the stream yields rather than with a size read off the file.
        byte[] out = new byte[(int) Math.min(limit, Math.max(1 << 16, in.length() * 8L))];
        int n = 0;
        try (InputStream bz = new BZip2CompressorInputStream(new ByteArrayInputStream(in.array(), in.offset(), in.length()), false)) {
            while (true) {
                if (n == out.length) {
                    // Full: the stream must end here, or grow up to the limit.
                    int b = bz.read();
                    if (b < 0) break;
                    if (out.length >= limit) {
                        throw args.corrupt("bzip2", "stream decodes to more than " + limit + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
                    out[n++] = (byte) b;
                    continue;
                }
                int got = bz.read(out, n, out.length - n);
                if (got < 0) break;
                n += got;
            }
        } catch (IOException e) {
            throw args.corrupt("bzip2", "invalid bzip2 stream: " + e.getMessage(), e);
        }
        args.checkProduced("bzip2", n);
        return FilterArgs.result(out, n);
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) {
        long blockSize = args.clientValue(0, DEFAULT_BLOCK_SIZE);
        if (blockSize < 1 || blockSize > 9) throw new H5Exception("bzip2 block size must be 1..9, got " + blockSize);
        ByteRange in = ByteRange.of(raw);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length() / 2 + 64);
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(bytes, (int) blockSize)) {
            bz.write(in.array(), in.offset(), in.length());
        } catch (IOException e) {
            throw new H5Exception("bzip2 compression failed: " + e.getMessage(), e);
        }
        return FilterArgs.result(bytes.toByteArray());
    }
}
