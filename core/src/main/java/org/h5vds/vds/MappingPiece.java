package org.h5vds.vds;

import org.h5vds.select.Selection;

/**
 * What one mapping (or one block of a printf mapping) contributes at the current extent: the
 * elements {@code virtual} of the virtual dataset (resolved, clipped to what libhdf5 reads) take
 * the elements {@code source} of the named source dataset, which may still be ALL or limited only
 * by the source's extent and is resolved against it when read.
 *
 * @param mapping the mapping's position in the list; pieces apply in this order, so a later mapping
 *                overwrites an earlier one where they overlap (as libhdf5 reads them)
 * @param block   the printf block number, or -1
 */
record MappingPiece(int mapping, long block, Selection virtual, Selection source, SourceKey sourceKey) {
}
