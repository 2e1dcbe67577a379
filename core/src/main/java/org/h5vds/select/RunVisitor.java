package org.h5vds.select;

/** Receives maximal runs of a selection: {@code length} elements from {@code start} along the last axis. */
@FunctionalInterface
public interface RunVisitor {
    /**
     * @param start  coordinates of the run's first element; owned by the caller, which reuses it
     *               for the next run, so copy it to keep it and never modify it
     * @param length number of consecutive elements along the last axis (at least 1)
     */
    void run(long[] start, long length);
}
