package org.h5vds.filter;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * One HDF5 filter: a reversible transformation of a chunk's bytes, identified by the filter id
 * stored in the Filter Pipeline message (spec IV.A.2.l). Implementations are found with
 * {@link java.util.ServiceLoader} and must be stateless or otherwise safe to call from many
 * threads at once: the same instance decodes chunks for every dataset in parallel.
 *
 * <p>Each implementation reproduces the exact bytes of the libhdf5 built-in filter or of the
 * third-party plugin registered under the same id, so that files we write are read by libhdf5
 * with that plugin, and files it writes are read by us.
 */
public interface Filter {
    /** The filter identification value, as registered with The HDF Group. */
    int id();

    /** The short common name, e.g. "deflate", "bitshuffle". */
    String name();

    /**
     * True when decoding gives back exactly as many bytes as it is given (shuffle, say), for a
     * filter with these client data values. The pipeline then knows the exact size that the filter
     * before it must produce, so that filter can allocate its output once.
     */
    default boolean preservesSize(int[] clientData) {
        return false;
    }

    /**
     * The most bytes {@link #encode} can make of {@code size} bytes with these client data values;
     * a reader bounds what an earlier decoding stage may produce by it. The default, twice the
     * input plus 64 KiB, holds for every codec that stores a block as is when it does not shrink.
     */
    default long maxEncodedSize(long size, int[] clientData) {
        return defaultMaxEncodedSize(size);
    }

    /** {@link #maxEncodedSize}'s default: twice {@code size} plus 64 KiB. */
    static long defaultMaxEncodedSize(long size) {
        return 2 * size + 65536;
    }

    /** False for a filter we can only read; {@link #encode} then always throws. */
    default boolean canEncode() {
        return true;
    }

    /**
     * Reverses the filter. Returns a new buffer (position 0, limit = decoded size) or {@code encoded}
     * itself when the filter leaves the bytes unchanged; never modifies {@code encoded}'s content or
     * position. Corrupt input raises an {@link org.h5vds.io.H5FormatException} built by
     * {@link FilterArgs#corrupt}; no size read from the input is allocated before it is checked
     * against {@link FilterArgs#expectedSize()} or {@link FilterArgs#sizeLimit()}.
     */
    ByteBuffer decode(ByteBuffer encoded, FilterArgs args);

    /**
     * Reverses the filter into {@code out[outOffset, outOffset + args.expectedSize())}, which must be
     * known ({@code args.expectedSize() != UNKNOWN}): the same bytes {@link #decode} gives, with the
     * same checks, but without a buffer of its own when the filter overrides this (deflate inflates
     * and shuffle unshuffles straight into {@code out}). Bytes of {@code out} outside the range are
     * left alone; on an error the range may hold partial output.
     */
    default void decodeInto(ByteBuffer encoded, FilterArgs args, byte[] out, int outOffset) {
        ByteBuffer decoded = decode(encoded, args);
        args.checkProduced(name(), decoded.remaining());
        decoded.duplicate().get(out, outOffset, args.expectedSize());
    }

    /**
     * Applies the filter. Throws {@link FilterFailed} when this chunk cannot be encoded (for example
     * the output would be larger than the input); the pipeline then skips the filter for that chunk
     * if it is optional, exactly as libhdf5 does, and records the skip in the chunk's filter mask.
     */
    ByteBuffer encode(ByteBuffer raw, FilterArgs args) throws FilterFailed;

    /**
     * {@link #encode}, writing its output into an array that {@code outputs} gives (at least the
     * size asked for; the caller reuses it from chunk to chunk) when the filter can: the same
     * bytes, without a new buffer per chunk. The result may be backed by that array, so the
     * caller reads it before asking {@code outputs} again. By default the filter's own
     * {@link #encode}, which allocates.
     */
    default ByteBuffer encode(ByteBuffer raw, FilterArgs args, IntFunction<byte[]> outputs) throws FilterFailed {
        return encode(raw, args);
    }

    /**
     * The client data values to store in the filter pipeline message for a dataset, given the
     * values the user asked for: what libhdf5's or the plugin's "set local" callback would store
     * (for example shuffle stores the element size, lzf the chunk's byte size).
     *
     * @param userValues  the values the user passed (may be empty)
     * @param elementSize the dataset's datatype size in bytes
     * @param chunkDims   the chunk dimensions in elements
     */
    int[] clientData(int[] userValues, int elementSize, long[] chunkDims);
}
