package org.h5vds.cli;

import org.h5vds.api.DatasetOptions;
import picocli.CommandLine.Option;

/** How a dataset being written is stored: chunk shape and filters (a picocli mixin shared by write and materialize). */
final class StorageOptions {
    @Option(names = "--chunks", paramLabel = "a,b,..", split = ",", hideParamSyntax = true, description = "chunk shape, one length per axis")
    long[] chunks;

    @Option(names = "--compression", paramLabel = "NAME",
            description = "gzip[=LEVEL] (default level 4), lzf, lz4, bitshuffle-lz4 or zstd[=LEVEL]")
    String compression;

    @Option(names = "--shuffle", description = "byte shuffle before compression")
    boolean shuffle;

    @Option(names = "--fletcher32", description = "Fletcher-32 checksum of each chunk")
    boolean fletcher32;

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
