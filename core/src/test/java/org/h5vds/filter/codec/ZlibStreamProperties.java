package org.h5vds.filter.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ZlibStream} against java.util.zip (the system zlib 1.2.13): the same bytes for every stream
 * zlib's deflater writes (stored, fixed and dynamic blocks, levels 0-9, strategies DEFAULT, FILTERED
 * and HUFFMAN_ONLY, flushes between parts), and, for streams damaged in any way, an H5Exception
 * exactly where zlib fails or does not finish, the same bytes otherwise. The same comparison,
 * coverage-guided: {@code ./fuzz.sh inflate} ({@code ZlibStreamFuzzTest}).
 */
class ZlibStreamProperties {
    static final int LIMIT = 1 << 21;

    /** Data of the kinds that make every block type and match shape appear (kinds 0-5). */
    record Data(int kind, int size, long seed) {
        byte[] bytes() {
            Random r = new Random(seed);
            byte[] b = new byte[size];
            switch (kind) {
                case 0 -> r.nextBytes(b); // incompressible: stored blocks
                case 1 -> { } // zeros: distance 1, 258-byte matches
                case 2 -> { // a short random pattern repeated: overlapping copies of every distance < period
                    int period = 1 + r.nextInt(r.nextBoolean() ? 12 : 300);
                    for (int i = 0; i < size; i++) b[i] = i < period ? (byte) r.nextInt() : b[i - period];
                }
                case 3 -> { // detector-like: shuffled 16-bit Poisson-ish counts (a near-constant plane, a small alphabet)
                    int half = size / 2;
                    for (int i = 0; i < half; i++) {
                        int v = 20 + (int) Math.round(r.nextGaussian() * 4.5);
                        b[i] = (byte) v;
                        b[half + i] = (byte) (v >>> 8);
                    }
                }
                case 4 -> { // short matches of every shape the decoder copies differently: distance 1-40, length 3-40
                    int i = 0;
                    while (i < size) {
                        int fresh = 1 + r.nextInt(48); // random bytes, so that the match is not part of a longer one
                        for (int k = 0; k < fresh && i < size; k++) b[i++] = (byte) r.nextInt();
                        int distance = 1 + r.nextInt(Math.min(40, i));
                        int length = 3 + r.nextInt(38);
                        for (int k = 0; k < length && i < size; k++, i++) b[i] = b[i - distance];
                    }
                }
                default -> { // text-like: words from a small vocabulary, far and near repeats
                    String[] words = {"the ", "chunk ", "dataset ", "virtual ", "frame ", "of ", "a ", "HDF5 ", "\n"};
                    for (int i = 0; i < size; i++) {
                        String w = words[r.nextInt(words.length)];
                        for (int k = 0; k < w.length() && i < size; k++, i++) b[i] = (byte) w.charAt(k);
                        i--;
                    }
                }
            }
            return b;
        }
    }

    /** How a stream is written: up to three parts, each with its own level, strategy and flush. */
    record Writing(int[] cutsPermille, int[] levels, int[] strategies, int[] flushes) {
        byte[] deflate(byte[] data) {
            int[] cuts = new int[cutsPermille.length];
            for (int i = 0; i < cuts.length; i++) cuts[i] = (int) ((long) data.length * cutsPermille[i] / 1000);
            Arrays.sort(cuts);
            return ZlibOracle.deflate(data, cuts, levels, strategies, flushes);
        }

        @Override
        public String toString() {
            return "cuts " + Arrays.toString(cutsPermille) + " levels " + Arrays.toString(levels) + " strategies "
                    + Arrays.toString(strategies) + " flushes " + Arrays.toString(flushes);
        }
    }

    @Provide
    Arbitrary<Data> data() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(0, 16)),
                Tuple.of(6, Arbitraries.integers().between(17, 5000)),
                Tuple.of(3, Arbitraries.integers().between(5001, 140_000)),
                Tuple.of(1, Arbitraries.integers().between(140_001, 1 << 20)));
        return Combinators.combine(Arbitraries.integers().between(0, 5), size, Arbitraries.longs()).as(Data::new);
    }

    @Provide
    Arbitrary<Data> smallData() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 20_000),
                Arbitraries.longs()).as(Data::new);
    }

    @Provide
    Arbitrary<Writing> writing() {
        Arbitrary<Integer> parts = Arbitraries.integers().between(1, 3);
        return parts.flatMap(p -> Combinators.combine(
                Arbitraries.integers().between(0, 1000).array(int[].class).ofSize(p - 1),
                Arbitraries.integers().between(0, 9).array(int[].class).ofSize(p),
                Arbitraries.of(Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY).array(int[].class).ofSize(p),
                Arbitraries.of(Deflater.NO_FLUSH, Deflater.SYNC_FLUSH, Deflater.FULL_FLUSH).array(int[].class).ofSize(p - 1))
                .as(Writing::new));
    }

    @Property(tries = 300)
    void decodesWhatZlibWrites(@ForAll("data") Data data, @ForAll("writing") Writing writing) {
        byte[] raw = data.bytes();
        byte[] stream = writing.deflate(raw);
        assertThat(ZlibOracle.assertSameAsZlib(stream, LIMIT)).isEqualTo(raw);
    }

    /** One to four damages: a flipped bit, an overwritten byte, a cut, garbage appended, a byte removed or inserted. */
    @Property(tries = 1500)
    void refusesExactlyWhatZlibRefuses(@ForAll("smallData") Data data, @ForAll("writing") Writing writing,
                                       @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int damages) {
        byte[] stream = writing.deflate(data.bytes());
        Random r = new Random(seed);
        for (int d = 0; d < damages && stream.length > 0; d++) {
            // most damage near the start, where the headers and code tables are
            int at = r.nextInt(4) == 0 ? r.nextInt(stream.length) : r.nextInt(Math.min(stream.length, 64));
            switch (r.nextInt(6)) {
                case 0 -> stream[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> stream[at] = (byte) r.nextInt();
                case 2 -> stream = Arrays.copyOf(stream, r.nextInt(stream.length));
                case 3 -> {
                    byte[] tail = new byte[1 + r.nextInt(20)];
                    r.nextBytes(tail);
                    byte[] longer = Arrays.copyOf(stream, stream.length + tail.length);
                    System.arraycopy(tail, 0, longer, stream.length, tail.length);
                    stream = longer;
                }
                case 4 -> {
                    byte[] shorter = new byte[stream.length - 1];
                    System.arraycopy(stream, 0, shorter, 0, at);
                    System.arraycopy(stream, at + 1, shorter, at, stream.length - at - 1);
                    stream = shorter;
                }
                default -> {
                    byte[] longer = new byte[stream.length + 1];
                    System.arraycopy(stream, 0, longer, 0, at);
                    longer[at] = (byte) r.nextInt();
                    System.arraycopy(stream, at, longer, at + 1, stream.length - at);
                    stream = longer;
                }
            }
        }
        ZlibOracle.assertSameAsZlib(stream, 1 << 18);
    }

    /** Random bytes behind a valid header: mostly refused, sometimes a short valid stream by chance. */
    @Property(tries = 1000)
    void randomBodies(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int length) {
        Random r = new Random(seed);
        byte[] stream = new byte[2 + length];
        r.nextBytes(stream);
        stream[0] = 0x78;
        stream[1] = 0x01;
        if (length > 0) stream[2] = (byte) ((stream[2] & ~6) | (r.nextBoolean() ? 2 : 4)); // fixed or dynamic first block
        ZlibOracle.assertSameAsZlib(stream, 1 << 18);
    }
}
