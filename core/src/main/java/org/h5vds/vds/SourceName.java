package org.h5vds.vds;

import java.util.ArrayList;
import java.util.List;

/**
 * A source file or dataset name as libhdf5's H5D_virtual_parse_source_name reads it: {@code %b}
 * stands for the block number of a "printf" mapping, {@code %%} for a literal percent sign, and any
 * other {@code %} (including a trailing one) makes the name invalid. A name without any {@code %}
 * is used as stored; one with {@code %%} but no {@code %b} is used unescaped.
 */
public final class SourceName {
    private final String stored;
    /** The literal text between substitutions, {@code %%} unescaped; one more than {@link #substitutions()}. */
    private final List<String> segments;

    private SourceName(String stored, List<String> segments) {
        this.stored = stored;
        this.segments = List.copyOf(segments);
    }

    /**
     * Parses a stored name.
     *
     * @throws IllegalArgumentException naming the offending position when a {@code %} is followed by
     *                                  anything but {@code b} or {@code %}
     */
    public static SourceName parse(String stored) {
        if (stored.indexOf('%') < 0) return new SourceName(stored, List.of(stored));
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < stored.length()) {
            char c = stored.charAt(i);
            if (c != '%') {
                current.append(c);
                i++;
                continue;
            }
            char next = i + 1 < stored.length() ? stored.charAt(i + 1) : 0;
            if (next == 'b') {
                segments.add(current.toString());
                current.setLength(0);
            } else if (next == '%') {
                current.append('%');
            } else {
                throw new IllegalArgumentException("invalid format specifier in source name \"" + stored + "\" at position " + i
                        + ": only %b (block number) and %% (a percent sign) are allowed");
            }
            i += 2;
        }
        segments.add(current.toString());
        return new SourceName(stored, segments);
    }

    /** The name exactly as stored in the file. */
    public String stored() {
        return stored;
    }

    /** Number of {@code %b} substitutions. */
    public int substitutions() {
        return segments.size() - 1;
    }

    public boolean isPrintf() {
        return substitutions() > 0;
    }

    /** The name of block {@code block}: every {@code %b} replaced by its decimal number. */
    public String build(long block) {
        if (segments.size() == 1) return segments.get(0);
        StringBuilder sb = new StringBuilder(segments.get(0));
        String number = Long.toUnsignedString(block);
        for (int k = 1; k < segments.size(); k++) sb.append(number).append(segments.get(k));
        return sb.toString();
    }

    /** The name with {@code marker} where each {@code %b} stands ({@code %%} unescaped), for finding the blocks that exist. */
    public String withMarker(String marker) {
        return String.join(marker, segments);
    }

    /** The name of a mapping that is not a printf mapping (block numbers are not substituted). */
    public String literal() {
        if (isPrintf()) throw new IllegalStateException("\"" + stored + "\" has %b substitutions; build it for a block");
        return segments.get(0);
    }

    /** Escapes {@code %} so that a plain name survives {@link #parse}. */
    public static String escape(String plain) {
        return plain.replace("%", "%%");
    }

    @Override
    public String toString() {
        return stored;
    }
}
