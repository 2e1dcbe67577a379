package org.h5vds.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python literals as NumPy writes them in {@code .npy} headers and dtype descriptions: strings
 * (single or double quotes, with backslash escapes), integers, {@code True}/{@code False}/
 * {@code None}, lists, tuples and dicts. Lists become {@link List}, tuples {@link Tuple}, dicts
 * {@link Map} (in order), integers {@link Long}.
 */
final class PyLiteral {
    /** A Python tuple. */
    record Tuple(List<Object> items) {
    }

    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    /** The value {@code text} holds (nothing else but white space may follow it). */
    static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value();
        p.space();
        if (p.pos != text.length()) throw p.error("unexpected text after the value");
        return v;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + pos + " of " + text);
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private boolean take(char c) {
        space();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private Object value() {
        space();
        if (pos >= text.length()) throw error("a value is missing");
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') return string(c);
        if (c == '[') {
            pos++;
            return new ArrayList<>(items(']'));
        }
        if (c == '(') {
            pos++;
            List<Object> items = new ArrayList<>();
            boolean comma = false;
            while (!take(')')) {
                items.add(value());
                comma = take(',');
                if (!comma && !peek(')')) throw error("',' or ')' expected");
            }
            if (items.size() == 1 && !comma) return items.get(0); // parentheses, not a tuple
            return new Tuple(items);
        }
        if (c == '{') {
            pos++;
            Map<Object, Object> m = new LinkedHashMap<>();
            while (!take('}')) {
                Object k = value();
                if (!take(':')) throw error("':' expected");
                m.put(k, value());
                if (!take(',') && !peek('}')) throw error("',' or '}' expected");
            }
            return m;
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            int start = pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') pos++;
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("integer " + digits + " is out of range");
            }
        }
        for (String word : List.of("True", "False", "None")) {
            if (text.startsWith(word, pos)) {
                pos += word.length();
                return word.equals("None") ? null : word.equals("True");
            }
        }
        throw error("unexpected '" + c + "'");
    }

    private boolean peek(char c) {
        space();
        return pos < text.length() && text.charAt(pos) == c;
    }

    private List<Object> items(char close) {
        List<Object> items = new ArrayList<>();
        while (!take(close)) {
            items.add(value());
            if (!take(',') && !peek(close)) throw error("',' or '" + close + "' expected");
        }
        return items;
    }

    private String string(char quote) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated string");
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> sb.append((char) hex(4));
                case 'U' -> sb.appendCodePoint(hex(8));
                default -> sb.append(e);
            }
        }
    }

    private int hex(int n) {
        if (pos + n > text.length()) throw error("short escape");
        int v = Integer.parseInt(text.substring(pos, pos + n), 16);
        pos += n;
        return v;
    }

    /** {@code s} as Python's repr() writes a str: single quotes unless it holds one and no double quote; non-printable characters escaped. */
    static String repr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == q || cp == '\\') sb.append('\\').appendCodePoint(cp);
            else if (cp == '\n') sb.append("\\n");
            else if (cp == '\r') sb.append("\\r");
            else if (cp == '\t') sb.append("\\t");
            else if (cp < 0x20 || cp == 0x7F) sb.append(String.format("\\x%02x", cp));
            else if (cp >= 0x80 && cp < 0xA0) sb.append(String.format("\\x%02x", cp));
            else if (Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.UNASSIGNED
                    || Character.getType(cp) == Character.PRIVATE_USE) {
                sb.append(cp <= 0xFF ? String.format("\\x%02x", cp) : cp <= 0xFFFF ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
            } else sb.appendCodePoint(cp);
        }
        return sb.append(q).toString();
    }
}
