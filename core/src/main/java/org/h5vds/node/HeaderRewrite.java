package org.h5vds.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.ContinuationMessage;
import org.h5vds.format.message.Messages;
import org.h5vds.format.message.NilMessage;

/**
 * Changes a stored object header — messages removed, messages added, a version 1 header's
 * reference count — with a single write in place, so that a crash leaves the header either as it
 * was or as it is meant to be (see {@link Session}):
 * <ol>
 * <li>when the removed messages all sit in one chunk and the added ones fit in what that chunk
 *     then has free, or at least a continuation message does (the added ones then going to a new
 *     continuation block), that chunk is rewritten;</li>
 * <li>otherwise chunk #0 is rewritten with as many of its kept messages as fit and a continuation
 *     message leading to new blocks holding all the others; the old continuation blocks are given
 *     back after the commit.</li>
 * </ol>
 * A chunk keeps its address and size (libhdf5 sizes a header's chunks when it writes them; nothing
 * else may move). Version 1 headers count their messages in chunk #0, so only that chunk changes
 * alone. Messages of unknown types flagged "mark if unknown"
 * (bit 4) get the "modified by software that did not know it" mark (bit 5), as the specification asks.
 */
final class HeaderRewrite {
    /** Message bytes per new continuation block before another is started (libhdf5's chunks stay near 64 KiB). */
    private static final int BLOCK_LIMIT = 64 * 1024;
    /** New continuation blocks get at least this much room, so the next few additions fit without another block. */
    private static final int MIN_BLOCK_DATA = 256;

    private final WritePlan plan;
    private final ObjectHeader header;
    private final Set<HeaderMessage> removed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<HeaderMessage> added = new ArrayList<>();
    private long referenceCount = -1;
    /** The one chunk {@link #plan} rewrote in place, when it wrote nothing else; else null. */
    private org.h5vds.format.EncodedBlock rewritten;
    private boolean chained;

    HeaderRewrite(WritePlan plan, ObjectHeader header) {
        this.plan = plan;
        this.header = header;
    }

    void remove(HeaderMessage m) {
        if (m.address() == org.h5vds.io.Cursor.UNDEFINED) throw new IllegalArgumentException("not a stored message: " + m);
        removed.add(m);
    }

    void add(HeaderMessage m) {
        added.add(m);
    }

    /** A version 1 header's new reference count (version 2 headers keep theirs in a Reference Count message). */
    void referenceCount(long count) {
        if (header.version() != 1) throw new IllegalStateException("version 2 headers count references in a message");
        referenceCount = count;
    }

    /** The one chunk {@link #plan} rewrote where it lies, when that was all it wrote (no new continuation blocks); null otherwise. */
    org.h5vds.format.EncodedBlock rewrittenChunk() {
        return chained ? null : rewritten;
    }

    boolean isEmpty() {
        return removed.isEmpty() && added.isEmpty() && referenceCount < 0;
    }

    /** Plans the change at {@code stage}. */
    void plan(int stage) {
        if (isEmpty()) return;
        int chunks = header.chunks().size();
        List<List<HeaderMessage>> inChunk = new ArrayList<>();
        for (int i = 0; i < chunks; i++) inChunk.add(new ArrayList<>());
        for (HeaderMessage m : header.messages()) inChunk.get(header.chunkOf(m)).add(m);
        int only = -1;
        for (HeaderMessage m : removed) {
            int c = header.chunkOf(m);
            if (only >= 0 && c != only) {
                only = -2;
                break;
            }
            only = c;
        }
        if (only != -2) {
            // try the chunk holding every removal, or else the one with most room
            List<Integer> candidates = new ArrayList<>();
            if (only >= 0) {
                candidates.add(only);
            } else {
                for (int i = 0; i < chunks; i++) candidates.add(i);
                candidates.sort((a, b) -> Integer.compare(free(b, inChunk.get(b)), free(a, inChunk.get(a))));
            }
            for (int c : candidates) if (rewriteOne(c, inChunk, stage)) return;
        }
        rewriteFromChunk0(inChunk, stage);
    }

    /** Bytes chunk {@code c} would have free without the removed messages. */
    private int free(int c, List<HeaderMessage> messages) {
        return header.chunkDataSize(c) - size(kept(messages));
    }

    private List<HeaderMessage> kept(List<HeaderMessage> messages) {
        List<HeaderMessage> out = new ArrayList<>();
        for (HeaderMessage m : messages) if (m.type() != NilMessage.TYPE && !removed.contains(m)) out.add(marked(m));
        return out;
    }

    private boolean rewriteOne(int c, List<List<HeaderMessage>> inChunk, int stage) {
        // a version 1 header counts its messages in chunk #0: only that chunk can change alone
        if (header.version() == 1 && c != 0) return false;
        List<HeaderMessage> keep = kept(inChunk.get(c));
        int room = header.chunkDataSize(c) - size(keep);
        List<HeaderMessage> mine = new ArrayList<>(keep);
        if (size(added) <= room) {
            mine.addAll(added);
        } else {
            HeaderMessage probe = continuation(0, 0);
            if (size(List.of(probe)) > room) return false;
            mine.add(writeChain(added));
        }
        int total = -1;
        if (header.version() == 1) total = header.messages().size() - inChunk.get(c).size() + ObjectHeader.v1MessageCount(mine, header.chunkDataSize(c)) + chainCount;
        byte[] bytes = encode(c, mine, total);
        plan.overwrite(stage, header.chunks().get(c).address(), bytes);
        if (!chained) rewritten = new org.h5vds.format.EncodedBlock(header.chunks().get(c).address(), bytes);
        return true;
    }

    private void rewriteFromChunk0(List<List<HeaderMessage>> inChunk, int stage) {
        List<HeaderMessage> rest = new ArrayList<>();
        for (int i = 1; i < inChunk.size(); i++) rest.addAll(kept(inChunk.get(i)));
        rest.addAll(added);
        int capacity = header.chunkDataSize(0) - size(List.of(continuation(0, 0)));
        if (capacity < 0) throw new IllegalStateException(header + ": chunk #0 has no room for a continuation message");
        List<HeaderMessage> first = new ArrayList<>();
        int used = 0;
        for (HeaderMessage m : kept(inChunk.get(0))) {
            if (m.type() == ContinuationMessage.TYPE) continue; // its chain is replaced
            int s = size(List.of(m));
            if (used + s <= capacity) {
                first.add(m);
                used += s;
            } else {
                rest.add(m);
            }
        }
        List<HeaderMessage> chain = new ArrayList<>();
        for (HeaderMessage m : rest) if (m.type() != ContinuationMessage.TYPE) chain.add(m);
        if (!chain.isEmpty()) first.add(writeChain(chain));
        int total = -1;
        if (header.version() == 1) total = ObjectHeader.v1MessageCount(first, header.chunkDataSize(0)) + chainCount;
        plan.overwrite(stage, header.chunks().get(0).address(), encode(0, first, total));
        chained = true; // (several blocks: no single rewritten chunk to report)
        for (int i = 1; i < header.chunks().size(); i++) {
            ObjectHeader.Chunk c = header.chunks().get(i);
            plan.release(c.address(), c.size());
        }
    }

    private int chainCount;

    /** Writes {@code messages} into new continuation blocks; returns the continuation message leading to the first. */
    private HeaderMessage writeChain(List<HeaderMessage> messages) {
        List<List<HeaderMessage>> blocks = HeaderWriter.pack(messages, m -> size(List.of(m)), size(List.of(continuation(0, 0))), BLOCK_LIMIT);
        long next = -1;
        long nextLength = 0;
        for (int k = blocks.size() - 1; k >= 0; k--) {
            List<HeaderMessage> ms = new ArrayList<>(blocks.get(k));
            if (next >= 0) ms.add(continuation(next, nextLength));
            int dataSize = size(ms);
            if (k == blocks.size() - 1) dataSize = Math.max(dataSize, Math.min(BLOCK_LIMIT, dataSize + MIN_BLOCK_DATA));
            if (header.version() == 1) dataSize = (dataSize + 7) & ~7;
            byte[] bytes = header.version() == 1 ? ObjectHeader.encodeV1Continuation(ms, dataSize)
                    : ObjectHeader.encodeV2Continuation(ObjectHeader.V2Prefix.of(header), ms, dataSize);
            if (header.version() == 1) chainCount += ObjectHeader.v1MessageCount(ms, dataSize);
            long address = plan.allocate(bytes.length);
            plan.write(address, bytes);
            chained = true;
            next = address;
            nextLength = bytes.length;
        }
        return continuation(next, nextLength);
    }

    private byte[] encode(int c, List<HeaderMessage> messages, int totalMessages) {
        int dataSize = header.chunkDataSize(c);
        if (header.version() == 1) {
            if (c == 0) {
                long refs = referenceCount >= 0 ? referenceCount : header.referenceCount();
                return ObjectHeader.encodeV1(totalMessages, refs, messages, dataSize);
            }
            return ObjectHeader.encodeV1Continuation(messages, dataSize);
        }
        ObjectHeader.V2Prefix prefix = ObjectHeader.V2Prefix.of(header);
        return c == 0 ? ObjectHeader.encodeV2(prefix, messages, dataSize) : ObjectHeader.encodeV2Continuation(prefix, messages, dataSize);
    }

    private int size(List<HeaderMessage> messages) {
        return header.version() == 1 ? ObjectHeader.v1MessagesSize(messages) : ObjectHeader.messagesSize(ObjectHeader.V2Prefix.of(header), messages);
    }

    private HeaderMessage continuation(long address, long length) {
        return HeaderMessage.of(new ContinuationMessage(address, length), plan.offsetSize(), plan.lengthSize());
    }

    /** A kept message of an unknown type flagged "mark if unknown" gets the "modified without being understood" mark. */
    private static HeaderMessage marked(HeaderMessage m) {
        if (Messages.isKnown(m.type()) || (m.flags() & Messages.FLAG_MARK_IF_UNKNOWN) == 0 || (m.flags() & Messages.FLAG_WAS_UNKNOWN) != 0) return m;
        return HeaderMessage.raw(m.type(), m.flags() | Messages.FLAG_WAS_UNKNOWN, Math.max(0, m.creationOrder()), m.bytes());
    }
}
