package org.h5vds.io;

import java.io.Closeable;
import java.nio.ByteBuffer;

/**
 * Positional, read-only access to the bytes of one file. There is no shared file pointer: every
 * read names its position, so one store serves any number of threads at once. A store may hold a
 * local file ({@link FileStore}), a remote object, or whatever a {@link StoreProvider} opens.
 */
public interface Store extends Closeable {
    /**
     * Where the file is, as it was opened: a local path or a URI ({@code s3://bucket/key}), for
     * error messages and for resolving names relative to it ({@link Locations}).
     */
    String location();

    /**
     * What identifies this version of the file's bytes (an object's ETag, a file's modification
     * time and length), or null when the store cannot tell.
     */
    default String version() {
        return null;
    }

    /**
     * The file's length in bytes as last read: when the store was opened, or later by
     * {@link #currentSize()}.
     */
    long size();

    /**
     * The file's length now, read again where the store can (a local file that a SWMR writer
     * extends grows while it is open); {@link #size()} reports it from then on. Stores that cannot
     * tell return {@link #size()}. Reads after this call see the file as it is now: a store that
     * keeps bytes it read before (a local file's first block, read at opening) forgets them.
     */
    default long currentSize() {
        return size();
    }

    /**
     * Fills {@code dst} from its position to its limit with the bytes at {@code position}.
     *
     * @throws H5FormatException naming {@code what} when the range runs past the end of the file
     */
    void read(long position, ByteBuffer dst, String what);

    /**
     * {@link #read(long, ByteBuffer, String)} for one piece of a range read once, front to back,
     * through a small buffer while it is decoded (a VDS mapping list of 8 MB, of which a {@link
     * #view} is used only where an entry is decoded field by field): a store that maps its file
     * reads the pieces without touching the mapping, so that the pages of the view that the decoder
     * never reads are never faulted in. Also how a caller reads runs that {@link #mappedView}
     * declined: the store has marked them as read, and a read through the mapping now would fault
     * their pages in on the first read instead of the second.
     */
    default void readStreamed(long position, ByteBuffer dst, String what) {
        read(position, dst, what);
    }

    /**
     * {@code length} bytes at {@code position} to be decoded at once, as a little-endian buffer that
     * may be a read-only view of the file's mapping rather than a copy (a store that maps its file
     * gives views of large ranges: an 8 MB VDS mapping list then costs no fresh memory). The caller
     * reads it right away and keeps nothing of it: a view sees later changes of the file, and a file
     * another program cuts short makes it fail. Any other store reads a new buffer, as {@link
     * #read(long, long, String)}.
     */
    default ByteBuffer view(long position, long length, String what) {
        return read(position, length, what);
    }

    /**
     * A read-only view of {@code length} bytes at {@code position} from which the caller copies a
     * few runs right away and keeps nothing, when the store can give one that costs less than
     * reading the runs (a local file whose mapped pages there this process has touched before);
     * null otherwise, and the caller reads what it needs with {@link #readStreamed}. A view sees later changes of the file,
     * and a file another program cuts short makes it fail. The caller has checked the range
     * against the file's length ({@link #checkRange}).
     *
     * @throws H5FormatException when the file is shorter now than the range's end
     */
    default ByteBuffer mappedView(long position, long length) {
        return null;
    }

    /**
     * Reads {@code length} bytes at {@code position} into a new little-endian buffer, after checking
     * the range against the file length so that a size read off a corrupt file cannot make us
     * allocate more than the file holds.
     */
    default ByteBuffer read(long position, long length, String what) {
        checkRange(position, length, what);
        ByteBuffer buf = ByteBuffer.allocate((int) length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        read(position, buf, what);
        buf.flip();
        return buf;
    }

    /** Throws unless [position, position+length) lies inside the file and fits in one buffer. */
    default void checkRange(long position, long length, String what) {
        if (position < 0 || length < 0 || length > Integer.MAX_VALUE - 16 || !withinLength(position, length)) {
            throw new H5FormatException(location(), position,
                    what + " of " + length + " bytes at " + position
                            + " runs past the end of the file (" + size() + " bytes)");
        }
    }

    /**
     * Whether [position, position+length) lies inside the file, reading the length again before
     * saying no: a range past the length read earlier may be inside a file that has grown since.
     */
    default boolean withinLength(long position, long length) {
        long n = size();
        if (position <= n && length <= n - position) return true;
        n = currentSize();
        return position <= n && length <= n - position;
    }

    /**
     * Says that the ranges {@code [positions[i], positions[i] + lengths[i])} will be read soon (the
     * chunks of one read): a remote store starts fetching them, adjacent ones together, several
     * requests at once; a local file ignores it.
     */
    default void prefetch(long[] positions, long[] lengths) {
    }

    /**
     * How many bytes are worth announcing with {@link #prefetch} at a time (the rest later, as
     * reading goes on); 0 when prefetching does nothing.
     */
    default long prefetchWindow() {
        return 0;
    }

    @Override
    void close();
}
