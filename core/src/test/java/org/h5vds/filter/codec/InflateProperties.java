package org.h5vds.filter.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Inflate}, the choice between zlib and {@link ZlibStream}: its zlib path gives what
 * ZlibStream gives for any stream, damaged or not, into any output length (the same count and
 * bytes, or a refusal with ZlibStream's message), so that which decoder a stream meets never
 * shows; the choice moves to ZlibStream when it is measured faster and back when it slows down.
 */
class InflateProperties {
    private final ZlibStreamProperties streams = new ZlibStreamProperties();

    @Provide
    Arbitrary<ZlibStreamProperties.Data> smallData() {
        return streams.smallData();
    }

    @Provide
    Arbitrary<ZlibStreamProperties.Writing> writing() {
        return streams.writing();
    }

    /** What a decoder made of a stream: the bytes it produced, or its refusal's message. */
    private record Outcome(byte[] bytes, String refusal) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome x && Arrays.equals(bytes, x.bytes) && java.util.Objects.equals(refusal, x.refusal);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return refusal != null ? "refused: " + refusal : bytes.length + " bytes";
        }
    }

    private interface Decoder {
        int inflate(byte[] in, int off, int len, byte[] out, int outOff, int outLen);
    }

    /** The stream at offset 5 of a larger array, decoded into the middle of another (bytes outside must stay). */
    private static Outcome decode(Decoder d, byte[] stream, int outLen) {
        byte[] in = new byte[stream.length + 9];
        System.arraycopy(stream, 0, in, 5, stream.length);
        byte[] out = new byte[outLen + 64];
        Arrays.fill(out, (byte) 0x5A);
        try {
            int n = d.inflate(in, 5, stream.length, out, 32, outLen);
            for (int i = 0; i < 32; i++) {
                assertThat(out[i]).isEqualTo((byte) 0x5A);
                assertThat(out[out.length - 1 - i]).isEqualTo((byte) 0x5A);
            }
            return new Outcome(Arrays.copyOfRange(out, 32, 32 + n), null);
        } catch (ZlibStream.Malformed e) {
            return new Outcome(null, e.getMessage());
        }
    }

    @Property(tries = 600)
    void theZlibPathGivesWhatZlibStreamGives(@ForAll("smallData") ZlibStreamProperties.Data data,
                                             @ForAll("writing") ZlibStreamProperties.Writing writing, @ForAll long seed,
                                             @ForAll @IntRange(min = 0, max = 3) int damages, @ForAll @IntRange(min = -2, max = 2) int room) {
        byte[] raw = data.bytes();
        byte[] stream = writing.deflate(raw);
        Random r = new Random(seed);
        for (int d = 0; d < damages && stream.length > 0; d++) {
            int at = r.nextInt(4) == 0 ? r.nextInt(stream.length) : r.nextInt(Math.min(stream.length, 64));
            switch (r.nextInt(3)) {
                case 0 -> stream[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> stream = Arrays.copyOf(stream, r.nextInt(stream.length));
                default -> {
                    byte[] tail = new byte[1 + r.nextInt(20)];
                    r.nextBytes(tail);
                    byte[] longer = Arrays.copyOf(stream, stream.length + tail.length);
                    System.arraycopy(tail, 0, longer, stream.length, tail.length);
                    stream = longer;
                }
            }
        }
        // an output of the stream's length, a byte or two short of it, or with room to spare
        int outLen = Math.max(0, raw.length + room);
        Inflater zlib = new Inflater();
        try {
            Outcome viaZlib = decode((in, off, len, out, outOff, outLen1) -> Inflate.zlib(zlib, in, off, len, out, outOff, outLen1), stream, outLen);
            Outcome ours = decode((in, off, len, out, outOff, outLen1) -> ZlibStream.get().inflate(in, off, len, out, outOff, outLen1), stream, outLen);
            assertThat(viaZlib).isEqualTo(ours);
            if (damages == 0 && room >= 0) assertThat(viaZlib.bytes()).isEqualTo(raw);
            if (damages == 0 && room < 0 && raw.length > 0) assertThat(viaZlib.refusal()).startsWith("stream decodes to more than");
        } finally {
            zlib.end();
        }
    }

    @Example
    void everyCallGivesTheSameAnswerWhicheverDecoderTakesIt() {
        byte[] raw = new ZlibStreamProperties.Data(3, 128 << 10, 7).bytes();
        Deflater deflater = new Deflater(4);
        deflater.setInput(raw);
        deflater.finish();
        byte[] stream = new byte[raw.length + 1024];
        int n = deflater.deflate(stream);
        deflater.end();
        stream = Arrays.copyOf(stream, n);
        byte[] damaged = stream.clone();
        damaged[stream.length / 2] ^= 0x10;
        String refusal = decode((in, off, len, out, outOff, outLen) -> ZlibStream.get().inflate(in, off, len, out, outOff, outLen), damaged, raw.length).refusal();
        assertThat(refusal).isNotNull();

        Inflate route = new Inflate();
        for (boolean oursFirst : new boolean[] {false, true}) {
            if (oursFirst) {
                route.learn(false, 3.0);
                route.learn(true, 1.0);
                route.learn(true, 1.0);
            }
            assertThat(route.oursFirst()).isEqualTo(oursFirst);
            for (int i = 0; i < 20; i++) {
                byte[] out = new byte[raw.length];
                assertThat(route.inflate(stream, 0, stream.length, out, 0, out.length)).isEqualTo(raw.length);
                assertThat(out).isEqualTo(raw);
                byte[] bad = damaged;
                assertThatThrownBy(() -> route.inflate(bad, 0, bad.length, new byte[raw.length], 0, raw.length))
                        .isInstanceOf(ZlibStream.Malformed.class).hasMessage(refusal);
            }
        }
    }

    @Example
    void theChoiceFollowsWhatIsMeasured() {
        Inflate route = new Inflate();
        route.learn(true, 1.0);
        assertThat(route.oursFirst()).as("nothing to compare with before zlib is timed").isFalse();
        route.learn(false, 3.0);
        route.learn(false, 3.0);
        route.learn(true, 2.0);
        route.learn(true, 5.0);
        route.learn(true, 2.0);
        assertThat(route.oursFirst()).as("faster once, then slower, then faster once").isFalse();
        route.learn(true, 2.5);
        assertThat(route.oursFirst()).as("faster twice in a row").isTrue();
        route.learn(true, 5.0);
        route.learn(true, 2.0);
        route.learn(true, 6.5);
        assertThat(route.oursFirst()).as("slower than twice zlib's average, but not twice in a row").isTrue();
        route.learn(true, 7.0);
        assertThat(route.oursFirst()).as("slower than twice zlib's average twice in a row").isFalse();
        route.learn(true, 2.0);
        route.learn(true, 2.0);
        assertThat(route.oursFirst()).isTrue();
    }
}
