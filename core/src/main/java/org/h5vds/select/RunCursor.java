package org.h5vds.select;

/** Pull-style iteration over the runs of one selection between two ranks of its iteration order. */
interface RunCursor {
    /** Moves to the next run; false when the range is exhausted. */
    boolean next();

    /** First element of the current run (owned by the cursor; valid until the next call to {@link #next()}). */
    long[] start();

    /** Length of the current run. */
    long length();
}
