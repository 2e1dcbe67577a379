package org.h5vds.io;

/**
 * Where an encoder gets file space for the blocks of a structure it builds. The writer supplies
 * its own allocator; tests use a simple bump allocator. Addresses are relative to the base address.
 */
@FunctionalInterface
public interface SpaceAllocator {
    /** Reserves {@code size} bytes and returns their address. */
    long allocate(long size);
}
