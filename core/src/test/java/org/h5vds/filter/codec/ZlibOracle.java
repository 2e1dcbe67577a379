package org.h5vds.filter.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.h5vds.filter.FilterArgs;
import org.h5vds.io.H5Exception;

/**
 * java.util.zip (the system zlib) as the oracle for {@link ZlibStream}: what zlib makes of a stream,
 * and the check that the deflate filter makes the same of it.
 */
final class ZlibOracle {
    private ZlibOracle() {
    }

    /** zlib's output for a whole stream, or null when zlib refuses it, waits for more input or yields more than {@code limit} bytes. */
    static byte[] inflate(byte[] stream, int limit) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stream);
            byte[] out = new byte[Math.min(limit + 1, Math.max(64, stream.length * 4))];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length > limit) return null;
                    out = Arrays.copyOf(out, (int) Math.min(limit + 1L, 2L * out.length));
                }
                int got = inflater.inflate(out, n, out.length - n);
                n += got;
                if (got == 0 && !inflater.finished() && n < out.length) return null; // needs input or a dictionary
            }
            return n > limit ? null : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    /** zlib's stream for {@code data} in up to three parts, each with its own level, strategy and flush. */
    static byte[] deflate(byte[] data, int[] cuts, int[] levels, int[] strategies, int[] flushes) {
        Deflater deflater = new Deflater(levels[0]);
        try {
            byte[] out = new byte[data.length + data.length / 8 + 1024];
            int n = 0;
            int from = 0;
            for (int part = 0; part <= cuts.length; part++) {
                int to = part < cuts.length ? cuts[part] : data.length;
                deflater.setLevel(levels[part]);
                deflater.setStrategy(strategies[part]);
                deflater.setInput(data, from, to - from);
                if (part == cuts.length) deflater.finish();
                int flush = part == cuts.length ? Deflater.NO_FLUSH : flushes[part];
                while (true) {
                    if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
                    int space = out.length - n;
                    int got = deflater.deflate(out, n, space, flush);
                    n += got;
                    // a part is done when its input is taken and the output was not filled (Deflater.deflate)
                    if (part == cuts.length ? deflater.finished() : got < space && deflater.needsInput()) break;
                }
                from = to;
            }
            return Arrays.copyOf(out, n);
        } finally {
            deflater.end();
        }
    }

    static byte[] deflate(byte[] data, int level) {
        return deflate(data, new int[0], new int[] {level}, new int[] {Deflater.DEFAULT_STRATEGY}, new int[0]);
    }

    static FilterArgs unknownSize(int limit) {
        return new FilterArgs(new int[] {4}, 1, new long[] {Math.max(1, limit)}, FilterArgs.UNKNOWN, limit, "zlib-test.h5", 4096);
    }

    static FilterArgs exactSize(int size) {
        return new FilterArgs(new int[] {4}, 1, new long[] {Math.max(1, size)}, size, size, "zlib-test.h5", 4096);
    }

    /**
     * The deflate filter makes of {@code stream} what zlib makes of it: the same bytes (both with an
     * unknown size up to {@code limit} and decoded into an array of exactly that size), or an
     * H5Exception naming the file and chunk address where zlib fails; returns zlib's output or null.
     */
    static byte[] assertSameAsZlib(byte[] stream, int limit) {
        byte[] expected = inflate(stream, limit);
        DeflateFilter filter = new DeflateFilter();
        if (expected == null) {
            assertThatThrownBy(() -> filter.decode(ByteBuffer.wrap(stream), unknownSize(limit)))
                    .isInstanceOf(H5Exception.class).hasMessageContaining("zlib-test.h5").hasMessageContaining("deflate");
        } else {
            ByteBuffer got = filter.decode(ByteBuffer.wrap(stream), unknownSize(limit));
            byte[] bytes = new byte[got.remaining()];
            got.get(bytes);
            assertThat(bytes).isEqualTo(expected);
            // decoded into the middle of a larger array, so that a write outside the chunk's range would show
            byte[] into = new byte[expected.length + 600];
            Arrays.fill(into, (byte) 0x5A);
            filter.decodeInto(ByteBuffer.wrap(stream), exactSize(expected.length), into, 300);
            assertThat(Arrays.copyOfRange(into, 300, 300 + expected.length)).isEqualTo(expected);
            for (int i = 0; i < 300; i++) {
                assertThat(into[i]).isEqualTo((byte) 0x5A);
                assertThat(into[into.length - 1 - i]).isEqualTo((byte) 0x5A);
            }
            if (expected.length > 0) {
                assertThatThrownBy(() -> filter.decodeInto(ByteBuffer.wrap(stream), exactSize(expected.length - 1),
                        new byte[expected.length - 1], 0)).isInstanceOf(H5Exception.class);
            }
            assertThatThrownBy(() -> filter.decodeInto(ByteBuffer.wrap(stream), exactSize(expected.length + 1),
                    new byte[expected.length + 1], 0)).isInstanceOf(H5Exception.class);
        }
        return expected;
    }
}
