package org.h5vds.io;

import java.nio.ByteBuffer;

/**
 * A {@link Store} that is also written: positional writes (no shared file pointer, so any thread
 * may write), reads that see every write made so far, and {@link #sync()}, the barrier that crash
 * safety is built on: every write before it is on the disk before any write after it.
 *
 * <p>{@link #size()} is the logical length: the file's length when opened or the end of the
 * furthest write, whichever is larger. Bytes never written inside it read as zero.
 */
public interface WritableStore extends Store {
    /** Writes the bytes of {@code src} from its position to its limit at {@code position}; {@code src} is not changed. */
    void write(long position, ByteBuffer src);

    default void write(long position, byte[] bytes) {
        write(position, ByteBuffer.wrap(bytes));
    }

    /** Forces every write made so far to the disk (fsync). */
    void sync();

    /** Cuts (or extends with zeros) the file to {@code length} bytes. */
    void truncate(long length);
}
