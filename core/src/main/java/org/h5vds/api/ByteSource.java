package org.h5vds.api;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one file, read at any position: what h5vds reads HDF5 files through. A
 * {@link ByteSourceProvider} opens one for a location (a path, {@code s3://bucket/key},
 * {@code https://host/file.h5}, {@code hdfs://namenode/file.h5}, ...).
 *
 * <p>There is no file pointer: every read names its position, and h5vds reads from many threads
 * at once (the chunks of one read are decoded in parallel), so implementations must be
 * thread-safe and should not serialise reads (Hadoop's {@code PositionedReadable.readFully},
 * {@code FileChannel.read(dst, position)}, HTTP range requests all fit).
 */
public interface ByteSource extends Closeable {
    /**
     * The location this source was opened for, as given to {@link ByteSourceProvider#open}; named in error messages.
     *
     * @return the location as given to the provider
     */
    String location();

    /**
     * The length of the file in bytes, fixed when it was opened.
     *
     * @return the file's size in bytes
     */
    long size();

    /**
     * Fills {@code dst} from its position to its limit with the bytes that start at
     * {@code position}, advancing its position to its limit. h5vds never asks for bytes beyond
     * {@link #size()}.
     *
     * @param position the file offset of the first byte to read, 0 or more
     * @param dst the buffer to fill, from its position to its limit
     * @throws java.io.EOFException when the file ends first (it was truncated)
     * @throws IOException          when the bytes cannot be read; the message should say why
     */
    void read(long position, ByteBuffer dst) throws IOException;

    /**
     * What identifies this version of the file (an object's ETag, a file's modification time),
     * or null when unknown. An implementation that can should also make {@link #read} fail when
     * the file changes while it is open, so that a replaced file is an error rather than a mix of
     * two files.
     *
     * @return the version's identity, or null when unknown
     */
    default String version() {
        return null;
    }

    @Override
    void close() throws IOException;
}
