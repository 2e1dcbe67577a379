package org.h5vds.node;

import java.nio.ByteBuffer;
import java.util.List;
import org.h5vds.filter.FilterPipeline;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.FileContext;
import org.h5vds.format.FilteredBlockDecoder;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.io.Cursor;

/**
 * Undoes the I/O filters of a filtered fractal heap (a group or attribute heap created with a
 * filter pipeline, e.g. deflate): the heap header stores the pipeline as an encoded filter
 * pipeline message, which the filter layer applies.
 */
final class HeapFilters implements FilteredBlockDecoder {
    private final FileContext ctx;
    private final long heapAddress;

    HeapFilters(FileContext ctx, long heapAddress) {
        this.ctx = ctx;
        this.heapAddress = heapAddress;
    }

    @Override
    public ByteBuffer decode(byte[] ioFilterInformation, int filterMask, ByteBuffer stored, long expectedSize) {
        Cursor c = new Cursor(ByteBuffer.wrap(ioFilterInformation), ctx.fileName(), ctx.baseAddress() + heapAddress,
                ctx.offsetSize(), ctx.lengthSize());
        FilterPipelineMessage message = FilterPipelineMessage.decode(c);
        List<FilterSpec> specs = DatasetNode.filterSpecs(message);
        if (expectedSize > Integer.MAX_VALUE) throw ctx.error(heapAddress, "fractal heap block of " + expectedSize + " bytes");
        // heap objects are bytes: element size 1, one "chunk" the size of the block
        FilterPipeline pipeline = FilterPipeline.create(specs, 1, new long[] {expectedSize});
        return pipeline.decode(stored, filterMask, (int) expectedSize, ctx.fileName(), ctx.baseAddress() + heapAddress);
    }
}
