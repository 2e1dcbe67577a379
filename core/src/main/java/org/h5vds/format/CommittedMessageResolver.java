package org.h5vds.format;

import org.h5vds.format.message.Message;
import org.h5vds.format.message.SharedMessage;
import org.h5vds.format.message.SharedMessageResolver;
import org.h5vds.io.H5FormatException;

/**
 * The default {@link SharedMessageResolver}: follows committed messages (shared in another object
 * header, such as a committed datatype) by reading that header and taking its message of the same
 * type. Messages shared through the shared object header message heap need the fractal heap, which
 * this resolver does not read; they fail with an error naming the heap ID.
 *
 * <p>A committed message may itself be shared; the chain is followed at most {@link #MAX_CHAIN}
 * steps, so that headers referring to each other cannot loop.
 */
public final class CommittedMessageResolver implements SharedMessageResolver {
    public static final int MAX_CHAIN = 16;

    private final FileContext context;
    private final int depth;

    public CommittedMessageResolver(FileContext context) {
        this(context, 0);
    }

    private CommittedMessageResolver(FileContext context, int depth) {
        this.context = context;
        this.depth = depth;
    }

    @Override
    public Message resolve(SharedMessage shared) {
        String file = shared.sourceFile() != null ? shared.sourceFile() : context.fileName();
        String what = "shared message of type 0x" + Integer.toHexString(shared.type());
        if (shared.location() == SharedMessage.Location.SOHM_HEAP) {
            throw new H5FormatException(file, shared.sourceOffset(), what + " lives in the shared object header message heap (heap ID "
                    + java.util.HexFormat.of().formatHex(shared.heapId()) + "), which this reader does not resolve");
        }
        if (depth >= MAX_CHAIN) {
            throw new H5FormatException(file, shared.sourceOffset(), what + ": more than " + MAX_CHAIN
                    + " shared messages refer to one another (a cycle?)");
        }
        ObjectHeader header = ObjectHeader.read(context, shared.address(), new CommittedMessageResolver(context, depth + 1));
        for (HeaderMessage m : header.messages()) {
            if (m.type() == shared.type()) return m.resolved();
        }
        throw new H5FormatException(file, shared.sourceOffset(), what + " refers to the object header at address " + shared.address()
                + ", which has no message of that type");
    }
}
