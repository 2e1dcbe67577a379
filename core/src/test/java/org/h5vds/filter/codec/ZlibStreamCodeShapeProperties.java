package org.h5vds.filter.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ZlibStream}'s Huffman tables on code shapes zlib's deflater rarely writes, against
 * java.util.zip: dynamic blocks whose literal/length and distance codes are random complete prefix
 * codes of 1 to 15 bits (so codes longer than the literal/length first level, built for 11 or 12
 * bits, and the 8-bit distance one, second-level tables of every width, literal pairs of every split), several blocks per
 * stream (each table built over the previous block's), and code length sets made over-subscribed or
 * incomplete by one changed length, which both decoders must refuse alike.
 */
class ZlibStreamCodeShapeProperties {
    /**
     * Random code lengths for {@code used} of {@code n} symbols (always including {@code mustUse}, or
     * -1): a complete prefix code grown by splitting a random leaf, the deepest one half of the time,
     * so that codes up to 15 bits are common. One used symbol gets a single 1-bit code.
     */
    static int[] randomCode(Random r, int n, int used, int mustUse) {
        List<Integer> depths = new ArrayList<>(List.of(0));
        if (used == 1) depths.set(0, 1);
        while (depths.size() < used) {
            int pick;
            if (r.nextBoolean()) {
                pick = 0;
                for (int i = 1; i < depths.size(); i++) if (depths.get(i) > depths.get(pick)) pick = i;
            } else {
                pick = r.nextInt(depths.size());
            }
            int d = depths.get(pick);
            if (d >= 15) { // too deep: split the shallowest leaf instead
                pick = 0;
                for (int i = 1; i < depths.size(); i++) if (depths.get(i) < depths.get(pick)) pick = i;
                d = depths.get(pick);
            }
            depths.set(pick, d + 1);
            depths.add(d + 1);
        }
        int[] lengths = new int[n];
        List<Integer> symbols = new ArrayList<>();
        for (int s = 0; s < n; s++) if (s != mustUse) symbols.add(s);
        java.util.Collections.shuffle(symbols, r);
        if (mustUse >= 0) symbols.add(0, mustUse);
        for (int i = 0; i < used; i++) lengths[symbols.get(i)] = depths.get(i);
        return lengths;
    }

    /** Symbols in {@code lengths} with a code, optionally only those in [from, to). */
    static int[] usedSymbols(int[] lengths, int from, int to) {
        return java.util.stream.IntStream.range(from, Math.min(to, lengths.length)).filter(s -> lengths[s] > 0).toArray();
    }

    static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
        115, 131, 163, 195, 227, 258};
    static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13};

    /**
     * One to three dynamic blocks, each with random codes and up to {@code symbols} random literals
     * and matches encoded with them; with {@code damage}, one block's code lengths get one length
     * changed (usually over-subscribed or incomplete). Both decoders must agree: the expected bytes,
     * or a refusal by both.
     */
    @Property(tries = 400)
    void codesOfEveryShape(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int blocks,
                           @ForAll @IntRange(min = 0, max = 3000) int symbols, @ForAll @IntRange(min = 0, max = 5) int damage) {
        Random r = new Random(seed);
        ZlibStreamTest.Bits bits = new ZlibStreamTest.Bits();
        byte[] out = new byte[16];
        int size = 0;
        String why = null; // the verdict a damaged code set must get

        for (int b = 0; b < blocks; b++) {
            int nlen = 257 + r.nextInt(30);
            int ndist = 1 + r.nextInt(30);
            int litUsed = 1 + r.nextInt(r.nextBoolean() ? 20 : nlen);
            int[] lit = randomCode(r, nlen, litUsed, 256);
            int[] dist = r.nextInt(10) == 0 ? new int[ndist] : randomCode(r, ndist, 1 + r.nextInt(r.nextBoolean() ? Math.min(2, ndist) : ndist), -1);
            if (damage == 0 && b == blocks - 1) { // one length changed in the last block's codes
                int[] victim = r.nextBoolean() ? lit : dist;
                int s = r.nextInt(victim.length);
                victim[s] = Math.max(0, Math.min(15, victim[s] + (r.nextBoolean() ? 1 : -1)));
                why = lit[256] == 0 ? "missing end-of-block"
                        : verdict(lit, "invalid literal/lengths set") != null ? verdict(lit, "invalid literal/lengths set")
                        : verdict(dist, "invalid distances set");
                if (why == null) why = ""; // still a valid set: the data may now decode to anything, or fail
            }
            ZlibStreamTest.dynamic(bits, b == blocks - 1, nlen, ndist, ZlibStreamTest.CL_LENGTHS,
                    ZlibStreamTest.plain(ZlibStreamTest.concat(lit, dist)));
            int[] litCodes = ZlibStreamTest.canonical(lit);
            int[] distCodes = ZlibStreamTest.canonical(dist);
            int[] litSymbols = usedSymbols(lit, 0, 256);
            int[] lengthSymbols = usedSymbols(lit, 257, 286);
            int[] distSymbols = usedSymbols(dist, 0, 30);
            for (int i = 0; i < symbols; i++) {
                if (out.length < size + 258) out = java.util.Arrays.copyOf(out, 2 * out.length + 258);
                boolean match = lengthSymbols.length > 0 && distSymbols.length > 0 && r.nextInt(3) == 0;
                int d = match ? distSymbols[r.nextInt(distSymbols.length)] : 0;
                if (match && DIST_BASE[d] <= size) {
                    int l = lengthSymbols[r.nextInt(lengthSymbols.length)];
                    int lengthExtra = r.nextInt(1 << LENGTH_EXTRA[l - 257]);
                    int length = LENGTH_BASE[l - 257] + lengthExtra;
                    int distExtra = r.nextInt(Math.min(1 << DIST_EXTRA[d], size - DIST_BASE[d] + 1));
                    int distance = DIST_BASE[d] + distExtra;
                    bits.code(litCodes[l], lit[l]).value(lengthExtra, LENGTH_EXTRA[l - 257]);
                    bits.code(distCodes[d], dist[d]).value(distExtra, DIST_EXTRA[d]);
                    for (int k = 0; k < length; k++, size++) out[size] = out[size - distance];
                } else if (litSymbols.length > 0) {
                    int s = litSymbols[r.nextInt(litSymbols.length)];
                    bits.code(litCodes[s], lit[s]);
                    out[size++] = (byte) s;
                }
            }
            if (damage == 1 && b == blocks - 1 && why == null) {
                // the unused half of a single 1-bit code (allowed, an incomplete set): refused where it is read
                if (litSymbols.length + lengthSymbols.length == 0) {
                    bits.code(1, 1);
                    why = "invalid literal/length code";
                } else if (distSymbols.length == 1 && lengthSymbols.length > 0) {
                    bits.code(litCodes[lengthSymbols[0]], lit[lengthSymbols[0]]).value(0, LENGTH_EXTRA[lengthSymbols[0] - 257]);
                    bits.code(1, 1);
                    why = size == 0 ? "" : "invalid distance code"; // at the start, zlib may first say "too far back"
                }
            }
            bits.code(litCodes[256], lit[256]);
        }
        byte[] produced = java.util.Arrays.copyOf(out, size);
        byte[] stream = bits.zlib(produced);
        byte[] decoded = ZlibOracle.assertSameAsZlib(stream, 1 << 20);
        if (why == null) {
            assertThat(decoded).isEqualTo(produced);
        } else if (!why.isEmpty()) {
            assertThat(decoded).isNull();
            ZlibStreamTest.assertRefused(stream, why);
        }
    }

    /** zlib's verdict on a code length set (inftrees.c): over-subscribed, or incomplete with a code longer than 1 bit; else null. */
    static String verdict(int[] lengths, String set) {
        long kraft = 0;
        int max = 0;
        for (int l : lengths) {
            if (l > 0) kraft += 1L << (15 - l);
            max = Math.max(max, l);
        }
        if (kraft > 1L << 15) return set + " (over-subscribed)";
        if (kraft < 1L << 15 && max > 1) return set + " (incomplete)";
        return null;
    }
}
