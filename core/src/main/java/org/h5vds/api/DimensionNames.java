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

    /** Whether {@code o} is a dimension scale ({@code CLASS} is the string "DIMENSION_SCALE"). */
    static boolean isScale(H5Object o) {
        Attribute c = o.attrs().containsKey("CLASS") ? o.attrs().get("CLASS") : null;
        if (c == null || c.isEmpty() || !c.isString()) return false;
        List<String> s = c.strings();
        return s.size() == 1 && s.get(0).equals("DIMENSION_SCALE");
    }

    /** One name per axis of {@code d}, {@code rank} axes. */
    static List<String> of(Dataset d, int rank) {
        List<String> names = new ArrayList<>();
        for (int axis = 0; axis < rank; axis++) names.add("phony_dim_" + axis);
        if (rank == 1 && isScale(d)) names.set(0, d.name());
        List<Object> lists = dimensionLists(d);
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

    /** The entries of {@code DIMENSION_LIST} (one sequence of references per axis), or none. */
    private static List<Object> dimensionLists(Dataset d) {
        if (!d.attrs().containsKey("DIMENSION_LIST")) return List.of();
        try {
            Attribute a = d.attrs().get("DIMENSION_LIST");
            if (a.isEmpty() || a.dtype().kind() != DType.Kind.SEQUENCE || a.shape().rank() != 1) return List.of();
            return a.value().objects();
        } catch (H5Exception e) {
            return List.of(); // not a list of references as the dimension scale API writes it
        }
    }
}
