package org.h5vds.format;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * A whole version 2 B-tree, read lazily through a bounded {@link NodeCache}: ordered iteration and
 * search by key. Every node read is checked against the pointer that led to it (record counts
 * within what its depth holds, checksums, types) and iteration checks that each subtree holds the
 * number of records its pointer claims, so a corrupt tree fails with a format error instead of
 * giving a wrong answer. Depth strictly decreases along every path, so no walk can loop.
 *
 * <p>Safe to share between threads.
 */
public final class BTreeV2 {
    private final FileContext ctx;
    private final long headerAddress;
    private final BTreeV2Header header;
    private final BTreeV2NodeSizes sizes;
    private final BTreeV2RecordFormat format;
    private final NodeCache<BTreeV2Node> cache = new NodeCache<>();

    private BTreeV2(FileContext ctx, long headerAddress, BTreeV2Header header, BTreeV2NodeSizes sizes, BTreeV2RecordFormat format) {
        this.ctx = ctx;
        this.headerAddress = headerAddress;
        this.header = header;
        this.sizes = sizes;
        this.format = format;
    }

    /**
     * Opens the tree whose header is at {@code headerAddress}.
     *
     * @param rank the dataset rank for chunk trees (types 10 and 11); 0 for other types
     */
    public static BTreeV2 open(FileContext ctx, long headerAddress, int rank) {
        BTreeV2Header header = BTreeV2Header.read(ctx, headerAddress);
        BTreeV2RecordFormat format = BTreeV2RecordFormat.of(header, ctx, headerAddress, rank);
        BTreeV2NodeSizes sizes;
        try {
            sizes = BTreeV2NodeSizes.of(header.nodeSize(), header.recordSize(), ctx.offsetSize(), header.depth());
        } catch (IllegalArgumentException e) {
            throw ctx.error(headerAddress, "v2 B-tree header: depth " + header.depth() + " with nodes of " + header.nodeSize()
                    + " bytes: " + e.getMessage());
        }
        if (!header.isEmpty()) {
            if (header.numberOfRecordsInRoot() > sizes.maxRecords(header.depth())) {
                throw ctx.error(headerAddress, "v2 B-tree header: " + header.numberOfRecordsInRoot() + " records in the root, more than the "
                        + sizes.maxRecords(header.depth()) + " a node at depth " + header.depth() + " holds");
            }
            if (Long.compareUnsigned(header.totalNumberOfRecords(), sizes.cumulativeMaxRecords(header.depth())) > 0
                    || Long.compareUnsigned(header.totalNumberOfRecords(), header.numberOfRecordsInRoot()) < 0
                    || (header.depth() == 0 && header.totalNumberOfRecords() != header.numberOfRecordsInRoot())) {
                throw ctx.error(headerAddress, "v2 B-tree header: " + Long.toUnsignedString(header.totalNumberOfRecords())
                        + " records in total is impossible with " + header.numberOfRecordsInRoot() + " in a root of depth " + header.depth());
            }
        }
        return new BTreeV2(ctx, headerAddress, header, sizes, format);
    }

    public BTreeV2Header header() {
        return header;
    }

    public BTreeV2NodeSizes sizes() {
        return sizes;
    }

    public BTreeV2RecordFormat recordFormat() {
        return format;
    }

    public long headerAddress() {
        return headerAddress;
    }

    /** Number of records in the tree, from the header. */
    public long size() {
        return header.totalNumberOfRecords();
    }

    private BTreeV2Node node(BTreeV2Node.ChildPointer pointer, int depth) {
        BTreeV2Node n = cache.get(pointer.address(),
                a -> BTreeV2Node.read(ctx, a, header.type(), sizes, format, depth, pointer.numberOfRecords()));
        if (n.depth() != depth || n.records().size() != pointer.numberOfRecords()) {
            throw ctx.error(pointer.address(), "v2 B-tree node is pointed to as depth " + depth + " with " + pointer.numberOfRecords()
                    + " records and elsewhere as depth " + n.depth() + " with " + n.records().size());
        }
        return n;
    }

    private BTreeV2Node.ChildPointer rootPointer() {
        return new BTreeV2Node.ChildPointer(header.rootNodeAddress(), header.numberOfRecordsInRoot(), header.totalNumberOfRecords());
    }

    /** Visits every record in key order. */
    public void forEach(Consumer<BTreeV2Record> visitor) {
        if (header.isEmpty()) return;
        walk(rootPointer(), header.depth(), new HashSet<>(), visitor);
    }

    private long walk(BTreeV2Node.ChildPointer pointer, int depth, Set<Long> seen, Consumer<BTreeV2Record> visitor) {
        if (!seen.add(pointer.address())) {
            throw ctx.error(pointer.address(), "v2 B-tree node is reached twice (a cycle or shared subtree)");
        }
        BTreeV2Node n = node(pointer, depth);
        long count = n.records().size();
        if (n.isLeaf()) {
            n.records().forEach(visitor);
        } else {
            // in order: child 0, record 0, child 1, ..., record N-1, child N
            for (int i = 0; i < n.records().size(); i++) {
                count += walk(n.children().get(i), depth - 1, seen, visitor);
                visitor.accept(n.records().get(i));
            }
            count += walk(n.children().get(n.records().size()), depth - 1, seen, visitor);
        }
        if (count != pointer.totalNumberOfRecords()) {
            throw ctx.error(pointer.address(), "v2 B-tree subtree holds " + count + " records, its pointer claims "
                    + Long.toUnsignedString(pointer.totalNumberOfRecords()));
        }
        return count;
    }

    /** Visits the header's block and every node's (H5B2_size counts the same). */
    public void forEachBlock(BlockVisitor visitor) {
        visitor.block(headerAddress, BTreeV2Header.size(ctx.offsetSize(), ctx.lengthSize()));
        if (!header.isEmpty()) visitNodes(rootPointer(), header.depth(), new HashSet<>(), visitor);
    }

    private void visitNodes(BTreeV2Node.ChildPointer pointer, int depth, Set<Long> seen, BlockVisitor visitor) {
        if (!seen.add(pointer.address())) {
            throw ctx.error(pointer.address(), "v2 B-tree node is reached twice (a cycle or shared subtree)");
        }
        visitor.block(pointer.address(), sizes.nodeSize());
        if (depth == 0) return;
        for (BTreeV2Node.ChildPointer child : node(pointer, depth).children()) visitNodes(child, depth - 1, seen, visitor);
    }

    /**
     * The record the search key matches, or null.
     *
     * @param compareKeyTo the sign of (search key - record), as a comparator with the key on the left
     */
    public BTreeV2Record find(ToIntFunction<BTreeV2Record> compareKeyTo) {
        if (header.isEmpty()) return null;
        BTreeV2Node.ChildPointer pointer = rootPointer();
        for (int depth = header.depth(); ; depth--) {
            BTreeV2Node n = node(pointer, depth);
            int lo = 0;
            int hi = n.records().size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int c = compareKeyTo.applyAsInt(n.records().get(mid));
                if (c == 0) return n.records().get(mid);
                if (c < 0) hi = mid;
                else lo = mid + 1;
            }
            if (n.isLeaf()) return null;
            pointer = n.children().get(lo);
        }
    }

    /**
     * The hash libhdf5 keys link and attribute names by in type 5 and 8 records: lookup3 of the
     * name's bytes (H5G__dense_lookup, H5A__dense_open).
     */
    public static int nameHash(String name) {
        return Checksum.lookup3(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The link name (type 5) or attribute name (type 8) record of a name: records are ordered by
     * hash and, among equal hashes, by name, which only the caller can read from the heap.
     *
     * @param compareNameTo the sign of (searched name - the record's name)
     */
    public BTreeV2Record findByName(String name, ToIntFunction<BTreeV2Record> compareNameTo) {
        int type = header.type();
        if (type != BTreeV2Header.TYPE_LINK_NAME && type != BTreeV2Header.TYPE_ATTRIBUTE_NAME) {
            throw new IllegalStateException("v2 B-tree of type " + type + " is not keyed by names");
        }
        int hash = nameHash(name);
        return find(r -> {
            int recordHash = r instanceof BTreeV2Record.LinkName l ? l.hash() : ((BTreeV2Record.AttributeName) r).hash();
            int c = Integer.compareUnsigned(hash, recordHash);
            return c != 0 ? c : compareNameTo.applyAsInt(r);
        });
    }

    /** The chunk record at the scaled coordinates, or null (types 10 and 11 only). */
    public BTreeV2Record.ChunkRecord findChunk(long[] scaled) {
        if (header.type() != BTreeV2Header.TYPE_CHUNK && header.type() != BTreeV2Header.TYPE_FILTERED_CHUNK) {
            throw new IllegalStateException("v2 B-tree of type " + header.type() + " holds no chunks");
        }
        if (scaled.length != format.rank()) {
            throw new IllegalArgumentException(scaled.length + " coordinates for a rank-" + format.rank() + " dataset");
        }
        return (BTreeV2Record.ChunkRecord) find(r -> -((BTreeV2Record.ChunkRecord) r).compareScaled(scaled));
    }
}
