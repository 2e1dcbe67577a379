package org.h5vds.vds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.h5vds.select.Box;
import org.h5vds.select.KeyOrder;

/**
 * Finds the mapping pieces whose bounding boxes meet a region. The boxes are held in {@link
 * BoxSlots} (entries may share one; ints while the bounds fit, see there); the first query scans
 * them (a read of one element just after opening costs one pass over 100,000 boxes, less than
 * building anything), as does a query covering every box; other queries use a static R-tree
 * bulk-loaded by Sort-Tile-Recursive packing on the first of them, which visits only the nodes
 * whose boxes meet the region: a few dozen boxes per frame of a dataset of 100,000 mappings.
 * Thread-safe: the tree is immutable and published once (two threads may both build it).
 */
final class MappingIndex {
    /** Entries per node: small enough that a leaf is tested quickly, large enough for a shallow tree. */
    static final int NODE_SIZE = 16;

    private final int rank;
    private final int entries;
    /**
     * The boxes, [lo, hi) per axis, {@code rank} values per slot; entry k's box is in slot {@link
     * #slot}[k]. The int form ({@code intLo}, {@code intHi}) or the long form, the other null; the
     * loops over them come in both forms, so that neither reads through a test per value.
     */
    private final BoxSlots boxes;
    private final int[] intLo;
    private final int[] intHi;
    private final long[] longLo;
    private final long[] longHi;
    /** Entry k's slot in the boxes; null when slot k is entry k's. */
    private final int[] slot;
    /** The entries that have a non-empty box, in increasing order; null when every entry has one (ids are 0, 1, 2, ...). */
    private final int[] ids;
    /** The union of all boxes. */
    private final long[] allLo;
    private final long[] allHi;
    private volatile Node root;
    private volatile boolean queried;
    /** Boxes tested by queries so far (nodes and entries), to show that a read does not scan every mapping. */
    private final AtomicLong tested = new AtomicLong();

    /** A node: children, or (in a leaf) entry numbers; its box is [lo, hi) per axis. */
    private record Node(long[] lo, long[] hi, Node[] children, int[] entries) {
    }

    /**
     * @param boxes   the boxes by slot; never written again (the index reads its arrays)
     * @param slot    the slot of entry k's box ({@code slot[k]}, read for present entries only);
     *                null: slot k. Several entries may share a slot (every ALL mapping has one box),
     *                so the slots grow with the distinct boxes, not with the entries
     * @param present which entries have a box, null: all of them; absent and empty boxes are never returned
     */
    MappingIndex(int entries, BoxSlots boxes, int[] slot, boolean[] present) {
        this.rank = boxes.rank();
        this.entries = entries;
        this.boxes = boxes;
        this.intLo = boxes.intStarts();
        this.intHi = boxes.intEnds();
        this.longLo = boxes.longStarts();
        this.longHi = boxes.longEnds();
        this.slot = slot;
        long[] union = slot == null && present == null ? boxes.union(entries) : null;
        if (union != null) {
            // every entry has its own box, none empty (a mapping table's boxes): the union in one tight loop
            this.ids = null;
            this.allLo = Arrays.copyOf(union, rank);
            this.allHi = Arrays.copyOfRange(union, rank, 2 * rank);
            return;
        }
        long[] ulo = new long[rank];
        long[] uhi = new long[rank];
        Arrays.fill(ulo, Long.MAX_VALUE);
        Arrays.fill(uhi, Long.MIN_VALUE);
        // one pass for the union and the count; the ids only when some entry has no box or an empty one
        int n = 0;
        for (int k = 0; k < entries; k++) {
            if (!hasBox(k, present)) continue;
            int s = slotOf(k);
            n++;
            for (int d = 0; d < rank; d++) {
                ulo[d] = Math.min(ulo[d], boxes.lo(s, d));
                uhi[d] = Math.max(uhi[d], boxes.hi(s, d));
            }
        }
        if (n == entries) {
            this.ids = null;
        } else {
            int[] ids = new int[n];
            int j = 0;
            for (int k = 0; k < entries && j < n; k++) if (hasBox(k, present)) ids[j++] = k;
            this.ids = ids;
        }
        this.allLo = ulo;
        this.allHi = uhi;
    }

    /** Whether entry k is present and its box not empty (the entries the index returns). */
    private boolean hasBox(int k, boolean[] present) {
        if (present != null && !present[k]) return false;
        int s = slotOf(k);
        for (int d = 0; d < rank; d++) if (boxes.hi(s, d) <= boxes.lo(s, d)) return false;
        return true;
    }

    private int size() {
        return ids == null ? entries : ids.length;
    }

    /** The k-th entry with a box. */
    private int id(int k) {
        return ids == null ? k : ids[k];
    }

    private int[] allIds() {
        if (ids != null) return ids.clone();
        int[] all = new int[entries];
        for (int k = 0; k < entries; k++) all[k] = k;
        return all;
    }

    /** Entry numbers whose boxes meet {@code region}, in increasing order. */
    int[] query(Box region) {
        return query(region, false);
    }

    /**
     * {@link #query(Box)}, except that with {@code tentative} a first query scans without counting
     * as the first: for a caller that may hand the same region to {@link #query(Box)} next (a
     * frame read trying its short way), so that the first read after opening still costs scans,
     * not a tree. Such a caller calls {@link #markQueried()} when it used the answer.
     */
    int[] query(Box region, boolean tentative) {
        if (size() == 0 || region.isEmpty()) return new int[0];
        long[] qlo = region.start();
        long[] qhi = new long[rank];
        for (int d = 0; d < rank; d++) qhi[d] = region.end(d);
        boolean coversAll = true;
        for (int d = 0; d < rank; d++) coversAll &= qlo[d] <= allLo[d] && qhi[d] >= allHi[d];
        Node r = root;
        if (r == null && (coversAll || !queried)) {
            if (!tentative) queried = true;
            return scan(qlo, qhi, coversAll);
        }
        if (r == null) root = r = build();
        IntList out = new IntList();
        long[] count = {0};
        visit(r, qlo, qhi, out, count);
        tested.addAndGet(count[0]);
        int[] hits = out.toArray();
        Arrays.sort(hits);
        return hits;
    }

    /** A tentative query's answer was used: the next query builds the tree (see {@link #query(Box, boolean)}). */
    void markQueried() {
        queried = true;
    }

    /** Every entry tested in turn (ids are in increasing order already). */
    private int[] scan(long[] qlo, long[] qhi, boolean coversAll) {
        int n = size();
        tested.addAndGet(n);
        if (coversAll) return allIds();
        IntList out = new IntList();
        for (int j = 0; j < n; j++) {
            int k = id(j);
            if (meets(k, qlo, qhi)) out.add(k);
        }
        return out.toArray();
    }

    long tested() {
        return tested.get();
    }

    private void visit(Node node, long[] qlo, long[] qhi, IntList out, long[] count) {
        if (node.entries != null) {
            count[0] += node.entries.length;
            for (int k : node.entries) if (meets(k, qlo, qhi)) out.add(k);
            return;
        }
        count[0] += node.children.length;
        for (Node c : node.children) if (meets(c.lo, c.hi, qlo, qhi)) visit(c, qlo, qhi, out, count);
    }

    private int slotOf(int k) {
        return slot == null ? k : slot[k];
    }

    private boolean meets(int k, long[] qlo, long[] qhi) {
        int o = slotOf(k) * rank;
        if (intLo != null) {
            for (int d = 0; d < rank; d++) if (intLo[o + d] >= qhi[d] || qlo[d] >= intHi[o + d]) return false;
        } else {
            for (int d = 0; d < rank; d++) if (longLo[o + d] >= qhi[d] || qlo[d] >= longHi[o + d]) return false;
        }
        return true;
    }

    private boolean meets(long[] nlo, long[] nhi, long[] qlo, long[] qhi) {
        for (int d = 0; d < rank; d++) if (nlo[d] >= qhi[d] || qlo[d] >= nhi[d]) return false;
        return true;
    }

    // ---- bulk loading ------------------------------------------------------------------------

    private Node build() {
        List<Node> level = new ArrayList<>();
        for (int[] group : pack(allIds(), (k, d) -> boxes.lo(slotOf(k), d), (k, d) -> boxes.hi(slotOf(k), d))) level.add(leaf(group));
        while (level.size() > 1) level = parents(level);
        return level.get(0);
    }

    /** A coordinate of item k on axis d. */
    @FunctionalInterface
    private interface Coordinate {
        long at(int k, int d);
    }

    private Node leaf(int[] group) {
        long[] nlo = new long[rank];
        long[] nhi = new long[rank];
        Arrays.fill(nlo, Long.MAX_VALUE);
        Arrays.fill(nhi, Long.MIN_VALUE);
        for (int k : group) {
            int s = slotOf(k);
            for (int d = 0; d < rank; d++) {
                nlo[d] = Math.min(nlo[d], boxes.lo(s, d));
                nhi[d] = Math.max(nhi[d], boxes.hi(s, d));
            }
        }
        return new Node(nlo, nhi, null, group);
    }

    private List<Node> parents(List<Node> level) {
        int n = level.size();
        int[] items = new int[n];
        for (int k = 0; k < n; k++) items[k] = k;
        List<Node> out = new ArrayList<>();
        for (int[] group : pack(items, (k, d) -> level.get(k).lo[d], (k, d) -> level.get(k).hi[d])) {
            Node[] children = new Node[group.length];
            long[] nlo = new long[rank];
            long[] nhi = new long[rank];
            Arrays.fill(nlo, Long.MAX_VALUE);
            Arrays.fill(nhi, Long.MIN_VALUE);
            for (int j = 0; j < group.length; j++) {
                Node c = level.get(group[j]);
                children[j] = c;
                for (int d = 0; d < rank; d++) {
                    nlo[d] = Math.min(nlo[d], c.lo[d]);
                    nhi[d] = Math.max(nhi[d], c.hi[d]);
                }
            }
            out.add(new Node(nlo, nhi, children, null));
        }
        return out;
    }

    /** Sort-Tile-Recursive: groups of at most {@link #NODE_SIZE} items that lie close together. */
    private List<int[]> pack(int[] items, Coordinate lo, Coordinate hi) {
        List<int[]> out = new ArrayList<>();
        pack(items, 0, lo, hi, out);
        return out;
    }

    private void pack(int[] items, int axis, Coordinate lo, Coordinate hi, List<int[]> out) {
        int n = items.length;
        if (n == 0) return;
        if (n <= NODE_SIZE) {
            out.add(items);
            return;
        }
        long[] centre = new long[n];
        // centres compared as lo/2 + hi/2, which cannot overflow for coordinates below 2^63
        for (int k = 0; k < n; k++) centre[k] = (lo.at(items[k], axis) >> 1) + (hi.at(items[k], axis) >> 1);
        int[] sorted = KeyOrder.sort(items, centre);
        if (axis == rank - 1) {
            for (int from = 0; from < n; from += NODE_SIZE) out.add(Arrays.copyOfRange(sorted, from, Math.min(n, from + NODE_SIZE)));
            return;
        }
        long leaves = (n + NODE_SIZE - 1) / NODE_SIZE;
        int slabs = (int) Math.ceil(Math.pow(leaves, 1.0 / (rank - axis)));
        long perSlab = ((leaves + slabs - 1) / slabs) * NODE_SIZE;
        for (long from = 0; from < n; from += perSlab) {
            pack(Arrays.copyOfRange(sorted, (int) from, (int) Math.min(n, from + perSlab)), axis + 1, lo, hi, out);
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[8];
        private int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
