package org.h5vds.filter.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.h5vds.filter.Filter;
import org.h5vds.filter.FilterArgs;
import org.h5vds.io.H5Exception;

/**
 * HDF5's built-in deflate filter (id 1, H5Zdeflate.c): one zlib stream (RFC 1950, with its header
 * and Adler-32 trailer) as zlib's {@code compress2} writes it. One client data value: the
 * compression level 0..9. Bytes after the end of the zlib stream are ignored, as libhdf5 does.
 *
 * <p>Inflaters and deflaters are kept one per thread and reset between chunks: creating one costs
 * more than inflating a small chunk, and one must never be shared between threads.
 */
public final class DeflateFilter implements Filter {
    public static final int ID = 1;
    private static final int DEFAULT_LEVEL = 6;
    /** The most a deflate stream expands: a 258-byte match costs at least 2 bits (zlib's technical details). */
    static final int MAX_RATIO = 1032;

    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);
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
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(in.array(), in.offset(), in.length());
        try {
            byte[] out = new byte[Math.max(64, Math.min(args.sizeLimit(), in.length() * 4))];
            int n = 0;
            while (true) {
                n = inflateFully(inflater, out, 0, n, out.length, args);
                if (inflater.finished()) break;
                if (out.length >= args.sizeLimit()) {
                    throw args.corrupt("deflate", "stream decodes to more than " + args.sizeLimit() + " bytes");
                }
                out = Arrays.copyOf(out, (int) Math.min(args.sizeLimit(), 2L * out.length));
            }
            return FilterArgs.result(out, n);
        } catch (DataFormatException e) {
            throw args.corrupt("deflate", "invalid zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.reset();
        }
    }

    /** Inflates a stream of exactly the expected size straight into {@code out}: no buffer of its own. */
    @Override
    public void decodeInto(ByteBuffer encoded, FilterArgs args, byte[] out, int outOffset) {
        int size = args.expectedSize();
        if (size == FilterArgs.UNKNOWN) throw new IllegalArgumentException("decodeInto needs the expected size");
        args.checkExpansion("deflate", size, encoded.remaining(), MAX_RATIO);
        ByteRange in = ByteRange.of(encoded);
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(in.array(), in.offset(), in.length());
        try {
            int n = inflateFully(inflater, out, outOffset, 0, size, args);
            if (!inflater.finished()) {
                // The output is full; a stream that still yields bytes is longer than the chunk.
                byte[] probe = new byte[1];
                if (inflater.inflate(probe) > 0) {
                    throw args.corrupt("deflate", "stream decodes to more than the chunk's " + size + " bytes");
                }
                if (!inflater.finished()) throw args.corrupt("deflate", "stream is truncated");
            }
            args.checkProduced("deflate", n);
        } catch (DataFormatException e) {
            throw args.corrupt("deflate", "invalid zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.reset();
        }
    }

    /**
     * Inflates into out[base + from, base + size) until that is full or the stream ends; returns the
     * bytes now there (counted from base).
     */
    private static int inflateFully(Inflater inflater, byte[] out, int base, int from, int size, FilterArgs args)
            throws DataFormatException {
        int n = from;
        while (n < size && !inflater.finished()) {
            int got = inflater.inflate(out, base + n, size - n);
            n += got;
            if (got == 0 && !inflater.finished()) {
                if (inflater.needsDictionary()) throw args.corrupt("deflate", "stream needs a preset dictionary");
                throw args.corrupt("deflate", "stream is truncated after " + n + " decoded bytes");
            }
        }
        return n;
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
