package org.h5vds.api;

import java.util.Objects;

/**
 * The storage {@link Dataset#materialize} gives a copy when none is asked for, and where each
 * choice comes from, for a person to read: {@code chunksFrom} such as "the sources' chunks" or
 * "one frame (the sources are not all chunked alike)", {@code filtersFrom} such as "the sources'
 * filters" or "none (the sources' filters differ)".
 *
 * @param options     the storage chosen
 * @param chunksFrom  where the chunk shape comes from
 * @param filtersFrom where the filters come from
 */
public record StoragePlan(DatasetOptions options, String chunksFrom, String filtersFrom) {
    /**
     * Checks that no part is null.
     *
     * @param options the storage chosen, not null
     * @param chunksFrom where the chunk shape comes from, not null
     * @param filtersFrom where the filters come from, not null
     */
    public StoragePlan {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(chunksFrom, "chunksFrom");
        Objects.requireNonNull(filtersFrom, "filtersFrom");
    }
}
