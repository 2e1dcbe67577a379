package org.h5vds.vds;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.h5vds.format.Checksum;

/**
 * A large heap block (a VDS mapping list) read once, front to back, through a 32 KiB array.
 * {@link MappingTable} takes the usual entry from here ({@link #around}) and only the others from
 * its view of the file's mapping: the first touch of a mapped page is a page fault (~3.5 ms for the
 * 8 MB of 100,000 mappings on this project's virtual machine), while the store reads the pieces with
 * pread ({@link org.h5vds.io.Store#readStreamed}: ~0.7 ms for 8 MB in pieces of 64 KiB, ~0.4 ms more
 * in pieces of 32 KiB), and C2 fences every read of memory outside the heap through a ByteBuffer,
 * which made the entries' compares twice as slow from the mapping as from an array. Every byte is
 * added to the block's lookup3 checksum as it is read, unless a {@link ChecksumAhead} computes it.
 * 32 KiB, not 64: with the worker's 32 KiB the open allocates no more than it did when the checksum
 * went through one 64 KiB array.
 */
final class StreamedBlock {
    /** Fills {@code into} (position to limit) with the block's bytes from {@code position}, a position of the block's cursor. */
    interface Source {
        void read(int position, ByteBuffer into);
    }

    /** The most bytes held at once. */
    static final int SIZE = 32 << 10;

    private final Source source;
    private final byte[] bytes = new byte[SIZE];
    private final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    /** Where the checksummed bytes end (the stored checksum's position): nothing at or past it is read. */
    private final int end;
    private final Checksum.Running sum;
    /** The block position of {@code bytes[0]}, and of the first byte not read yet. */
    private int start;
    private int read;

    /**
     * The block's bytes from {@code from} to {@code end}, as the cursor counts them, the checksum's
     * bytes from {@code end}; {@code checksummed}: whether {@link #checksum} is wanted (not when a
     * {@link ChecksumAhead} computes it).
     */
    StreamedBlock(Source source, int from, int end, boolean checksummed) {
        this.source = source;
        this.end = end;
        this.sum = checksummed ? new Checksum.Running(end - from) : null;
        this.start = from;
        this.read = from;
    }

    /** The block position of index 0 of the buffer {@link #around} returns. */
    int start() {
        return start;
    }

    /**
     * The bytes as a little-endian buffer that holds the block's bytes from {@code from} to {@code
     * to} (at index {@code from - start()}), reading on as far as the array holds; null when that
     * cannot be: bytes before those held (already dropped), more than {@link #SIZE}, or past {@code
     * end}. Bytes skipped (entries taken from the mapping) are read and checksummed, not kept.
     */
    ByteBuffer around(int from, int to) {
        if (from >= start && to <= read) return buffer;
        if (from < start || to - from > SIZE || to > end) return null;
        if (from >= read) {
            while (read < from) fill(0, Math.min(SIZE, from - read));
        } else {
            System.arraycopy(bytes, from - start, bytes, 0, read - from);
        }
        start = from;
        fill(read - start, Math.min(SIZE - (read - start), end - read));
        return buffer;
    }

    /** Reads the rest of the block (up to {@code end}) and returns the lookup3 checksum of all of it. */
    int checksum() {
        if (sum == null) throw new IllegalStateException("a block streamed without its checksum");
        while (read < end) fill(0, Math.min(SIZE, end - read));
        start = read;
        return sum.value();
    }

    /** Reads the next {@code n} bytes of the block into the array at {@code at} and adds them to the checksum. */
    private void fill(int at, int n) {
        buffer.limit(at + n).position(at);
        source.read(read, buffer);
        buffer.clear();
        if (sum != null) sum.update(bytes, at, n);
        read += n;
    }
}
