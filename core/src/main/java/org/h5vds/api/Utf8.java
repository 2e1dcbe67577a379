package org.h5vds.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that keeps every byte: decoding turns each byte of an invalid sequence into a lone
 * surrogate U+DC80..U+DCFF (Python's "surrogateescape"), encoding turns those back into the
 * bytes, so a string read from a file writes back byte for byte. h5py decodes ASCII strings as
 * UTF-8 too.
 */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    static String decode(byte[] b, int off, int len) {
        // valid UTF-8 (nearly every string) by the JDK's decoder, several times faster; it puts U+FFFD
        // where a sequence is invalid, and then (or for a U+FFFD of the string's own) we decode again
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        return s.indexOf('\uFFFD') < 0 ? s : decodeEscaping(b, off, len);
    }

    /** UTF-8, each byte of an invalid sequence as a lone surrogate U+DC80..U+DCFF. */
    private static String decodeEscaping(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            // lead bytes: C2..DF, E0..EF, F0..F4; C0, C1 and F5..FF start no sequence
            int n = c >= 0xF5 ? -1 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
            int cp = n == 3 ? c & 0x07 : n == 2 ? c & 0x0F : c & 0x1F;
            boolean ok = n > 0 && i + n < end;
            if (ok) {
                for (int k = 1; k <= n; k++) {
                    int x = b[i + k] & 0xFF;
                    if ((x & 0xC0) != 0x80) {
                        ok = false;
                        break;
                    }
                    cp = (cp << 6) | (x & 0x3F);
                }
            }
            // overlong forms, surrogates and values beyond U+10FFFF are invalid
            if (ok && ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))) ok = false;
            if (!ok) {
                sb.append((char) (0xDC00 | c));
                i++;
                continue;
            }
            sb.appendCodePoint(cp);
            i += n + 1;
        }
        return sb.toString();
    }

    static byte[] encode(String s) {
        // without surrogates (nearly every string) the JDK's encoder gives the same bytes, at once;
        // it would put '?' for a lone surrogate, which here stands for a byte (or is encoded as is)
        int i = 0;
        while (i < s.length() && !Character.isSurrogate(s.charAt(i))) i++;
        if (i == s.length()) return s.getBytes(StandardCharsets.UTF_8);
        return encodeEscaped(s);
    }

    /** UTF-8 of {@code s}, each lone surrogate U+DC80..U+DCFF as the byte it stands for. */
    private static byte[] encodeEscaped(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char ch = s.charAt(i);
            if (ch >= 0xDC80 && ch <= 0xDCFF) {
                out.write(ch & 0xFF);
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | (cp >> 6) & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | (cp >> 12) & 0x3F);
                out.write(0x80 | (cp >> 6) & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /** Whether every character is ASCII. */
    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0x7F) return false;
        return true;
    }

    /** Python's {@code bytes.decode('utf-8', 'backslashreplace')}: invalid bytes as \xNN. */
    static String backslashReplace(String decoded) {
        StringBuilder sb = new StringBuilder(decoded.length());
        for (int i = 0; i < decoded.length(); i++) {
            char ch = decoded.charAt(i);
            if (ch >= 0xDC80 && ch <= 0xDCFF) sb.append(String.format("\\x%02x", ch & 0xFF));
            else sb.append(ch);
        }
        return sb.toString();
    }
}
