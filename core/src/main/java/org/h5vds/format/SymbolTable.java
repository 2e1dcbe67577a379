package org.h5vds.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

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
        List<Link> out = new ArrayList<>();
        btree.forEachLeafEntry((leaf, i) -> {
            for (SymbolTableEntry e : symbolNode(leaf.child(i)).entries()) out.add(new Link(names.apply(e.linkNameOffset()), e));
        });
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
