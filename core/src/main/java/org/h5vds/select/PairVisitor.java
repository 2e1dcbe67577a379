package org.h5vds.select;

/** Receives runs of a {@link SelectionPair}: corresponding elements, contiguous along the last axis in both selections. */
@FunctionalInterface
public interface PairVisitor {
    /**
     * @param aStart first element of the run in selection a (reused by the caller: copy to keep, never modify)
     * @param bStart the corresponding element in selection b (same rules)
     * @param length number of elements, consecutive along the last axis of both a and b
     */
    void run(long[] aStart, long[] bStart, long length);
}
