package org.h5vds.storage;

import java.nio.ByteBuffer;

/**
 * The file space a layout writer stores raw data and chunk indexes in. Addresses are relative to
 * the file's base address, as HDF5 stores them. The node layer provides it and decides when freed
 * space can be used again (see {@link #discard} and {@link #release}). Safe from many threads.
 */
public interface RawSpace {
    /** Reserves {@code size} bytes and returns their address. */
    long allocate(long size);

    /**
     * Reserves {@code size} bytes that read as zero: space at the end of the file is zero already;
     * reused space, or space the file holds beyond its end of allocation, is cleared.
     */
    long allocateZeroed(long size);

    /** Writes the remaining bytes of {@code bytes} at {@code address}; {@code bytes} is only read. */
    void write(long address, ByteBuffer bytes);

    default void write(long address, byte[] bytes) {
        write(address, ByteBuffer.wrap(bytes));
    }

    /** Reads {@code dst.remaining()} bytes at {@code address}. */
    void read(long address, ByteBuffer dst);

    /** A block written since the last commit is no longer used: nothing committed points to it, so it is reusable at once. */
    void discard(long address, long size);

    /** A block the committed file points to is no longer used: reusable once the next commit is durable. */
    void release(long address, long size);

    /** The file, for error messages. */
    String fileName();
}
