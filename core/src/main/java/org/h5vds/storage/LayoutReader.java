package org.h5vds.storage;

import org.h5vds.select.SelectionPair;

/**
 * Reads the stored elements of one dataset. Implementations exist per layout (compact, contiguous,
 * chunked) and, above this layer, for virtual datasets; all are safe to share between threads.
 */
public interface LayoutReader {
    /**
     * Copies the elements of {@code pair.a()} (dataset coordinates) into {@code target} at the
     * positions {@code pair.b()} (target coordinates), the k-th of one to the k-th of the other,
     * converting each element with {@code converter} (stored type → target type). Elements that
     * were never written read as the dataset's fill value.
     */
    void read(SelectionPair pair, ReadTarget target, ElementConverter converter);

    /**
     * Copies the {@code count} elements from element {@code first} on (C order of the dataset's
     * elements), as stored, into {@code out} from {@code offset}, when this layout keeps them as
     * one run of bytes it can read at once: a frame of a contiguous dataset, {@code dset[k]},
     * read with no selection built. False, with nothing written, when it cannot; then
     * {@link #read} reads them. The caller has checked that the run lies inside the dataset.
     */
    default boolean readRun(long first, long count, byte[] out, int offset) {
        return false;
    }

    /**
     * Copies the elements of the product of {@code axes} (one set of coordinates per axis, inside
     * the extent, none empty), as stored, dense in C order into {@code out} from {@code offset},
     * when this layout reads such a small selection faster without building selection pairs,
     * pieces and tasks: a tile or a strided column of a contiguous dataset. False, with nothing
     * written, when it does not; then {@link #read} reads them.
     */
    default boolean readGrid(org.h5vds.select.DimSet[] axes, byte[] out, int offset) {
        return false;
    }
}
