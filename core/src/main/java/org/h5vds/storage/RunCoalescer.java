package org.h5vds.storage;

/**
 * Joins runs of elements that continue one another both in the file and in memory, so that a
 * whole frame written row by row becomes one positional write instead of one per row.
 */
final class RunCoalescer {
    /** Receives a coalesced run: {@code length} bytes at file offset {@code file} from memory offset {@code memory}. */
    @FunctionalInterface
    interface Sink {
        void run(long file, long memory, long length);
    }

    private final Sink sink;
    private long file;
    private long memory;
    private long length;

    RunCoalescer(Sink sink) {
        this.sink = sink;
    }

    void add(long fileOffset, long memoryOffset, long bytes) {
        if (length > 0 && file + length == fileOffset && memory + length == memoryOffset) {
            length += bytes;
            return;
        }
        flush();
        file = fileOffset;
        memory = memoryOffset;
        length = bytes;
    }

    void flush() {
        if (length > 0) sink.run(file, memory, length);
        length = 0;
    }
}
