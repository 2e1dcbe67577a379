package org.h5vds.format;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.Store;

/** A {@link Store} over bytes in memory, for tests that build or corrupt structures. */
public final class BytesStore implements Store {
    private final byte[] bytes;
    private final Path path;

    public BytesStore(byte[] bytes) {
        this(bytes, Path.of("memory.h5"));
    }

    public BytesStore(byte[] bytes, Path path) {
        this.bytes = bytes.clone();
        this.path = path;
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public void read(long position, ByteBuffer dst, String what) {
        checkRange(position, dst.remaining(), what);
        if (position + dst.remaining() > bytes.length) throw new H5FormatException(path.toString(), position, what + ": past the end");
        dst.put(bytes, (int) position, dst.remaining());
    }

    @Override
    public void close() {
    }
}
