package org.h5vds.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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

    /** The canonical tree of a union of boxes given as start and end (exclusive) corners; null when empty. */
    SpanList union(List<long[]> starts, List<long[]> ends) {
        int[] all = new int[starts.size()];
        int m = 0;
        for (int b = 0; b < all.length; b++) {
            long[] s = starts.get(b);
            long[] e = ends.get(b);
            boolean empty = false;
            for (int d = 0; d < rank; d++) empty |= e[d] <= s[d];
            if (!empty) all[m++] = b;
        }
        if (m == 0) return null;
        return union(0, Arrays.copyOf(all, m), starts, ends);
    }

    private SpanList union(int d, int[] boxes, List<long[]> starts, List<long[]> ends) {
        work += boxes.length;
        if (work > UNION_WORK) throw new SelectionTooComplexException("the union of " + starts.size() + " boxes is too complex to build");
        Level out = new Level(d == rank - 1);
        if (d == rank - 1) {
            long[][] iv = new long[boxes.length][];
            for (int k = 0; k < boxes.length; k++) iv[k] = new long[] {starts.get(boxes[k])[d], ends.get(boxes[k])[d]};
            Arrays.sort(iv, (x, y) -> Long.compare(x[0], y[0]));
            long s = iv[0][0];
            long e = iv[0][1];
            for (int k = 1; k < iv.length; k++) {
                if (iv[k][0] <= e) {
                    e = Math.max(e, iv[k][1]);
                } else {
                    out.add(s, e, null);
                    s = iv[k][0];
                    e = iv[k][1];
                }
            }
            out.add(s, e, null);
            return out.finish(this);
        }
        long[] bounds = new long[boxes.length * 2];
        for (int k = 0; k < boxes.length; k++) {
            bounds[2 * k] = starts.get(boxes[k])[d];
            bounds[2 * k + 1] = ends.get(boxes[k])[d];
        }
        Arrays.sort(bounds);
        Integer[] byStart = new Integer[boxes.length];
        for (int k = 0; k < boxes.length; k++) byStart[k] = boxes[k];
        Arrays.sort(byStart, (x, y) -> Long.compare(starts.get(x)[d], starts.get(y)[d]));
        List<Integer> active = new ArrayList<>();
        int next = 0;
        long prev = Long.MIN_VALUE;
        for (int bi = 0; bi < bounds.length; bi++) {
            long b = bounds[bi];
            if (b == prev) continue;
            if (bi > 0 && !active.isEmpty()) {
                int[] act = new int[active.size()];
                for (int k = 0; k < act.length; k++) act[k] = active.get(k);
                SpanList child = union(d + 1, act, starts, ends);
                out.add(prev, b, child);
            }
            final long at = b;
            active.removeIf(x -> ends.get(x)[d] <= at);
            work += active.size();
            while (next < byStart.length && starts.get(byStart[next])[d] == at) active.add(byStart[next++]);
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
