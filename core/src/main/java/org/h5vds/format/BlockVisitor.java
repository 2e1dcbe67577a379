package org.h5vds.format;

/**
 * Told each block a structure occupies in the file: its address (relative to the base address, as
 * stored) and its size as libhdf5 allocates it. Writers give these blocks back once nothing points
 * to them; {@code h5stat}'s storage figures are their sums.
 */
@FunctionalInterface
public interface BlockVisitor {
    void block(long address, long size);
}
