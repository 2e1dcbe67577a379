package org.h5vds.format;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.Store;

/** A {@link Store} over bytes in memory, for round-trip tests of encoders. */
final class MemoryStore implements Store {
    private final byte[] bytes;
    private final Path name;

    MemoryStore(byte[] bytes, String name) {
        this.bytes = bytes;
        this.name = Path.of(name);
    }

    /** A file context with 8-byte offsets and lengths over {@code bytes}. */
    static FileContext context(byte[] bytes) {
        return new FileContext(new MemoryStore(bytes, "memory.h5"), 8, 8, 0);
    }

    @Override
    public String location() {
        return name.toString();
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public void read(long position, ByteBuffer dst, String what) {
        int n = dst.remaining();
        checkRange(position, n, what);
        if (position + n > bytes.length) throw new H5FormatException(name.toString(), position, what + ": past the end");
        dst.put(bytes, (int) position, n);
    }

    @Override
    public void close() {
    }
}
