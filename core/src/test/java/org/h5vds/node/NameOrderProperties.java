package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link GroupNode#NAME_ORDER} compares names char by char; libhdf5 compares their UTF-8 bytes
 * (strcmp). The two must agree, most of all where UTF-16 and UTF-8 order differ: a char of
 * U+E000-FFFF against a code point above U+FFFF (a surrogate pair in UTF-16).
 */
class NameOrderProperties {
    @Property(tries = 3000)
    void agreesWithTheOrderOfTheUtf8Bytes(@ForAll("names") String a, @ForAll("names") String b) {
        int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        assertThat(Integer.signum(GroupNode.NAME_ORDER.compare(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(bytes));
    }

    @Property(tries = 1000)
    void sortingByNameGivesTheOrderOfTheUtf8Bytes(@ForAll("lists") java.util.List<String> names) {
        java.util.List<String> expected = new java.util.ArrayList<>(names);
        expected.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        java.util.List<String> got = new java.util.ArrayList<>(names);
        ListingOrder.sortByName(got, s -> s);
        assertThat(got).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void aNamesNumberIsItsFirstEightUtf8Bytes(@ForAll("names") String s) {
        byte[] b = Arrays.copyOf(s.getBytes(StandardCharsets.UTF_8), 8);
        assertThat(ListingOrder.utf8Prefix(s, 0)).isEqualTo(java.nio.ByteBuffer.wrap(b).getLong());
    }

    @Property(tries = 500)
    void theRadixOrderIsTheStableUnsignedOrder(@ForAll("keys") long[] keys) {
        Integer[] expected = new Integer[keys.length];
        for (int i = 0; i < keys.length; i++) expected[i] = i;
        Arrays.sort(expected, (a, b) -> Long.compareUnsigned(keys[a], keys[b])); // a stable merge sort
        assertThat(ListingOrder.radixOrder(keys)).containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
    }

    /** Numbers alike in some bytes, some equal, some with the top bit set. */
    @Provide
    Arbitrary<long[]> keys() {
        Arbitrary<Long> key = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 300),
                Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0100000000000000L, 0x00000000000000FFL));
        return key.array(long[].class).ofMaxSize(60);
    }

    /**
     * Distinct names, shuffled: some lists with a part all share (a prefix, then names alike for
     * more than 8 bytes, which the sort leaves to {@link GroupNode#NAME_ORDER}).
     */
    @Provide
    Arbitrary<java.util.List<String>> lists() {
        Arbitrary<String> prefix = Arbitraries.of("", "entry_", "caf\u00e9_", "\uD83D\uDE00", "frame_0000000");
        return net.jqwik.api.Combinators.combine(prefix, names().set().ofMaxSize(40)).as((p, set) -> {
            java.util.List<String> l = new java.util.ArrayList<>();
            for (String n : set) l.add(p + n);
            java.util.Collections.shuffle(l, new java.util.Random(l.size()));
            return l;
        });
    }

    /** Short names from few code points, so that pairs often share a prefix and differ in one char. */
    @Provide
    Arbitrary<String> names() {
        Arbitrary<Integer> codePoint = Arbitraries.of(
                (int) 'a', (int) 'b', (int) 'z', 0x7F, 0xE9, 0x3A9, 0x4E2D, 0xD7FF, 0xE000, 0xFB01, 0xFF21, 0xFFFD, 0xFFFF,
                0x10000, 0x1F600, 0x1F601, 0x10FFFF).map(c -> (int) c);
        return codePoint.list().ofMaxSize(5).map(cps -> {
            StringBuilder sb = new StringBuilder();
            for (int cp : cps) sb.appendCodePoint(cp);
            return sb.toString();
        });
    }
}
