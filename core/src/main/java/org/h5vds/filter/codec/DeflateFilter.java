package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.zip.Deflater;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.io.H5Exception;

/**
 * HDF5's built-in deflate filter (id 1, H5Zdeflate.c): one zlib stream (RFC 1950, with its header
 * and Adler-32 trailer) as zlib's {@code compress2} writes it. One client data value: the
 * compression level 0..9. Bytes after the end of the zlib stream are ignored, as libhdf5 does.
 *
 * <p>Chunks are inflated by {@link ZlibStream}, h5vds' own decoder, straight into the result: it
 * accepts exactly what zlib accepts and is faster than {@code java.util.zip.Inflater} (the system
 * zlib) on detector-like chunks ({@code InflateBench}) once compiled; until then mostly by zlib
 * ({@link Inflate}). Compression uses {@code java.util.zip.Deflater},
 * one per thread and level, reset between chunks: creating one costs more than compressing a small
 * chunk, and one must never be shared between threads.
 */
public final class DeflateFilter implements Filter {
    public static final int ID = 1;
    private static final int DEFAULT_LEVEL = 6;
    /** The most a deflate stream expands: a 258-byte match costs at least 2 bits (zlib's technical details). */
    static final int MAX_RATIO = 1032;

    private static final ThreadLocal<Deflater[]> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[10]);

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "deflate";
    }

    @Override
    public int[] clientData(int[] userValues, int elementSize, long[] chunkDims) {
        int level = userValues.length > 0 ? userValues[0] : DEFAULT_LEVEL;
        if (level < 0 || level > 9) throw new H5Exception("deflate level must be 0..9, got " + level);
        return new int[] {level};
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, FilterArgs args) {
        if (args.expectedSize() != FilterArgs.UNKNOWN) {
            args.checkExpansion("deflate", args.expectedSize(), encoded.remaining(), MAX_RATIO);
            byte[] out = new byte[args.expectedSize()];
            decodeInto(encoded, args, out, 0);
            return FilterArgs.result(out);
        }
        ByteRange in = ByteRange.of(encoded);
        ZlibStream zlib = ZlibStream.get();
        try {
            int initial = Math.max(64, Math.min(args.sizeLimit(), in.length() * 4));
            byte[] out = zlib.inflateGrowing(in.array(), in.offset(), in.length(), initial, args.sizeLimit());
            return FilterArgs.result(out, zlib.produced());
        } catch (ZlibStream.Malformed e) {
            throw args.corrupt("deflate", "invalid zlib stream: " + e.getMessage(), e);
        }
    }

    /** Inflates a stream of exactly the expected size straight into {@code out}: no buffer of its own. */
    @Override
    public void decodeInto(ByteBuffer encoded, FilterArgs args, byte[] out, int outOffset) {
        int size = args.expectedSize();
        if (size == FilterArgs.UNKNOWN) throw new IllegalArgumentException("decodeInto needs the expected size");
        args.checkExpansion("deflate", size, encoded.remaining(), MAX_RATIO);
        ByteRange in = ByteRange.of(encoded);
        int n;
        try {
            n = Inflate.SHARED.inflate(in.array(), in.offset(), in.length(), out, outOffset, size);
        } catch (ZlibStream.Malformed e) {
            throw args.corrupt("deflate", "invalid zlib stream: " + e.getMessage(), e);
        }
        args.checkProduced("deflate", n);
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args) {
        return encode(raw, args, byte[]::new);
    }

    @Override
    public ByteBuffer encode(ByteBuffer raw, FilterArgs args, IntFunction<byte[]> outputs) {
        long level = args.clientValue(0, DEFAULT_LEVEL);
        if (level > 9) throw new H5Exception("deflate level must be 0..9, got " + level);
        ByteRange in = ByteRange.of(raw);
        Deflater[] byLevel = DEFLATERS.get();
        Deflater deflater = byLevel[(int) level];
        if (deflater == null) deflater = byLevel[(int) level] = new Deflater((int) level);
        deflater.reset();
        try {
            deflater.setInput(in.array(), in.offset(), in.length());
            deflater.finish();
            // zlib's compressBound: never more than this, so one buffer suffices.
            byte[] out = outputs.apply(in.length() + (in.length() >>> 12) + (in.length() >>> 14) + (in.length() >>> 25) + 64);
            int n = 0;
            while (!deflater.finished()) {
                if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
                n += deflater.deflate(out, n, out.length - n);
            }
            return FilterArgs.result(out, n);
        } finally {
            deflater.reset();
        }
    }
}
