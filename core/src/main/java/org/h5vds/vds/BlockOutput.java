package org.h5vds.vds;

import java.nio.ByteBuffer;
import org.h5vds.format.Checksum;
import org.h5vds.io.Cursor;
import org.h5vds.storage.RawSpace;

/**
 * Where a VDS mapping block (and the heap collection around it) is written: either one array of
 * the exact size, or a small buffer that is written out to the file whenever the next piece does
 * not fit, so that a block of 100,000 mappings (8 MB) never exists whole in memory. A young JVM
 * pays for every fresh page it touches (page faults cost as much as writing the block), and a
 * bounded buffer keeps the memory a large layout needs bounded too. The lookup3 checksum of a
 * stretch of the bytes is computed as they pass ({@link #startChecksum}, {@link #checksum}).
 * Not for use by several threads.
 */
final class BlockOutput {
    /** The buffer of a written-out output: 1 MiB, unless one piece needs more. */
    static final int BUFFER = 1 << 20;

    private final ByteBuffer buffer;
    private final int lengthSize;
    /** Null for an output kept in memory. */
    private final RawSpace sink;
    private final long address;
    private Cursor cursor;
    /** Bytes written out to the sink so far (the buffer holds what follows). */
    private long flushed;
    private Checksum.Running sum;
    /** Where, in the whole output, the bytes not yet added to {@link #sum} start. */
    private long summedTo;

    private BlockOutput(ByteBuffer buffer, int lengthSize, RawSpace sink, long address) {
        this.buffer = buffer;
        this.lengthSize = lengthSize;
        this.sink = sink;
        this.address = address;
        this.cursor = new Cursor(buffer, "<encoder>", 0, 8, lengthSize);
    }

    /** An output of exactly {@code size} bytes, kept in memory ({@link #bytes}). */
    static BlockOutput inMemory(int size, int lengthSize) {
        return new BlockOutput(ByteBuffer.allocate(size), lengthSize, null, 0);
    }

    /** An output written to {@code sink} from {@code address} on, through a buffer of {@code capacity} bytes. */
    static BlockOutput writtenTo(RawSpace sink, long address, int capacity, int lengthSize) {
        return new BlockOutput(ByteBuffer.allocate(capacity), lengthSize, sink, address);
    }

    /**
     * A cursor with room for the next {@code n} bytes, or fewer: the buffer is written out first
     * when they do not fit. (An output in memory has room for exactly what is written, so a writer
     * may ask for more than its next piece takes, e.g. for the largest entry's size.)
     */
    Cursor room(int n) {
        if (sink != null && cursor.remaining() < n) {
            flush();
            if (cursor.remaining() < n) throw new IllegalStateException("no room for " + n + " bytes in a buffer of " + buffer.capacity());
        }
        return cursor;
    }

    /** Starts the checksum of the next {@code length} bytes. */
    void startChecksum(int length) {
        sum = new Checksum.Running(length);
        summedTo = offset();
    }

    /** The checksum of the bytes written since {@link #startChecksum}, as many as it announced. */
    int checksum() {
        addToSum();
        int v = sum.value();
        sum = null;
        return v;
    }

    /** Writes out what the buffer holds, if the output goes to a sink. */
    void finish() {
        if (sink != null) flush();
    }

    /** The bytes of an output kept in memory, once it is full. */
    byte[] bytes() {
        return cursor.filled();
    }

    private long offset() {
        return flushed + cursor.position();
    }

    private void addToSum() {
        if (sum == null) return;
        int from = (int) (summedTo - flushed);
        sum.update(buffer.array(), from, cursor.position() - from);
        summedTo = offset();
    }

    private void flush() {
        if (sink == null) return;
        addToSum();
        int n = cursor.position();
        sink.write(address + flushed, ByteBuffer.wrap(buffer.array(), 0, n));
        flushed += n;
        buffer.clear();
        cursor = new Cursor(buffer, "<encoder>", 0, 8, lengthSize);
    }
}
