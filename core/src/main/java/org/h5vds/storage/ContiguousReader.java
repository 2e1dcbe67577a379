package org.h5vds.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.FileContext;
import org.h5vds.io.Cursor;
import org.h5vds.select.Box;
import org.h5vds.select.Points;
import org.h5vds.select.SelectionPair;

/**
 * Reads a contiguous dataset. The dataset is cut into slabs of about {@link #SLAB_BYTES} that are
 * each one contiguous byte range in the file (whole trailing rows); each slab the selection touches
 * is read with one positional read covering its selected elements and is a piece of parallel work,
 * so a large read streams at disk speed on every core without one huge buffer.
 */
public final class ContiguousReader implements LayoutReader {
    static final long SLAB_BYTES = 1 << 20;
    /** Joined runs shorter than this on average are read as one span and copied instead. */
    private static final long STRAIGHT_READ_MIN_BYTES = 16 << 10;

    private final FileContext file;
    private final long address; // Cursor.UNDEFINED when storage was never allocated
    private final long[] dims;
    private final int elementSize;
    private final FillValue fill;
    private final ChunkGrid slabs;

    public ContiguousReader(FileContext file, long address, long storedSize, long[] dims, int elementSize, FillValue fill) {
        this.file = file;
        this.address = address;
        this.dims = dims.clone();
        this.elementSize = elementSize;
        this.fill = fill;
        long need = elementSize;
        for (long d : dims) need = Math.multiplyExact(need, d);
        if (address != Cursor.UNDEFINED) {
            if (storedSize < need) {
                throw file.error(address, "contiguous storage of " + storedSize + " bytes is smaller than the dataset's " + need + " bytes");
            }
            file.store().checkRange(file.absolute(address, "contiguous data"), need, "contiguous data");
        }
        this.slabs = new ChunkGrid(slabShape(dims, elementSize));
    }

    /** Whole trailing axes while they fit in a slab, then as many rows of the next axis as fit. */
    static long[] slabShape(long[] dims, int elementSize) {
        long[] s = new long[dims.length];
        long bytes = elementSize;
        int d = dims.length - 1;
        for (; d >= 0; d--) {
            long full = Math.max(1, dims[d]);
            if (bytes * full > SLAB_BYTES) break;
            s[d] = full;
            bytes *= full;
        }
        if (d >= 0) {
            s[d] = Math.max(1, SLAB_BYTES / bytes);
            for (int i = d - 1; i >= 0; i--) s[i] = 1;
        }
        return s;
    }

    @Override
    public void read(SelectionPair pair, ReadTarget target, ElementConverter converter) {
        if (pair.a().isEmpty()) return;
        if (address == Cursor.UNDEFINED) {
            fill.fill(pair.b(), target, converter);
            return;
        }
        if (pair.a() instanceof Points a && pair.b() instanceof Points b && a.size() > 1) {
            List<PointBuckets.Bucket> buckets = PointBuckets.split(a, b, slabs, dims);
            if (buckets != null) {
                List<Runnable> pieces = new ArrayList<>(buckets.size());
                for (PointBuckets.Bucket k : buckets) pieces.add(() -> readSlab(k.scaled(), k.pair(), target, converter));
                ParallelWork.runAll(pieces);
                return;
            }
        }
        List<long[]> touched = slabs.blocksTouching(pair.a());
        List<Runnable> pieces = new ArrayList<>();
        for (long[] scaled : touched) {
            pieces.add(() -> readSlab(scaled, pair, target, converter));
        }
        if (!ReadAhead.wanted(file.store(), pieces.size())) {
            ParallelWork.runAll(pieces);
            return;
        }
        // a remote object: announce each slab's span so that they are fetched together
        long abs = file.absolute(address, "contiguous data");
        long[] positions = new long[touched.size()];
        long[] lengths = new long[touched.size()];
        for (int k = 0; k < touched.size(); k++) {
            SelectionPair sub = pair.restrictA(slabs.box(touched.get(k)));
            if (sub.a().isEmpty()) continue;
            Box b = sub.a().bounds();
            long first = linear(b.start());
            positions[k] = abs + first * elementSize;
            lengths[k] = (linear(b.last()) - first + 1) * elementSize;
        }
        ReadAhead.run(file.store(), pieces, positions, lengths);
    }

    /**
     * One read straight into the result when the run is written (storage allocated) and at most
     * a slab: what {@link #read} does for such a run in the end, without the selections, slabs
     * and pieces it takes to get there. A longer run is read by {@link #read}, slab by slab in
     * parallel.
     */
    @Override
    public boolean readRun(long first, long count, byte[] out, int offset) {
        long bytes = count * elementSize;
        if (address == Cursor.UNDEFINED || bytes > SLAB_BYTES) return false;
        file.store().read(file.absolute(address, "contiguous data") + first * elementSize, ByteBuffer.wrap(out, offset, (int) bytes),
                "contiguous data");
        return true;
    }

    private void readSlab(long[] scaled, SelectionPair pair, ReadTarget target, ElementConverter converter) {
        SelectionPair sub = pair.restrictA(slabs.box(scaled));
        if (sub.a().isEmpty()) return;
        // points are never long runs: straight reads are for boxes and rows
        if (converter.isIdentity() && !(sub.a() instanceof Points) && readStraightIntoTarget(sub, target)) return;
        SpanReads.read(file.store(), file.absolute(address, "contiguous data"), "contiguous data", sub, a -> linear(a) * elementSize, target,
                converter, elementSize, file.store().prefetchWindow() <= 0);
    }

    /**
     * When the slab's selected runs join into a few long runs that are contiguous both in the file
     * and in the target (a frame, a block of whole rows), each is read with one positional read
     * straight into the target: no intermediate buffer, no second copy.
     */
    private boolean readStraightIntoTarget(SelectionPair sub, ReadTarget target) {
        JoinedRuns runs = JoinedRuns.of(sub, a -> linear(a) * elementSize, target, elementSize);
        if (runs == null) return false;
        if (runs.bytes() < (long) runs.count() * STRAIGHT_READ_MIN_BYTES) return false; // many small reads: one span read is cheaper
        long abs = file.absolute(address, "contiguous data");
        for (int k = 0; k < runs.count(); k++) {
            file.store().read(abs + runs.source(k), ByteBuffer.wrap(target.data(), runs.target(k), runs.length(k)), "contiguous data");
        }
        return true;
    }

    private long linear(long[] coords) {
        long e = 0;
        for (int i = 0; i < dims.length; i++) e = e * dims[i] + coords[i];
        return e;
    }
}
