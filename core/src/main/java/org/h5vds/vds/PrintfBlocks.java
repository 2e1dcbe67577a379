package org.h5vds.vds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The block numbers a printf name can stand for, found by listing what exists rather than by
 * trying block 0, 1, 2, ... in turn (libhdf5's way, which with a printf gap of 10^6 opens a
 * million names, and with 2^63 never ends). A name is split at its slashes; a part without
 * {@code %b} is followed as it is, a part with {@code %b} is matched against the entries of the
 * folder (or group) it lies in, listed once, with every {@code %b} of the name standing for the
 * same decimal number as libhdf5 prints it (no sign, no leading zeros). The result is every
 * number whose name exists; whether each one really holds the source is checked as for any other
 * source.
 */
final class PrintfBlocks {
    /** Stands for the block number in a name while it is split and located; no file or object name holds it. */
    static final String MARKER = "\uE0B0";
    private static final String NUMBER = "(0|[1-9][0-9]{0,18})";

    private PrintfBlocks() {
    }

    /**
     * The numbers {@code name} (with {@link #MARKER} for each {@code %b}) stands for among what
     * {@code list} shows: {@code list} takes a folder or group path ("" for the start) and returns
     * the names in it, or an empty list when it is not there.
     */
    static TreeSet<Long> find(String name, Function<String, List<String>> list) {
        TreeSet<Long> out = new TreeSet<>();
        String[] parts = name.split("/", -1);
        walk(parts, 0, name.startsWith("/") ? "/" : "", null, list, out);
        return out;
    }

    private static void walk(String[] parts, int i, String at, Long block, Function<String, List<String>> list, TreeSet<Long> out) {
        if (i == parts.length) {
            if (block != null) out.add(block);
            return;
        }
        String part = parts[i];
        if (part.isEmpty()) {
            walk(parts, i + 1, at, block, list, out);
            return;
        }
        if (!part.contains(MARKER)) {
            walk(parts, i + 1, join(at, part), block, list, out);
            return;
        }
        String literal = block == null ? null : part.replace(MARKER, Long.toString(block));
        if (literal != null) {
            walk(parts, i + 1, join(at, literal), block, list, out);
            return;
        }
        Pattern p = pattern(part);
        for (String entry : list.apply(at)) {
            long n = number(p, entry);
            if (n >= 0) walk(parts, i + 1, join(at, entry), n, list, out);
        }
    }

    /** The numbers the one-part name {@code part} (with markers) stands for among {@code names}. */
    static TreeSet<Long> matching(String part, List<String> names) {
        Pattern p = pattern(part);
        TreeSet<Long> out = new TreeSet<>();
        for (String name : names) {
            long n = number(p, name);
            if (n >= 0) out.add(n);
        }
        return out;
    }

    /** The block number {@code name} stands for under {@code p}, or -1 when it does not match (or lies beyond 2^63). */
    private static long number(Pattern p, String name) {
        Matcher m = p.matcher(name);
        if (!m.matches()) return -1;
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLarge) {
            return -1; // no block starts beyond 2^63
        }
    }

    /** The part as a regular expression: literal text, the first marker a number, later ones the same number. */
    private static Pattern pattern(String part) {
        StringBuilder re = new StringBuilder();
        String[] pieces = part.split(MARKER, -1);
        for (int k = 0; k < pieces.length; k++) {
            if (k > 0) re.append(k == 1 ? NUMBER : "\\1");
            if (!pieces[k].isEmpty()) re.append(Pattern.quote(pieces[k]));
        }
        return Pattern.compile(re.toString());
    }

    private static String join(String at, String part) {
        if (at.isEmpty()) return part;
        return at.endsWith("/") ? at + part : at + "/" + part;
    }

    /** Lists a folder of the file system ({@code ""} is the working directory); empty when it cannot be read. */
    static List<String> folder(String path) {
        Path dir = Path.of(path.isEmpty() ? "." : path);
        if (!Files.isDirectory(dir)) return List.of();
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException | UncheckedIOException | DirectoryIteratorException | SecurityException e) {
            return List.of(); // a folder we cannot list holds no source libhdf5 could open either
        }
        return names;
    }
}
