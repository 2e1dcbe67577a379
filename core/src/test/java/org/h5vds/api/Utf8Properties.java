package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Utf8#decode} takes the JDK's decoder for valid UTF-8 and its own for anything else, and
 * {@link Utf8#encode} the JDK's encoder for text without surrogates and its own for anything else:
 * both ways every byte must come back (Python's surrogateescape), and valid UTF-8 must read and
 * write as the JDK reads and writes it.
 */
class Utf8Properties {
    @Property(tries = 3000)
    void everyByteStringComesBackWhenEncoded(@ForAll("bytes") byte[] b) {
        assertThat(Utf8.encode(Utf8.decode(b))).isEqualTo(b);
    }

    @Property(tries = 1000)
    void validUtf8ReadsAsTheJdkReadsIt(@ForAll("text") String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.decode(b)).isEqualTo(new String(b, StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void aPartOfAnArrayReadsAsThatPartAlone(@ForAll("bytes") byte[] b, @ForAll("bytes") byte[] around) {
        byte[] whole = new byte[b.length + 2 * around.length];
        System.arraycopy(around, 0, whole, 0, around.length);
        System.arraycopy(b, 0, whole, around.length, b.length);
        System.arraycopy(around, 0, whole, around.length + b.length, around.length);
        assertThat(Utf8.decode(whole, around.length, b.length)).isEqualTo(Utf8.decode(b));
    }

    @Property(tries = 1000)
    void textWithoutLoneSurrogatesEncodesAsTheJdkEncodesIt(@ForAll("text") String s) {
        assertThat(Utf8.encode(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        assertThat(Utf8.encode(s.substring(0, s.length() - 2))).isEqualTo(s.substring(0, s.length() - 2).getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes from valid sequences, their pieces, U+FFFD and bytes that start none, so most arrays mix valid and invalid. */
    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> piece = Arbitraries.of(
                new byte[] {'a'}, new byte[] {0}, new byte[] {(byte) 0xC3, (byte) 0xA9}, new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD},
                new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82});
        return piece.list().ofMaxSize(8).map(ps -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (byte[] p : ps) out.writeBytes(p);
            return out.toByteArray();
        });
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF').ofMaxLength(12)
                .map(s -> s + new String(Character.toChars(0x1F600)));
    }
}
