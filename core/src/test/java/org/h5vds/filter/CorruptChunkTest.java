package org.h5vds.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.h5vds.io.H5FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile or damaged chunks: truncated streams, flipped bytes, sizes larger than the chunk and
 * checksum mismatches end in a clear {@link H5FormatException} naming the file, the chunk's
 * address and the filter; never another exception, a hang or an attempt to allocate what a size
 * field claims.
 */
class CorruptChunkTest {
    private static final int ELEMENT = 4;
    private static final long[] DIMS = {2503};
    private static final int BYTES = 2503 * ELEMENT;

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("deflate", FilterSpec.optional(1, 6)),
                Arguments.of("shuffle+deflate", FilterSpec.optional(2)),
                Arguments.of("fletcher32", FilterSpec.mandatory(3)),
                Arguments.of("lzf", FilterSpec.optional(32000)),
                Arguments.of("lz4", FilterSpec.optional(32004, 1000)),
                Arguments.of("bitshuffle", FilterSpec.optional(32008, 0, 0)),
                Arguments.of("bitshuffle-lz4", FilterSpec.optional(32008, 64, 2)),
                Arguments.of("bitshuffle-zstd", FilterSpec.optional(32008, 0, 3)),
                Arguments.of("blosc-lz4", FilterSpec.optional(32001, 0, 0, 0, 0, 5, 1, 1)),
                Arguments.of("blosc-snappy", FilterSpec.optional(32001, 0, 0, 0, 0, 5, 2, 3)),
                Arguments.of("blosc-zlib", FilterSpec.optional(32001, 0, 0, 0, 0, 5, 0, 4)),
                Arguments.of("blosc-zstd", FilterSpec.optional(32001, 0, 0, 0, 0, 5, 1, 5)),
                Arguments.of("bzip2", FilterSpec.optional(307, 9)),
                Arguments.of("zstd", FilterSpec.optional(32015, 3)));
    }

    private static FilterPipeline pipeline(FilterSpec f, long[] dims) {
        List<FilterSpec> requested = f.id() == 2 ? List.of(f, FilterSpec.optional(1, 4)) : List.of(f);
        return FilterPipeline.create(FilterPipeline.forWriting(requested, ELEMENT, dims, FilterRegistry.standard()), ELEMENT, dims);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** Decodes and returns the result, or null when the decoder raised the one exception it may raise. */
    private static byte[] decodeOrFormatError(FilterPipeline p, byte[] stored, int mask, int expected) {
        try {
            return bytes(p.decode(ByteBuffer.wrap(stored), mask, expected, "bad.h5", 4096));
        } catch (H5FormatException e) {
            assertThat(e.file()).isEqualTo("bad.h5");
            assertThat(e.offset()).isEqualTo(4096);
            assertThat(e.getMessage()).startsWith("bad.h5: at byte offset 4096: ");
            return null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void truncatedChunksFailOrAreUnaffected(String label, FilterSpec f) {
        FilterPipeline p = pipeline(f, DIMS);
        byte[] raw = ChunkData.smooth(2503, ELEMENT, 1);
        FilterPipeline.Encoded e = p.encode(ByteBuffer.wrap(raw));
        assertThat(e.filterMask()).isZero();
        byte[] stored = bytes(e.bytes());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int len = 0; len < stored.length; len += len < 64 ? 1 : Math.max(1, stored.length / 97)) {
                byte[] cut = Arrays.copyOf(stored, len);
                byte[] got = decodeOrFormatError(p, cut, 0, BYTES);
                if (got != null) assertThat(got).as("%s truncated to %d bytes", label, len).isEqualTo(raw);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void flippedBytesNeverEscapeAsAnotherException(String label, FilterSpec f) {
        FilterPipeline p = pipeline(f, DIMS);
        byte[] stored = bytes(p.encode(ByteBuffer.wrap(ChunkData.smooth(2503, ELEMENT, 2))).bytes());
        Random r = new Random(label.hashCode());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int trial = 0; trial < 400; trial++) {
                byte[] bad = stored.clone();
                int flips = 1 + r.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    // Headers sit at the start: hit them more often than their share.
                    int at = r.nextBoolean() ? r.nextInt(Math.min(bad.length, 32)) : r.nextInt(bad.length);
                    bad[at] ^= (byte) (1 + r.nextInt(255));
                }
                byte[] got = decodeOrFormatError(p, bad, 0, BYTES);
                if (got != null) assertThat(got).hasSize(BYTES);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void streamsLongerThanTheChunkAreRejected(String label, FilterSpec f) {
        // Encoded for a chunk twice as large, read as if it belonged to the smaller chunk.
        long[] big = {2 * 2503};
        FilterPipeline writer = pipeline(f, big);
        byte[] stored = bytes(writer.encode(ByteBuffer.wrap(ChunkData.smooth(2 * 2503, ELEMENT, 3))).bytes());
        FilterPipeline reader = FilterPipeline.create(writer.specs(), ELEMENT, big);
        assertThatThrownBy(() -> reader.decode(ByteBuffer.wrap(stored), 0, BYTES, "bad.h5", 4096))
                .as(label).isInstanceOf(H5FormatException.class).hasMessageStartingWith("bad.h5: at byte offset 4096: ");
    }

    @Test
    void hugeSizeFieldsAreRefusedBeforeAllocating() {
        FilterPipeline lz4 = pipeline(FilterSpec.optional(32004), DIMS);
        byte[] s = bytes(lz4.encode(ByteBuffer.wrap(ChunkData.smooth(2503, ELEMENT, 4))).bytes());
        s[0] = 0x7F; // original size 2^62-ish
        assertThatThrownBy(() -> lz4.decode(ByteBuffer.wrap(s), 0, BYTES, "bad.h5", 1))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("lz4 filter: original size in the header is");

        FilterPipeline bs = pipeline(FilterSpec.optional(32008, 0, 2), DIMS);
        byte[] b = bytes(bs.encode(ByteBuffer.wrap(ChunkData.smooth(2503, ELEMENT, 4))).bytes());
        b[3] = 0x40;
        assertThatThrownBy(() -> bs.decode(ByteBuffer.wrap(b), 0, BYTES, "bad.h5", 1))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("bitshuffle filter: decoded size in the header is");
        byte[] b2 = bytes(bs.encode(ByteBuffer.wrap(ChunkData.smooth(2503, ELEMENT, 4))).bytes());
        b2[9] = 0x7F; // block size of 2 GiB
        assertThatThrownBy(() -> bs.decode(ByteBuffer.wrap(b2), 0, BYTES, "bad.h5", 1)).isInstanceOf(H5FormatException.class);

        FilterPipeline blosc = pipeline(FilterSpec.optional(32001, 0, 0, 0, 0, 5, 1, 1), DIMS);
        byte[] c = bytes(blosc.encode(ByteBuffer.wrap(ChunkData.smooth(2503, ELEMENT, 4))).bytes());
        c[7] = (byte) 0xFF;
        assertThatThrownBy(() -> blosc.decode(ByteBuffer.wrap(c), 0, BYTES, "bad.h5", 1))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("blosc filter: uncompressed size in the header is");

        // Behind a size-changing filter the exact size is unknown; the limit still holds.
        FilterPipeline two = FilterPipeline.create(FilterPipeline.forWriting(
                List.of(FilterSpec.optional(1, 1), FilterSpec.optional(32004)), ELEMENT, DIMS, FilterRegistry.standard()), ELEMENT, DIMS);
        byte[] t = bytes(two.encode(ByteBuffer.wrap(ChunkData.smooth(2503, ELEMENT, 4))).bytes());
        t[1] = 0x10;
        assertThatThrownBy(() -> two.decode(ByteBuffer.wrap(t), 0, BYTES, "bad.h5", 1))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("more than the");
    }

    @Test
    void fletcher32MismatchIsNamedAndTheOldByteOrderIsAccepted() {
        FilterPipeline p = pipeline(FilterSpec.mandatory(3), DIMS);
        byte[] raw = ChunkData.smooth(2503, ELEMENT, 5);
        byte[] stored = bytes(p.encode(ByteBuffer.wrap(raw)).bytes());
        byte[] bad = stored.clone();
        bad[100] ^= 1;
        assertThatThrownBy(() -> p.decode(ByteBuffer.wrap(bad), 0, BYTES, "bad.h5", 77))
                .isInstanceOf(H5FormatException.class)
                .hasMessageStartingWith("bad.h5: at byte offset 77: fletcher32 filter: fletcher32 checksum mismatch");
        // Before 1.6.3 libhdf5 stored the checksum with the bytes of each 16-bit half swapped.
        byte[] old = stored.clone();
        int n = old.length - 4;
        byte t = old[n];
        old[n] = old[n + 1];
        old[n + 1] = t;
        t = old[n + 2];
        old[n + 2] = old[n + 3];
        old[n + 3] = t;
        assertThat(bytes(p.decode(ByteBuffer.wrap(old), 0, BYTES, "old.h5", 0))).isEqualTo(raw);
    }

    @Test
    void scaleOffsetRejectsImpossibleParameters() {
        int[] cd = new int[20];
        cd[0] = 2; // integer
        cd[2] = 100;
        cd[4] = 2;
        FilterPipeline p = FilterPipeline.create(List.of(new FilterSpec(6, 1, null, cd)), 2, new long[] {100});
        byte[] header = new byte[21 + 10];
        header[0] = 17; // minbits above the 16 bits of the type
        assertThatThrownBy(() -> p.decode(ByteBuffer.wrap(header), 0, 200, "so.h5", 5))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("minbits 17 exceeds");
        header[0] = 9; // 100 values of 9 bits need 113 bytes of data
        assertThatThrownBy(() -> p.decode(ByteBuffer.wrap(header), 0, 200, "so.h5", 5))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("need 134 bytes");
        int[] escale = cd.clone();
        escale[0] = 1;
        escale[3] = 1;
        escale[4] = 4;
        FilterPipeline e = FilterPipeline.create(List.of(new FilterSpec(6, 1, null, escale)), 4, new long[] {100});
        assertThatThrownBy(() -> e.decode(ByteBuffer.wrap(header), 0, 400, "so.h5", 5))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("E-scaling method not supported");
        assertThatThrownBy(() -> p.decode(ByteBuffer.wrap(new byte[3]), 0, 200, "so.h5", 5))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("shorter than its 21-byte header");
    }

    @Test
    void wrongClientDataIsReported() {
        List<String> messages = new ArrayList<>();
        for (FilterSpec bad : List.of(new FilterSpec(2, 1, null, new int[0]), new FilterSpec(32008, 1, null, new int[] {0, 4}),
                new FilterSpec(32008, 1, null, new int[] {0, 4, 4, 0, 9}), new FilterSpec(6, 1, null, new int[3]))) {
            FilterPipeline p = FilterPipeline.create(List.of(bad), ELEMENT, DIMS);
            try {
                p.decode(ByteBuffer.wrap(new byte[BYTES]), 0, BYTES, "cd.h5", 9);
                messages.add("no error for " + bad);
            } catch (H5FormatException ex) {
                assertThat(ex.getMessage()).startsWith("cd.h5: at byte offset 9: ");
            }
        }
        assertThat(messages).isEmpty();
    }
}
