package org.h5vds.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.FileContext;
import org.h5vds.io.Cursor;
import org.h5vds.io.ScratchBuffers;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
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
    /** The most runs {@link #readGrid} takes; more go to {@link #read}, slab by slab. */
    static final int GRID_MAX_RUNS = 1 << 14;
    /** {@link #readGrid}'s window: libhdf5's sieve buffer is 64 KiB (H5Pset_sieve_buf_size). */
    static final int SIEVE_BYTES = 64 << 10;
    /** The most bytes {@link #readGrid} reads (runs and the gaps its windows take between them); more go to {@link #read}, slab by slab. */
    static final long GRID_MAX_READ = 8 << 20;
    /** {@link #readGrid} reads in parts on several cores when its windows read more than this. */
    static final long GRID_PART_BYTES = 256 << 10;

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

    /**
     * A small selection (at most {@link #GRID_MAX_RUNS} runs along the last axis, at most a slab of
     * result) read on the calling thread: its runs' file offsets by an odometer over the axes, then
     * through a sieve window as libhdf5 reads such selections. A window starts at a run not yet
     * read and takes the following runs while they fit in {@link #SIEVE_BYTES} and lie less than
     * {@link SpanReads#RUN_SPACING} apart; a run alone in its window is read straight into the
     * result. A 64 x 64 tile is then two reads and 64 copies, a strided column one read per 64 KiB
     * of the rows it crosses. Read again, its runs are copied straight out of the file's mapping
     * ({@link org.h5vds.io.Store#mappedView} over the whole grid): no reads, one length check.
     */
    @Override
    public boolean readGrid(DimSet[] axes, byte[] out, int offset) {
        if (address == Cursor.UNDEFINED || axes.length != dims.length || axes.length == 0) return false;
        int r = axes.length;
        DimSet last = axes[r - 1];
        long intervals = last.intervalCount();
        long runs = intervals;
        long elements = last.size();
        long most = SLAB_BYTES / elementSize;
        if (runs > GRID_MAX_RUNS || elements > most) return false;
        for (int d = 0; d < r - 1; d++) {
            long n = axes[d].size();
            if (n > GRID_MAX_RUNS) return false;   // (and the products below stay far from overflowing)
            runs *= n;
            elements *= n;
            if (runs > GRID_MAX_RUNS || elements > most) return false;
        }
        if (elements == 0) return false;
        long[] runLength = new long[(int) intervals];
        for (int j = 0; j < intervals; j++) runLength[j] = (last.intervalEnd(j) - last.intervalStart(j)) * elementSize;
        long[] starts = runStarts(axes, (int) runs);
        long abs = file.absolute(address, "contiguous data");
        // bytes read before (the same grid read again, a viewer's strided column): every run straight
        // out of the mapping, one length check for all; the first time the store marks them and the
        // windows below read them
        ByteBuffer all = file.store().mappedView(abs + starts[0], runEnd(starts, runLength, starts.length - 1) - starts[0]);
        if (all != null) {
            copyRuns(all, starts[0], starts, runLength, 0, starts.length - 1, out, offset);
            return true;
        }
        // the windows: the last run of each, and the bytes read up to the end of each (the runs and the gaps they take)
        int[] windowLast = new int[starts.length];
        long[] readUpTo = new long[starts.length];
        int windows = 0;
        long planned = 0;
        for (int i = 0; i < starts.length; ) {
            int k = lastInWindow(starts, runLength, i);
            planned += runEnd(starts, runLength, k) - starts[i];
            if (planned > GRID_MAX_READ) return false;
            windowLast[windows] = k;
            readUpTo[windows++] = planned;
            i = k + 1;
        }
        int parts = (int) Math.min(Math.min(ParallelWork.parallelism(), windows), 1 + planned / GRID_PART_BYTES);
        if (parts <= 1) {
            readWindows(abs, starts, runLength, windowLast, 0, windows, out, offset);
            return true;
        }
        // a strided column crossing many rows: the windows in parts of about equal bytes, one per core
        long cycle = 0;
        for (long n : runLength) cycle += n;
        List<Runnable> pieces = new ArrayList<>(parts);
        int from = 0;
        for (int p = 1; p <= parts && from < windows; p++) {
            long goal = planned * p / parts;
            int to = from + 1;
            while (to < windows && readUpTo[to - 1] < goal) to++;
            int firstRun = firstRun(windowLast, from);
            long before = firstRun / runLength.length * cycle;
            for (int j = 0; j < firstRun % runLength.length; j++) before += runLength[j];
            int a = from, b = to, at = offset + (int) before;
            pieces.add(() -> readWindows(abs, starts, runLength, windowLast, a, b, out, at));
            from = to;
        }
        ParallelWork.runAll(pieces);
        return true;
    }

    /**
     * Reads windows {@code [from, to)} and copies their runs into {@code out} from {@code at}; a window
     * of one run is read straight into it. With pread: {@link #readGrid} comes here when the store's
     * mapping declined the grid (its bytes not read before, now marked as read), so that the grid's
     * first read faults no mapped page in and its second is copied out of the mapping.
     */
    private void readWindows(long abs, long[] starts, long[] runLength, int[] windowLast, int from, int to, byte[] out, int at) {
        String what = "contiguous data";
        byte[] window = null;
        int i = firstRun(windowLast, from);
        for (int w = from; w < to; w++) {
            int k = windowLast[w];
            if (k == i) {
                int n = (int) runLength[i % runLength.length];
                file.store().readStreamed(abs + starts[i], ByteBuffer.wrap(out, at, n), what);
                at += n;
                i++;
                continue;
            }
            if (window == null) window = ScratchBuffers.take(ScratchBuffers.DECODED, SIEVE_BYTES);
            long first = starts[i];
            ByteBuffer read = ByteBuffer.wrap(window, 0, (int) (runEnd(starts, runLength, k) - first));
            file.store().readStreamed(abs + first, read, what);
            at = copyRuns(read, first, starts, runLength, i, k, out, at);
            i = k + 1;
        }
    }

    /**
     * Copies runs {@code i..k} out of {@code from}, which holds the data's bytes from offset
     * {@code first} on (a window read, or a view of the mapping), into {@code out} from {@code at};
     * returns where the next run goes.
     */
    private static int copyRuns(ByteBuffer from, long first, long[] starts, long[] runLength, int i, int k, byte[] out, int at) {
        for (; i <= k; i++) {
            int n = (int) runLength[i % runLength.length];
            from.get((int) (starts[i] - first), out, at, n);
            at += n;
        }
        return at;
    }

    /** The first run of window {@code w}: the one after the previous window's last. */
    private static int firstRun(int[] windowLast, int w) {
        return w == 0 ? 0 : windowLast[w - 1] + 1;
    }

    /** Where run {@code k} ends in the data, in bytes (runs cycle through the last axis' intervals). */
    private static long runEnd(long[] starts, long[] runLength, int k) {
        return starts[k] + runLength[k % runLength.length];
    }

    /**
     * The last run of the window that starts at run {@code i}: the following runs while they end
     * within {@link #SIEVE_BYTES} of its start and lie less than {@link SpanReads#RUN_SPACING}
     * after the run before; {@code i} itself when none does (then it is read straight).
     */
    private static int lastInWindow(long[] starts, long[] runLength, int i) {
        long from = starts[i];
        int k = i;
        while (k + 1 < starts.length && runEnd(starts, runLength, k + 1) - from <= SIEVE_BYTES
                && starts[k + 1] - runEnd(starts, runLength, k) < SpanReads.RUN_SPACING) {
            k++;
        }
        return k;
    }

    /** The byte offset in the data of each run along the last axis, in C order of the product. */
    private long[] runStarts(DimSet[] axes, int runs) {
        int r = axes.length;
        long[] stride = new long[r];
        stride[r - 1] = elementSize;
        for (int d = r - 2; d >= 0; d--) stride[d] = stride[d + 1] * dims[d + 1];
        long[] lastStarts = new long[(int) axes[r - 1].intervalCount()];
        for (int j = 0; j < lastStarts.length; j++) lastStarts[j] = axes[r - 1].intervalStart(j) * elementSize;
        if (r == 1) return lastStarts;
        long[][] offsets = new long[r - 1][];
        for (int d = 0; d < r - 1; d++) offsets[d] = offsets(axes[d], stride[d]);
        // the axis before the last one (a strided column's rows) and the last one's intervals in
        // plain loops, the axes before them by an odometer: few steps per run while a read's first
        // calls still run interpreted
        int outer = r - 2;
        long[] rows = offsets[outer];
        int[] at = new int[outer];
        long base = 0;
        for (int d = 0; d < outer; d++) base += offsets[d][0];
        long[] starts = new long[runs];
        for (int i = 0; i < runs; ) {
            for (long row : rows) {
                long b = base + row;
                for (long s : lastStarts) starts[i++] = b + s;
            }
            for (int d = outer - 1; d >= 0; d--) {
                long[] o = offsets[d];
                base -= o[at[d]];
                if (++at[d] < o.length) {
                    base += o[at[d]];
                    break;
                }
                at[d] = 0;
                base += o[0];
            }
        }
        return starts;
    }

    /** Each coordinate of {@code axis} times {@code stride}, in order (the axis has at most {@link #GRID_MAX_RUNS}). */
    private static long[] offsets(DimSet axis, long stride) {
        long[] o = new long[(int) axis.size()];
        int k = 0;
        long intervals = axis.intervalCount();
        for (long j = 0; j < intervals; j++) {
            long end = axis.intervalEnd(j);
            for (long c = axis.intervalStart(j); c < end; c++) o[k++] = c * stride;
        }
        return o;
    }

    private void readSlab(long[] scaled, SelectionPair pair, ReadTarget target, ElementConverter converter) {
        SelectionPair sub = pair.restrictA(slabs.box(scaled));
        if (sub.a().isEmpty()) return;
        // points are never long runs: straight reads are for boxes and rows
        if (converter.isIdentity() && !(sub.a() instanceof Points) && readStraightIntoTarget(sub, target)) return;
        SpanReads.read(file.store(), file.absolute(address, "contiguous data"), "contiguous data", sub, a -> linear(a) * elementSize, target,
                converter, elementSize);
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
