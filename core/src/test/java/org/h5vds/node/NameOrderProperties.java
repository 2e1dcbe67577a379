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
