package org.h5vds.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.h5vds.io.ScratchBuffers;
import org.h5vds.select.DimSet;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Regular;
import org.h5vds.select.SelectionPair;

/**
 * The runs of a selection pair whose two sides are boxes of the same shape (once axes of one
 * element are left out; an axis may also be strided, {@code ::2}), as a regular pattern: a start
 * and a byte step per axis on each side, and the elements each run holds. A tile of a frame read
 * from a chunk is 128 rows of one run each; walking them as coordinates (two odometers, an offset
 * computed from each row's coordinates on both sides) cost more than copying their bytes. Here
 * each run's offsets are the previous ones plus a step.
 *
 * <p>Both offset functions must be affine in the coordinates (C-order layouts: a chunk's block, a
 * contiguous dataset, the target), which lets their steps be measured at the box's first element.
 * Axes that continue one another on both sides are joined, so a run spans as many of them as it can.
 */
final class BoxRuns {
    /** Receives one run: its byte offsets on the source and target sides and its element count. */
    @FunctionalInterface
    interface Visitor {
        void run(long source, int target, int elements);
    }

    private final long sourceStart;
    private final long targetStart;
    private final int d;              // outer axes: the first d of the arrays below, outermost first
    private final long[] counts;
    private final long[] sourceSteps; // bytes from one position of an outer axis to the next
    private final long[] targetSteps;
    private final int runElements;
    private final long runs;

    private BoxRuns(long sourceStart, long targetStart, int d, long[] counts, long[] sourceSteps, long[] targetSteps, int runElements) {
        this.sourceStart = sourceStart;
        this.targetStart = targetStart;
        this.d = d;
        this.counts = counts;
        this.sourceSteps = sourceSteps;
        this.targetSteps = targetSteps;
        this.runElements = runElements;
        long n = 1;
        for (int k = 0; k < d; k++) n *= counts[k];
        this.runs = n;
    }

    /**
     * The pattern of {@code pair}, or null when a side is not a box, the boxes' shapes differ, or a
     * run would hold more than 2^31-1 elements.
     *
     * @param source            the byte offset of an element of {@code pair.a()} in the source
     * @param sourceElementSize bytes per element in the source
     * @param target            the target, whose byte offsets {@code pair.b()}'s coordinates give
     */
    static BoxRuns of(SelectionPair pair, JoinedRuns.SourceOffset source, int sourceElementSize, ReadTarget target) {
        return of(pair, source, sourceElementSize, target::byteOffset, target.elementSize());
    }

    /**
     * The pattern of {@code pair} between two affine layouts: {@code source} places {@code pair.a()}'s
     * elements, {@code target} (whose offsets must fit an int) {@code pair.b()}'s; null as above.
     */
    static BoxRuns of(SelectionPair pair, JoinedRuns.SourceOffset source, int sourceElementSize, JoinedRuns.SourceOffset target,
                      int targetElementSize) {
        // (a few small arrays and no more: a tile's read calls this before the JIT has compiled it)
        if (!(pair.a() instanceof ProductSelection a) || !(pair.b() instanceof ProductSelection b)) return null;
        int ra = a.rank();
        int rb = b.rank();
        long[] as = new long[ra];
        long[] bs = new long[rb];
        for (int i = 0; i < ra; i++) {
            if (stride(a.axis(i)) == 0) return null;
            as[i] = a.axis(i).first();
        }
        for (int j = 0; j < rb; j++) {
            if (stride(b.axis(j)) == 0) return null;
            bs[j] = b.axis(j).first();
        }
        long s0 = source.of(as);
        long t0 = target.of(bs);
        // the axes of more than one member, paired in order; each one's step on both sides
        int cap = Math.min(ra, rb);
        long[] sizes = new long[cap];
        long[] sSteps = new long[cap];
        long[] tSteps = new long[cap];
        int m = 0;
        try {
            for (int i = 0, j = 0; ; i++, j++) {
                while (i < ra && a.axis(i).size() == 1) i++;
                while (j < rb && b.axis(j).size() == 1) j++;
                if (i == ra || j == rb) {
                    if (i != ra || j != rb) return null;
                    break;
                }
                long size = a.axis(i).size();
                if (b.axis(j).size() != size) return null;
                long sa = stride(a.axis(i));
                long sb = stride(b.axis(j));
                as[i] = Math.addExact(as[i], sa);
                sSteps[m] = source.of(as) - s0;
                as[i] -= sa;
                bs[j] = Math.addExact(bs[j], sb);
                tSteps[m] = target.of(bs) - t0;
                bs[j] -= sb;
                sizes[m++] = size;
            }
            // the run: the innermost axes whose elements follow one another on both sides
            long run = 1;
            int outer = m;
            while (outer > 0 && sSteps[outer - 1] == Math.multiplyExact(run, (long) sourceElementSize)
                    && tSteps[outer - 1] == Math.multiplyExact(run, (long) targetElementSize)) {
                run = Math.multiplyExact(run, sizes[outer - 1]);
                outer--;
            }
            if (run > Integer.MAX_VALUE) return null;
            // join outer axes where one's step spans the whole of the next one on both sides, in
            // place (axis k moves to n <= k)
            int n = 0;
            for (int k = 0; k < outer; k++) {
                long size = sizes[k];
                long ss = sSteps[k];
                long ts = tSteps[k];
                if (n > 0 && sSteps[n - 1] == Math.multiplyExact(ss, size) && tSteps[n - 1] == Math.multiplyExact(ts, size)) {
                    sizes[n - 1] = Math.multiplyExact(sizes[n - 1], size);
                    sSteps[n - 1] = ss;
                    tSteps[n - 1] = ts;
                } else {
                    sizes[n] = size;
                    sSteps[n] = ss;
                    tSteps[n] = ts;
                    n++;
                }
            }
            return new BoxRuns(s0, t0, n, sizes, sSteps, tSteps, (int) run);
        } catch (ArithmeticException e) {
            return null; // sizes beyond a long: the caller walks the runs one by one
        }
    }

    /**
     * The distance between consecutive members of an axis: 1 for an interval, the stride of a
     * regular axis of single members ({@code ::2}); 0 when it is neither (or empty).
     */
    private static long stride(DimSet axis) {
        if (axis.intervalCount() == 1) return 1;
        if (axis instanceof Regular r && r.block() == 1 && r.stride() > 0) return r.stride();
        return 0;
    }

    /** How many runs there are. */
    long runs() {
        return runs;
    }

    /** Elements per run. */
    int runElements() {
        return runElements;
    }

    /** Byte offset of the first run in the source. */
    long sourceStart() {
        return sourceStart;
    }

    /**
     * Copies every run, bytes as they are, from {@code src} (whose byte 0 is source offset
     * {@code srcBase}) into {@code dst}: runs of a few bytes (every second pixel of a frame, one
     * record of a table in seven) as a loop of element moves instead of a copy call each.
     */
    void copy(byte[] src, long srcBase, byte[] dst, int elementSize) {
        int runBytes = runElements * elementSize;
        if (d == 0) {
            System.arraycopy(src, Math.toIntExact(sourceStart - srcBase), dst, (int) targetStart, runBytes);
            return;
        }
        int n = Math.toIntExact(counts[d - 1]);
        int ss = Math.toIntExact(sourceSteps[d - 1]);
        int ts = Math.toIntExact(targetSteps[d - 1]);
        lines((s, t) -> copyLine(src, Math.toIntExact(s - srcBase), ss, dst, (int) t, ts, n, runBytes));
    }

    /**
     * {@link #copy} out of a mapping (whose byte 0 is source offset {@code viewBase}, and which holds
     * the runs' {@code span} bytes from there): a span this thread's scratch array keeps is copied
     * out at once, a larger one a line of runs (along the innermost outer axis) at a time, so that
     * no more than that is held besides the result.
     */
    void copy(ByteBuffer view, long viewBase, long span, byte[] dst, int elementSize) {
        if (span <= ScratchBuffers.MAX_KEPT) {
            byte[] data = ScratchBuffers.take(ScratchBuffers.DECODED, (int) span);
            view.get(0, data, 0, (int) span);
            copy(data, viewBase, dst, elementSize);
            return;
        }
        int runBytes = runElements * elementSize;
        if (d == 0) {
            view.get(Math.toIntExact(sourceStart - viewBase), dst, (int) targetStart, runBytes);
            return;
        }
        int n = Math.toIntExact(counts[d - 1]);
        int ss = Math.toIntExact(sourceSteps[d - 1]);
        int ts = Math.toIntExact(targetSteps[d - 1]);
        int lineBytes = Math.toIntExact((long) (n - 1) * ss + runBytes);
        lines((s, t) -> {
            byte[] line = ScratchBuffers.take(ScratchBuffers.DECODED, lineBytes);
            view.get(Math.toIntExact(s - viewBase), line, 0, lineBytes);
            copyLine(line, 0, ss, dst, (int) t, ts, n, runBytes);
        });
    }

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** {@code n} runs of {@code runBytes}, {@code ss} bytes apart in src and {@code ts} in dst. */
    private static void copyLine(byte[] src, int s, int ss, byte[] dst, int t, int ts, int n, int runBytes) {
        switch (runBytes) {
            case 1 -> {
                for (int i = 0; i < n; i++, s += ss, t += ts) dst[t] = src[s];
            }
            case 2 -> {
                for (int i = 0; i < n; i++, s += ss, t += ts) SHORTS.set(dst, t, (short) SHORTS.get(src, s));
            }
            case 4 -> {
                for (int i = 0; i < n; i++, s += ss, t += ts) INTS.set(dst, t, (int) INTS.get(src, s));
            }
            case 8 -> {
                for (int i = 0; i < n; i++, s += ss, t += ts) LONGS.set(dst, t, (long) LONGS.get(src, s));
            }
            default -> {
                for (int i = 0; i < n; i++, s += ss, t += ts) System.arraycopy(src, s, dst, t, runBytes);
            }
        }
    }

    /** Visits the runs in C order of the boxes. */
    void forEach(Visitor v) {
        if (d == 0) {
            v.run(sourceStart, (int) targetStart, runElements);
            return;
        }
        long n = counts[d - 1];
        long ss = sourceSteps[d - 1];
        long ts = targetSteps[d - 1];
        lines((s, t) -> {
            for (long i = 0; i < n; i++, s += ss, t += ts) v.run(s, (int) t, runElements);
        });
    }

    /** Receives the first run of a line: the runs along the innermost outer axis. */
    @FunctionalInterface
    private interface LineVisitor {
        void line(long source, long target);
    }

    /** Visits the lines in C order: an odometer over every outer axis but the innermost (at least one axis). */
    private void lines(LineVisitor v) {
        long[] at = new long[d - 1];
        long s = sourceStart;
        long t = targetStart;
        while (true) {
            v.line(s, t);
            int k = d - 2;
            while (true) {
                if (k < 0) return;
                s += sourceSteps[k];
                t += targetSteps[k];
                if (++at[k] < counts[k]) break;
                s -= counts[k] * sourceSteps[k];
                t -= counts[k] * targetSteps[k];
                at[k] = 0;
                k--;
            }
        }
    }
}
