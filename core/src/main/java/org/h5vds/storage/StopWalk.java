package org.h5vds.storage;

/**
 * Thrown from inside a {@link org.h5vds.select.SelectionPair#forEachRun} visitor to end the walk
 * once its answer is known (more runs than a caller can use); caught by the same caller. Shared and
 * without a stack, so stopping costs nothing.
 */
final class StopWalk extends RuntimeException {
    static final StopWalk INSTANCE = new StopWalk();

    private StopWalk() {
        super("a walk over runs stopped early", null, false, false);
    }
}
