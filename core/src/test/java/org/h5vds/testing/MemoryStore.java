package org.h5vds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.format.FileContext;
import org.h5vds.io.Store;

/**
 * The one {@link Store} over bytes in memory that tests use: for round trips through encoders, for
 * structures built or corrupted by hand, and for files read whole into memory. The bytes are
 * shared, not copied, so a test may corrupt them after the store is made.
 */
public final class MemoryStore implements Store {
    private final byte[] bytes;
    private final String name;

    /** A store named {@code memory.h5}, the name error messages then carry. */
    public MemoryStore(byte[] bytes) {
        this(bytes, "memory.h5");
    }

    public MemoryStore(byte[] bytes, String name) {
        this.bytes = bytes;
        this.name = name;
    }

    /** A store of {@code size} zero bytes with the blocks of {@code structures} written at their addresses. */
    public static MemoryStore of(long size, EncodedStructure... structures) {
        byte[] b = new byte[Math.toIntExact(size)];
        for (EncodedStructure s : structures) {
            for (EncodedBlock block : s.blocks()) System.arraycopy(block.bytes(), 0, b, Math.toIntExact(block.address()), block.bytes().length);
        }
        return new MemoryStore(b);
    }

    /** A file read whole into memory, named by its path. */
    public static MemoryStore read(Path file) {
        try {
            return new MemoryStore(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file context over {@code bytes} with 8-byte offsets and lengths and no user block, as h5py writes. */
    public static FileContext context(byte[] bytes) {
        return new MemoryStore(bytes).context();
    }

    /** A file context over this store with 8-byte offsets and lengths and no user block, as h5py writes. */
    public FileContext context() {
        return new FileContext(this, 8, 8, 0);
    }

    /** The bytes, shared: tests corrupt them in place. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public String location() {
        return name;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public void read(long position, ByteBuffer dst, String what) {
        int n = dst.remaining();
        checkRange(position, n, what);
        dst.put(bytes, (int) position, n);
    }

    @Override
    public void close() {
    }
}
