package org.h5vds.format;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h5vds.format.message.ContinuationMessage;
import org.h5vds.format.message.Message;
import org.h5vds.format.message.Messages;
import org.h5vds.format.message.NilMessage;
import org.h5vds.format.message.ReferenceCountMessage;
import org.h5vds.format.message.SharedMessageResolver;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * A data object header (IV.A.1) and its messages, gathered from the first chunk and every
 * continuation block.
 *
 * <ul>
 * <li>Version 1: version, reserved byte, total number of messages, object reference count, header
 *     size, 4 bytes of alignment padding, then messages (type u16, size u16, flags, 3 reserved
 *     bytes, data padded to 8 bytes). Continuation blocks hold messages only.</li>
 * <li>Version 2: "OHDR", version, flags, optional access/modification/change/birth times,
 *     optional attribute phase change values, chunk #0 size (1, 2, 4 or 8 bytes), packed messages
 *     (type u8, size u16, flags, optional creation order u16), a gap smaller than a message prefix,
 *     and a lookup3 checksum, which is verified. Continuation blocks: "OCHK", messages, gap,
 *     checksum.</li>
 * </ul>
 *
 * <p>Hostile input cannot make the reader loop or allocate without bound: every block is checked
 * to lie inside the file before it is read, blocks may not overlap one another (which also catches
 * continuation cycles), and each message must fit in its block. The declared number of messages of
 * a version 1 header is exposed but not enforced, as libhdf5 does not enforce it either (old
 * libraries wrote wrong counts).
 */
public final class ObjectHeader {
    public static final byte[] SIGNATURE = {'O', 'H', 'D', 'R'};
    public static final byte[] CONTINUATION_SIGNATURE = {'O', 'C', 'H', 'K'};

    public static final int FLAG_CHUNK0_SIZE_MASK = 0x03;
    public static final int FLAG_ATTRIBUTE_CREATION_ORDER_TRACKED = 0x04;
    public static final int FLAG_ATTRIBUTE_CREATION_ORDER_INDEXED = 0x08;
    public static final int FLAG_ATTRIBUTE_PHASE_CHANGE_STORED = 0x10;
    public static final int FLAG_TIMES_STORED = 0x20;
    /** libhdf5's defaults when a version 2 header stores no attribute phase change values. */
    public static final int DEFAULT_MAX_COMPACT_ATTRIBUTES = 8;
    public static final int DEFAULT_MIN_DENSE_ATTRIBUTES = 6;

    /**
     * The largest block we read. Messages are at most 64 KiB and libhdf5 sizes chunks to the
     * messages they hold, so a bigger block is corruption; refusing it keeps a hostile size field
     * from making us allocate gigabytes in a large file.
     */
    public static final long MAX_BLOCK_SIZE = 1L << 26;

    private static final int V1_PREFIX_SIZE = 16;
    private static final int V1_MESSAGE_PREFIX_SIZE = 8;
    /** The longest version 2 prefix: signature, version, flags, 4 times, 2 phase change values, 8-byte chunk size. */
    private static final int V2_MAX_PREFIX_SIZE = 4 + 1 + 1 + 16 + 4 + 8;

    /**
     * One block of messages: the first chunk (from the header's address, prefix and checksum
     * included) or a continuation block; {@code gap} is the unused space after its last message.
     */
    public record Chunk(long address, long size, int gap) {
    }

    private final FileContext context;
    private final long address;
    private final int version;
    private final int flags;
    private final int declaredMessageCount;
    private final long v1ReferenceCount;
    private final long[] times;
    private final int maxCompactAttributes;
    private final int minDenseAttributes;
    private final List<Chunk> chunks;
    private final List<HeaderMessage> messages;

    private ObjectHeader(FileContext context, long address, int version, int flags, int declaredMessageCount, long v1ReferenceCount,
                         long[] times, int maxCompactAttributes, int minDenseAttributes, List<Chunk> chunks, List<HeaderMessage> messages) {
        this.context = context;
        this.address = address;
        this.version = version;
        this.flags = flags;
        this.declaredMessageCount = declaredMessageCount;
        this.v1ReferenceCount = v1ReferenceCount;
        this.times = times;
        this.maxCompactAttributes = maxCompactAttributes;
        this.minDenseAttributes = minDenseAttributes;
        this.chunks = List.copyOf(chunks);
        this.messages = List.copyOf(messages);
    }

    /** Reads the object header at the relative {@code address}, resolving committed shared messages. */
    public static ObjectHeader read(FileContext ctx, long address) {
        return read(ctx, address, new CommittedMessageResolver(ctx));
    }

    /** Reads the object header at the relative {@code address}; shared messages are followed with {@code resolver}. */
    public static ObjectHeader read(FileContext ctx, long address, SharedMessageResolver resolver) {
        Cursor head = ctx.readUpTo(address, FIRST_READ, "object header");
        if (head.remaining() >= 4 && head.bytes(4)[0] == 'O') {
            head.position(0);
            return readV2(ctx, address, resolver, head);
        }
        head.position(0);
        if (head.remaining() >= 1 && head.u8() == 1) {
            head.position(0);
            return readV1(ctx, address, resolver, head);
        }
        head.position(0);
        throw head.error(0, "object header: expected version 1 or the signature \"OHDR\", found "
                + java.util.HexFormat.of().formatHex(head.bytes(Math.min(4, head.remaining()))));
    }

    /**
     * What an object header's first read takes: libhdf5's speculative 512 bytes (H5O_SPEC_READ_SIZE),
     * which hold most headers whole, so that the prefix and first chunk come from one read instead
     * of three (less near the end of the file).
     */
    static final int FIRST_READ = 512;

    // ---- version 1 -----------------------------------------------------------------------------

    private static ObjectHeader readV1(FileContext ctx, long address, SharedMessageResolver resolver, Cursor head) {
        Cursor p = ctx.readWithin(head, address, V1_PREFIX_SIZE, "version 1 object header prefix");
        p.version(p.u8(), "object header", 1);
        p.skip(1);
        int declared = p.u16();
        long refCount = p.u32();
        long headerSize = p.u32();
        Blocks blocks = new Blocks(ctx);
        List<HeaderMessage> messages = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        Deque<HeaderMessage> pending = new ArrayDeque<>();
        blocks.claim(ctx.baseAddress() + address + 8, address, V1_PREFIX_SIZE + headerSize, "the first chunk");
        Cursor chunk = ctx.readWithin(head, address + V1_PREFIX_SIZE, headerSize, "version 1 object header chunk");
        chunks.add(new Chunk(address, V1_PREFIX_SIZE + headerSize, readV1Messages(chunk, ctx, resolver, messages, pending)));
        while (!pending.isEmpty()) {
            HeaderMessage from = pending.removeFirst();
            ContinuationMessage c = (ContinuationMessage) from.message();
            blocks.claim(from.address(), c.offset(), c.length(), "a continuation block");
            chunk = ctx.read(c.offset(), c.length(), "version 1 object header continuation block");
            chunks.add(new Chunk(c.offset(), c.length(), readV1Messages(chunk, ctx, resolver, messages, pending)));
        }
        return new ObjectHeader(ctx, address, 1, 0, declared, refCount, null, -1, -1, chunks, messages);
    }

    /** Reads the messages of one version 1 block; returns the size of the trailing gap. */
    private static int readV1Messages(Cursor in, FileContext ctx, SharedMessageResolver resolver, List<HeaderMessage> out,
                                      Deque<HeaderMessage> pending) {
        while (in.remaining() >= V1_MESSAGE_PREFIX_SIZE) {
            int at = in.position();
            int type = in.u16();
            int size = in.u16();
            int flags = in.u8();
            in.skip(3);
            if (size > in.remaining()) {
                throw in.error(at, "object header message type 0x" + Integer.toHexString(type) + " of " + size
                        + " bytes exceeds its chunk (" + in.remaining() + " bytes left)");
            }
            if (size % 8 != 0) throw in.error(at, "version 1 object header message of " + size + " bytes is not a multiple of 8");
            HeaderMessage.checkFlags(in, at, type, flags);
            HeaderMessage m = HeaderMessage.read(type, flags, -1, in.slice(size), ctx, resolver);
            collect(m, out, pending);
        }
        int gap = in.remaining();
        in.skip(gap);
        return gap;
    }

    private static void collect(HeaderMessage m, List<HeaderMessage> out, Deque<HeaderMessage> pending) {
        out.add(m);
        if (m.type() == ContinuationMessage.TYPE) {
            m.message();
            pending.addLast(m);
        }
    }

    // ---- version 2 -----------------------------------------------------------------------------

    private static ObjectHeader readV2(FileContext ctx, long address, SharedMessageResolver resolver, Cursor head) {
        // (the first read holds as much of the prefix as the file has, up to its largest size)
        Cursor p = ctx.readWithin(head, address, Math.min(V2_MAX_PREFIX_SIZE, head.limit()), "version 2 object header prefix");
        p.expectSignature("OHDR", "object header");
        p.version(p.u8(), "object header", 2);
        int flagsAt = p.position();
        int flags = p.u8();
        if ((flags & 0xC0) != 0) throw p.error(flagsAt, "object header: reserved flag bits set in 0x" + Integer.toHexString(flags));
        long[] times = null;
        if ((flags & FLAG_TIMES_STORED) != 0) times = new long[]{p.u32(), p.u32(), p.u32(), p.u32()};
        int maxCompact = DEFAULT_MAX_COMPACT_ATTRIBUTES;
        int minDense = DEFAULT_MIN_DENSE_ATTRIBUTES;
        if ((flags & FLAG_ATTRIBUTE_PHASE_CHANGE_STORED) != 0) {
            maxCompact = p.u16();
            minDense = p.u16();
        }
        int sizeAt = p.position();
        long dataSize = p.uint(1 << (flags & FLAG_CHUNK0_SIZE_MASK));
        int prefixSize = p.position();
        long total = prefixSize + dataSize + 4;
        if (dataSize < 0 || total < 0) throw p.error(sizeAt, "object header: chunk #0 size " + Long.toUnsignedString(dataSize) + " is absurd");
        Blocks blocks = new Blocks(ctx);
        blocks.claim(p.address0() - (p.position() - sizeAt), address, total, "the first chunk");
        Cursor chunk = ctx.readWithin(head, address, total, "version 2 object header chunk #0");
        verifyChecksum(chunk, "object header chunk #0");
        chunk.position(prefixSize);
        List<HeaderMessage> messages = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        Deque<HeaderMessage> pending = new ArrayDeque<>();
        chunks.add(new Chunk(address, total, readV2Messages(chunk, flags, ctx, resolver, messages, pending)));
        while (!pending.isEmpty()) {
            HeaderMessage from = pending.removeFirst();
            ContinuationMessage c = (ContinuationMessage) from.message();
            blocks.claim(from.address(), c.offset(), c.length(), "a continuation block");
            chunk = ctx.read(c.offset(), c.length(), "version 2 object header continuation block");
            if (c.length() < 8) throw chunk.error(0, "object header continuation block of " + c.length() + " bytes is too short for its signature and checksum");
            chunk.expectSignature("OCHK", "object header continuation block");
            verifyChecksum(chunk, "object header continuation block");
            chunk.position(4);
            chunks.add(new Chunk(c.offset(), c.length(), readV2Messages(chunk, flags, ctx, resolver, messages, pending)));
        }
        return new ObjectHeader(ctx, address, 2, flags, -1, -1, times, maxCompact, minDense, chunks, messages);
    }

    private static void verifyChecksum(Cursor chunk, String what) {
        int end = chunk.limit() - 4;
        int computed = Checksum.lookup3(chunk.buffer(), 0, end);
        chunk.position(end);
        int stored = (int) chunk.u32();
        if (!Checksum.matches(stored, computed)) {
            throw chunk.error(end, String.format("%s: checksum mismatch (stored 0x%08x, computed 0x%08x)", what, stored, computed));
        }
    }

    /** Reads the messages of one version 2 block up to its checksum; returns the size of the gap. */
    private static int readV2Messages(Cursor in, int headerFlags, FileContext ctx, SharedMessageResolver resolver,
                                      List<HeaderMessage> out, Deque<HeaderMessage> pending) {
        boolean ordered = (headerFlags & FLAG_ATTRIBUTE_CREATION_ORDER_TRACKED) != 0;
        int prefix = ordered ? 6 : 4;
        int end = in.limit() - 4;
        while (end - in.position() >= prefix) {
            int at = in.position();
            int type = in.u8();
            int size = in.u16();
            int flags = in.u8();
            int order = ordered ? in.u16() : -1;
            if (size > end - in.position()) {
                throw in.error(at, "object header message type 0x" + Integer.toHexString(type) + " of " + size
                        + " bytes exceeds its chunk (" + (end - in.position()) + " bytes left before the checksum)");
            }
            HeaderMessage.checkFlags(in, at, type, flags);
            HeaderMessage m = HeaderMessage.read(type, flags, order, in.slice(size), ctx, resolver);
            collect(m, out, pending);
        }
        return end - in.position();
    }

    /** The blocks of one header, which must lie in the file and may not overlap. */
    private static final class Blocks {
        private final FileContext ctx;
        private final TreeMap<Long, Long> claimed = new TreeMap<>();

        Blocks(FileContext ctx) {
            this.ctx = ctx;
        }

        /** Claims [address, address + length); {@code errorOffset} is the absolute offset of the field that points there. */
        void claim(long errorOffset, long address, long length, String what) {
            long abs = ctx.baseAddress() + address;
            if (length > MAX_BLOCK_SIZE) {
                throw new H5FormatException(ctx.fileName(), errorOffset, "object header: " + what + " of " + Long.toUnsignedString(length)
                        + " bytes is larger than any object header block (at most " + MAX_BLOCK_SIZE + " bytes accepted)");
            }
            if (address < 0 || length < 0 || abs < 0 || abs + length < 0 || abs + length > ctx.fileSize()) {
                throw new H5FormatException(ctx.fileName(), errorOffset, "object header: " + what + " of " + Long.toUnsignedString(length) + " bytes at address "
                        + Long.toUnsignedString(address) + " runs past the end of the file (" + ctx.fileSize() + " bytes)");
            }
            Map.Entry<Long, Long> below = claimed.floorEntry(address);
            Map.Entry<Long, Long> above = claimed.ceilingEntry(address);
            if (below != null && below.getKey() + below.getValue() > address || above != null && above.getKey() < address + length) {
                Map.Entry<Long, Long> other = below != null && below.getKey() + below.getValue() > address ? below : above;
                throw new H5FormatException(ctx.fileName(), errorOffset, "object header: " + what + " at address " + address + " overlaps the block at address "
                        + other.getKey() + " (a continuation cycle?)");
            }
            claimed.put(address, length);
        }
    }

    // ---- accessors -----------------------------------------------------------------------------

    /** The relative address the header was read from. */
    public long address() {
        return address;
    }

    public int version() {
        return version;
    }

    public FileContext context() {
        return context;
    }

    /** Every message in file order (chunk #0 first, then each continuation block), NIL and continuation messages included. */
    public List<HeaderMessage> messages() {
        return messages;
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /** Version 2 header flags (0 for version 1). */
    public int flags() {
        return flags;
    }

    /** Version 1's "Total Number of Header Messages" as stored, or -1 for version 2. */
    public int declaredMessageCount() {
        return declaredMessageCount;
    }

    /** The number of hard links to the object: version 1's prefix field, or version 2's reference count message (1 when absent). */
    public long referenceCount() {
        if (version == 1) return v1ReferenceCount;
        ReferenceCountMessage m = find(ReferenceCountMessage.class);
        return m == null ? 1 : m.referenceCount();
    }

    public boolean isAttributeCreationOrderTracked() {
        return (flags & FLAG_ATTRIBUTE_CREATION_ORDER_TRACKED) != 0;
    }

    public boolean isAttributeCreationOrderIndexed() {
        return (flags & FLAG_ATTRIBUTE_CREATION_ORDER_INDEXED) != 0;
    }

    public boolean hasTimes() {
        return times != null;
    }

    /** Seconds since the epoch, or -1 when the header stores no times. */
    public long accessTime() {
        return times == null ? -1 : times[0];
    }

    public long modificationTime() {
        return times == null ? -1 : times[1];
    }

    public long changeTime() {
        return times == null ? -1 : times[2];
    }

    public long birthTime() {
        return times == null ? -1 : times[3];
    }

    /** Version 2: the maximum number of compact attributes (the default 8 when not stored); -1 for version 1. */
    public int maxCompactAttributes() {
        return maxCompactAttributes;
    }

    /** Version 2: the minimum number of dense attributes (the default 6 when not stored); -1 for version 1. */
    public int minDenseAttributes() {
        return minDenseAttributes;
    }

    /** The first message of class {@code c} (shared messages resolved), or null when there is none. */
    public <T extends Message> T find(Class<T> c) {
        int type = Messages.typeOf(c);
        for (HeaderMessage m : messages) if (m.type() == type) return m.as(c);
        return null;
    }

    /**
     * The absolute file offset of the first message of class {@code c} (where an error about its
     * values points), or the header's own offset when there is none.
     */
    public long messageAddress(Class<? extends Message> c) {
        int type = Messages.typeOf(c);
        for (HeaderMessage m : messages) if (m.type() == type && m.address() != Cursor.UNDEFINED) return m.address();
        return context.baseAddress() + address;
    }

    /** Like {@link #find} but an absent message is a format error naming this header. */
    public <T extends Message> T require(Class<T> c) {
        T m = find(c);
        if (m == null) {
            throw new H5FormatException(context.fileName(), context.baseAddress() + address,
                    "object header has no " + c.getSimpleName() + " (message type 0x" + Integer.toHexString(Messages.typeOf(c)) + ")");
        }
        return m;
    }

    /** Every message of class {@code c}, in file order, shared messages resolved. */
    public <T extends Message> List<T> findAll(Class<T> c) {
        int type = Messages.typeOf(c);
        List<T> all = new ArrayList<>();
        for (HeaderMessage m : messages) if (m.type() == type) all.add(m.as(c));
        return List.copyOf(all);
    }

    // ---- encoding (version 2) ------------------------------------------------------------------

    /**
     * The version 2 header prefix fields besides the chunk size: flags bits 2-5 and the optional
     * times and attribute phase change values they announce.
     */
    public record V2Prefix(int flags, long accessTime, long modificationTime, long changeTime, long birthTime,
                           int maxCompactAttributes, int minDenseAttributes) {
        /** No times, default phase change values, no creation order tracking. */
        public static V2Prefix plain() {
            return new V2Prefix(0, 0, 0, 0, 0, DEFAULT_MAX_COMPACT_ATTRIBUTES, DEFAULT_MIN_DENSE_ATTRIBUTES);
        }

        /** As {@link #plain()}, with attribute creation order tracked and indexed (what h5py's {@code track_order=True} asks for). */
        public static V2Prefix trackingAttributeOrder() {
            return new V2Prefix(FLAG_ATTRIBUTE_CREATION_ORDER_TRACKED | FLAG_ATTRIBUTE_CREATION_ORDER_INDEXED, 0, 0, 0, 0,
                    DEFAULT_MAX_COMPACT_ATTRIBUTES, DEFAULT_MIN_DENSE_ATTRIBUTES);
        }

        /** The prefix of a header read from a file, to re-encode it. */
        public static V2Prefix of(ObjectHeader h) {
            if (h.version != 2) throw new IllegalArgumentException("not a version 2 object header");
            return new V2Prefix(h.flags, h.accessTime(), h.modificationTime(), h.changeTime(), h.birthTime(),
                    h.maxCompactAttributes, h.minDenseAttributes);
        }

        /** Bytes before each message's data: type, size, flags and (when tracked) creation order. */
        public int messagePrefixSize() {
            return (flags & FLAG_ATTRIBUTE_CREATION_ORDER_TRACKED) != 0 ? 6 : 4;
        }

        /** Bytes of chunk #0 before its messages, for chunk data of {@code dataSize} bytes. */
        public int chunk0PrefixSize(long dataSize) {
            int minimalWidth = dataSize <= 0xFF ? 0 : dataSize <= 0xFFFF ? 1 : dataSize <= 0xFFFFFFFFL ? 2 : 3;
            int width = Math.max(minimalWidth, flags & FLAG_CHUNK0_SIZE_MASK);
            return 6 + ((flags & FLAG_TIMES_STORED) != 0 ? 16 : 0) + ((flags & FLAG_ATTRIBUTE_PHASE_CHANGE_STORED) != 0 ? 4 : 0) + (1 << width);
        }
    }

    /** Bytes that {@code messages} take in a version 2 chunk with this prefix (message prefixes included). */
    public static int messagesSize(V2Prefix prefix, List<HeaderMessage> messages) {
        int n = 0;
        for (HeaderMessage m : messages) n += prefix.messagePrefixSize() + m.size();
        return n;
    }

    /**
     * Encodes chunk #0 of a version 2 object header: prefix, messages, free space up to
     * {@code dataSize} bytes of message data, and the checksum. Free space of at least one message
     * prefix becomes a NIL message; less becomes a gap. The chunk #0 size field takes the smallest
     * width that holds {@code dataSize}, or the width in {@code prefix.flags()} bits 0-1 if larger.
     * To continue the header elsewhere, put a {@link ContinuationMessage} among {@code messages}
     * pointing to a block made by {@link #encodeV2Continuation}.
     */
    public static byte[] encodeV2(V2Prefix prefix, List<HeaderMessage> messages, long dataSize) {
        int minimalWidth = dataSize <= 0xFF ? 0 : dataSize <= 0xFFFF ? 1 : dataSize <= 0xFFFFFFFFL ? 2 : 3;
        int width = Math.max(minimalWidth, prefix.flags() & FLAG_CHUNK0_SIZE_MASK);
        int flags = (prefix.flags() & ~FLAG_CHUNK0_SIZE_MASK) | width;
        int prefixSize = 6 + ((flags & FLAG_TIMES_STORED) != 0 ? 16 : 0) + ((flags & FLAG_ATTRIBUTE_PHASE_CHANGE_STORED) != 0 ? 4 : 0)
                + (1 << width);
        Cursor out = chunkCursor(prefixSize, dataSize);
        out.putBytes(SIGNATURE);
        out.putU8(2);
        out.putU8(flags);
        if ((flags & FLAG_TIMES_STORED) != 0) {
            out.putU32(prefix.accessTime());
            out.putU32(prefix.modificationTime());
            out.putU32(prefix.changeTime());
            out.putU32(prefix.birthTime());
        }
        if ((flags & FLAG_ATTRIBUTE_PHASE_CHANGE_STORED) != 0) {
            out.putU16(prefix.maxCompactAttributes());
            out.putU16(prefix.minDenseAttributes());
        }
        out.putUint(dataSize, 1 << width);
        return finishChunk(out, prefix, messages, (int) dataSize);
    }

    /** Encodes a version 2 continuation block ("OCHK", messages, free space up to {@code dataSize}, checksum); its length is {@code dataSize + 8}. */
    public static byte[] encodeV2Continuation(V2Prefix prefix, List<HeaderMessage> messages, int dataSize) {
        Cursor out = chunkCursor(4, dataSize);
        out.putBytes(CONTINUATION_SIGNATURE);
        return finishChunk(out, prefix, messages, dataSize);
    }

    private static Cursor chunkCursor(int prefixSize, long dataSize) {
        if (dataSize < 0 || prefixSize + dataSize + 4 > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("chunk data size " + dataSize);
        return Cursor.forWriting((int) (prefixSize + dataSize + 4), 8, 8);
    }

    private static byte[] finishChunk(Cursor out, V2Prefix prefix, List<HeaderMessage> messages, int dataSize) {
        int used = messagesSize(prefix, messages);
        if (used > dataSize) throw new IllegalArgumentException("messages need " + used + " bytes, the chunk holds " + dataSize);
        int start = out.position();
        for (HeaderMessage m : messages) putV2Message(out, prefix, m.type(), m.flags(), m.creationOrder(), m.bytes());
        int free = dataSize - used;
        if (free >= prefix.messagePrefixSize()) {
            putV2Message(out, prefix, NilMessage.TYPE, 0, 0, new byte[free - prefix.messagePrefixSize()]);
        } else {
            out.putZeros(free);
        }
        if (out.position() - start != dataSize) throw new IllegalStateException("chunk data came to " + (out.position() - start) + " bytes");
        out.putU32(Checksum.lookup3(out.buffer(), 0, out.position()) & 0xFFFFFFFFL);
        return out.written();
    }

    private static void putV2Message(Cursor out, V2Prefix prefix, int type, int flags, int creationOrder, byte[] body) {
        if (type > 0xFF) throw new IllegalArgumentException("message type 0x" + Integer.toHexString(type) + " does not fit a version 2 header");
        out.putU8(type);
        out.putU16(body.length);
        out.putU8(flags);
        if (prefix.messagePrefixSize() == 6) out.putU16(Math.max(creationOrder, 0));
        out.putBytes(body);
    }

    /** A message list ready for {@link #encodeV2}, from messages and the file's sizes. */
    public static List<HeaderMessage> encodeAll(List<? extends Message> messages, int offsetSize, int lengthSize) {
        List<HeaderMessage> out = new ArrayList<>(messages.size());
        for (Message m : messages) out.add(HeaderMessage.of(m, offsetSize, lengthSize));
        return out;
    }

    // ---- where messages are, for rewriting in place ----------------------------------------------

    /** The index of the chunk holding message {@code m} of this header. */
    public int chunkOf(HeaderMessage m) {
        long at = m.address() - context.baseAddress();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            // a message's data follows its prefix, so it lies after the chunk's start; an empty one may end the chunk
            if (at > c.address() && at <= c.address() + c.size()) return i;
        }
        throw new IllegalArgumentException(m + " is not a message of " + this);
    }

    /** Bytes chunk {@code i} holds for messages (their prefixes included): without prefix, signature and checksum. */
    public int chunkDataSize(int i) {
        Chunk c = chunks.get(i);
        if (version == 1) return (int) (i == 0 ? c.size() - V1_PREFIX_SIZE : c.size());
        if (i > 0) return (int) (c.size() - 8);
        int prefix = 6 + ((flags & FLAG_TIMES_STORED) != 0 ? 16 : 0) + ((flags & FLAG_ATTRIBUTE_PHASE_CHANGE_STORED) != 0 ? 4 : 0)
                + (1 << (flags & FLAG_CHUNK0_SIZE_MASK));
        return (int) (c.size() - 4 - prefix);
    }

    // ---- encoding (version 1) ------------------------------------------------------------------

    /** Bytes that {@code messages} take in a version 1 chunk: an 8-byte prefix and data padded to 8 bytes each. */
    public static int v1MessagesSize(List<HeaderMessage> messages) {
        int n = 0;
        for (HeaderMessage m : messages) n += V1_MESSAGE_PREFIX_SIZE + align8(m.size());
        return n;
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }

    /**
     * Encodes chunk #0 of a version 1 object header: the 16-byte prefix (version 1, total number of
     * messages, reference count, chunk size) and the messages, the free space up to
     * {@code dataSize} filled with NIL messages. Returns the bytes and, through the chunk, how many
     * messages it holds (see {@link #v1MessageCount}).
     */
    public static byte[] encodeV1(int totalMessages, long referenceCount, List<HeaderMessage> messages, int dataSize) {
        Cursor out = Cursor.forWriting(V1_PREFIX_SIZE + dataSize, 8, 8);
        out.putU8(1);
        out.putU8(0);
        out.putU16(totalMessages);
        out.putU32(referenceCount);
        out.putU32(dataSize);
        out.putZeros(4);
        putV1Messages(out, messages, dataSize);
        return out.written();
    }

    /** Encodes a version 1 continuation block of {@code dataSize} bytes (messages, then NIL messages). */
    public static byte[] encodeV1Continuation(List<HeaderMessage> messages, int dataSize) {
        Cursor out = Cursor.forWriting(dataSize, 8, 8);
        putV1Messages(out, messages, dataSize);
        return out.written();
    }

    /** Messages a version 1 chunk of {@code dataSize} bytes holds with these messages: theirs and the NIL message filling the rest. */
    public static int v1MessageCount(List<HeaderMessage> messages, int dataSize) {
        return messages.size() + (dataSize - v1MessagesSize(messages) >= V1_MESSAGE_PREFIX_SIZE ? 1 : 0);
    }

    private static void putV1Messages(Cursor out, List<HeaderMessage> messages, int dataSize) {
        int used = v1MessagesSize(messages);
        if (used > dataSize || dataSize % 8 != 0) throw new IllegalArgumentException("messages need " + used + " bytes, the chunk holds " + dataSize);
        for (HeaderMessage m : messages) {
            byte[] body = m.bytes();
            out.putU16(m.type());
            out.putU16(align8(body.length));
            out.putU8(m.flags());
            out.putZeros(3);
            out.putBytes(body);
            out.putZeros(align8(body.length) - body.length);
        }
        int free = dataSize - used;
        if (free >= V1_MESSAGE_PREFIX_SIZE) {
            out.putU16(NilMessage.TYPE);
            out.putU16(free - V1_MESSAGE_PREFIX_SIZE);
            out.putU8(0);
            out.putZeros(3);
            out.putZeros(free - V1_MESSAGE_PREFIX_SIZE);
        }
    }

    /** Reads the bytes of a chunk of this header again (for tests and tools comparing encodings). */
    public byte[] chunkBytes(int index) {
        Chunk c = chunks.get(index);
        ByteBuffer b = context.read(c.address(), c.size(), "object header chunk").buffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public String toString() {
        return "ObjectHeader[v" + version + " at " + address + ", " + messages.size() + " messages in " + chunks.size() + " chunks]";
    }
}
