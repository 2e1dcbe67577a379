package org.h5vds.vds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.h5vds.select.Box;

/**
 * A static R-tree over the bounding boxes of a virtual dataset's mapping pieces, bulk-loaded by
 * Sort-Tile-Recursive packing: a query visits only the nodes whose boxes meet the region, so a read
 * of a few elements from a dataset of 100,000 mappings tests a few dozen boxes, not all of them.
 * Immutable after construction; queries are thread-safe.
 */
final class MappingIndex {
    /** Entries per node: small enough that a leaf is tested quickly, large enough for a shallow tree. */
    static final int NODE_SIZE = 16;

    private final int rank;
    private final Node root;
    /** The boxes of the entries, [lo, hi) per axis; null for empty ones. */
    private final long[][] entryLo;
    private final long[][] entryHi;
    /** Boxes tested by queries so far (nodes and entries), to show that a read does not scan every mapping. */
    private final AtomicLong tested = new AtomicLong();

    /** A node: children, or (in a leaf) entry numbers; its box is [lo, hi) per axis. */
    private record Node(long[] lo, long[] hi, Node[] children, int[] entries) {
    }

    /** @param boxes the bounding box of entry k at index k; empty boxes are never returned */
    MappingIndex(List<Box> boxes, int rank) {
        this.rank = rank;
        List<Node> leaves = new ArrayList<>();
        int[] ids = new int[boxes.size()];
        int n = 0;
        for (int k = 0; k < boxes.size(); k++) if (!boxes.get(k).isEmpty()) ids[n++] = k;
        ids = Arrays.copyOf(ids, n);
        long[][] lo = new long[boxes.size()][];
        long[][] hi = new long[boxes.size()][];
        for (int k : ids) {
            Box b = boxes.get(k);
            lo[k] = b.start();
            hi[k] = new long[rank];
            for (int d = 0; d < rank; d++) hi[k][d] = b.end(d);
        }
        this.entryLo = lo;
        this.entryHi = hi;
        for (int[] group : pack(ids, lo, hi)) leaves.add(leaf(group));
        List<Node> level = leaves;
        while (level.size() > 1) level = parents(level);
        this.root = level.isEmpty() ? null : level.get(0);
    }

    /** Entry numbers whose boxes meet {@code region}, in increasing order. */
    int[] query(Box region) {
        if (root == null || region.isEmpty()) return new int[0];
        long[] qlo = region.start();
        long[] qhi = new long[rank];
        for (int d = 0; d < rank; d++) qhi[d] = region.end(d);
        IntList out = new IntList();
        long[] count = {0};
        visit(root, qlo, qhi, out, count);
        tested.addAndGet(count[0]);
        int[] r = out.toArray();
        Arrays.sort(r);
        return r;
    }

    long tested() {
        return tested.get();
    }

    private void visit(Node node, long[] qlo, long[] qhi, IntList out, long[] count) {
        if (node.entries != null) {
            count[0] += node.entries.length;
            for (int k = 0; k < node.entries.length; k++) {
                if (meets(entryLo[node.entries[k]], entryHi[node.entries[k]], qlo, qhi)) out.add(node.entries[k]);
            }
            return;
        }
        count[0] += node.children.length;
        for (Node c : node.children) if (meets(c.lo, c.hi, qlo, qhi)) visit(c, qlo, qhi, out, count);
    }

    private boolean meets(long[] lo, long[] hi, long[] qlo, long[] qhi) {
        for (int d = 0; d < rank; d++) if (lo[d] >= qhi[d] || qlo[d] >= hi[d]) return false;
        return true;
    }

    private Node leaf(int[] group) {
        long[] nlo = entryLo[group[0]].clone();
        long[] nhi = entryHi[group[0]].clone();
        for (int k : group) {
            for (int d = 0; d < rank; d++) {
                nlo[d] = Math.min(nlo[d], entryLo[k][d]);
                nhi[d] = Math.max(nhi[d], entryHi[k][d]);
            }
        }
        return new Node(nlo, nhi, null, group);
    }

    private List<Node> parents(List<Node> level) {
        int n = level.size();
        int[] ids = new int[n];
        long[][] lo = new long[n][];
        long[][] hi = new long[n][];
        for (int k = 0; k < n; k++) {
            ids[k] = k;
            lo[k] = level.get(k).lo;
            hi[k] = level.get(k).hi;
        }
        List<Node> out = new ArrayList<>();
        for (int[] group : pack(ids, lo, hi)) {
            Node[] children = new Node[group.length];
            long[] nlo = lo[group[0]].clone();
            long[] nhi = hi[group[0]].clone();
            for (int j = 0; j < group.length; j++) {
                children[j] = level.get(group[j]);
                for (int d = 0; d < rank; d++) {
                    nlo[d] = Math.min(nlo[d], lo[group[j]][d]);
                    nhi[d] = Math.max(nhi[d], hi[group[j]][d]);
                }
            }
            out.add(new Node(nlo, nhi, children, null));
        }
        return out;
    }

    /** Sort-Tile-Recursive: groups of at most {@link #NODE_SIZE} items that lie close together. */
    private List<int[]> pack(int[] ids, long[][] lo, long[][] hi) {
        List<int[]> out = new ArrayList<>();
        pack(ids, 0, lo, hi, out);
        return out;
    }

    private void pack(int[] ids, int axis, long[][] lo, long[][] hi, List<int[]> out) {
        int n = ids.length;
        if (n == 0) return;
        if (n <= NODE_SIZE) {
            out.add(ids);
            return;
        }
        Integer[] boxed = new Integer[n];
        for (int k = 0; k < n; k++) boxed[k] = ids[k];
        int a = axis;
        // centres compared as lo + hi, which cannot overflow for coordinates below 2^62
        Arrays.sort(boxed, Comparator.comparingLong(k -> (lo[k][a] >> 1) + (hi[k][a] >> 1)));
        int[] sorted = new int[n];
        for (int k = 0; k < n; k++) sorted[k] = boxed[k];
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
