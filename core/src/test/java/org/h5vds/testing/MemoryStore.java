package org.h5vds.testing;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.io.Store;

/** A {@link Store} over bytes in memory, for round trips through encoders and for corrupting files. */
public final class MemoryStore implements Store {
    private final byte[] bytes;
    private final Path path;

    public MemoryStore(byte[] bytes, String name) {
        this.bytes = bytes;
        this.path = Path.of(name);
    }

    /** A store of {@code size} zero bytes with the blocks of {@code structures} written at their addresses. */
    public static MemoryStore of(long size, EncodedStructure... structures) {
        byte[] b = new byte[Math.toIntExact(size)];
        for (EncodedStructure s : structures) {
            for (EncodedBlock block : s.blocks()) System.arraycopy(block.bytes(), 0, b, Math.toIntExact(block.address()), block.bytes().length);
        }
        return new MemoryStore(b, "memory.h5");
    }

    /** The bytes, shared: tests corrupt them in place. */
    public byte[] bytes() {
        return bytes;
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
        int n = dst.remaining();
        checkRange(position, n, what);
        dst.put(bytes, (int) position, n);
    }

    @Override
    public void close() {
    }
}
