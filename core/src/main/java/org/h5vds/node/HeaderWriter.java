package org.h5vds.node;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.ContinuationMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.FileSink;

/**
 * Writes a version 2 object header (IV.A.1.b) without times or creation order: chunk #0 and, when
 * the messages need more than {@link #BLOCK_DATA_LIMIT} bytes, continuation blocks chained by
 * continuation messages, as libhdf5 starts a new chunk for messages that do not fit (its chunks
 * stay near the 64 KiB a message can take).
 */
final class HeaderWriter {
    /** Message bytes (prefixes included) per block before a new block is started. */
    static final int BLOCK_DATA_LIMIT = 64 * 1024;
    private static final int OFFSET_SIZE = 8;
    private static final int LENGTH_SIZE = 8;

    private HeaderWriter() {
    }

    /** A first chunk allocated before the header was written (its address already stored in references). */
    record Reservation(long address, int size) {
        /** Message bytes the chunk holds: its size without the prefix (8 bytes with a 1-byte chunk size field) and the checksum. */
        int dataSize() {
            return size - 7 - 4;
        }
    }

    /** Writes the header and returns its address. */
    static long write(FileSink sink, List<HeaderMessage> messages) {
        return write(sink, messages, null);
    }

    /** Writes the header, its first chunk at {@code reserved} when given, and returns its address. */
    static long write(FileSink sink, List<HeaderMessage> messages, Reservation reserved) {
        ObjectHeader.V2Prefix prefix = ObjectHeader.V2Prefix.plain();
        int continuationSize = ObjectHeader.messagesSize(prefix, List.of(continuation(Cursor.UNDEFINED, 0)));
        List<List<HeaderMessage>> blocks = new ArrayList<>();
        List<HeaderMessage> current = new ArrayList<>();
        int used = 0;
        int limit = reserved == null ? BLOCK_DATA_LIMIT : reserved.dataSize();
        if (reserved != null && ObjectHeader.messagesSize(prefix, messages) <= limit) {
            byte[] bytes = ObjectHeader.encodeV2(prefix, messages, limit);
            if (bytes.length != reserved.size()) throw new IllegalStateException("reserved header of " + reserved.size() + " bytes came to " + bytes.length);
            sink.write(reserved.address(), bytes);
            return reserved.address();
        }
        for (HeaderMessage m : messages) {
            int need = ObjectHeader.messagesSize(prefix, List.of(m));
            if ((!current.isEmpty() || (reserved != null && blocks.isEmpty())) && used + need + continuationSize > limit) {
                limit = BLOCK_DATA_LIMIT;
                blocks.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(m);
            used += need;
        }
        blocks.add(current);
        long next = Cursor.UNDEFINED;
        long nextLength = 0;
        for (int k = blocks.size() - 1; k >= 1; k--) {
            List<HeaderMessage> ms = new ArrayList<>(blocks.get(k));
            if (next != Cursor.UNDEFINED) ms.add(continuation(next, nextLength));
            byte[] bytes = ObjectHeader.encodeV2Continuation(prefix, ms, ObjectHeader.messagesSize(prefix, ms));
            next = sink.allocate(bytes.length);
            nextLength = bytes.length;
            sink.write(next, bytes);
        }
        List<HeaderMessage> first = new ArrayList<>(blocks.get(0));
        if (next != Cursor.UNDEFINED) first.add(continuation(next, nextLength));
        if (reserved != null) {
            byte[] bytes = ObjectHeader.encodeV2(prefix, first, reserved.dataSize());
            if (bytes.length != reserved.size()) throw new IllegalStateException("reserved header of " + reserved.size() + " bytes came to " + bytes.length);
            sink.write(reserved.address(), bytes);
            return reserved.address();
        }
        byte[] bytes = ObjectHeader.encodeV2(prefix, first, ObjectHeader.messagesSize(prefix, first));
        long address = sink.allocate(bytes.length);
        sink.write(address, bytes);
        return address;
    }

    private static HeaderMessage continuation(long address, long length) {
        return HeaderMessage.of(new ContinuationMessage(address, length), OFFSET_SIZE, LENGTH_SIZE);
    }
}
