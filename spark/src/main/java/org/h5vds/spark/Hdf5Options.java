package org.h5vds.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.h5vds.api.MissingSources;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.VirtualView;

/**
 * The options of {@code format("hdf5")}, read once on the driver (names case-insensitive, as
 * Spark's options are) and carried by the tasks. Every value is checked here, so that a wrong one
 * fails the query at once with the option named, not later inside a task.
 *
 * <p>Reading: {@code path} (or several paths, each a file or a glob), {@code dataset} (the object
 * path), {@code layout} ({@code rows}: one row per position along axis 0; {@code elements}: one row
 * per element), {@code partitionBytes} (decoded bytes per partition, default 128m),
 * {@code attributes} (a group or dataset whose attributes, and those of every object below it,
 * make a side table instead of a dataset's rows), {@code enums} ({@code ints}, the default: an
 * enumeration's values as its base integers, as h5py reads them; {@code strings}: their names), and
 * the virtual dataset options of the library: {@code view} ({@code last-available} or {@code first-missing}), {@code printfGap},
 * {@code prefix}, {@code missingSources} ({@code fill} or {@code error}).
 */
final class Hdf5Options implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What one row holds. */
    enum Layout { ROWS, ELEMENTS }

    static final long DEFAULT_PARTITION_BYTES = 128L << 20;

    final List<String> paths;
    final String dataset;
    final String attributes;
    final Layout layout;
    final long partitionBytes;
    /** Enumerations read as their names (option {@code enums=strings}) instead of their integer values. */
    final boolean enumsAsStrings;
    final VirtualView view;
    final long printfGap;
    final String prefix;
    final MissingSources missingSources;
    /** Every option as given (lower-case names), for the writer's options. */
    final Map<String, String> all;

    private Hdf5Options(Map<String, String> o) {
        this.all = o;
        this.paths = paths(o);
        this.attributes = o.get("attributes");
        this.dataset = o.get("dataset");
        this.layout = choice(o, "layout", "rows", "rows", "elements").equals("rows") ? Layout.ROWS : Layout.ELEMENTS;
        this.partitionBytes = o.containsKey("partitionbytes") ? bytes("partitionBytes", o.get("partitionbytes")) : DEFAULT_PARTITION_BYTES;
        this.enumsAsStrings = choice(o, "enums", "ints", "ints", "strings").equals("strings");
        this.view = choice(o, "view", "last-available", "last-available", "first-missing").equals("first-missing")
                ? VirtualView.FIRST_MISSING : VirtualView.LAST_AVAILABLE;
        this.printfGap = o.containsKey("printfgap") ? nonNegative("printfGap", o.get("printfgap")) : 0;
        this.prefix = o.get("prefix");
        this.missingSources = choice(o, "missingsources", "fill", "fill", "error").equals("error") ? MissingSources.ERROR : MissingSources.FILL;
    }

    /** Options for reading: {@code dataset} or {@code attributes} and at least one path are required. */
    static Hdf5Options forReading(Map<String, String> options) {
        Hdf5Options o = new Hdf5Options(lowerCase(options));
        if (o.paths.isEmpty()) throw new IllegalArgumentException("hdf5: no path given: load(path) or option(\"path\", ...)");
        if (o.dataset == null && o.attributes == null) {
            throw new IllegalArgumentException("hdf5: option \"dataset\" (the dataset's path in the file, e.g. /entry/data) is required,"
                    + " or option \"attributes\" for a table of attributes");
        }
        if (o.dataset != null && o.attributes != null) {
            throw new IllegalArgumentException("hdf5: give option \"dataset\" or option \"attributes\", not both");
        }
        return o;
    }

    /** Options for writing: one path and {@code dataset}. */
    static Hdf5Options forWriting(Map<String, String> options) {
        Hdf5Options o = new Hdf5Options(lowerCase(options));
        if (o.paths.size() != 1) throw new IllegalArgumentException("hdf5: save(path) takes one output file, got " + o.paths);
        if (o.dataset == null) throw new IllegalArgumentException("hdf5: option \"dataset\" (the dataset's path in the output file, e.g. /data) is required");
        return o;
    }

    /** The library's options for reading virtual datasets. */
    ReadOptions readOptions() {
        ReadOptions r = ReadOptions.defaults().virtualView(view).printfGap(printfGap).missingSources(missingSources);
        return prefix == null ? r : r.virtualPrefix(prefix);
    }

    private static Map<String, String> lowerCase(Map<String, String> options) {
        Map<String, String> out = new TreeMap<>();
        options.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    /** {@code path}, and {@code paths} as Spark's DataFrameReader sets it for load(p1, p2, ...): a JSON array. */
    private static List<String> paths(Map<String, String> o) {
        List<String> out = new ArrayList<>();
        if (o.containsKey("path")) out.add(o.get("path"));
        String many = o.get("paths");
        if (many != null) {
            try {
                for (String p : new ObjectMapper().readValue(many, String[].class)) if (!out.contains(p)) out.add(p);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("hdf5: option \"paths\" is not a JSON array of strings: " + many, e);
            }
        }
        return List.copyOf(out);
    }

    private static String choice(Map<String, String> o, String name, String otherwise, String... allowed) {
        String v = o.getOrDefault(name, otherwise).trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) if (a.equals(v)) return v;
        throw new IllegalArgumentException("hdf5: option \"" + name + "\" is " + o.get(name) + "; allowed: " + String.join(", ", allowed));
    }

    /** A size in bytes: a number with an optional k, m or g (powers of 1024), e.g. 128m. */
    static long bytes(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("b")) t = t.substring(0, t.length() - 1);
        if (t.endsWith("k")) unit = 1L << 10;
        else if (t.endsWith("m")) unit = 1L << 20;
        else if (t.endsWith("g")) unit = 1L << 30;
        if (unit > 1) t = t.substring(0, t.length() - 1);
        try {
            long v = Math.multiplyExact(Long.parseLong(t.trim()), unit);
            if (v > 0) return v;
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException("hdf5: option \"" + name + "\" is " + text + "; expected a positive size such as 64m, 1g or 4096");
    }

    static long nonNegative(String name, String text) {
        try {
            long v = Long.parseLong(text.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("hdf5: option \"" + name + "\" is " + text + "; expected a whole number >= 0");
    }
}
