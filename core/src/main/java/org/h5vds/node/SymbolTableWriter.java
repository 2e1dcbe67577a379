package org.h5vds.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.format.BTreeV1;
import org.h5vds.format.BTreeV1Builder;
import org.h5vds.format.BTreeV1Node;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.format.LocalHeap;
import org.h5vds.format.SymbolTable;
import org.h5vds.format.SymbolTableEntry;
import org.h5vds.format.SymbolTableNode;
import org.h5vds.format.message.SymbolTableMessage;
import org.h5vds.io.Cursor;

/**
 * Changes the links of an old-style group (symbol table: v1 B-tree, symbol table nodes, local heap
 * of names; spec III.A.1, III.B, III.D) while keeping the addresses its Symbol Table message — and
 * the caches of it in symbol table entries and the superblock — name, as libhdf5 does:
 * <ul>
 * <li>new names (and soft link values) go into the local heap: into the end of a free block that
 *     has room (then the free block is shortened in place), or else into a new data segment twice
 *     as large, a copy of the old with the names and a new free block after it, which the heap
 *     header, rewritten in place, then points to (libhdf5 grows heaps by doubling them);</li>
 * <li>the symbol table nodes and the B-tree are built anew in fresh space, except the B-tree's root,
 *     which is rewritten in place last: that one write switches the group to its new links.</li>
 * </ul>
 * Names of removed links stay in the heap (unreferenced), and the old nodes are given back after
 * the commit.
 */
final class SymbolTableWriter {
    private SymbolTableWriter() {
    }

    /** Plans the group's links to become {@code links} (in name order). */
    static void plan(OpenFile file, WritePlan plan, SymbolTableMessage stab, List<LinkTable.Link> links) {
        int o = plan.offsetSize();
        int l = plan.lengthSize();
        BTreeK k = BTreeK.of(file);
        LocalHeap heap = LocalHeap.read(file.context(), stab.localHeapAddress());
        SymbolTable table = new SymbolTable(file.context(), stab.btreeAddress(), k.groupInternal(), k.groupLeaf(), heap::nameAt);
        Map<String, SymbolTableEntry> stored = new HashMap<>();
        for (SymbolTable.Link s : table.links()) stored.put(s.name(), s.entry());

        // entries to keep as they are, and strings the new ones need in the heap
        List<Object> slots = new ArrayList<>();    // a SymbolTableEntry kept, or a new link
        Map<String, Long> strings = new LinkedHashMap<>();
        for (LinkTable.Link link : links) {
            SymbolTableEntry old = stored.get(link.name());
            if (old != null && same(old, link, heap)) {
                slots.add(old);
                continue;
            }
            if (old != null) strings.put(link.name(), old.linkNameOffset()); // the name is in the heap already
            else strings.putIfAbsent(link.name(), -1L);
            if (link.kind() == LinkEntry.Kind.SOFT) strings.putIfAbsent("\0soft\0" + link.target(), -1L);
            slots.add(link);
        }
        placeStrings(plan, heap, strings, stab.localHeapAddress(), o, l);

        List<SymbolTableEntry> entries = new ArrayList<>(slots.size());
        for (Object s : slots) {
            if (s instanceof SymbolTableEntry e) {
                entries.add(e);
                continue;
            }
            LinkTable.Link link = (LinkTable.Link) s;
            long nameOffset = strings.get(link.name());
            entries.add(link.kind() == LinkEntry.Kind.SOFT
                    ? SymbolTableEntry.softLink(nameOffset, strings.get("\0soft\0" + link.target()))
                    : SymbolTableEntry.hardLink(nameOffset, link.targetAddress()));
        }

        // symbol table nodes, 2K entries at most, the entries spread evenly over as few as hold them
        int capacity = 2 * k.groupLeaf();
        int n = entries.size();
        int nodes = (n + capacity - 1) / capacity;
        List<Long> snods = new ArrayList<>();
        List<Long> lastNames = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            List<SymbolTableEntry> mine = entries.subList((int) ((long) n * i / nodes), (int) ((long) n * (i + 1) / nodes));
            byte[] bytes = new SymbolTableNode(Cursor.UNDEFINED, mine).encode(o, l, capacity);
            long at = plan.allocate(bytes.length);
            plan.write(at, bytes);
            snods.add(at);
            lastNames.add(mine.get(mine.size() - 1).linkNameOffset());
        }
        EncodedStructure tree = BTreeV1Builder.groups(k.groupInternal(), o, l).buildGroups(snods, lastNames, stab.btreeAddress(), plan);
        for (EncodedBlock b : tree.blocks()) {
            if (b.address() == stab.btreeAddress()) plan.overwrite(WritePlan.STAGE_ROOTS, b.address(), b.bytes());
            else plan.write(b.address(), b.bytes());
        }
        // the old nodes, the root excepted, are free once the new root is durable
        BTreeV1 old = table.btree();
        int snodSize = SymbolTableNode.size(o, l, capacity);
        int nodeSize = BTreeV1Node.size(BTreeV1Node.GROUP_NODE, o, l, 0, k.groupInternal());
        old.forEachNode(node -> {
            if (node.address() != stab.btreeAddress()) plan.release(node.address(), nodeSize);
            if (node.isLeaf()) for (int i = 0; i < node.entriesUsed(); i++) plan.release(node.child(i), snodSize);
        });
    }

    /** Whether a stored entry says what {@code link} says (same kind and target). */
    private static boolean same(SymbolTableEntry e, LinkTable.Link link, LocalHeap heap) {
        return switch (link.kind()) {
            case HARD -> !e.isSoftLink() && link.created() == null && e.objectHeaderAddress() == link.address();
            case SOFT -> e.isSoftLink() && heap.nameAt(e.softLinkValueOffset()).equals(link.target());
            case EXTERNAL, USER_DEFINED -> false;
        };
    }

    /** Gives each string of {@code strings} without an offset (-1) a place in the heap, writing it there. */
    private static void placeStrings(WritePlan plan, LocalHeap heap, Map<String, Long> strings, long heapAddress, int o, int l) {
        List<String> fresh = new ArrayList<>();
        long need = 0;
        for (Map.Entry<String, Long> e : strings.entrySet()) {
            if (e.getValue() >= 0) continue;
            fresh.add(e.getKey());
            need += aligned(bytes(e.getKey()).length + 1);
        }
        if (fresh.isEmpty()) return;
        // the end of the largest free block, when it keeps room for its own header
        LocalHeap.FreeBlock best = null;
        for (LocalHeap.FreeBlock b : heap.freeBlocks()) if (best == null || b.size() > best.size()) best = b;
        long segment = heap.addressOfDataSegment();
        if (best != null && best.size() - need >= 2L * l) {
            long at = best.offset() + best.size() - need;
            for (String s : fresh) {
                byte[] b = bytes(s);
                byte[] padded = new byte[aligned(b.length + 1)];
                System.arraycopy(b, 0, padded, 0, b.length);
                plan.write(segment + at, padded);     // free space: nothing reaches it yet
                strings.put(s, at);
                at += padded.length;
            }
            Cursor size = Cursor.forWriting(l, o, l);
            size.putLength(best.size() - need);
            plan.overwrite(WritePlan.STAGE_LEAVES, segment + best.offset() + l, size.written());
            return;
        }
        // a new data segment: the old one, the strings, a new free block at the head of the free list
        byte[] old = heap.dataSegment();
        long oldSize = heap.dataSegmentSize();
        long used = oldSize + need;
        long newSize = Math.max(2 * oldSize, used + 2L * l);
        newSize = aligned(newSize);
        if (newSize > Integer.MAX_VALUE - 16) throw new IllegalStateException("local heap of " + newSize + " bytes");
        byte[] data = new byte[(int) newSize];
        System.arraycopy(old, 0, data, 0, old.length);
        long at = oldSize;
        for (String s : fresh) {
            byte[] b = bytes(s);
            System.arraycopy(b, 0, data, (int) at, b.length);
            strings.put(s, at);
            at += aligned(b.length + 1);
        }
        Cursor free = Cursor.forWriting(2 * l, o, l);
        free.putLength(heap.freeBlocks().isEmpty() ? LocalHeap.freeListEnd() : heap.offsetToHeadOfFreeList());
        free.putLength(newSize - used);
        System.arraycopy(free.written(), 0, data, (int) used, 2 * l);
        long address = plan.allocate(newSize);
        plan.write(address, data);
        plan.overwrite(WritePlan.STAGE_BRANCHES, heapAddress, LocalHeap.encodeHeader(newSize, used, address, o, l));
        plan.release(segment, oldSize);
    }

    private static byte[] bytes(String s) {
        String value = s.startsWith("\0soft\0") ? s.substring(6) : s;
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static int aligned(long n) {
        return (int) ((n + 7) / 8 * 8);
    }

    /** Whether a symbol table can hold {@code link}: hard and soft links with ASCII names (libhdf5 converts the group for others). */
    static boolean canHold(LinkTable.Link link) {
        return link.kind() != LinkEntry.Kind.EXTERNAL && AttributeValue.isAscii(link.name());
    }
}
