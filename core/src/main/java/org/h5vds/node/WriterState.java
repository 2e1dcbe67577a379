package org.h5vds.node;

import org.h5vds.format.Superblock;

/** Who has a file open for writing, as its superblock's file consistency flags say (see {@link WriterFlags}). */
public enum WriterState {
    /** No flag set: no writer has the file open (or the format keeps no flags). */
    NONE,
    /** Open for writing, not SWMR: libhdf5 refuses to read a version 3 superblock in this state. */
    WRITING,
    /** Open by a SWMR writer: readers may follow it ({@code refresh}). */
    SWMR_WRITING;

    static WriterState of(Superblock sb) {
        if (WriterFlags.isSwmrWrite(sb)) return SWMR_WRITING;
        return WriterFlags.isSet(sb) ? WRITING : NONE;
    }
}
