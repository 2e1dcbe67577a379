package org.h5vds.node;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.ContinuationMessage;
import org.h5vds.io.Cursor;

/**
 * Writes a version 2 object header (IV.A.1.b) without times or creation order: chunk #0 and, when
 * the messages need more than {@link #BLOCK_DATA_LIMIT} bytes, continuation blocks chained by
 * continuation messages, as libhdf5 starts a new chunk for messages that do not fit (its chunks
 * stay near the 64 KiB a message can take).
 */
final class HeaderWriter {
    /** Message bytes (prefixes included) per block before a new block is started. */
    static final int BLOCK_DATA_LIMIT = 64 * 1024;

    private HeaderWriter() {
    }

    /** Writes the header into fresh space and returns its address. */
    static long write(WritePlan sink, List<HeaderMessage> messages) {
        ObjectHeader.V2Prefix prefix = ObjectHeader.V2Prefix.plain();
        int continuationSize = ObjectHeader.messagesSize(prefix, List.of(continuation(Cursor.UNDEFINED, 0, sink)));
        List<List<HeaderMessage>> blocks = pack(messages, m -> ObjectHeader.messagesSize(prefix, List.of(m)), continuationSize, BLOCK_DATA_LIMIT);
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
        byte[] bytes = ObjectHeader.encodeV2(prefix, first, ObjectHeader.messagesSize(prefix, first));
        long address = sink.allocate(bytes.length);
        sink.write(address, bytes);
        return address;
    }

    private static HeaderMessage continuation(long address, long length, WritePlan sink) {
        return HeaderMessage.of(new ContinuationMessage(address, length), sink.offsetSize(), sink.lengthSize());
    }

    /**
     * Cuts {@code messages} in order into blocks of at most {@code limit} bytes each, counting
     * room for the continuation message that leads on from each block (a message larger than the
     * limit gets a block of its own).
     */
    static List<List<HeaderMessage>> pack(List<HeaderMessage> messages, java.util.function.ToIntFunction<HeaderMessage> size, int continuationSize,
                                          int limit) {
        List<List<HeaderMessage>> blocks = new ArrayList<>();
        List<HeaderMessage> current = new ArrayList<>();
        int used = 0;
        for (HeaderMessage m : messages) {
            int need = size.applyAsInt(m);
            if (!current.isEmpty() && used + need + continuationSize > limit) {
                blocks.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(m);
            used += need;
        }
        blocks.add(current);
        return blocks;
    }
}
