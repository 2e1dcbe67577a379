package org.h5vds.storage;

/**
 * Where one allocated chunk lives: its file address (relative to the base address, as stored),
 * its size on disk (after filters) and the filter mask (bit i set: filter i of the pipeline was
 * skipped for this chunk).
 */
public record ChunkLocation(long address, long storedSize, int filterMask) {
}
