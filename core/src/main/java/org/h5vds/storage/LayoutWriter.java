package org.h5vds.storage;

import java.nio.ByteBuffer;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.select.ProductSelection;

/**
 * Writes the stored elements of one dataset: the write-side twin of {@link LayoutReader}, one
 * implementation per layout (compact, contiguous, chunked). Calls come from one thread at a time
 * (the node layer serialises them per dataset); work a writer hands to other threads (chunk
 * encoding) is its own business and finished by {@link #finish()}.
 */
public interface LayoutWriter {
    /**
     * Stores elements: the remaining bytes of {@code data} hold the elements of {@code selection}
     * (dataset coordinates, inside the current extent) in C order, as a dense array of
     * {@code selection.sizes()}, in the dataset's stored type and byte order. The buffer (which may
     * be read-only) is only read, and not kept after the call.
     */
    void write(ProductSelection selection, ByteBuffer data);

    /** Changes the current extent (the caller checked it against the maximum; only chunked storage may change). */
    void resize(long[] newDims);

    /**
     * Writes everything still held in memory, waits for work under way, writes the storage's
     * index, and returns the Data Layout message describing it all (for a new dataset).
     */
    DataLayoutMessage finish();

    /** Stops background work without writing more (the file is being abandoned). */
    void abandon();
}
