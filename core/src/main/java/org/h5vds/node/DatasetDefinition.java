package org.h5vds.node;

import java.util.List;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.message.Datatype;

/**
 * What a new dataset is: its stored type, extent, storage and fill value.
 *
 * @param type      the stored element type
 * @param dims      the current extent, or null for a scalar dataset
 * @param maxDims   the maximum extent ({@link org.h5vds.format.message.Dataspace#UNLIMITED} for unlimited
 *                  axes), or null for the current extent
 * @param layout    how the elements are stored
 * @param chunkDims the chunk shape, for chunked storage only
 * @param filters   the filters as requested (client data completed when the dataset is created), chunked only
 * @param fillValue one element of fill value in the stored type, or null for libhdf5's default (zeros)
 * @param chunkCacheBytes memory for partially written chunks, or 0 for the default
 * @param filtersAsStored whether {@code filters} are another dataset's, client data complete, to be stored as
 *                  they are (a copy, whose chunks are copied as stored: a filter h5vds cannot encode is kept)
 * @param trackOrder whether the dataset records the creation order of its attributes (h5py's {@code track_order=True})
 */
public record DatasetDefinition(Datatype type, long[] dims, long[] maxDims, Layout layout, long[] chunkDims, List<FilterSpec> filters,
                                byte[] fillValue, long chunkCacheBytes, boolean filtersAsStored, boolean trackOrder) {
    public enum Layout { COMPACT, CONTIGUOUS, CHUNKED }

    public DatasetDefinition {
        dims = dims == null ? null : dims.clone();
        maxDims = maxDims == null ? null : maxDims.clone();
        chunkDims = chunkDims == null ? null : chunkDims.clone();
        filters = filters == null ? List.of() : List.copyOf(filters);
        fillValue = fillValue == null ? null : fillValue.clone();
        if (chunkCacheBytes < 0) throw new IllegalArgumentException("chunk cache of " + chunkCacheBytes + " bytes");
    }

    public DatasetDefinition(Datatype type, long[] dims, long[] maxDims, Layout layout, long[] chunkDims, List<FilterSpec> filters,
                             byte[] fillValue, long chunkCacheBytes, boolean filtersAsStored) {
        this(type, dims, maxDims, layout, chunkDims, filters, fillValue, chunkCacheBytes, filtersAsStored, false);
    }

    public DatasetDefinition(Datatype type, long[] dims, long[] maxDims, Layout layout, long[] chunkDims, List<FilterSpec> filters,
                             byte[] fillValue, long chunkCacheBytes) {
        this(type, dims, maxDims, layout, chunkDims, filters, fillValue, chunkCacheBytes, false);
    }

    /** The same dataset, recording the creation order of its attributes or not (h5py's {@code track_order}). */
    public DatasetDefinition withTrackOrder(boolean track) {
        return new DatasetDefinition(type, dims, maxDims, layout, chunkDims, filters, fillValue, chunkCacheBytes, filtersAsStored, track);
    }

    public DatasetDefinition(Datatype type, long[] dims, long[] maxDims, Layout layout, long[] chunkDims, List<FilterSpec> filters,
                             byte[] fillValue) {
        this(type, dims, maxDims, layout, chunkDims, filters, fillValue, 0);
    }
}
