package org.h5vds.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link Store} over a {@link FileChannel} using positional reads ({@code pread} on Linux, which
 * takes no lock), so concurrent readers never serialise on a file pointer.
 *
 * <p>A thread interrupted during a read closes a {@code FileChannel} for everyone
 * ({@link ClosedByInterruptException}); we reopen the channel once in that case so that one
 * cancelled task cannot break every other reader of the file.
 */
public final class FileStore implements Store {
    private final Path path;
    private final long size;
    private volatile FileChannel channel;
    private volatile boolean closed;

    private FileStore(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    public static FileStore open(Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            return new FileStore(path, ch, ch.size());
        } catch (IOException e) {
            throw new H5Exception(path + ": cannot open: " + describe(e), e);
        }
    }

    static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long position, ByteBuffer dst, String what) {
        int wanted = dst.remaining();
        checkRange(position, wanted, what);
        long pos = position;
        boolean retried = false;
        while (dst.hasRemaining()) {
            try {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    throw new H5FormatException(path.toString(), pos, what
                            + ": file ended after " + (pos - position) + " of " + wanted + " bytes");
                }
                pos += n;
            } catch (ClosedChannelException e) {
                if (closed || retried) throw new H5Exception(path + ": file is closed", e);
                retried = true;
                reopen();
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": read failed at " + pos + ": " + describe(e), e);
            }
        }
    }

    private synchronized void reopen() {
        if (channel.isOpen()) return;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot reopen: " + describe(e), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": close failed", e);
        }
    }

    @Override
    public String toString() {
        return "FileStore[" + path + "]";
    }
}
