package org.h5vds.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.h5vds.io.Cursor;

/**
 * The links of an old-style group: a v1 B-tree of node type 0 whose leaves point to symbol table
 * nodes, with link names in the group's local heap (spec III.A.1, III.B). Names are resolved by a
 * caller-supplied function from heap offset to name, so this class does not depend on how the local
 * heap is read.
 *
 * <p>libhdf5 orders names with {@code strcmp}, i.e. by their bytes as unsigned values; so do we
 * (on UTF-8), which differs from {@link String#compareTo} for some non-ASCII names.
 *
 * <p>Safe to share between threads if the name function is.
 */
public final class SymbolTable {
    private final BTreeV1 btree;
    private final int leafCapacity;
    private final LongFunction<String> names;
    private final NodeCache<SymbolTableNode> nodes = new NodeCache<>();
    /** The most bytes {@link #links} reads at once to get several symbol table nodes. */
    static final int NODE_WINDOW = 64 << 10;

    /** One link: its name and its symbol table entry. */
    public record Link(String name, SymbolTableEntry entry) {
    }

    /**
     * @param btreeAddress the "v1 B-tree Address" of the group's symbol table message
     * @param groupK       "Group Internal Node K" (B-tree nodes hold up to 2 × groupK children)
     * @param leafK        "Group Leaf Node K" (symbol table nodes hold up to 2 × leafK entries)
     * @param names        the link name at a local heap offset
     */
    public SymbolTable(FileContext ctx, long btreeAddress, int groupK, int leafK, LongFunction<String> names) {
        if (leafK < 1) throw new IllegalArgumentException("Group Leaf Node K must be positive: " + leafK);
        this.btree = BTreeV1.groups(ctx, btreeAddress, groupK);
        this.leafCapacity = 2 * leafK;
        this.names = names;
    }

    /** With libhdf5's default K values. */
    public SymbolTable(FileContext ctx, long btreeAddress, LongFunction<String> names) {
        this(ctx, btreeAddress, BTreeV1Node.DEFAULT_GROUP_K, SymbolTableNode.DEFAULT_LEAF_K, names);
    }

    public BTreeV1 btree() {
        return btree;
    }

    SymbolTableNode symbolNode(long address) {
        return nodes.get(address, a -> SymbolTableNode.read(btree.context(), a, leafCapacity));
    }

    /** Every link, in name order. */
    public List<Link> links() {
        // the nodes' addresses first (the B-tree's nodes are read on the way), then the nodes
        List<Long> addresses = new ArrayList<>();
        btree.forEachLeafEntry((leaf, i) -> addresses.add(leaf.child(i)));
        long[] at = new long[addresses.size()];
        for (int k = 0; k < at.length; k++) at[k] = addresses.get(k);
        SymbolTableNode[] nodes = readNodes(at);
        List<Link> out = new ArrayList<>();
        for (SymbolTableNode node : nodes) {
            for (SymbolTableEntry e : node.entries()) out.add(new Link(names.apply(e.linkNameOffset()), e));
        }
        return out;
    }

    /**
     * The symbol table nodes at the addresses {@code at}, in that order, read a window at a time: a group's
     * nodes lie near each other (libhdf5 allocates them as the group grows, among its members'
     * headers), and one read of up to {@link #NODE_WINDOW} bytes costs about what one of a node's
     * 328 bytes does, a system call each. Listing 10,000 links read 2,500 nodes in 2,500 reads, now
     * in ~60 (docs/notes/issue-12-s19.md). A node running past the end of the file is read alone,
     * and fails as it did.
     */
    private SymbolTableNode[] readNodes(long[] at) {
        int n = at.length;
        FileContext ctx = btree.context();
        int size = SymbolTableNode.size(ctx.offsetSize(), ctx.lengthSize(), leafCapacity);
        long[] sorted = Arrays.copyOf(at, n);
        Arrays.sort(sorted);
        Map<Long, SymbolTableNode> read = new HashMap<>(2 * n);
        long fileEnd = ctx.fileSize() - ctx.baseAddress();
        for (int i = 0; i < n; ) {
            long first = sorted[i];
            int j = i;
            while (j + 1 < n && sorted[j + 1] - first <= NODE_WINDOW - size && sorted[j + 1] <= fileEnd - size) j++;
            if (j == i || first < 0 || first > fileEnd - size) {
                read.putIfAbsent(first, symbolNode(first));
            } else {
                Cursor window = ctx.read(first, sorted[j] + size - first, "symbol table nodes");
                for (int k = i; k <= j; k++) {
                    long a = sorted[k];
                    if (!read.containsKey(a)) {
                        read.put(a, SymbolTableNode.decode(ctx.readWithin(window, a, size, "symbol table node"), a, leafCapacity));
                    }
                }
            }
            i = j + 1;
        }
        SymbolTableNode[] out = new SymbolTableNode[n];
        for (int k = 0; k < n; k++) out[k] = read.get(at[k]);
        return out;
    }

    /** The entry of the link called {@code name}, if the group has one. */
    public Optional<SymbolTableEntry> find(String name) {
        byte[] target = name.getBytes(StandardCharsets.UTF_8);
        // a group node's key i+1 is the greatest name in child i: child i holds key[i] < name <= key[i+1]
        SymbolTableEntry hit = btree.find((node, i) -> {
            if (compare(target, node.groupKey(i)) <= 0) return -1;
            if (compare(target, node.groupKey(i + 1)) > 0) return 1;
            return 0;
        }, (leaf, i) -> {
            List<SymbolTableEntry> entries = symbolNode(leaf.child(i)).entries();
            int lo = 0;
            int hi = entries.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int c = compare(target, entries.get(mid).linkNameOffset());
                if (c == 0) return entries.get(mid);
                if (c < 0) hi = mid;
                else lo = mid + 1;
            }
            return null;
        });
        return Optional.ofNullable(hit);
    }

    private int compare(byte[] target, long heapOffset) {
        return Arrays.compareUnsigned(target, names.apply(heapOffset).getBytes(StandardCharsets.UTF_8));
    }
}
