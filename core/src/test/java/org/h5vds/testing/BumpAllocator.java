package org.h5vds.testing;

import org.h5vds.io.SpaceAllocator;

/** Hands out file space one block after another from a start address, as a file being appended to. */
public final class BumpAllocator implements SpaceAllocator {
    private long next;

    public BumpAllocator(long start) {
        this.next = start;
    }

    @Override
    public long allocate(long size) {
        if (size <= 0) throw new IllegalArgumentException("allocation of " + size + " bytes");
        long a = next;
        next += size;
        return a;
    }

    /** The end of the last block handed out. */
    public long end() {
        return next;
    }
}
