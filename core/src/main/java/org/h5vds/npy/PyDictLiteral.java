package org.h5vds.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.io.H5FormatException;

/**
 * A parser for the small Python literal subset .npy headers use: a dict of str keys whose values
 * are str, bool and int tuples; a structured dtype's descr (a list, or a dict with offsets) is
 * kept as its text. An error names the file and the byte offset in it.
 */
final class PyDictLiteral {
    /** A structured descr's text. */
    record Raw(String text) {
    }

    private final String s;
    private final String file;
    private final long offset;
    private int i;

    PyDictLiteral(String s, String file, long offset) {
        this.s = s;
        this.file = file;
        this.offset = offset;
    }

    Map<String, Object> dict() {
        skipSpace();
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                i++;
                break;
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (map.put(key, value()) != null) throw error("key '" + key + "' appears twice");
            skipSpace();
            if (peek() == ',') i++;
            else if (peek() != '}') throw error("expected ',' or '}'");
        }
        skipSpace();
        if (i != s.length()) throw error("unexpected text after the header dict");
        return map;
    }

    private Object value() {
        char c = peek();
        if (c == '\'' || c == '"') return string();
        if (c == '(') return tuple();
        if (c == '[' || c == '{') return raw();
        if (s.startsWith("True", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("False", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        throw error("expected a string, True, False or a tuple");
    }

    /** A structured dtype's descr (a list, or a dict with offsets): its text, parsed by the api's DType.parse. */
    private Object raw() {
        int depth = 0;
        int start = i;
        char quote = 0;
        do {
            char c = peek();
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            }
            i++;
        } while (depth > 0);
        return new Raw(s.substring(start, i));
    }

    private long[] tuple() {
        expect('(');
        List<Long> dims = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == ')') {
                i++;
                break;
            }
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (start == i) throw error("expected a non-negative integer in the shape tuple");
            try {
                dims.add(Long.parseLong(s.substring(start, i)));
            } catch (NumberFormatException e) {
                throw error("shape value " + s.substring(start, i) + " is too large");
            }
            if (i < s.length() && s.charAt(i) == 'L') i++;   // Python 2 long suffix
            skipSpace();
            if (peek() == ',') i++;
            else if (peek() != ')') throw error("expected ',' or ')' in the shape tuple");
        }
        long[] out = new long[dims.size()];
        for (int k = 0; k < out.length; k++) out[k] = dims.get(k);
        return out;
    }

    private String string() {
        char quote = peek();
        if (quote != '\'' && quote != '"') throw error("expected a quoted string");
        int end = s.indexOf(quote, i + 1);
        if (end < 0) throw error("unterminated string");
        String v = s.substring(i + 1, end);
        i = end + 1;
        return v;
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private char peek() {
        if (i >= s.length()) throw error("header ends early");
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        i++;
    }

    private H5FormatException error(String what) {
        String near = s.substring(Math.max(0, i - 20), Math.min(s.length(), i + 20)).replace("\n", "\\n");
        return new H5FormatException(file, offset + i, "bad .npy header: " + what + " near \"" + near + "\"");
    }
}
