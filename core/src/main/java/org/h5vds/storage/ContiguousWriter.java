package org.h5vds.storage;

import java.nio.ByteBuffer;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.io.Cursor;
import org.h5vds.select.PairVisitor;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;

/**
 * Writes a contiguous dataset. Space for the whole extent is allocated at the first write, as
 * libhdf5 allocates it late (H5D_ALLOC_TIME_LATE); a non-zero fill value is written over it then
 * (fill time "if set"), so elements never written read as the fill value. Each write goes straight
 * to the file, runs that continue one another joined into one positional write. A dataset never
 * written keeps an undefined address, which readers take as all fill value. A dataset already in
 * the file is written where it is (raw data only: its header does not change).
 */
public final class ContiguousWriter implements LayoutWriter {
    /** Fill is written in pieces of at most this many bytes. */
    private static final int FILL_PIECE = 1 << 20;

    private final RawSpace sink;
    private final long[] dims;
    private final int elementSize;
    private final byte[] fill;
    private final long size;
    private long address;

    /**
     * @param dims the extent (a scalar as {1})
     * @param fill one element of fill value in the stored type, or null for zeros
     */
    public ContiguousWriter(RawSpace sink, long[] dims, int elementSize, byte[] fill) {
        this(sink, dims, elementSize, fill, Cursor.UNDEFINED);
    }

    /** A dataset stored at {@code address} (undefined: not allocated yet). */
    public ContiguousWriter(RawSpace sink, long[] dims, int elementSize, byte[] fill, long address) {
        this.sink = sink;
        this.address = address;
        this.dims = dims.clone();
        this.elementSize = elementSize;
        this.fill = fill == null || FillValue.of(fill, elementSize).isZero() ? null : fill.clone();
        long n = elementSize;
        for (long d : dims) n = Math.multiplyExact(n, d);
        this.size = n;
    }

    @Override
    public void write(ProductSelection selection, ByteBuffer values) {
        if (selection.isEmpty()) return;
        ByteBuffer data = values.slice();
        if (address == Cursor.UNDEFINED) allocate();
        if (isWhole(selection)) {
            // every element, in the file's order: the one run the general way below would join the
            // pieces into, written without building its pairing (a program's first write of a whole
            // dataset then loads some ten classes fewer)
            sink.write(address, data.slice(0, Math.toIntExact(size)));
            return;
        }
        long[] memShape = selection.sizes();
        SelectionPair pair = new SelectionPair(selection, Selection.box(new long[memShape.length], memShape));
        // (anonymous classes, not lambdas: a program's first write of a dataset then links no call
        // site, 1-2 ms each the first time in a fresh JVM; CreateStartupWorkTest)
        RunCoalescer runs = new RunCoalescer(new RunCoalescer.Sink() {
            @Override
            public void run(long file, long memory, long length) {
                sink.write(address + file, data.slice(Math.toIntExact(memory), Math.toIntExact(length)));
            }
        });
        pair.forEachRun(new PairVisitor() {
            @Override
            public void run(long[] a, long[] b, long n) {
                runs.add(linear(a, dims) * elementSize, linear(b, memShape) * elementSize, n * elementSize);
            }
        });
        runs.flush();
    }

    /** Whether the (non-empty) selection is the whole extent: on each axis every position from 0 to the end. */
    private boolean isWhole(ProductSelection selection) {
        if (selection.rank() != dims.length) return false;
        for (int i = 0; i < dims.length; i++) {
            org.h5vds.select.DimSet d = selection.axis(i);
            if (d.isUnlimited() || d.first() != 0 || d.end() != dims[i] || d.size() != dims[i]) return false;
        }
        return true;
    }

    private void allocate() {
        if (fill == null) {
            address = sink.allocateZeroed(size);
            return;
        }
        address = sink.allocate(size);
        int piece = (int) Math.min(size, FILL_PIECE / elementSize * (long) elementSize);
        byte[] pattern = new byte[piece];
        for (int p = 0; p < piece; p += elementSize) System.arraycopy(fill, 0, pattern, p, elementSize);
        for (long at = 0; at < size; at += piece) sink.write(address + at, ByteBuffer.wrap(pattern, 0, (int) Math.min(piece, size - at)));
    }

    static long linear(long[] coords, long[] shape) {
        long e = 0;
        for (int i = 0; i < shape.length; i++) e = e * shape[i] + coords[i];
        return e;
    }

    @Override
    public void resize(long[] newDims) {
        throw new IllegalStateException("contiguous storage cannot change its extent");
    }

    /** The data's address, undefined until first written. */
    public long address() {
        return address;
    }

    public long size() {
        return size;
    }

    @Override
    public DataLayoutMessage finish() {
        return DataLayoutMessage.contiguous(3, address, size);
    }

    @Override
    public void abandon() {
        // nothing runs in the background
    }
}
