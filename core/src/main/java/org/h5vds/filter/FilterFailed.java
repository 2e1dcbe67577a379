package org.h5vds.filter;

/**
 * A filter cannot encode one chunk, e.g. because its output would not be smaller than its input.
 * Not an error in itself: the pipeline skips an optional filter for that chunk and sets the chunk's
 * filter-mask bit, as libhdf5 does when a filter callback returns 0.
 */
public final class FilterFailed extends Exception {
    public FilterFailed(String reason) {
        super(reason);
    }
}
