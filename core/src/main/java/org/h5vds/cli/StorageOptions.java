package org.h5vds.cli;

import java.util.List;
import org.h5vds.api.DatasetOptions;

/** How a dataset being written is stored: chunk shape and filters (options shared by write and materialize). */
final class StorageOptions {
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.value("--chunks", "a,b,..", Converters.LONGS, "chunk shape, one length per axis"),
            OptionSpec.value("--compression", "NAME", Converters.TEXT, "gzip[=LEVEL] (default level 4), lzf, lz4, bitshuffle-lz4 or zstd[=LEVEL]"),
            OptionSpec.flag("--shuffle", "byte shuffle before compression"),
            OptionSpec.flag("--fletcher32", "Fletcher-32 checksum of each chunk"));

    final long[] chunks;
    private final String compression;
    private final boolean shuffle;
    private final boolean fletcher32;

    StorageOptions(Arguments line) {
        chunks = line.get("--chunks");
        compression = line.get("--compression");
        shuffle = line.flag("--shuffle");
        fletcher32 = line.flag("--fletcher32");
    }

    /** Whether a filter was asked for. */
    boolean filtersGiven() {
        return compression != null || shuffle || fletcher32;
    }

    /** {@code o} with exactly the filters asked for, in h5py's order. */
    DatasetOptions withFilters(DatasetOptions o) {
        if (compression != null) o = WriteCommand.compression(o, compression);
        if (shuffle) o = o.shuffle();
        if (fletcher32) o = o.fletcher32();
        return o;
    }
}
