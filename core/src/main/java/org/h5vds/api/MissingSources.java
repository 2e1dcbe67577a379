package org.h5vds.api;

/** What a read of a virtual dataset does when a source file or dataset it needs is missing. */
public enum MissingSources {
    /** Read the missing elements as the fill value, as libhdf5 does. */
    FILL,
    /** Fail, naming the missing file and dataset. */
    ERROR
}
