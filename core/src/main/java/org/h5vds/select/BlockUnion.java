package org.h5vds.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An irregular union of boxes, as libhdf5 builds with H5S_SELECT_OR and as hyperslab encodings v1
 * and v3 (irregular) store it. Held as a canonical span tree (see {@link SpanList}) and iterated in
 * true C order over the union: rows interleave across boxes.
 *
 * <p>Never empty and never a Cartesian product: {@link #of} returns a {@link NoneSelection} or a
 * {@link ProductSelection} for those, so {@link #axes()} is always null.
 */
public final class BlockUnion implements Selection {
    private final int rank;
    private final SpanList root;
    private volatile Box bounds;

    private BlockUnion(int rank, SpanList root) {
        this.rank = rank;
        this.root = root;
    }

    /** The union of the boxes, in canonical form. */
    public static Selection of(int rank, List<Box> boxes) {
        if (rank < 1 || rank > SelectionCodec.MAX_RANK) throw new IllegalArgumentException("rank " + rank + " outside 1.." + SelectionCodec.MAX_RANK);
        long[] starts = new long[boxes.size() * rank];
        long[] ends = new long[boxes.size() * rank];
        for (int k = 0; k < boxes.size(); k++) {
            Box b = boxes.get(k);
            if (b.rank() != rank) throw new IllegalArgumentException("rank " + b.rank() + " box in a rank " + rank + " union");
            for (int i = 0; i < rank; i++) {
                starts[k * rank + i] = b.start(i);
                ends[k * rank + i] = b.end(i);
            }
        }
        return ofFlat(rank, starts, ends);
    }

    /**
     * The union of the boxes whose start on axis d is {@code starts[b * rank + d]} and end
     * (exclusive) {@code ends[b * rank + d]}, in canonical form (the arrays are only read).
     */
    static Selection ofFlat(int rank, long[] starts, long[] ends) {
        if (rank < 1 || rank > SelectionCodec.MAX_RANK) throw new IllegalArgumentException("rank " + rank + " outside 1.." + SelectionCodec.MAX_RANK);
        return fromTree(rank, new SpanTreeBuilder(rank).union(starts, ends));
    }

    /** The canonical selection of a span tree: none, a product, or a BlockUnion. */
    static Selection fromTree(int rank, SpanList root) {
        if (root == null) return new NoneSelection(rank);
        DimSet[] axes = new DimSet[rank];
        SpanList level = root;
        for (int d = 0; d < rank; d++) {
            IntervalsBuilder ib = new IntervalsBuilder();
            for (int k = 0; k < level.size(); k++) {
                if (level.down != null && level.down[k] != level.down[0]) return new BlockUnion(rank, root);
                ib.add(level.low[k], level.high[k]);
            }
            axes[d] = ib.build();
            level = level.down == null ? null : level.down[0];
        }
        return Selection.product(axes);
    }

    SpanList root() {
        return root;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public long count() {
        return root.total;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public DimSet[] axes() {
        return null;
    }

    @Override
    public Box bounds() {
        Box b = bounds;
        if (b == null) {
            long[] lo = new long[rank];
            long[] hi = new long[rank];
            Arrays.fill(lo, Long.MAX_VALUE);
            Arrays.fill(hi, Long.MIN_VALUE);
            bounds(root, 0, lo, hi, new IdentityHashMap<>());
            long[] count = new long[rank];
            for (int d = 0; d < rank; d++) count[d] = hi[d] - lo[d];
            bounds = b = new Box(lo, count);
        }
        return b;
    }

    private static void bounds(SpanList s, int d, long[] lo, long[] hi, Map<SpanList, Boolean> seen) {
        if (seen.put(s, Boolean.TRUE) != null) return;
        lo[d] = Math.min(lo[d], s.low[0]);
        hi[d] = Math.max(hi[d], s.high[s.size() - 1]);
        if (s.down != null) for (SpanList c : s.down) bounds(c, d + 1, lo, hi, seen);
    }

    @Override
    public boolean contains(long[] coord) {
        if (coord.length != rank) return false;
        SpanList s = root;
        for (int d = 0; d < rank; d++) {
            int k = s.find(coord[d]);
            if (k < 0) return false;
            s = s.down == null ? null : s.down[k];
        }
        return true;
    }

    /** Number of elements before a member in C order. */
    long rankOf(long[] coord) {
        long r = 0;
        SpanList s = root;
        for (int d = 0; d < rank; d++) {
            int k = s.find(coord[d]);
            if (k < 0) throw new IllegalArgumentException(Arrays.toString(coord) + " is not in the selection");
            r += s.before[k] + (coord[d] - s.low[k]) * s.per(k);
            s = s.down == null ? null : s.down[k];
        }
        return r;
    }

    /** Number of boxes in the serialised block list (one per leaf span reached through each path). */
    long blockCount() {
        return blockCount(root, new IdentityHashMap<>());
    }

    private static long blockCount(SpanList s, Map<SpanList, Long> memo) {
        Long m = memo.get(s);
        if (m != null) return m;
        long n = 0;
        for (int k = 0; k < s.size(); k++) n = Math.addExact(n, s.down == null ? 1 : blockCount(s.down[k], memo));
        memo.put(s, n);
        return n;
    }

    /** Visits the serialised block list in libhdf5's order: (start, end inclusive) per box. */
    void forEachBlock(BlockVisitor v) {
        forEachBlock(root, 0, new long[rank], new long[rank], v);
    }

    @FunctionalInterface
    interface BlockVisitor {
        void block(long[] start, long[] endInclusive);
    }

    private static void forEachBlock(SpanList s, int d, long[] start, long[] end, BlockVisitor v) {
        for (int k = 0; k < s.size(); k++) {
            start[d] = s.low[k];
            end[d] = s.high[k] - 1;
            if (s.down == null) v.block(start, end);
            else forEachBlock(s.down[k], d + 1, start, end, v);
        }
    }

    @Override
    public void forEachRun(RunVisitor visitor) {
        walk(root, 0, new long[rank], visitor);
    }

    private static void walk(SpanList s, int d, long[] pos, RunVisitor v) {
        for (int k = 0; k < s.size(); k++) {
            if (s.down == null) {
                pos[d] = s.low[k];
                v.run(pos, s.high[k] - s.low[k]);
            } else {
                for (long c = s.low[k]; c < s.high[k]; c++) {
                    pos[d] = c;
                    walk(s.down[k], d + 1, pos, v);
                }
            }
        }
    }

    RunCursor cursor(long fromRank, long toRank) {
        return new SpanCursor(rank, root, fromRank, toRank);
    }

    @Override
    public Selection intersect(Box box) {
        SelectionIntersection.requireRank(this, box.rank());
        DimSet[] axes = new DimSet[rank];
        for (int d = 0; d < rank; d++) axes[d] = box.axis(d);
        return intersectAxes(axes);
    }

    /** The elements whose coordinates are in the given per-axis sets. */
    Selection intersectAxes(DimSet[] axes) {
        SpanTreeBuilder b = new SpanTreeBuilder(rank);
        List<Map<SpanList, SpanList>> memo = new ArrayList<>();
        for (int d = 0; d < rank; d++) memo.add(new IdentityHashMap<>());
        return fromTree(rank, filter(root, 0, axes, b, memo));
    }

    private SpanList filter(SpanList s, int d, DimSet[] axes, SpanTreeBuilder b, List<Map<SpanList, SpanList>> memo) {
        Map<SpanList, SpanList> m = memo.get(d);
        if (m.containsKey(s)) return m.get(s);
        SpanTreeBuilder.Level out = b.level(s.down == null);
        for (int k = 0; k < s.size(); k++) {
            DimSet piece = axes[d].restrict(s.low[k], s.high[k]);
            if (piece.isEmpty()) continue;
            SpanList child = null;
            if (s.down != null) {
                child = filter(s.down[k], d + 1, axes, b, memo);
                if (child == null) continue;
            }
            final SpanList c = child;
            piece.forEachInterval((u, len) -> out.add(u, u + len, c));
        }
        SpanList r = out.finish(b);
        m.put(s, r);
        return r;
    }

    /** The intersection of two span trees. */
    Selection intersectTree(BlockUnion other) {
        SpanTreeBuilder b = new SpanTreeBuilder(rank);
        return fromTree(rank, meet(root, other.root, b, new IdentityHashMap<>()));
    }

    private static SpanList meet(SpanList x, SpanList y, SpanTreeBuilder b, Map<SpanList, Map<SpanList, Object>> memo) {
        Map<SpanList, Object> row = memo.computeIfAbsent(x, k -> new IdentityHashMap<>());
        Object known = row.get(y);
        if (known != null) return known == Boolean.FALSE ? null : (SpanList) known;
        SpanTreeBuilder.Level out = b.level(x.down == null);
        int i = 0;
        int j = 0;
        while (i < x.size() && j < y.size()) {
            long lo = Math.max(x.low[i], y.low[j]);
            long hi = Math.min(x.high[i], y.high[j]);
            if (lo < hi) {
                SpanList child = x.down == null ? null : meet(x.down[i], y.down[j], b, memo);
                if (x.down == null || child != null) out.add(lo, hi, child);
            }
            if (x.high[i] <= y.high[j]) i++;
            else j++;
        }
        SpanList r = out.finish(b);
        row.put(y, r == null ? Boolean.FALSE : r);
        return r;
    }

    /** The tree with each level's coordinates replaced by f(level, list); rebuilt and re-merged. */
    Selection mapTree(LevelMap f) {
        SpanTreeBuilder b = new SpanTreeBuilder(rank);
        return fromTree(rank, map(root, 0, f, b, new IdentityHashMap<>()));
    }

    /** Maps the interval [lo, hi) of axis d to a new interval start (length is kept). */
    @FunctionalInterface
    interface LevelMap {
        long start(int axis, long lo, long hi);
    }

    private static SpanList map(SpanList s, int d, LevelMap f, SpanTreeBuilder b, Map<SpanList, SpanList> memo) {
        SpanList known = memo.get(s);
        if (known != null) return known;
        SpanTreeBuilder.Level out = b.level(s.down == null);
        for (int k = 0; k < s.size(); k++) {
            long start = f.start(d, s.low[k], s.high[k]);
            SpanList child = s.down == null ? null : map(s.down[k], d + 1, f, b, memo);
            out.add(start, start + (s.high[k] - s.low[k]), child);
        }
        SpanList r = out.finish(b);
        memo.put(s, r);
        return r;
    }

    @Override
    public Selection intersect(Selection other) {
        return SelectionIntersection.of(this, other);
    }

    @Override
    public Selection resolve(long[] extent) {
        SelectionIntersection.requireRank(this, extent.length);
        return this;
    }

    @Override
    public Selection translate(long[] delta) {
        SelectionIntersection.requireRank(this, delta.length);
        Box b = bounds();
        for (int d = 0; d < rank; d++) {
            if (b.start(d) + delta[d] < 0) throw new IllegalArgumentException("translating by " + Arrays.toString(delta) + " makes axis " + d + " negative");
        }
        return mapTree((d, lo, hi) -> lo + delta[d]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockUnion u && u.rank == rank && u.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode() * 31 + rank;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BlockUnion[");
        int[] shown = {0};
        forEachBlock((s, e) -> {
            if (shown[0] < 6) {
                if (shown[0] > 0) sb.append(", ");
                sb.append(Arrays.toString(s)).append("..").append(Arrays.toString(e));
            }
            shown[0]++;
        });
        if (shown[0] > 6) sb.append(", ... ").append(shown[0] - 6).append(" more");
        return sb.append(']').toString();
    }
}
