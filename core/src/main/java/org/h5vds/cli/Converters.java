package org.h5vds.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The converters of plain values: text, paths, whole numbers and comma-separated lists of them. */
enum Converters implements Converter {
    TEXT,
    PATH,
    INT,
    LONG,
    /** {@code a,b,..}: one long per comma-separated item. */
    LONGS;

    @Override
    public Object convert(String text) {
        switch (this) {
            case TEXT:
                return text;
            case PATH:
                try {
                    return Path.of(text);
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a path: " + e.getReason());
                }
            case INT:
                try {
                    return Integer.parseInt(text.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not an int");
                }
            case LONG:
                return parseLong(text);
            default:
                String[] items = text.split(",", -1);
                long[] values = new long[items.length];
                for (int i = 0; i < items.length; i++) values[i] = parseLong(items[i]);
                return values;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a long");
        }
    }
}
