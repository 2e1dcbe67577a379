package org.h5vds.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.ContinuationMessage;
import org.h5vds.format.message.Message;
import org.h5vds.format.message.Messages;
import org.h5vds.format.message.SharedMessage;
import org.h5vds.format.message.SharedMessageResolver;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * One message of an object header as stored: type, flags, creation order and body bytes, with
 * the typed value decoded on first use. Immutable; the lazily decoded values are published
 * through volatile fields and are the same whichever thread decodes first.
 */
public final class HeaderMessage {
    /**
     * Message types whose class libhdf5 allows to be shared: dataspace, datatype, fill value (old
     * and new: both H5O_MSG_FILL classes are sharable), filter pipeline, attribute.
     */
    private static final int SHAREABLE_TYPES = 1 << 0x01 | 1 << 0x03 | 1 << 0x04 | 1 << 0x05 | 1 << 0x0B | 1 << 0x0C;

    private final int type;
    private final int flags;
    private final int creationOrder;
    private final long address;
    private final ByteBuffer body;
    private final FileContext context;
    private final SharedMessageResolver resolver;
    private volatile Message message;
    private volatile Message resolved;

    private HeaderMessage(int type, int flags, int creationOrder, long address, ByteBuffer body, FileContext context,
                          SharedMessageResolver resolver, Message message) {
        this.type = type;
        this.flags = flags;
        this.creationOrder = creationOrder;
        this.address = address;
        this.body = body.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        this.context = context;
        this.resolver = resolver;
        this.message = message;
    }

    /** A message read from a file; {@code body} covers exactly the message data, {@code address} is its absolute offset. */
    static HeaderMessage read(int type, int flags, int creationOrder, Cursor body, FileContext context, SharedMessageResolver resolver) {
        long at = body.address0();
        ByteBuffer b = body.buffer().slice(body.position(), body.remaining());
        body.skip(body.remaining());
        return new HeaderMessage(type, flags, creationOrder, at, b, context, resolver, null);
    }

    /**
     * A message to write, encoded for a file with the given sizes of offsets and lengths.
     *
     * @param creationOrder stored only in headers that track attribute creation order; 0 otherwise
     */
    public static HeaderMessage of(Message message, int flags, int creationOrder, int offsetSize, int lengthSize) {
        byte[] b = message.toBytes(offsetSize, lengthSize);
        if (b.length > 0xFFFF) throw new IllegalArgumentException(message.getClass().getSimpleName() + " of " + b.length + " bytes exceeds 65535");
        if (creationOrder < 0 || creationOrder > 0xFFFF) throw new IllegalArgumentException("creation order " + creationOrder);
        return new HeaderMessage(message.type(), flags, creationOrder, Cursor.UNDEFINED, ByteBuffer.wrap(b), null, null, message);
    }

    /** A message to write given as its stored bytes (copied from a header or heap as is). */
    public static HeaderMessage raw(int type, int flags, int creationOrder, byte[] body) {
        if (body.length > 0xFFFF) throw new IllegalArgumentException("message of " + body.length + " bytes exceeds 65535");
        if (creationOrder < 0 || creationOrder > 0xFFFF) throw new IllegalArgumentException("creation order " + creationOrder);
        return new HeaderMessage(type, flags, creationOrder, Cursor.UNDEFINED, ByteBuffer.wrap(body.clone()), null, null, null);
    }

    public static HeaderMessage of(Message message, int offsetSize, int lengthSize) {
        return of(message, 0, 0, offsetSize, lengthSize);
    }

    /** Checks the flag combinations libhdf5 rejects, and unknown types that ask readers to fail. */
    static void checkFlags(Cursor in, int at, int type, int flags) {
        if ((flags & Messages.FLAG_SHARED) != 0 && (flags & Messages.FLAG_DONT_SHARE) != 0) {
            throw in.error(at, "header message type 0x" + Integer.toHexString(type) + " is flagged both shared and not shareable");
        }
        if ((flags & Messages.FLAG_SHARED) != 0 && (type > 31 || (SHAREABLE_TYPES & 1 << type) == 0)) {
            throw in.error(at, "header message type 0x" + Integer.toHexString(type) + " is flagged shared, but messages of this type cannot be shared");
        }
        if (!Messages.isKnown(type) && (flags & Messages.FLAG_FAIL_IF_UNKNOWN_ALWAYS) != 0) {
            if (type == Messages.CACHE_IMAGE_TYPE) throw in.error(at, "the file holds a " + Messages.CACHE_IMAGE_NAME);
            throw in.error(at, "header message type 0x" + Integer.toHexString(type)
                    + " is unknown to this reader and flagged \"fail if unknown\" (flag bit 7)");
        }
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean isShared() {
        return (flags & Messages.FLAG_SHARED) != 0;
    }

    public boolean isConstant() {
        return (flags & Messages.FLAG_CONSTANT) != 0;
    }

    /**
     * Whether this is a message of a type we do not know that asks software opening the file for
     * writing to fail (flag bit 3). Reading ignores it; a writer must refuse to modify the object.
     */
    public boolean forbidsWritingIfUnknown() {
        return !Messages.isKnown(type) && (flags & Messages.FLAG_FAIL_IF_UNKNOWN_AND_WRITING) != 0;
    }

    /** The message creation order (version 2 headers tracking attribute creation order), or -1. */
    public int creationOrder() {
        return creationOrder;
    }

    /** The absolute file offset of the message data, or {@link Cursor#UNDEFINED} for a message built for writing. */
    public long address() {
        return address;
    }

    /** Bytes of message data. */
    public int size() {
        return body.remaining();
    }

    /** A fresh cursor over the message data (cursors are not shared between callers). */
    public Cursor body() {
        String file = context == null ? "<encoder>" : context.fileName();
        int o = context == null ? 8 : context.offsetSize();
        int l = context == null ? 8 : context.lengthSize();
        return new Cursor(body.duplicate().order(ByteOrder.LITTLE_ENDIAN), file, address == Cursor.UNDEFINED ? 0 : address, o, l);
    }

    /** A copy of the message data. */
    public byte[] bytes() {
        byte[] b = new byte[body.remaining()];
        body.duplicate().get(b);
        return b;
    }

    /** The decoded message as stored: a {@link SharedMessage} reference when the message is shared. */
    public Message message() {
        Message m = message;
        if (m == null) {
            Cursor b = body();
            int at = b.position();
            m = Messages.decode(type, flags, b);
            if (m instanceof ContinuationMessage c && context != null) checkInsideFile(c, b, at);
            message = m;
        }
        return m;
    }

    /** A continuation block must lie inside the file: checked here, before anyone allocates its length. */
    private void checkInsideFile(ContinuationMessage c, Cursor body, int at) {
        long end = context.baseAddress() + c.offset() + c.length();
        if (c.offset() < 0 || c.length() < 0 || end < 0 || end > context.fileSize()) {
            throw body.error(at, "continuation message: block of " + Long.toUnsignedString(c.length()) + " bytes at address "
                    + Long.toUnsignedString(c.offset()) + " runs past the end of the file (" + context.fileSize() + " bytes)");
        }
    }

    /**
     * The decoded message with shared references followed: a shared message becomes the message it
     * refers to, and an attribute's shared datatype or dataspace is filled in.
     */
    public Message resolved() {
        Message r = resolved;
        if (r == null) {
            r = message();
            if (r instanceof SharedMessage s) {
                if (resolver == null) throw new IllegalStateException("no resolver for a shared message built for writing");
                r = resolver.resolve(s);
                if (r.type() != type) {
                    throw new H5FormatException(context.fileName(), address, "shared message of type 0x" + Integer.toHexString(type)
                            + " resolved to a message of type 0x" + Integer.toHexString(r.type()));
                }
            }
            if (r instanceof AttributeMessage a && !a.isResolved()) {
                if (resolver == null) throw new IllegalStateException("no resolver for a shared message built for writing");
                r = a.resolve(resolver);
            }
            resolved = r;
        }
        return r;
    }

    /** The resolved message as {@code c}; fails if it is of another class. */
    public <T extends Message> T as(Class<T> c) {
        return c.cast(resolved());
    }

    @Override
    public String toString() {
        return "HeaderMessage[type 0x" + Integer.toHexString(type) + ", flags 0x" + Integer.toHexString(flags) + ", " + size()
                + " bytes at " + address + "]";
    }
}
