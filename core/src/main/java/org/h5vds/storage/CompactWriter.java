package org.h5vds.storage;

import java.nio.ByteBuffer;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;

/**
 * Writes a compact dataset: the raw data lives in the Data Layout message itself, so it is kept in
 * memory (at most 64 KiB) and stored in the header at close. Starts as the fill value.
 */
public final class CompactWriter implements LayoutWriter {
    /**
     * The most raw data a compact layout holds: a header message is at most 65535 bytes, and a
     * version 3 compact layout spends 4 of them before the data.
     */
    public static final int MAX_BYTES = 0xFFFF - 4;

    private final long[] dims;
    private final int elementSize;
    private final byte[] data;

    public CompactWriter(long[] dims, int elementSize, byte[] fill) {
        this.dims = dims.clone();
        this.elementSize = elementSize;
        long n = elementSize;
        for (long d : dims) n = Math.multiplyExact(n, d);
        if (n > MAX_BYTES) throw new IllegalArgumentException("compact storage holds at most " + MAX_BYTES + " bytes, the dataset needs " + n);
        this.data = new byte[(int) n];
        if (fill != null) for (int p = 0; p < data.length; p += elementSize) System.arraycopy(fill, 0, data, p, elementSize);
    }

    @Override
    public void write(ProductSelection selection, ByteBuffer buffer) {
        if (selection.isEmpty()) return;
        ByteBuffer values = buffer.slice();
        long[] memShape = selection.sizes();
        SelectionPair pair = new SelectionPair(selection, Selection.box(new long[memShape.length], memShape));
        pair.forEachRun((a, b, n) -> values.get((int) (ContiguousWriter.linear(b, memShape) * elementSize), data,
                (int) (ContiguousWriter.linear(a, dims) * elementSize), (int) (n * elementSize)));
    }

    /** Starts from the data a stored compact dataset holds. */
    public void load(byte[] stored) {
        System.arraycopy(stored, 0, data, 0, Math.min(stored.length, data.length));
    }

    /** The data as written so far. */
    public byte[] data() {
        return data.clone();
    }

    @Override
    public void resize(long[] newDims) {
        throw new IllegalStateException("compact storage cannot change its extent");
    }

    @Override
    public DataLayoutMessage finish() {
        return DataLayoutMessage.compact(3, data);
    }

    @Override
    public void abandon() {
        // nothing runs in the background
    }
}
