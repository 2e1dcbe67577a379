package org.h5vds.picture;

/**
 * Builds SVG text: elements with attributes, escaped character data, and coordinates rounded to
 * hundredths of a pixel so that large pictures stay small. Text from files (source file and
 * dataset names) can hold anything, so every string goes through {@link #escape}, which also
 * replaces the characters XML 1.0 forbids.
 */
final class Svg {
    private final StringBuilder out = new StringBuilder(1 << 16);

    /** Writes {@code <name a="v" ...>}; {@code attributes} alternate names and values. */
    Svg open(String name, String... attributes) {
        start(name, attributes);
        out.append('>');
        return this;
    }

    /** Writes {@code <name a="v" .../>}. */
    Svg empty(String name, String... attributes) {
        start(name, attributes);
        out.append("/>");
        return this;
    }

    /** Writes {@code <name ...>text</name>}. */
    Svg element(String name, String text, String... attributes) {
        open(name, attributes);
        out.append(escape(text));
        return close(name);
    }

    Svg close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    Svg newline() {
        out.append('\n');
        return this;
    }

    Svg raw(String markup) {
        out.append(markup);
        return this;
    }

    int length() {
        return out.length();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void start(String name, String[] attributes) {
        if (attributes.length % 2 != 0) throw new IllegalArgumentException("attributes of <" + name + "> must come in name/value pairs");
        out.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] == null) continue;
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
    }

    /** A coordinate or length: at most two decimals, no trailing zeros, no exponent. */
    static String num(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("non-finite SVG coordinate " + v);
        long hundredths = Math.round(v * 100);
        long whole = hundredths / 100;
        long frac = Math.abs(hundredths % 100);
        String sign = hundredths < 0 && whole == 0 ? "-" : "";
        if (frac == 0) return sign + whole;
        if (frac % 10 == 0) return sign + whole + "." + frac / 10;
        return sign + whole + (frac < 10 ? ".0" : ".") + frac;
    }

    /**
     * Text safe inside XML character data and attribute values: markup characters as entities,
     * characters XML 1.0 does not allow (controls other than tab/newline/return, lone surrogates,
     * U+FFFE and U+FFFF) as U+FFFD.
     */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (rep == null) {
                boolean allowed;
                if (Character.isHighSurrogate(c)) {
                    allowed = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                    if (allowed) {
                        if (b != null) b.append(c).append(s.charAt(i + 1));
                        i++;
                        continue;
                    }
                } else {
                    allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xD800) || (c > 0xDFFF && c < 0xFFFE);
                }
                if (allowed) {
                    if (b != null) b.append(c);
                    continue;
                }
                rep = "\uFFFD";
            }
            if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
            b.append(rep);
        }
        return b == null ? s : b.toString();
    }
}
