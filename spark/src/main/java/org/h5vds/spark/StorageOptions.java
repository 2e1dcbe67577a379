package org.h5vds.spark;

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
        String c = o.getOrDefault("compression", "none").strip();
        if (c.equalsIgnoreCase("none")) return d;
        try {
            return d.compression(c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hdf5: option " + e.getMessage() + " (or none)", e);
        }
    }
}
