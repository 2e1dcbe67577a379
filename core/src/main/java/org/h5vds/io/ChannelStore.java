package org.h5vds.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An existing file opened for reading and writing, through one {@link FileChannel}: positional
 * reads and writes ({@code pread}/{@code pwrite}, no file pointer, no lock) from any thread, and
 * {@link #sync()} as {@code fsync}. Unlike {@link FileStore} nothing is memory-mapped, since the
 * file changes under us.
 *
 * <p>Every write and sync passes through the {@link WriteObserver} installed with
 * {@link #observeWrites} (none by default): tests use it to record the writes of a session and to
 * rebuild the file as a crash at any moment would leave it.
 */
public final class ChannelStore implements WritableStore {
    /** Sees each write before it is made and each sync after it completes; for crash tests. */
    public interface WriteObserver {
        void write(Path file, long position, ByteBuffer bytes);

        void sync(Path file);
    }

    private static volatile WriteObserver observer;

    private final Path path;
    private final FileChannel channel;
    private final AtomicLong size;
    private volatile boolean closed;

    private ChannelStore(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = new AtomicLong(size);
    }

    /**
     * Opens {@code path} for reading and writing.
     *
     * @throws H5Exception naming the file when it is missing, read-only or cannot be opened
     */
    public static ChannelStore open(Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new ChannelStore(path, ch, ch.size());
        } catch (AccessDeniedException e) {
            throw new H5Exception(path + ": cannot open for writing: permission denied (the file or its folder is read-only)", e);
        } catch (IOException e) {
            throw new H5Exception(path + ": cannot open for writing: " + FileStore.describe(e), e);
        }
    }

    /** Installs (or with null removes) the observer of every write and sync of every store; for tests. */
    public static void observeWrites(WriteObserver o) {
        observer = o;
    }

    public Path path() {
        return path;
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public long size() {
        return size.get();
    }

    @Override
    public void read(long position, ByteBuffer dst, String what) {
        checkRange(position, dst.remaining(), what);
        long pos = position;
        try {
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    // allocated and not yet written: zeros, as the file will hold once extended
                    while (dst.hasRemaining()) dst.put((byte) 0);
                    return;
                }
                pos += n;
            }
        } catch (ClosedChannelException e) {
            throw new H5Exception(path + ": file is closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": read failed at " + pos + ": " + FileStore.describe(e), e);
        }
    }

    @Override
    public void write(long position, ByteBuffer src) {
        if (position < 0) throw new IllegalArgumentException("write at " + position);
        ByteBuffer b = src.duplicate();
        WriteObserver o = observer;
        if (o != null) o.write(path, position, b.duplicate());
        long pos = position;
        try {
            while (b.hasRemaining()) pos += channel.write(b, pos);
        } catch (ClosedChannelException e) {
            throw new H5Exception(path + ": file is closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": write of " + src.remaining() + " bytes at " + position + " failed: "
                    + FileStore.describe(e), e);
        }
        long end = pos;
        size.accumulateAndGet(end, Math::max);
    }

    @Override
    public void sync() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot force writes to the disk: " + FileStore.describe(e), e);
        }
        WriteObserver o = observer;
        if (o != null) o.sync(path);
    }

    @Override
    public void truncate(long length) {
        try {
            if (channel.size() > length) {
                channel.truncate(length);
            } else if (channel.size() < length) {
                channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
            }
            size.set(length);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot set the length to " + length + ": " + FileStore.describe(e), e);
        }
    }

    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": close failed: " + FileStore.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "ChannelStore[" + path + "]";
    }
}
