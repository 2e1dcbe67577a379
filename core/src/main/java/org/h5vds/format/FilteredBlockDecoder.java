package org.h5vds.format;

import java.nio.ByteBuffer;

/**
 * Undoes a fractal heap's I/O filters on one filtered direct block or huge object. The filter
 * pipeline lives above the format layer, so the caller that opens a filtered heap supplies it.
 */
@FunctionalInterface
public interface FilteredBlockDecoder {

    /**
     * @param ioFilterInformation the heap header's I/O filter information: an encoded filter
     *                            pipeline message (format spec IV.A.2.l)
     * @param filterMask          bit i set means filter i of the pipeline was skipped for these bytes
     * @param stored              the bytes as stored in the file
     * @param expectedSize        the size the bytes must have once decoded
     * @return the decoded bytes, exactly {@code expectedSize} of them from position to limit
     */
    ByteBuffer decode(byte[] ioFilterInformation, int filterMask, ByteBuffer stored, long expectedSize);
}
