package org.h5vds.api;

import java.util.Arrays;
import java.util.List;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.message.Datatype;
import org.h5vds.storage.FileObjects;
import org.h5vds.node.DatasetDefinition;

/** Turns a dtype, a shape and {@link DatasetOptions} into the node layer's definition of a new dataset. */
final class DatasetPlan {
    private DatasetPlan() {
    }

    /**
     * @param shape null or {@link Shape#SCALAR} for a scalar dataset
     * @param where the dataset, for errors
     */
    static DatasetDefinition definition(DType dtype, Shape shape, DatasetOptions options, H5File file, FileObjects heap, String where) {
        if (dtype == null) throw new IllegalArgumentException(where + ": a dtype is needed");
        Datatype stored;
        try {
            stored = StoredTypes.storedTypeOf(dtype);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return definition(stored, dtype, shape, options, file, heap, where);
    }

    /** As above, the elements stored as {@code stored} (a named datatype's type), whose dtype is {@code dtype}. */
    static DatasetDefinition definition(Datatype stored, DType dtype, Shape shape, DatasetOptions options, H5File file, FileObjects heap,
                                        String where) {
        if (options == null) options = DatasetOptions.defaults();
        byte[] fill = options.fillValue() == null ? null : StoredValues.element(options.fillValue(), dtype, stored, heap, file, where);
        List<FilterSpec> filters = options.filterSpecs();
        if (shape == null || shape.rank() == 0) {
            if (options.layout() == DatasetOptions.Layout.CHUNKED || !filters.isEmpty() || options.maxShape() != null) {
                throw new IllegalArgumentException(where + ": a scalar dataset cannot have chunks, filters or a maximum shape");
            }
            DatasetDefinition.Layout l = options.layout() == DatasetOptions.Layout.COMPACT ? DatasetDefinition.Layout.COMPACT
                    : DatasetDefinition.Layout.CONTIGUOUS;
            return new DatasetDefinition(stored, null, null, l, null, List.of(), fill).withTrackOrder(options.tracksOrder());
        }
        long[] dims = shape.toArray();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == Shape.UNLIMITED) throw new IllegalArgumentException(where + ": shape " + shape + " has an unlimited axis; use maxShape for that");
        }
        long[] max = options.maxShape();
        if (max != null && max.length != dims.length) {
            throw new IllegalArgumentException(where + ": maximum shape " + Shape.format(max) + " has rank " + max.length + ", the shape " + shape + " rank " + dims.length);
        }
        boolean extendible = max != null && !Arrays.equals(max, dims);
        DatasetDefinition.Layout layout = switch (options.layout()) {
            case COMPACT -> DatasetDefinition.Layout.COMPACT;
            case CONTIGUOUS -> DatasetDefinition.Layout.CONTIGUOUS;
            case CHUNKED -> DatasetDefinition.Layout.CHUNKED;
            case DEFAULT -> extendible || !filters.isEmpty() ? DatasetDefinition.Layout.CHUNKED : DatasetDefinition.Layout.CONTIGUOUS;
        };
        long[] chunks = null;
        if (layout == DatasetDefinition.Layout.CHUNKED) {
            chunks = options.chunks();
            if (chunks == null) {
                // as h5py, not cut to the maximum shape: the guess exceeds it only on an empty axis (guessed as 1024
                // long), where libhdf5 allows a chunk beyond a fixed maximum
                chunks = ChunkGuess.guess(dims, dtype.size());
            }
        } else if (options.chunks() != null) {
            throw new IllegalArgumentException(where + ": chunk shape " + Shape.format(options.chunks()) + " given with " + options.layout().name().toLowerCase() + " layout");
        }
        return new DatasetDefinition(stored, dims, max, layout, chunks, filters, fill, options.chunkCacheBytes())
                .withTrackOrder(options.tracksOrder());
    }
}
