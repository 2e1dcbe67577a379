package org.h5vds.spark;

import java.util.Locale;
import java.util.Map;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.Shape;

/**
 * How a write stores each part file's dataset: chunked along axis 0 (unlimited, so it grows as
 * rows come), whole rows per chunk, {@code chunkRows} rows per chunk (default: about 1 MiB), and
 * compressed as option {@code compression} says — {@code gzip[=L]}, {@code lzf}, {@code lz4},
 * {@code bitshuffle-lz4}, {@code zstd[=L]} or {@code none} (the default), the names of
 * {@code h5vds write} — with {@code shuffle=true} for the byte shuffle before it.
 */
final class StorageOptions {
    static final long TARGET_CHUNK_BYTES = 1L << 20;

    private StorageOptions() {
    }

    static long chunkRows(Map<String, String> o, long rowBytes) {
        if (o.containsKey("chunkrows")) {
            long v = Hdf5Options.nonNegative("chunkRows", o.get("chunkrows"));
            if (v == 0) throw new IllegalArgumentException("hdf5: option \"chunkRows\" must be at least 1");
            return v;
        }
        return Math.max(1, TARGET_CHUNK_BYTES / Math.max(1, rowBytes));
    }

    static DatasetOptions of(Map<String, String> o, long chunkRows, long[] trailing) {
        long[] chunk = new long[trailing.length + 1];
        long[] max = new long[trailing.length + 1];
        chunk[0] = chunkRows;
        max[0] = Shape.UNLIMITED;
        for (int i = 0; i < trailing.length; i++) {
            chunk[i + 1] = Math.max(1, trailing[i]);
            max[i + 1] = trailing[i];
        }
        DatasetOptions d = DatasetOptions.chunked(chunk).maxShape(max);
        if (Boolean.parseBoolean(o.getOrDefault("shuffle", "false"))) d = d.shuffle();
        String c = o.getOrDefault("compression", "none").trim().toLowerCase(Locale.ROOT);
        String name = c.contains("=") ? c.substring(0, c.indexOf('=')) : c;
        Integer level = null;
        if (c.contains("=")) {
            try {
                level = Integer.parseInt(c.substring(c.indexOf('=') + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hdf5: option \"compression\" is " + c + "; a level is a whole number, e.g. gzip=4");
            }
        }
        return switch (name) {
            case "none" -> d;
            case "gzip", "deflate" -> level == null ? d.deflate() : d.deflate(level);
            case "lzf" -> d.lzf();
            case "lz4" -> d.lz4();
            case "bitshuffle-lz4" -> d.bitshuffleLz4();
            case "zstd" -> level == null ? d.zstd() : d.zstd(level);
            default -> throw new IllegalArgumentException("hdf5: option \"compression\" is " + c
                    + "; allowed: none, gzip[=L], lzf, lz4, bitshuffle-lz4, zstd[=L]");
        };
    }
}
