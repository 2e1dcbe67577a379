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
        FileContext ctx = file.context();
        SharedMessageIndexTable.Index index = table().indexFor(shared.type());
        if (index == null) {
            throw new H5FormatException(file.fileName(), shared.sourceOffset(), "message of type 0x" + Integer.toHexString(shared.type())
                    + " is shared in a heap, but no shared message index holds that type");
        }
        byte[] bytes = Heaps.fractal(file, index.fractalHeapAddress()).get(shared.heapId());
        Cursor c = new Cursor(ByteBuffer.wrap(bytes), file.fileName(), ctx.baseAddress() + index.fractalHeapAddress(),
                ctx.offsetSize(), ctx.lengthSize());
        return Messages.decode(shared.type(), 0, c);
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
