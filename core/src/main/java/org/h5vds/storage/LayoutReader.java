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
}
