package org.h5vds.format;

import org.h5vds.io.SpaceAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h5vds.io.Cursor;

/**
 * Builds a new fractal heap holding managed, tiny and huge objects, as the writer needs for dense
 * link and attribute storage, and encodes its header and blocks with their checksums.
 *
 * <p>Objects are placed the way libhdf5 places a sequence of insertions: an object small enough
 * for its ID is "tiny"; otherwise it goes into the allocated direct block with the least free room
 * that still fits it, or else into a new direct block, the next in the doubling table large
 * enough for it (smaller slots on the way stay unallocated). A heap whose only block is the first
 * one has a root direct block; any other has a root indirect block whose row count starts at the
 * "starting # of rows" and doubles until it covers the blocks, as libhdf5 grows it. Rows beyond
 * the direct rows get child indirect blocks.
 *
 * <p>Objects longer than the maximum managed object size are "huge": stored on their own and
 * found through a v2 B-tree of type 1 records (address, length, ID), their heap IDs holding the
 * ID, numbered 1, 2, ... as libhdf5 numbers them (H5HF__huge_insert), with libhdf5's B-tree
 * parameters for it (H5HF_HUGE_BT2_NODE_SIZE 512, split 100, merge 40). Heaps whose IDs are long
 * enough to hold a huge object's address directly (none that libhdf5 creates for links or
 * attributes) are not supported.
 *
 * <p>No free-space manager is written (its address is undefined): libhdf5 reads such a heap,
 * and when it later adds objects it starts new direct blocks after the ones written here.
 */
public final class FractalHeapBuilder {

    /**
     * The heap's creation parameters.
     *
     * @param heapIdLength                bytes per heap ID; at least the managed ID length
     * @param maximumSizeOfManagedObjects larger objects would be huge
     * @param tableWidth                  doubling table width, a power of two
     * @param startingBlockSize           a power of two
     * @param maximumDirectBlockSize      a power of two
     * @param maximumHeapSize             bits of the managed address space
     * @param startingRootRows            rows of a new root indirect block; 0 for the maximum
     * @param checksumDirectBlocks        whether direct blocks carry a checksum
     */
    public record Parameters(int heapIdLength, long maximumSizeOfManagedObjects, int tableWidth, long startingBlockSize,
                             long maximumDirectBlockSize, int maximumHeapSize, int startingRootRows,
                             boolean checksumDirectBlocks) {

        /** libhdf5's heap for dense link storage ({@code H5G_FHEAP_*} in H5Gpkg.h, H5G_DENSE_FHEAP_ID_LEN). */
        public static Parameters links() {
            return new Parameters(7, 4096, 4, 512, 64 * 1024, 32, 1, true);
        }

        /** libhdf5's heap for dense attribute storage ({@code H5O_FHEAP_*} in H5Opkg.h). */
        public static Parameters attributes() {
            return new Parameters(8, 4096, 4, 1024, 64 * 1024, 40, 1, true);
        }
    }

    /** Decides where each block goes in the file. */
    @FunctionalInterface
    public interface BlockPlacement {
        /**
         * @param indirect   whether the block is an indirect block
         * @param heapOffset the block's offset in the heap's address space
         * @param size       the block's size in bytes
         * @return the block's relative file address
         */
        long place(boolean indirect, long heapOffset, long size);
    }

    /** The bytes of one block or of the header, to be written at {@code address}. */
    public record Piece(long address, byte[] bytes) {
    }

    /** The encoded heap: its header (as written) and every piece, the header first. */
    public record Encoded(FractalHeapHeader header, long address, List<Piece> pieces) {
        public Encoded {
            pieces = List.copyOf(pieces);
        }

        /** Total bytes of all pieces. */
        public long size() {
            return pieces.stream().mapToLong(p -> p.bytes().length).sum();
        }

        /** The pieces as one array starting at {@link #address()}; they must be adjacent. */
        public byte[] bytes() {
            List<Piece> sorted = new ArrayList<>(pieces);
            sorted.sort(Comparator.comparingLong(Piece::address));
            long size = size();
            if (size > Integer.MAX_VALUE - 16) throw new IllegalStateException("heap of " + size + " bytes is too large for one array");
            byte[] out = new byte[(int) size];
            long at = address;
            for (Piece p : sorted) {
                if (p.address() != at) throw new IllegalStateException("heap pieces are not adjacent at " + at);
                System.arraycopy(p.bytes(), 0, out, (int) (at - address), p.bytes().length);
                at += p.bytes().length;
            }
            return out;
        }
    }

    /** A direct block being filled. */
    private static final class Block {
        final long heapOffset;
        final int size;
        final byte[] data;
        int used; // bytes of data, from the end of the prefix

        Block(long heapOffset, int size, int capacity) {
            this.heapOffset = heapOffset;
            this.size = size;
            this.data = new byte[capacity];
        }

        int free() {
            return data.length - used;
        }
    }

    private final Parameters parameters;
    private final int offsetSize;
    private final int lengthSize;
    private final FractalHeapHeader shape;
    private final DoublingTable table;
    private final int overhead;
    private final TreeMap<Long, Block> blocksByOffset = new TreeMap<>();
    /** Heap offset of the first slot not yet allocated nor skipped. */
    private long nextSlot;
    private long managedObjectCount;
    private long managedBytes;
    private long tinyObjectCount;
    private long tinyObjectsSize;
    private final List<byte[]> hugeObjects = new ArrayList<>();
    /** libhdf5's node size for the huge object index (H5HF_HUGE_BT2_NODE_SIZE). */
    private static final int HUGE_BTREE_NODE_SIZE = 512;

    public FractalHeapBuilder(Parameters parameters, int offsetSize, int lengthSize) {
        this.parameters = parameters;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
        this.shape = header(0, Cursor.UNDEFINED, 0, 0, 0, 0, Cursor.UNDEFINED, 0);
        this.table = shape.doublingTable();
        this.overhead = shape.directBlockOverhead(offsetSize);
        if (parameters.heapIdLength() < shape.managedIdLength()) {
            throw new IllegalArgumentException("heap ID length " + parameters.heapIdLength() + " is shorter than a managed ID ("
                    + shape.managedIdLength() + " bytes)");
        }
        if (parameters.maximumSizeOfManagedObjects() > parameters.maximumDirectBlockSize()) {
            throw new IllegalArgumentException("maximum managed object size exceeds the maximum direct block size");
        }
        if (parameters.startingRootRows() > table.maxRootRows()) {
            throw new IllegalArgumentException("starting root rows " + parameters.startingRootRows() + " exceed the maximum of "
                    + table.maxRootRows());
        }
    }

    /** Adds an object and returns its heap ID. */
    public byte[] add(byte[] object) {
        int n = object.length;
        if (n == 0) throw new IllegalArgumentException("a fractal heap cannot store an empty object");
        if (n > parameters.maximumSizeOfManagedObjects()) {
            if (shape.hugeIdsDirect(offsetSize, lengthSize)) {
                throw new IllegalArgumentException("an object of " + n + " bytes would be a directly addressed huge object, which this builder does not write");
            }
            hugeObjects.add(object.clone());
            return new FractalHeapId.HugeKey(hugeObjects.size()).encode(shape, offsetSize, lengthSize);
        }
        if (n <= shape.tinyMaxLength()) {
            tinyObjectCount++;
            tinyObjectsSize += n;
            return new FractalHeapId.Tiny(object).encode(shape, offsetSize, lengthSize);
        }
        Block b = bestFit(n);
        if (b == null) b = newBlock(n);
        long offset = b.heapOffset + overhead + b.used;
        System.arraycopy(object, 0, b.data, b.used, n);
        b.used += n;
        managedObjectCount++;
        managedBytes += n;
        return new FractalHeapId.Managed(offset, n).encode(shape, offsetSize, lengthSize);
    }

    public long objectCount() {
        return managedObjectCount + tinyObjectCount + hugeObjects.size();
    }

    /** The allocated block with the least free room that still holds {@code n} bytes; lowest offset on ties. */
    private Block bestFit(int n) {
        Block best = null;
        for (Block b : blocksByOffset.values()) {
            if (b.free() >= n && (best == null || b.free() < best.free())) best = b;
        }
        return best;
    }

    private Block newBlock(int n) {
        long limit = table.span(table.maxRootRows());
        while (true) {
            if (nextSlot >= limit) {
                throw new IllegalStateException("fractal heap is full: its managed space of 2^" + parameters.maximumHeapSize()
                        + " bytes has no direct block left for an object of " + n + " bytes");
            }
            long size = table.directBlockSizeAt(nextSlot);
            long slot = nextSlot;
            nextSlot += size;
            if (size - overhead >= n) {
                Block b = new Block(slot, (int) size, (int) size - overhead);
                blocksByOffset.put(slot, b);
                return b;
            }
            if (size >= parameters.maximumDirectBlockSize()) {
                throw new IllegalArgumentException("an object of " + n + " bytes does not fit the largest direct block ("
                        + size + " bytes, " + overhead + " of them prefix)");
            }
        }
    }

    /** Whether the heap is a lone root direct block: only the first slot used. */
    private boolean rootIsDirect() {
        return blocksByOffset.size() == 1 && blocksByOffset.firstKey() == 0 && nextSlot == table.startingBlockSize();
    }

    /** Rows of the root indirect block: from the starting rows, doubled until the blocks are covered. */
    private int rootRows() {
        int needed = blocksByOffset.isEmpty() ? 0 : table.row(blocksByOffset.lastKey()) + 1;
        int rows = parameters.startingRootRows() == 0 ? table.maxRootRows() : parameters.startingRootRows();
        while (rows < needed) rows = Math.min(2 * rows, table.maxRootRows());
        return rows;
    }

    private FractalHeapHeader header(long freeSpace, long rootAddress, int rootRows, long managedSpace, long allocated, long iterator,
                                     long hugeBTreeAddress, long hugeSize) {
        return new FractalHeapHeader(
                parameters.heapIdLength(),
                0,                                                 // no I/O filters
                parameters.checksumDirectBlocks() ? FractalHeapHeader.FLAG_CHECKSUM_DIRECT_BLOCKS : 0,
                parameters.maximumSizeOfManagedObjects(),
                hugeObjects.size(),                                // the last huge object ID handed out
                hugeBTreeAddress,
                freeSpace,
                Cursor.UNDEFINED,                                  // no free-space manager
                managedSpace,
                allocated,
                iterator,
                managedObjectCount,
                hugeSize,
                hugeObjects.size(),
                tinyObjectsSize,
                tinyObjectCount,
                parameters.tableWidth(),
                parameters.startingBlockSize(),
                parameters.maximumDirectBlockSize(),
                parameters.maximumHeapSize(),
                parameters.startingRootRows(),
                rootAddress,
                rootRows,
                0, 0, null);
    }

    /** Encodes the heap with its header at {@code address} and every block right after it, in walk order, then huge objects. */
    public Encoded encode(long address) {
        long[] next = {address + FractalHeapHeader.size(offsetSize, lengthSize, 0)};
        SpaceAllocator bump = size -> {
            long a = next[0];
            next[0] += size;
            return a;
        };
        return encode(address, (indirect, heapOffset, size) -> bump.allocate(size), bump);
    }

    /**
     * Encodes the heap with its header at {@code address}; {@code placement} gives each block's
     * address, asked in walk order (an indirect block before its children). Fails if the heap holds
     * huge objects, which need {@link #encode(long, BlockPlacement, SpaceAllocator)}.
     */
    public Encoded encode(long address, BlockPlacement placement) {
        return encode(address, placement, size -> {
            throw new IllegalStateException("the heap holds huge objects; give a SpaceAllocator for them");
        });
    }

    /**
     * Encodes the heap as {@link #encode(long, BlockPlacement)}, and each huge object and the
     * nodes of their B-tree at addresses {@code hugeSpace} gives.
     */
    public Encoded encode(long address, BlockPlacement placement, SpaceAllocator hugeSpace) {
        List<Piece> pieces = new ArrayList<>();
        pieces.add(null); // the header, once the root's address is known
        long root = Cursor.UNDEFINED;
        int rootRows = 0;
        long managedSpace = 0;
        long iterator = 0;
        if (blocksByOffset.isEmpty()) {
            // no managed objects: no blocks at all, as libhdf5 leaves a new heap
        } else if (rootIsDirect()) {
            managedSpace = table.startingBlockSize();
            root = placement.place(false, 0, managedSpace);
            pieces.add(new Piece(root, encodeDirect(address, blocksByOffset.get(0L))));
        } else {
            rootRows = rootRows();
            managedSpace = table.span(rootRows);
            iterator = nextSlot;
            root = placement.place(true, 0, shape.indirectBlockSize(table, rootRows, offsetSize, lengthSize));
            encodeIndirect(address, root, 0, rootRows, placement, pieces);
        }
        long allocated = 0;
        for (Block b : blocksByOffset.values()) allocated += b.size;
        long freeSpace = usableSpace(managedSpace, rootRows) - managedBytes;
        long hugeBTree = Cursor.UNDEFINED;
        long hugeSize = 0;
        if (!hugeObjects.isEmpty()) {
            List<BTreeV2Record> records = new ArrayList<>();
            for (int i = 0; i < hugeObjects.size(); i++) {
                byte[] o = hugeObjects.get(i);
                long a = hugeSpace.allocate(o.length);
                pieces.add(new Piece(a, o));
                records.add(new BTreeV2Record.IndirectHugeObject(a, o.length, i + 1));
                hugeSize += o.length;
            }
            BTreeV2RecordFormat f = BTreeV2RecordFormat.of(BTreeV2Header.TYPE_INDIRECT_HUGE_OBJECT, offsetSize + 2 * lengthSize, offsetSize, lengthSize, 0);
            EncodedStructure tree = new BTreeV2Builder(f, HUGE_BTREE_NODE_SIZE, BTreeV2Builder.SPLIT_PERCENT, BTreeV2Builder.MERGE_PERCENT,
                    offsetSize, lengthSize).build(records, hugeSpace);
            for (EncodedBlock b : tree.blocks()) pieces.add(new Piece(b.address(), b.bytes()));
            hugeBTree = tree.address();
        }
        FractalHeapHeader h = header(freeSpace, root, rootRows, managedSpace, allocated, iterator, hugeBTree, hugeSize);
        pieces.set(0, new Piece(address, h.encode(offsetSize, lengthSize)));
        return new Encoded(h, address, pieces);
    }

    /** Sum of the object room of every direct block slot in the first {@code managedSpace} bytes. */
    private long usableSpace(long managedSpace, int rootRows) {
        if (managedSpace == 0) return 0;
        long slots = rootRows == 0 ? 1 : directBlockSlots(rootRows, new HashMap<>());
        return managedSpace - slots * overhead;
    }

    /** Number of direct block slots under an indirect block of {@code nrows} rows. */
    private long directBlockSlots(int nrows, Map<Integer, Long> memo) {
        Long known = memo.get(nrows);
        if (known != null) return known;
        long slots = (long) Math.min(nrows, table.maxDirectRows()) * table.width();
        for (int row = table.maxDirectRows(); row < nrows; row++) {
            slots += table.width() * directBlockSlots(table.rowsForSize(table.rowBlockSize(row)), memo);
        }
        memo.put(nrows, slots);
        return slots;
    }

    private byte[] encodeDirect(long heapAddress, Block b) {
        return FractalHeapDirectBlock.encode(shape, offsetSize, heapAddress, b.heapOffset, b.size, b.data, b.used);
    }

    /** Places and encodes the indirect block at {@code blockAddress} and, depth first, its children. */
    private void encodeIndirect(long heapAddress, long blockAddress, long blockOffset, int nrows, BlockPlacement placement,
                                List<Piece> pieces) {
        int pieceIndex = pieces.size();
        pieces.add(null);
        long[] direct = new long[table.directEntries(nrows)];
        long[] indirect = new long[table.indirectEntries(nrows)];
        Arrays.fill(direct, Cursor.UNDEFINED);
        Arrays.fill(indirect, Cursor.UNDEFINED);
        for (int row = 0; row < nrows; row++) {
            for (int col = 0; col < table.width(); col++) {
                long childOffset = blockOffset + table.rowBlockOffset(row) + col * table.rowBlockSize(row);
                long childSpan = table.rowBlockSize(row);
                if (table.isDirectRow(row)) {
                    Block b = blocksByOffset.get(childOffset);
                    if (b == null) continue;
                    long a = placement.place(false, childOffset, b.size);
                    direct[row * table.width() + col] = a;
                    pieces.add(new Piece(a, encodeDirect(heapAddress, b)));
                } else {
                    Long first = blocksByOffset.ceilingKey(childOffset);
                    if (first == null || first >= childOffset + childSpan) continue;
                    int childRows = table.rowsForSize(childSpan);
                    long a = placement.place(true, childOffset, shape.indirectBlockSize(table, childRows, offsetSize, lengthSize));
                    indirect[(row - table.maxDirectRows()) * table.width() + col] = a;
                    encodeIndirect(heapAddress, a, childOffset, childRows, placement, pieces);
                }
            }
        }
        FractalHeapIndirectBlock ib = new FractalHeapIndirectBlock(nrows, blockOffset, direct, null, null, indirect);
        pieces.set(pieceIndex, new Piece(blockAddress, ib.encode(shape, table, heapAddress, offsetSize, lengthSize)));
    }
}
