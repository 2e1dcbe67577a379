package org.h5vds.filter.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Adler32;
import org.h5vds.io.H5Exception;
import org.junit.jupiter.api.Test;

/**
 * Hand-made zlib streams for each way a stream can be wrong (RFC 1950/1951), each checked against
 * java.util.zip too: the deflate filter refuses exactly what zlib refuses, with an H5Exception naming
 * the file, the chunk's address and what is wrong, and accepts the odd streams zlib accepts.
 */
class ZlibStreamTest {
    /** Bits in deflate's order: values least significant bit first, Huffman codes most significant bit first. */
    static final class Bits {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int buffer;
        private int count;

        Bits value(int v, int n) {
            for (int i = 0; i < n; i++) bit((v >>> i) & 1);
            return this;
        }

        Bits code(int c, int n) {
            for (int i = n - 1; i >= 0; i--) bit((c >>> i) & 1);
            return this;
        }

        Bits bit(int b) {
            buffer |= b << count;
            if (++count == 8) align();
            return this;
        }

        Bits align() {
            if (count > 0) bytes.write(buffer);
            buffer = 0;
            count = 0;
            return this;
        }

        Bits raw(int... values) {
            align();
            for (int v : values) bytes.write(v);
            return this;
        }

        /** A fixed-code literal or length symbol (RFC 1951 3.2.6). */
        Bits fixed(int symbol) {
            if (symbol < 144) return code(0x30 + symbol, 8);
            if (symbol < 256) return code(0x190 + symbol - 144, 9);
            if (symbol < 280) return code(symbol - 256, 7);
            return code(0xC0 + symbol - 280, 8);
        }

        /** The stream: header 78 01, these bits, and the Adler-32 of {@code output}. */
        byte[] zlib(byte[] output) {
            align();
            Adler32 adler = new Adler32();
            adler.update(output);
            int a = (int) adler.getValue();
            byte[] body = bytes.toByteArray();
            byte[] s = new byte[body.length + 6];
            s[0] = 0x78;
            s[1] = 0x01;
            System.arraycopy(body, 0, s, 2, body.length);
            for (int i = 0; i < 4; i++) s[2 + body.length + i] = (byte) (a >>> (24 - 8 * i));
            return s;
        }
    }

    /** Canonical codes for the given lengths (RFC 1951 3.2.2). */
    static int[] canonical(int[] lengths) {
        int[] count = new int[16];
        for (int l : lengths) count[l]++;
        count[0] = 0;
        int[] next = new int[16];
        int code = 0;
        for (int len = 1; len < 16; len++) {
            code = (code + count[len - 1]) << 1;
            next[len] = code;
        }
        int[] codes = new int[lengths.length];
        for (int s = 0; s < lengths.length; s++) if (lengths[s] > 0) codes[s] = next[lengths[s]]++;
        return codes;
    }

    /** The code-length code used below: symbols 0-12 get 4 bits, 13-18 get 5 (a complete code). */
    static final int[] CL_LENGTHS = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5};
    static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    /**
     * A dynamic block header: HLIT, HDIST, the code-length code {@code clLengths}, then the code-length
     * symbols {@code symbols} (pairs of symbol and extra value; extra ignored below 16).
     */
    static Bits dynamic(Bits b, boolean last, int nlen, int ndist, int[] clLengths, int... symbols) {
        b.value(last ? 1 : 0, 1).value(2, 2).value(nlen - 257, 5).value(ndist - 1, 5).value(19 - 4, 4);
        for (int i = 0; i < 19; i++) b.value(clLengths[CL_ORDER[i]], 3);
        int[] codes = canonical(clLengths);
        for (int i = 0; i < symbols.length; i += 2) {
            int s = symbols[i];
            b.code(codes[s], clLengths[s]);
            if (s == 16) b.value(symbols[i + 1], 2);
            if (s == 17) b.value(symbols[i + 1], 3);
            if (s == 18) b.value(symbols[i + 1], 7);
        }
        return b;
    }

    /** Code-length symbols (with a 0 extra each) for the given lengths written one by one. */
    static int[] plain(int[] lengths) {
        int[] out = new int[lengths.length * 2];
        for (int i = 0; i < lengths.length; i++) out[2 * i] = lengths[i];
        return out;
    }

    /** Literal/length lengths: 'a' and 256 and 257 (length 3) get codes of 1, 2 and 2 bits. */
    static int[] smallLitLengths() {
        int[] l = new int[258];
        l['a'] = 1;
        l[256] = 2;
        l[257] = 2;
        return l;
    }

    static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static void assertRefused(byte[] stream, String why) {
        assertThat(ZlibOracle.inflate(stream, 1 << 20)).as("zlib refuses it too").isNull();
        assertThatThrownBy(() -> new DeflateFilter().decode(ByteBuffer.wrap(stream), ZlibOracle.unknownSize(1 << 20)))
                .isInstanceOf(H5Exception.class).hasMessageContaining("zlib-test.h5").hasMessageContaining("4096")
                .hasMessageContaining("deflate").hasMessageContaining(why);
    }

    static void assertAccepted(byte[] stream, byte[] expected) {
        assertThat(ZlibOracle.assertSameAsZlib(stream, 1 << 20)).isEqualTo(expected);
    }

    static final byte[] HELLO = "hello, hello, hello!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void header() {
        byte[] good = ZlibOracle.deflate(HELLO, 6);
        assertAccepted(good, HELLO);
        assertRefused(new byte[] {0x78, 0x00, 3, 0}, "incorrect header check");
        assertRefused(new byte[] {0x77, 0x09, 3, 0}, "unknown compression method"); // CM 7, FCHECK right
        assertRefused(new byte[] {(byte) 0x88, 0x1C, 3, 0}, "invalid window size"); // CINFO 8, FCHECK right
        assertRefused(new byte[] {0x78, (byte) 0xBB, 0, 0, 0, 1, 3, 0}, "preset dictionary"); // FDICT
        assertRefused(new byte[] {0x78}, "truncated");
        assertRefused(new byte[0], "truncated");
        // a smaller window (CINFO 0..7) is fine: zlib always keeps 32 KiB
        byte[] small = good.clone();
        small[0] = 0x08;
        small[1] = (byte) (small[1] & 0xE0);
        small[1] = (byte) (small[1] + (31 - ((0x08 << 8 | small[1] & 0xFF) % 31)) % 31);
        assertAccepted(small, HELLO);
    }

    @Test
    void blockTypes() {
        assertRefused(new Bits().value(1, 1).value(3, 2).zlib(new byte[0]), "invalid block type");
        // a stored block: LEN and NLEN, then the bytes; an empty one; a non-final one before a fixed one
        byte[] stored = new Bits().value(0, 1).value(0, 2).raw(0, 0, 0xFF, 0xFF)
                .value(0, 1).value(0, 2).raw(3, 0, 0xFC, 0xFF, 'a', 'b', 'c')
                .value(1, 1).value(1, 2).fixed('d').fixed(256).zlib("abcd".getBytes(StandardCharsets.US_ASCII));
        assertAccepted(stored, "abcd".getBytes(StandardCharsets.US_ASCII));
        assertRefused(new Bits().value(1, 1).value(0, 2).raw(3, 0, 0xFC, 0xFE, 'a', 'b', 'c').zlib("abc".getBytes(StandardCharsets.US_ASCII)),
                "invalid stored block lengths");
        assertRefused(new Bits().value(1, 1).value(0, 2).raw(3, 0, 0xFC, 0xFF, 'a', 'b').zlib("ab".getBytes(StandardCharsets.US_ASCII)),
                "truncated"); // the block takes a byte of the checksum, which is then a byte short
        byte[] cut = new Bits().value(1, 1).value(0, 2).raw(3, 0, 0xFC, 0xFF, 'a').align().zlib(new byte[0]);
        assertRefused(Arrays.copyOf(cut, 8), "truncated");
    }

    @Test
    void fixedCodes() {
        byte[] abcabc = "abcabcabc".getBytes(StandardCharsets.US_ASCII);
        // 'a' 'b' 'c', then length 6 (symbol 260) at distance 3 (code 2): an overlapping copy
        byte[] ok = new Bits().value(1, 1).value(1, 2).fixed('a').fixed('b').fixed('c').fixed(260).code(2, 5).fixed(256).zlib(abcabc);
        assertAccepted(ok, abcabc);
        assertRefused(new Bits().value(1, 1).value(1, 2).fixed('a').fixed(286).fixed(256).zlib(new byte[] {'a'}),
                "invalid literal/length code");
        assertRefused(new Bits().value(1, 1).value(1, 2).fixed('a').fixed(287).fixed(256).zlib(new byte[] {'a'}),
                "invalid literal/length code");
        assertRefused(new Bits().value(1, 1).value(1, 2).fixed('a').fixed(257).code(30, 5).fixed(256).zlib(new byte[4]),
                "invalid distance code");
        assertRefused(new Bits().value(1, 1).value(1, 2).fixed('a').fixed(257).code(31, 5).fixed(256).zlib(new byte[4]),
                "invalid distance code");
        // distance 2 with one byte written: farther back than the output's start
        assertRefused(new Bits().value(1, 1).value(1, 2).fixed('a').fixed(257).code(1, 5).fixed(256).zlib(new byte[4]),
                "invalid distance too far back");
        // no end-of-block code before the data runs out
        byte[] noEnd = new Bits().value(1, 1).value(1, 2).fixed('a').fixed('b').zlib(new byte[] {'a', 'b'});
        assertRefused(Arrays.copyOf(noEnd, noEnd.length - 4), "truncated");
    }

    @Test
    void checksumAndTrailer() {
        byte[] good = ZlibOracle.deflate(HELLO, 9);
        for (int cut = 0; cut < good.length; cut++) assertRefused(Arrays.copyOf(good, cut), "");
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        assertRefused(bad, "incorrect data check");
        // bytes after the end of the stream are ignored, as libhdf5 and zlib do
        byte[] longer = Arrays.copyOf(good, good.length + 7);
        Arrays.fill(longer, good.length, longer.length, (byte) 0xEE);
        assertAccepted(longer, HELLO);
    }

    @Test
    void outputSize() {
        byte[] data = new byte[100_000];
        byte[] stream = ZlibOracle.deflate(data, 6);
        // more than the chunk holds, fewer than it holds, and more than the size limit
        assertThatThrownBy(() -> new DeflateFilter().decodeInto(ByteBuffer.wrap(stream), ZlibOracle.exactSize(99_999), new byte[99_999], 0))
                .isInstanceOf(H5Exception.class).hasMessageContaining("more than 99999 bytes");
        assertThatThrownBy(() -> new DeflateFilter().decodeInto(ByteBuffer.wrap(stream), ZlibOracle.exactSize(100_001), new byte[100_001], 0))
                .isInstanceOf(H5Exception.class).hasMessageContaining("decoded 100000 bytes, expected the chunk's 100001");
        assertThatThrownBy(() -> new DeflateFilter().decode(ByteBuffer.wrap(stream), ZlibOracle.unknownSize(65_536)))
                .isInstanceOf(H5Exception.class).hasMessageContaining("more than 65536 bytes");
        assertThat(new DeflateFilter().decode(ByteBuffer.wrap(stream), ZlibOracle.unknownSize(100_000)).remaining()).isEqualTo(100_000);
    }

    @Test
    void codeLengthSets() {
        int[] lit = smallLitLengths();
        byte[] aaaa = {'a', 'a', 'a', 'a'};
        // 'a', then length 3 at distance 1, with a distance code of a single 1-bit code: zlib accepts it
        int[] oneDist = {1};
        byte[] ok = dynamic(new Bits(), true, 258, 1, CL_LENGTHS, plain(concat(lit, oneDist)))
                .code(0, 1).code(3, 2).code(0, 1).code(2, 2).zlib(aaaa);
        assertAccepted(ok, aaaa);
        // no distance codes at all: fine while no match needs one (zlib accepts it)
        byte[] noDist = dynamic(new Bits(), true, 258, 1, CL_LENGTHS, plain(concat(lit, new int[] {0})))
                .code(0, 1).code(0, 1).code(2, 2).zlib(new byte[] {'a', 'a'});
        assertAccepted(noDist, new byte[] {'a', 'a'});
        // ... and an error as soon as one does
        assertRefused(dynamic(new Bits(), true, 258, 1, CL_LENGTHS, plain(concat(lit, new int[] {0})))
                .code(0, 1).code(3, 2).code(0, 1).code(2, 2).zlib(aaaa), "invalid distance code");
        // the single distance code's other half
        assertRefused(dynamic(new Bits(), true, 258, 1, CL_LENGTHS, plain(concat(lit, oneDist)))
                .code(0, 1).code(3, 2).code(1, 1).code(2, 2).zlib(aaaa), "invalid distance code");
        // an incomplete distance code with two codes is refused
        assertRefused(dynamic(new Bits(), true, 258, 3, CL_LENGTHS, plain(concat(lit, new int[] {2, 2, 0})))
                .code(0, 1).code(2, 2).zlib(new byte[] {'a'}), "invalid distances set");
        // over-subscribed distance and literal/length codes
        assertRefused(dynamic(new Bits(), true, 258, 3, CL_LENGTHS, plain(concat(lit, new int[] {1, 1, 1})))
                .code(0, 1).code(2, 2).zlib(new byte[] {'a'}), "invalid distances set");
        int[] over = lit.clone();
        over['b'] = 1;
        assertRefused(dynamic(new Bits(), true, 258, 1, CL_LENGTHS, plain(concat(over, oneDist))).code(2, 2).zlib(new byte[0]),
                "invalid literal/lengths set");
        // an incomplete literal/length code ('a' 1 bit, 256 and 257 3 bits)
        int[] incomplete = lit.clone();
        incomplete[256] = 3;
        incomplete[257] = 3;
        assertRefused(dynamic(new Bits(), true, 258, 1, CL_LENGTHS, plain(concat(incomplete, oneDist))).code(4, 3).zlib(new byte[0]),
                "invalid literal/lengths set");
        // a literal/length code with only the end-of-block code, one bit: zlib accepts it
        int[] endOnly = new int[257];
        endOnly[256] = 1;
        assertAccepted(dynamic(new Bits(), true, 257, 1, CL_LENGTHS, plain(concat(endOnly, new int[] {0}))).code(0, 1).zlib(new byte[0]),
                new byte[0]);
        // no end-of-block code
        int[] noEnd = lit.clone();
        noEnd[256] = 0;
        noEnd['b'] = 2;
        assertRefused(dynamic(new Bits(), true, 258, 1, CL_LENGTHS, plain(concat(noEnd, oneDist))).zlib(new byte[0]),
                "missing end-of-block");
    }

    @Test
    void codeLengthCode() {
        int[] lit = smallLitLengths();
        int[] lengths = concat(lit, new int[] {1});
        // over-subscribed: every code-length symbol 1 bit; incomplete: one symbol of 1 bit (refused for this code)
        int[] all1 = new int[19];
        Arrays.fill(all1, 1);
        assertRefused(dynamic(new Bits(), true, 258, 1, all1).value(0, 32).zlib(new byte[0]), "invalid code lengths set");
        int[] one = new int[19];
        one[0] = 1;
        assertRefused(dynamic(new Bits(), true, 258, 1, one).value(0, 32).zlib(new byte[0]), "invalid code lengths set");
        int[] none = new int[19];
        assertRefused(dynamic(new Bits(), true, 258, 1, none).value(0, 32).zlib(new byte[0]), "invalid code lengths set");
        // a repeat (16) first, with no previous length
        int[] repeatFirst = concat(new int[] {16, 0}, plain(lengths));
        assertRefused(dynamic(new Bits(), true, 258, 1, CL_LENGTHS, repeatFirst).zlib(new byte[0]), "invalid bit length repeat");
        // a zero run (18, 138 zeros) past the end of the lengths
        int[] past = plain(lengths);
        past = concat(Arrays.copyOf(past, past.length - 2), new int[] {18, 127});
        assertRefused(dynamic(new Bits(), true, 258, 1, CL_LENGTHS, past).zlib(new byte[0]), "invalid bit length repeat");
        // repeats that run from the literal/length lengths into the distance lengths are fine (RFC 1951 3.2.7)
        int[] lit2 = new int[258];
        lit2['a'] = 2;
        lit2['b'] = 2;
        lit2[256] = 2;
        lit2[257] = 2;
        int[] across = concat(plain(Arrays.copyOf(lit2, 257)), new int[] {2, 0, 16, 0}); // 257's 2 repeated thrice: 257 + 3 distances
        byte[] aaaa = {'a', 'a', 'a', 'a'};
        // distances: three codes of 2 bits, not complete, so add one more by hand: 4 distance codes, the last written plainly
        int[] acrossComplete = concat(across, new int[] {2, 0});
        byte[] s = dynamic(new Bits(), true, 258, 4, CL_LENGTHS, acrossComplete)
                .code(0, 2).code(3, 2).code(0, 2).code(2, 2).zlib(aaaa);
        assertAccepted(s, aaaa);
        // too many symbols: HLIT 287, HDIST 31
        assertRefused(dynamic(new Bits(), true, 287, 1, CL_LENGTHS).value(0, 32).zlib(new byte[0]), "too many length or distance symbols");
        assertRefused(dynamic(new Bits(), true, 258, 31, CL_LENGTHS).value(0, 32).zlib(new byte[0]), "too many length or distance symbols");
    }

    @Test
    void matchCopiesOfEveryShape() {
        // distances 1..40 and lengths 3..258 over one another: each copy shape (fill, word, doubling, arraycopy)
        byte[] data = new byte[300_000];
        java.util.Random r = new java.util.Random(7);
        int i = 0;
        while (i < data.length) {
            int period = 1 + r.nextInt(40);
            int run = 3 + r.nextInt(600);
            for (int k = 0; k < run && i < data.length; k++, i++) data[i] = k < period ? (byte) r.nextInt(4) : data[i - period];
        }
        for (int level = 1; level <= 9; level++) assertAccepted(ZlibOracle.deflate(data, level), data);
    }

    /**
     * A block's literal/length table is built for 12 bits when its literals pair much more often in
     * 12 bits than in 11 (codes of ~6 bits, as the low-order bytes of detector data have), else for
     * 11 bits and copied up (codes of ~8 bits): both widths decode what zlib wrote at every level.
     */
    @Test
    void literalTablesBuiltForTwelveAndElevenBits() {
        int[] sixBits = new int[286];
        Arrays.fill(sixBits, 0, 64, 6);
        int[] eightBits = new int[286];
        Arrays.fill(eightBits, 0, 256, 8);
        int[] mixed = new int[286]; // a pair of 5 + 7 bits is 1/32 of the symbols: 12 bits
        Arrays.fill(mixed, 0, 16, 5);
        Arrays.fill(mixed, 16, 16 + 64, 7);
        assertThat(ZlibStream.literalRoot(sixBits)).isEqualTo(12);
        assertThat(ZlibStream.literalRoot(eightBits)).isEqualTo(11);
        assertThat(ZlibStream.literalRoot(mixed)).isEqualTo(12);

        java.util.Random r = new java.util.Random(5);
        byte[] peaked = new byte[1 << 18]; // ~5.9 bits of entropy a byte: 6-bit codes around the peak
        byte[] flat = new byte[1 << 18]; // 200 values alike: 7- and 8-bit codes
        for (int i = 0; i < peaked.length; i++) {
            peaked[i] = (byte) (128 + Math.round(r.nextGaussian() * 14));
            flat[i] = (byte) r.nextInt(200);
        }
        for (int level : new int[] {1, 4, 6, 9}) {
            assertAccepted(ZlibOracle.deflate(peaked, level), peaked);
            assertAccepted(ZlibOracle.deflate(flat, level), flat);
        }
    }

    /**
     * A stream cut short, in an array that ends at the cut or goes on with garbage: the decoder must
     * read nothing past the array's end and take no bit from past the cut (the fast loop's input
     * margin covers all the reads of a pass), so it says "truncated" for every cut, as zlib waits for
     * more input, rather than failing on an index or decoding the garbage.
     */
    @Test
    void cutStreamAmongOtherBytes() {
        java.util.Random r = new java.util.Random(11);
        byte[] data = new byte[1 << 16];
        for (int i = 0; i < data.length / 2; i++) data[i] = (byte) (20 + (int) Math.round(r.nextGaussian() * 4.5));
        byte[] stream = ZlibOracle.deflate(data, 4);
        byte[] out = new byte[data.length];
        for (int cut = stream.length - 100; cut < stream.length; cut++) {
            assertThat(ZlibOracle.inflate(Arrays.copyOf(stream, cut), 1 << 20)).isNull();
            for (int trial = 0; trial < 8; trial++) {
                byte[] in = Arrays.copyOf(stream, cut + (trial == 0 ? 0 : 64));
                for (int i = cut; i < in.length; i++) in[i] = (byte) r.nextInt();
                int len = cut;
                assertThatThrownBy(() -> ZlibStream.get().inflate(in, 0, len, out, 0, out.length)).as("cut at %d", cut)
                        .isInstanceOf(ZlibStream.Malformed.class).hasMessage("stream is truncated");
            }
        }
    }
}
