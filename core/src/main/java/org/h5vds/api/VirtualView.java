package org.h5vds.api;

/**
 * How the extent of a virtual dataset with unlimited mappings is computed from its sources
 * (libhdf5's H5Pset_virtual_view).
 */
public enum VirtualView {
    /** Up to the first missing source data: the smallest extent the unlimited mappings reach. */
    FIRST_MISSING,
    /** Up to the last available source data: the largest extent; libhdf5's (and h5py's) default. */
    LAST_AVAILABLE
}
