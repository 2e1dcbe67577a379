package org.h5vds.node;

import java.nio.ByteBuffer;
import org.h5vds.format.CommittedMessageResolver;
import org.h5vds.format.FileContext;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.SharedMessageIndexTable;
import org.h5vds.format.Superblock;
import org.h5vds.format.message.Message;
import org.h5vds.format.message.Messages;
import org.h5vds.format.message.SharedMessage;
import org.h5vds.format.message.SharedMessageResolver;
import org.h5vds.format.message.SharedMessageTableMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * Resolves shared header messages of one file: committed ones (another object header, e.g. a
 * committed datatype) through {@link CommittedMessageResolver}, and those in the shared object
 * header message heaps through the superblock extension's index table and the fractal heap of the
 * index that holds the message's type.
 */
final class SharedMessages implements SharedMessageResolver {
    private final OpenFile file;
    private final CommittedMessageResolver committed;
    private volatile SharedMessageIndexTable table;

    SharedMessages(OpenFile file) {
        this.file = file;
        this.committed = new CommittedMessageResolver(file.context());
    }

    @Override
    public Message resolve(SharedMessage shared) {
        if (shared.location() != SharedMessage.Location.SOHM_HEAP) return committed.resolve(shared);
        return heapMessage(shared.type(), shared.heapId(), shared.sourceOffset()).message();
    }

    /** A message kept in a shared message heap: its encoded body and what it decodes to. */
    record HeapMessage(byte[] body, Message message) {
    }

    /**
     * The message of type {@code type} that {@code heapId} names in the heap of the shared message
     * index holding that type.
     */
    HeapMessage heapMessage(int type, byte[] heapId, long sourceOffset) {
        long heap = index(type, sourceOffset).fractalHeapAddress();
        byte[] body = Heaps.fractal(file, heap).get(heapId);
        FileContext ctx = file.context();
        Cursor c = new Cursor(ByteBuffer.wrap(body), file.fileName(), ctx.baseAddress() + heap, ctx.offsetSize(), ctx.lengthSize());
        return new HeapMessage(body, Messages.decode(type, 0, c));
    }

    private SharedMessageIndexTable.Index index(int type, long sourceOffset) {
        SharedMessageIndexTable.Index index = table().indexFor(type);
        if (index == null) {
            throw new H5FormatException(file.fileName(), sourceOffset, "message of type 0x" + Integer.toHexString(type)
                    + " is shared in a heap, but no shared message index holds that type");
        }
        return index;
    }

    private SharedMessageIndexTable table() {
        SharedMessageIndexTable t = table;
        if (t != null) return t;
        Superblock sb = file.superblock();
        long ext = sb.version() >= 2 ? sb.superblockExtensionAddress() : Cursor.UNDEFINED;
        if (ext == Cursor.UNDEFINED) {
            throw new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET,
                    "a message is shared in a heap, but the file has no superblock extension with a shared message table");
        }
        ObjectHeader extension = ObjectHeader.read(file.context(), ext, committed);
        SharedMessageTableMessage m = extension.find(SharedMessageTableMessage.class);
        if (m == null) {
            throw new H5FormatException(file.fileName(), file.context().baseAddress() + ext,
                    "the superblock extension has no shared message table message");
        }
        table = t = SharedMessageIndexTable.read(file.context(), m.tableAddress(), m.numberOfIndices());
        return t;
    }
}
