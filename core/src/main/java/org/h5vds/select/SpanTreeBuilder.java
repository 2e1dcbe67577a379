package org.h5vds.select;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds canonical span trees: from runs arriving in C order ({@link #addRun}), or from an
 * arbitrary union of boxes ({@link #union}). Lists are interned so that equal subtrees are one
 * object, which makes "adjacent spans with equal subtrees merge" an identity test.
 */
final class SpanTreeBuilder {
    /** Bound on the work of a union, so a hostile block list cannot stall a reader. */
    private static final long UNION_WORK = 200_000_000L;

    private final int rank;
    private final Map<SpanList, SpanList> interned = new HashMap<>();
    private final Level[] levels;
    private final long[] cur;
    private boolean open;
    private long work;

    SpanTreeBuilder(int rank) {
        if (rank < 1) throw new IllegalArgumentException("span trees need rank >= 1");
        this.rank = rank;
        this.levels = new Level[rank];
        for (int d = 0; d < rank; d++) levels[d] = new Level(d == rank - 1);
        this.cur = new long[rank];
    }

    /** Returns the shared instance equal to {@code list}. */
    SpanList intern(SpanList list) {
        SpanList prior = interned.putIfAbsent(list, list);
        return prior == null ? list : prior;
    }

    /** A fresh level accumulator (for algorithms that rebuild trees level by level). */
    Level level(boolean last) {
        return new Level(last);
    }

    /**
     * Appends {@code length} elements from {@code start} along the last axis; runs must come in
     * increasing C order without overlap (touching runs merge).
     */
    void addRun(long[] start, long length) {
        if (length <= 0) return;
        int d = 0;
        if (open) {
            while (d < rank - 1 && start[d] == cur[d]) d++;
            if (d < rank - 1 && start[d] < cur[d]) throw new IllegalStateException("run " + Arrays.toString(start) + " is out of C order");
            close(d);
        }
        for (int k = d; k < rank - 1; k++) cur[k] = start[k];
        open = true;
        levels[rank - 1].add(start[rank - 1], start[rank - 1] + length, null);
    }

    /** Closes the open rows of levels below {@code downTo}, attaching each to its parent. */
    private void close(int downTo) {
        for (int k = rank - 2; k >= downTo; k--) {
            SpanList child = levels[k + 1].finish(this);
            if (child != null) levels[k].add(cur[k], cur[k] + 1, child);
        }
    }

    /** The tree of all runs added, or null when none were. */
    SpanList build() {
        if (open) {
            close(0);
            open = false;
        }
        return levels[0].finish(this);
    }

    /**
     * The canonical tree of a union of boxes; null when empty. Box b's start on axis d is {@code
     * starts[b * rank + d]}, its end (exclusive) {@code ends[b * rank + d]}: flat primitive arrays,
     * so that a block list read off disk costs 16 bytes per block and axis, not an object per block.
     */
    SpanList union(long[] starts, long[] ends) {
        int count = starts.length / rank;
        int[] all = new int[count];
        int m = 0;
        for (int b = 0; b < count; b++) {
            boolean empty = false;
            for (int d = 0; d < rank; d++) empty |= ends[b * rank + d] <= starts[b * rank + d];
            if (!empty) all[m++] = b;
        }
        if (m == 0) return null;
        return union(0, Arrays.copyOf(all, m), starts, ends);
    }

    private SpanList union(int d, int[] boxes, long[] starts, long[] ends) {
        work += boxes.length;
        if (work > UNION_WORK) throw new SelectionTooComplexException("the union of " + starts.length / rank + " boxes is too complex to build");
        Level out = new Level(d == rank - 1);
        int n = boxes.length;
        if (d == rank - 1) {
            // the union of intervals from their starts and ends sorted apart: a span opens where none
            // is open and closes where the last open one ends (a start before an end at the same
            // position, so that touching intervals merge)
            long[] s = new long[n];
            long[] e = new long[n];
            for (int k = 0; k < n; k++) {
                s[k] = starts[boxes[k] * rank + d];
                e[k] = ends[boxes[k] * rank + d];
            }
            Arrays.sort(s);
            Arrays.sort(e);
            int open = 0;
            long from = 0;
            for (int i = 0, j = 0; j < n; ) {
                if (i < n && s[i] <= e[j]) {
                    if (open++ == 0) from = s[i];
                    i++;
                } else {
                    if (--open == 0) out.add(from, e[j], null);
                    j++;
                }
            }
            return out.finish(this);
        }
        long[] bounds = new long[n * 2];
        long[] startKey = new long[n];
        for (int k = 0; k < n; k++) {
            bounds[2 * k] = startKey[k] = starts[boxes[k] * rank + d];
            bounds[2 * k + 1] = ends[boxes[k] * rank + d];
        }
        Arrays.sort(bounds);
        int[] byStart = KeyOrder.sort(boxes, startKey);
        int[] active = new int[n];
        int live = 0;
        int next = 0;
        long prev = Long.MIN_VALUE;
        for (int bi = 0; bi < bounds.length; bi++) {
            long b = bounds[bi];
            if (b == prev) continue;
            if (bi > 0 && live > 0) out.add(prev, b, union(d + 1, Arrays.copyOf(active, live), starts, ends));
            int kept = 0;
            for (int k = 0; k < live; k++) if (ends[active[k] * rank + d] > b) active[kept++] = active[k];
            live = kept;
            work += live;
            while (next < n && starts[byStart[next] * rank + d] == b) active[live++] = byStart[next++];
            prev = b;
        }
        return out.finish(this);
    }

    /** Spans of one axis being assembled in increasing order; touching spans with the same list below merge. */
    static final class Level {
        private final boolean last;
        private long[] low = new long[4];
        private long[] high = new long[4];
        private SpanList[] down;
        private int n;

        Level(boolean last) {
            this.last = last;
            if (!last) down = new SpanList[4];
        }

        void add(long lo, long hi, SpanList child) {
            if (lo >= hi) return;
            if (n > 0) {
                if (lo < high[n - 1]) throw new IllegalStateException("span [" + lo + ", " + hi + ") overlaps or precedes [" + low[n - 1] + ", " + high[n - 1] + ")");
                if (lo == high[n - 1] && (last || down[n - 1] == child)) {
                    high[n - 1] = hi;
                    return;
                }
            }
            if (n == low.length) {
                low = Arrays.copyOf(low, n * 2);
                high = Arrays.copyOf(high, n * 2);
                if (!last) down = Arrays.copyOf(down, n * 2);
            }
            low[n] = lo;
            high[n] = hi;
            if (!last) down[n] = child;
            n++;
        }

        /** The interned list of the spans added (null if none), resetting this accumulator. */
        SpanList finish(SpanTreeBuilder interner) {
            if (n == 0) return null;
            SpanList s = new SpanList(Arrays.copyOf(low, n), Arrays.copyOf(high, n), last ? null : Arrays.copyOf(down, n));
            n = 0;
            return interner.intern(s);
        }
    }
}
