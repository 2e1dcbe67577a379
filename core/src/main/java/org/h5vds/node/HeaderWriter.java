package org.h5vds.node;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.ContinuationMessage;
import org.h5vds.io.Cursor;

/**
 * Writes a version 2 object header (IV.A.1.b) without times: chunk #0 and, when
 * the messages need more than {@link #BLOCK_DATA_LIMIT} bytes, continuation blocks chained by
 * continuation messages, as libhdf5 starts a new chunk for messages that do not fit (its chunks
 * stay near the 64 KiB a message can take).
 */
final class HeaderWriter {
    /** Message bytes (prefixes included) per block before a new block is started. */
    static final int BLOCK_DATA_LIMIT = 64 * 1024;

    private HeaderWriter() {
    }

    /** A first chunk allocated before the header was written (its address already stored in references). */
    record Reservation(long address, int size) {
        /** Message bytes the chunk holds: its size without the prefix (8 bytes with a 1-byte chunk size field) and the checksum. */
        int dataSize() {
            return size - 7 - 4;
        }
    }

    /**
     * Writes the header into fresh space, its first chunk at {@code reserved} when given, and
     * returns its address; {@code prefix} gives the header's flags (whether each message carries a
     * creation order).
     */
    static long write(WritePlan sink, List<HeaderMessage> messages, Reservation reserved, ObjectHeader.V2Prefix prefix) {
        if (reserved != null && ObjectHeader.messagesSize(prefix, messages) <= reserved.dataSize()) {
            return writeFirst(sink, prefix, messages, reserved);
        }
        int continuationSize = ObjectHeader.messagesSize(prefix, List.of(continuation(Cursor.UNDEFINED, 0, sink)));
        // (an anonymous class, not a lambda: every file written writes headers, and a call site
        // costs 1-2 ms to link the first time in a fresh JVM)
        java.util.function.ToIntFunction<HeaderMessage> size = new java.util.function.ToIntFunction<>() {
            @Override
            public int applyAsInt(HeaderMessage m) {
                return ObjectHeader.messagesSize(prefix, List.of(m));
            }
        };
        List<List<HeaderMessage>> blocks = pack(messages, size, continuationSize,
                reserved == null ? BLOCK_DATA_LIMIT : reserved.dataSize(), reserved != null, BLOCK_DATA_LIMIT);
        long next = Cursor.UNDEFINED;
        long nextLength = 0;
        for (int k = blocks.size() - 1; k >= 1; k--) {
            List<HeaderMessage> ms = new ArrayList<>(blocks.get(k));
            if (next != Cursor.UNDEFINED) ms.add(continuation(next, nextLength, sink));
            byte[] bytes = ObjectHeader.encodeV2Continuation(prefix, ms, ObjectHeader.messagesSize(prefix, ms));
            next = sink.allocate(bytes.length);
            nextLength = bytes.length;
            sink.write(next, bytes);
        }
        List<HeaderMessage> first = new ArrayList<>(blocks.get(0));
        if (next != Cursor.UNDEFINED) first.add(continuation(next, nextLength, sink));
        if (reserved != null) return writeFirst(sink, prefix, first, reserved);
        byte[] bytes = ObjectHeader.encodeV2(prefix, first, ObjectHeader.messagesSize(prefix, first));
        long address = sink.allocate(bytes.length);
        sink.write(address, bytes);
        return address;
    }

    private static long writeFirst(WritePlan sink, ObjectHeader.V2Prefix prefix, List<HeaderMessage> messages, Reservation reserved) {
        byte[] bytes = ObjectHeader.encodeV2(prefix, messages, reserved.dataSize());
        if (bytes.length != reserved.size()) throw new IllegalStateException("reserved header of " + reserved.size() + " bytes came to " + bytes.length);
        sink.write(reserved.address(), bytes);
        return reserved.address();
    }

    private static HeaderMessage continuation(long address, long length, WritePlan sink) {
        return HeaderMessage.of(new ContinuationMessage(address, length), sink.offsetSize(), sink.lengthSize());
    }

    /** {@link #pack(List, java.util.function.ToIntFunction, int, int, boolean, int)} with one limit for every block. */
    static List<List<HeaderMessage>> pack(List<HeaderMessage> messages, java.util.function.ToIntFunction<HeaderMessage> size, int continuationSize,
                                          int limit) {
        return pack(messages, size, continuationSize, limit, false, limit);
    }

    /**
     * Cuts {@code messages} in order into blocks, the first of at most {@code firstLimit} bytes (left
     * empty when {@code firstMayBeEmpty} and the first message does not fit), the others of at
     * most {@code limit}, counting room for the continuation message that leads on from each block
     * (a message larger than the limit gets a block of its own).
     */
    static List<List<HeaderMessage>> pack(List<HeaderMessage> messages, java.util.function.ToIntFunction<HeaderMessage> size, int continuationSize,
                                          int firstLimit, boolean firstMayBeEmpty, int limit) {
        List<List<HeaderMessage>> blocks = new ArrayList<>();
        List<HeaderMessage> current = new ArrayList<>();
        int used = 0;
        int blockLimit = firstLimit;
        for (HeaderMessage m : messages) {
            int need = size.applyAsInt(m);
            if ((!current.isEmpty() || (firstMayBeEmpty && blocks.isEmpty())) && used + need + continuationSize > blockLimit) {
                blocks.add(current);
                current = new ArrayList<>();
                used = 0;
                blockLimit = limit;
            }
            current.add(m);
            used += need;
        }
        blocks.add(current);
        return blocks;
    }
}
