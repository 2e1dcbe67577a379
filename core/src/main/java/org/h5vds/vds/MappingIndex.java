package org.h5vds.vds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.h5vds.select.Box;
import org.h5vds.select.KeyOrder;

/**
 * Finds the mapping pieces whose bounding boxes meet a region. The boxes are held in two primitive
 * arrays (entries may share one); the first query scans them (a read of one element just after opening costs one pass over
 * 100,000 boxes, less than building anything), as does a query covering every box; other queries
 * use a static R-tree bulk-loaded by Sort-Tile-Recursive packing on the first of them, which visits
 * only the nodes whose boxes meet the region: a few dozen boxes per frame of a dataset of 100,000
 * mappings. Thread-safe: the tree is immutable and published once (two threads may both build it).
 */
final class MappingIndex {
    /** Entries per node: small enough that a leaf is tested quickly, large enough for a shallow tree. */
    static final int NODE_SIZE = 16;

    private final int rank;
    /** The boxes, [lo, hi) per axis, {@code rank} values per slot; entry k's box is in slot {@link #slot}[k]. */
    private final long[] lo;
    private final long[] hi;
    /** Entry k's slot in {@link #lo}/{@link #hi}; null when slot k is entry k's. */
    private final int[] slot;
    private final boolean[] present;
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

    /** An index of entries whose boxes are in slots of their own number. */
    MappingIndex(int entries, int rank, long[] lo, long[] hi, boolean[] present) {
        this(entries, rank, lo, hi, null, present);
    }

    /**
     * @param lo      start of the box in slot s on axis d at {@code s * rank + d}
     * @param hi      end (exclusive) likewise
     * @param slot    the slot of entry k's box ({@code slot[k]}, read for present entries only);
     *                null: slot k. Several entries may share a slot (every ALL mapping has one box),
     *                so the arrays grow with the distinct boxes, not with the entries
     * @param present which entries have a box; absent and empty boxes are never returned
     */
    MappingIndex(int entries, int rank, long[] lo, long[] hi, int[] slot, boolean[] present) {
        this.rank = rank;
        this.lo = lo;
        this.hi = hi;
        this.slot = slot;
        int n = 0;
        int[] ids = new int[entries];
        long[] ulo = new long[rank];
        long[] uhi = new long[rank];
        Arrays.fill(ulo, Long.MAX_VALUE);
        Arrays.fill(uhi, Long.MIN_VALUE);
        this.present = present.clone();
        for (int k = 0; k < entries; k++) {
            if (!present[k]) continue;
            int o = at(k);
            boolean empty = false;
            for (int d = 0; d < rank; d++) empty |= hi[o + d] <= lo[o + d];
            if (empty) {
                this.present[k] = false;
                continue;
            }
            ids[n++] = k;
            for (int d = 0; d < rank; d++) {
                ulo[d] = Math.min(ulo[d], lo[o + d]);
                uhi[d] = Math.max(uhi[d], hi[o + d]);
            }
        }
        this.ids = Arrays.copyOf(ids, n);
        this.allLo = ulo;
        this.allHi = uhi;
    }

    /** Entry numbers whose boxes meet {@code region}, in increasing order. */
    int[] query(Box region) {
        if (ids.length == 0 || region.isEmpty()) return new int[0];
        long[] qlo = region.start();
        long[] qhi = new long[rank];
        for (int d = 0; d < rank; d++) qhi[d] = region.end(d);
        boolean coversAll = true;
        for (int d = 0; d < rank; d++) coversAll &= qlo[d] <= allLo[d] && qhi[d] >= allHi[d];
        Node r = root;
        if (r == null && (coversAll || !queried)) {
            queried = true;
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

    /** Every entry tested in turn (ids are in increasing order already). */
    private int[] scan(long[] qlo, long[] qhi, boolean coversAll) {
        tested.addAndGet(ids.length);
        if (coversAll) return ids.clone();
        IntList out = new IntList();
        for (int k : ids) if (meets(k, qlo, qhi)) out.add(k);
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

    /** Where entry k's box starts in {@link #lo}/{@link #hi}. */
    private int at(int k) {
        return (slot == null ? k : slot[k]) * rank;
    }

    private boolean meets(int k, long[] qlo, long[] qhi) {
        int o = at(k);
        for (int d = 0; d < rank; d++) if (lo[o + d] >= qhi[d] || qlo[d] >= hi[o + d]) return false;
        return true;
    }

    private boolean meets(long[] nlo, long[] nhi, long[] qlo, long[] qhi) {
        for (int d = 0; d < rank; d++) if (nlo[d] >= qhi[d] || qlo[d] >= nhi[d]) return false;
        return true;
    }

    // ---- bulk loading ------------------------------------------------------------------------

    private Node build() {
        List<Node> level = new ArrayList<>();
        for (int[] group : pack(ids.clone(), (k, d) -> lo[at(k) + d], (k, d) -> hi[at(k) + d])) level.add(leaf(group));
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
            int o = at(k);
            for (int d = 0; d < rank; d++) {
                nlo[d] = Math.min(nlo[d], lo[o + d]);
                nhi[d] = Math.max(nhi[d], hi[o + d]);
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
