package org.h5vds.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A dataset's dimension names as xarray reading the HDF5 file through h5netcdf gives them, for
 * Zarr's {@code _ARRAY_DIMENSIONS}: an axis with dimension scales attached ({@code DIMENSION_LIST})
 * is named after the last scale's name (its last path component); a one-dimensional dimension
 * scale's own axis after itself; any other axis {@code phony_dim_N}.
 */
final class DimensionNames {
    private DimensionNames() {
    }

    /** One name per axis of {@code d}, {@code rank} axes. */
    static List<String> of(Dataset d, int rank) {
        List<String> names = new ArrayList<>();
        for (int axis = 0; axis < rank; axis++) names.add("phony_dim_" + axis);
        if (rank == 1 && DimensionScales.isScale(d)) names.set(0, d.name());
        List<Object> lists = DimensionScales.lists(d);
        for (int axis = 0; axis < Math.min(rank, lists.size()); axis++) {
            if (!(lists.get(axis) instanceof NdArray refs) || refs.size() == 0 || refs.dtype().kind() != DType.Kind.REFERENCE) continue;
            try {
                Reference r = refs.getReference(refs.size() - 1L);
                String path = r == null ? null : r.path();
                if (path != null && !path.isEmpty() && !path.contains("@")) names.set(axis, path.substring(path.lastIndexOf('/') + 1));
            } catch (H5Exception e) {
                // a reference to nothing names no dimension: the axis keeps its phony name
            }
        }
        return names;
    }
}
