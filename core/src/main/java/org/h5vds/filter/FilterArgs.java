package org.h5vds.filter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.h5vds.io.H5Exception;
import org.h5vds.io.H5FormatException;

/**
 * What one filter needs to know about the chunk it transforms.
 *
 * @param clientData   the client data values of this filter in the pipeline message
 * @param elementSize  the dataset's datatype size in bytes
 * @param chunkDims    the chunk dimensions in elements
 * @param expectedSize the exact size the decoder must produce, or {@link #UNKNOWN} when a
 *                     size-changing filter runs before this one in the pipeline
 * @param sizeLimit    the largest decoded size to accept (and so to allocate) when the exact size
 *                     is unknown; equal to {@code expectedSize} when that is known
 * @param file         the file the chunk comes from, for error messages (may be null)
 * @param offset       the file address of the stored chunk, or {@link H5FormatException#NO_OFFSET}
 */
public record FilterArgs(int[] clientData, int elementSize, long[] chunkDims, int expectedSize, int sizeLimit,
                         String file, long offset) {
    public static final int UNKNOWN = -1;

    public FilterArgs {
        clientData = clientData == null ? new int[0] : clientData.clone();
        chunkDims = Objects.requireNonNull(chunkDims, "chunkDims").clone();
        if (elementSize <= 0) throw new IllegalArgumentException("element size must be positive, got " + elementSize);
        if (sizeLimit < 0) throw new IllegalArgumentException("size limit must be >= 0, got " + sizeLimit);
        if (expectedSize != UNKNOWN && expectedSize != sizeLimit) {
            throw new IllegalArgumentException("size limit " + sizeLimit + " differs from the exact size " + expectedSize);
        }
    }

    /** Arguments for a filter whose decoded size is the whole chunk, as for the first filter of a pipeline. */
    public static FilterArgs forChunk(int[] clientData, int elementSize, long[] chunkDims) {
        int bytes = chunkBytes(elementSize, chunkDims);
        return new FilterArgs(clientData, elementSize, chunkDims, bytes, bytes, null, H5FormatException.NO_OFFSET);
    }

    /** The byte size of one chunk: element size times the product of the chunk dimensions. */
    public static int chunkBytes(int elementSize, long[] chunkDims) {
        long bytes = elementSize;
        for (long d : chunkDims) {
            if (d <= 0) throw new H5Exception("chunk dimension must be positive, got " + Arrays.toString(chunkDims));
            bytes = Math.multiplyExact(bytes, d);
            if (bytes > Integer.MAX_VALUE - 64) {
                throw new H5Exception("chunk of " + Arrays.toString(chunkDims) + " elements of " + elementSize
                        + " bytes exceeds the 2 GiB a chunk may have here");
            }
        }
        return (int) bytes;
    }

    /** This chunk's byte size computed from the element size and chunk dimensions. */
    public int chunkBytes() {
        return chunkBytes(elementSize, chunkDims);
    }

    public FilterArgs withClientData(int[] values) {
        return new FilterArgs(values, elementSize, chunkDims, expectedSize, sizeLimit, file, offset);
    }

    @Override
    public int[] clientData() {
        return clientData.clone();
    }

    @Override
    public long[] chunkDims() {
        return chunkDims.clone();
    }

    public int clientDataCount() {
        return clientData.length;
    }

    /** Client data value {@code index} read as C's {@code unsigned int}, or {@code absent} when not stored. */
    public long clientValue(int index, long absent) {
        return index < clientData.length ? Integer.toUnsignedLong(clientData[index]) : absent;
    }

    /** The error for corrupt filtered data, naming the file, the chunk's address and the filter. */
    public H5FormatException corrupt(String filterName, String detail) {
        return new H5FormatException(file, null, offset, filterName + " filter: " + detail);
    }

    public H5FormatException corrupt(String filterName, String detail, Throwable cause) {
        return new H5FormatException(file, null, offset, filterName + " filter: " + detail, cause);
    }

    /**
     * Checks a decoded size read from a stream header before anything is allocated for it: it must
     * equal the expected size when that is known, and not exceed the limit otherwise.
     */
    public int checkDecodedSize(String filterName, long claimed, String what) {
        if (expectedSize != UNKNOWN) {
            if (claimed != expectedSize) {
                throw corrupt(filterName, what + " is " + Long.toUnsignedString(claimed) + " bytes, expected the chunk's "
                        + expectedSize + " bytes");
            }
        } else if (claimed < 0 || claimed > sizeLimit) {
            throw corrupt(filterName, what + " is " + Long.toUnsignedString(claimed) + " bytes, more than the "
                    + sizeLimit + " bytes any filter of this chunk can produce");
        }
        return (int) claimed;
    }

    /** Below this many decoded bytes an allocation is harmless whatever the stream claims. */
    static final int SMALL_OUTPUT = 1 << 16;

    /**
     * Checks, before anything is allocated, that {@code encodedLength} stored bytes can decode to
     * {@code decoded} bytes with a codec that expands by at most {@code maxRatio} (deflate 1032:1,
     * LZ4 255:1, ...): a size read off a corrupt file (a chunk dimension, a stream header) then
     * cannot make us allocate more than the stored bytes can yield.
     */
    public void checkExpansion(String filterName, long decoded, long encodedLength, long maxRatio) {
        long most = encodedLength > (Long.MAX_VALUE - SMALL_OUTPUT) / maxRatio ? Long.MAX_VALUE : encodedLength * maxRatio + SMALL_OUTPUT;
        if (decoded > most) {
            throw corrupt(filterName, encodedLength + " stored bytes cannot decode to " + decoded + " bytes (at most "
                    + maxRatio + " times as many)");
        }
    }

    /** Checks the size a decoder actually produced against the exact expected size, when known. */
    public void checkProduced(String filterName, long produced) {
        if (expectedSize != UNKNOWN && produced != expectedSize) {
            throw corrupt(filterName, "decoded " + produced + " bytes, expected the chunk's " + expectedSize + " bytes");
        }
    }

    /** A buffer over {@code bytes[0, length)} as filters return it. */
    public static ByteBuffer result(byte[] bytes, int length) {
        return ByteBuffer.wrap(bytes, 0, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static ByteBuffer result(byte[] bytes) {
        return result(bytes, bytes.length);
    }
}
