package org.h5vds.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * A fractal heap opened for reading (format spec III.G): dense link and attribute storage keep
 * their messages here, found by heap IDs from v2 B-tree records. {@link #get(byte[])} returns an
 * object's bytes for managed, tiny and huge IDs.
 *
 * <p>Safe to share between threads: the header is immutable and the blocks read so far are kept
 * in a concurrent cache of bounded size. Every offset and length from an ID or a block is checked
 * against the structure that holds it before use, so a corrupt file gives an
 * {@link H5FormatException} naming the file and offset, never a wrong object.
 */
public final class FractalHeap {
    /** Decoded blocks kept per heap; past this the cache starts over. */
    private static final long CACHE_LIMIT_BYTES = 32L << 20;

    /**
     * Where one block is and where it starts in the heap's address space.
     *
     * @param indirect   whether it is an indirect block
     * @param size       a direct block's unfiltered size (its doubling table row's block size), or
     *                   an indirect block's encoded size
     * @param storedSize bytes in the file: the filtered size of a direct block in a filtered heap, else {@code size}
     * @param filterMask the direct block's filter mask in a filtered heap, else 0
     */
    public record BlockInfo(boolean indirect, long heapOffset, long address, long size, long storedSize, int filterMask) {
        static BlockInfo direct(long heapOffset, long address, long size, long storedSize, int filterMask) {
            return new BlockInfo(false, heapOffset, address, size, storedSize, filterMask);
        }
    }

    private record CachedDirectBlock(long blockOffset, ByteBuffer bytes) {
    }

    private final FileContext ctx;
    private final long address;
    private final FractalHeapHeader header;
    private final DoublingTable table;
    private final FilteredBlockDecoder decoder;
    private final HugeObjectIndex hugeObjects;
    private final int directBlockOverhead;
    private final ConcurrentHashMap<Long, Object> blocks = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    private FractalHeap(FileContext ctx, long address, FractalHeapHeader header, FilteredBlockDecoder decoder,
                        HugeObjectIndex hugeObjects) {
        this.ctx = ctx;
        this.address = address;
        this.header = header;
        this.table = header.doublingTable();
        this.decoder = decoder;
        this.hugeObjects = hugeObjects;
        this.directBlockOverhead = header.directBlockOverhead(ctx.offsetSize());
    }

    /** Opens an unfiltered heap; huge objects reached through the B-tree are not available. */
    public static FractalHeap read(FileContext ctx, long address) {
        return read(ctx, address, null, HugeObjectIndex.fromBTree());
    }

    /**
     * Opens the heap whose header is at the relative {@code address}.
     *
     * @param decoder     undoes the heap's I/O filters; null when the heap must not be filtered
     * @param hugeObjects finds huge objects by B-tree key; null when none are expected
     * @throws H5FormatException when the header is corrupt, or the heap is filtered and no decoder was given
     */
    public static FractalHeap read(FileContext ctx, long address, FilteredBlockDecoder decoder, HugeObjectIndex hugeObjects) {
        FractalHeapHeader header = FractalHeapHeader.read(ctx, address);
        if (header.isFiltered() && decoder == null) {
            throw ctx.error(address, "fractal heap at " + address + " has I/O filters (" + header.ioFiltersEncodedLength()
                    + " bytes of filter information); reading it needs a filter pipeline decoder, and none was given");
        }
        return new FractalHeap(ctx, address, header, decoder, hugeObjects);
    }

    public long address() {
        return address;
    }

    public FractalHeapHeader header() {
        return header;
    }

    public DoublingTable doublingTable() {
        return table;
    }

    /** Decodes a heap ID of this heap without fetching the object. */
    public FractalHeapId decodeId(byte[] heapId) {
        try {
            return FractalHeapId.decode(heapId, header, ctx.offsetSize(), ctx.lengthSize());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** The bytes of the object with this heap ID. */
    public byte[] get(byte[] heapId) {
        FractalHeapId id = decodeId(heapId);
        if (id instanceof FractalHeapId.Managed m) return managed(m, heapId);
        if (id instanceof FractalHeapId.Tiny t) return t.data();
        if (id instanceof FractalHeapId.HugeDirect d) {
            return huge(new HugeObjectIndex.HugeObject(d.address(), d.length(), d.filterMask(), d.defilteredSize()), heapId);
        }
        FractalHeapId.HugeKey k = (FractalHeapId.HugeKey) id;
        if (hugeObjects == null) {
            throw error("heap ID " + FractalHeapId.hex(heapId) + " names huge object " + k.key()
                    + "; huge objects need a v2 B-tree lookup (a HugeObjectIndex), and none was given");
        }
        if (header.hugeObjectsBTreeAddress() == Cursor.UNDEFINED) {
            throw error("heap ID " + FractalHeapId.hex(heapId) + " names huge object " + k.key()
                    + " but the heap has no huge object B-tree");
        }
        HugeObjectIndex.HugeObject o = hugeObjects.find(ctx, header.hugeObjectsBTreeAddress(), k.key(), header.isFiltered());
        return huge(o, heapId);
    }

    private byte[] huge(HugeObjectIndex.HugeObject o, byte[] heapId) {
        ByteBuffer stored = ctx.store().read(ctx.absolute(o.address(), "fractal heap huge object"), o.length(),
                "fractal heap huge object");
        ByteBuffer data = header.isFiltered() ? unfilter(stored, o.filterMask(), o.defilteredSize(),
                "huge object of heap ID " + FractalHeapId.hex(heapId)) : stored;
        byte[] out = new byte[data.remaining()];
        data.get(out);
        return out;
    }

    private byte[] managed(FractalHeapId.Managed m, byte[] heapId) {
        long offset = m.offset();
        long length = m.length();
        if (length == 0) throw error(object(heapId, offset, length) + ": managed objects are never empty");
        if (length > header.maximumSizeOfManagedObjects()) {
            throw error(object(heapId, offset, length) + ": longer than the maximum managed object size "
                    + header.maximumSizeOfManagedObjects());
        }
        if (Long.compareUnsigned(offset, header.managedSpace()) >= 0 || length > header.managedSpace() - offset) {
            throw error(object(heapId, offset, length) + ": outside the heap's managed space of " + header.managedSpace() + " bytes");
        }
        BlockInfo info = locate(offset, heapId, length);
        long inBlock = offset - info.heapOffset();
        if (inBlock < directBlockOverhead) {
            throw error(object(heapId, offset, length) + ": points into the prefix of the direct block at " + info.address());
        }
        if (inBlock + length > info.size()) {
            throw error(object(heapId, offset, length) + ": runs past the end of the " + info.size() + "-byte direct block at "
                    + info.address());
        }
        ByteBuffer block = directBlock(info);
        byte[] out = new byte[(int) length];
        block.get((int) inBlock, out);
        return out;
    }

    /**
     * What an error names: the object with {@code heapId} at {@code offset}, or the root direct block
     * when {@code heapId} is null. Made only for an error: a dense group's listing gets one object
     * per link, and building this text for each cost a sixth of listing 10,000 links.
     */
    private static String object(byte[] heapId, long offset, long length) {
        if (heapId == null) return "the root direct block";
        return "heap ID " + FractalHeapId.hex(heapId) + " (offset " + offset + ", length " + length + ")";
    }

    /**
     * Walks from the root block to the direct block whose slot holds heap {@code offset}, for the
     * object with {@code heapId} and {@code length} (named in errors; null for the root block).
     */
    private BlockInfo locate(long offset, byte[] heapId, long length) {
        if (header.rootBlockAddress() == Cursor.UNDEFINED) {
            throw error(object(heapId, offset, length) + ": the heap has no managed blocks");
        }
        if (header.rootIsDirect()) {
            if (offset >= table.startingBlockSize()) {
                throw error(object(heapId, offset, length) + ": beyond the root direct block of " + table.startingBlockSize() + " bytes");
            }
            long stored = header.isFiltered() ? header.filteredRootDirectBlockSize() : table.startingBlockSize();
            return BlockInfo.direct(0, header.rootBlockAddress(), table.startingBlockSize(), stored,
                    header.rootDirectBlockFilterMask());
        }
        FractalHeapIndirectBlock iblock = indirectBlock(header.rootBlockAddress(), header.currentRootRows(), 0);
        // each level down has fewer rows than the row that led to it, so the walk ends within maxRootRows levels
        for (int depth = 0; depth <= table.maxRootRows(); depth++) {
            long rel = offset - iblock.blockOffset();
            int row = table.row(rel);
            int col = table.column(rel);
            if (row >= iblock.nrows()) {
                throw error(object(heapId, offset, length) + ": beyond the " + iblock.nrows() + " rows of the indirect block at heap offset " + iblock.blockOffset());
            }
            long childOffset = iblock.blockOffset() + table.rowBlockOffset(row) + col * table.rowBlockSize(row);
            if (table.isDirectRow(row)) {
                int entry = row * table.width() + col;
                long a = iblock.childDirectBlockAddress(entry);
                if (a == Cursor.UNDEFINED) {
                    throw error(object(heapId, offset, length) + ": the direct block at heap offset " + childOffset + " was never allocated");
                }
                long size = table.rowBlockSize(row);
                return header.isFiltered()
                        ? BlockInfo.direct(childOffset, a, size, iblock.filteredDirectBlockSize(entry), iblock.directBlockFilterMask(entry))
                        : BlockInfo.direct(childOffset, a, size, size, 0);
            }
            int index = (row - table.maxDirectRows()) * table.width() + col;
            long a = iblock.childIndirectBlockAddress(index);
            if (a == Cursor.UNDEFINED) {
                throw error(object(heapId, offset, length) + ": the indirect block at heap offset " + childOffset + " was never allocated");
            }
            iblock = indirectBlock(a, table.rowsForSize(table.rowBlockSize(row)), childOffset);
        }
        throw error(object(heapId, offset, length) + ": indirect blocks nest deeper than the doubling table allows");
    }

    private FractalHeapIndirectBlock indirectBlock(long blockAddress, int nrows, long blockOffset) {
        Object cached = blocks.get(blockAddress);
        if (cached instanceof FractalHeapIndirectBlock ib && ib.nrows() == nrows && ib.blockOffset() == blockOffset) return ib;
        if (cached != null) {
            throw ctx.error(blockAddress, "fractal heap at " + address + ": the block at " + blockAddress
                    + " is reached both as an indirect block of " + nrows + " rows at heap offset " + blockOffset + " and as another block");
        }
        FractalHeapIndirectBlock ib = FractalHeapIndirectBlock.read(ctx, blockAddress, header, table, address, nrows, blockOffset);
        remember(blockAddress, ib, header.indirectBlockSize(table, nrows, ctx.offsetSize(), ctx.lengthSize()));
        return ib;
    }

    private ByteBuffer directBlock(BlockInfo info) {
        Object cached = blocks.get(info.address());
        if (cached instanceof CachedDirectBlock db && db.blockOffset() == info.heapOffset() && db.bytes().limit() == info.size()) {
            return db.bytes();
        }
        if (cached != null) {
            throw ctx.error(info.address(), "fractal heap at " + address + ": the block at " + info.address()
                    + " is reached both as the direct block at heap offset " + info.heapOffset() + " and as another block");
        }
        String what = "fractal heap direct block";
        ByteBuffer raw;
        if (header.isFiltered()) {
            if (info.storedSize() <= 0 || info.storedSize() > DoublingTable.MAX_SUPPORTED_DIRECT_BLOCK_SIZE) {
                throw ctx.error(info.address(), "fractal heap at " + address + ": filtered direct block at " + info.address()
                        + " has stored size " + info.storedSize());
            }
            ByteBuffer stored = ctx.store().read(ctx.absolute(info.address(), what), info.storedSize(), what);
            ByteBuffer plain = unfilter(stored, info.filterMask(), info.size(), "direct block at " + info.address());
            raw = ByteBuffer.allocate((int) info.size()).order(ByteOrder.LITTLE_ENDIAN);
            raw.put(plain).flip();
        } else {
            raw = ctx.store().read(ctx.absolute(info.address(), what), info.size(), what);
        }
        ByteBuffer bytes = FractalHeapDirectBlock.decode(raw, ctx.fileName(), ctx.baseAddress() + info.address(), header,
                ctx.offsetSize(), address, info.heapOffset());
        remember(info.address(), new CachedDirectBlock(info.heapOffset(), bytes), info.size());
        return bytes;
    }

    private ByteBuffer unfilter(ByteBuffer stored, int filterMask, long expectedSize, String what) {
        if (expectedSize < 0 || expectedSize > Integer.MAX_VALUE - 16) {
            throw error(what + ": decoded size " + expectedSize + " is larger than supported");
        }
        ByteBuffer out = decoder.decode(header.ioFilterInformation(), filterMask, stored, expectedSize);
        if (out == null || out.remaining() != expectedSize) {
            throw error(what + ": the I/O filters produced " + (out == null ? "nothing" : out.remaining() + " bytes")
                    + " where " + expectedSize + " were expected");
        }
        return out;
    }

    private void remember(long blockAddress, Object block, long size) {
        if (cachedBytes.addAndGet(size) > CACHE_LIMIT_BYTES) {
            blocks.clear();
            cachedBytes.set(size);
        }
        blocks.put(blockAddress, block);
    }

    /**
     * Visits the heap's managed blocks: its header, indirect blocks and direct blocks (a filtered
     * direct block as stored), and the free-space manager libhdf5 keeps for the free space in
     * those blocks. Huge objects, stored outside the managed blocks, are not visited: whoever gives
     * a heap's blocks back leaves those where they are.
     */
    public void forEachBlock(BlockVisitor visitor) {
        visitor.block(address, FractalHeapHeader.size(ctx.offsetSize(), ctx.lengthSize(), header.ioFiltersEncodedLength()));
        for (BlockInfo b : blocks()) visitor.block(b.address(), b.storedSize());
        long fs = header.freeSpaceManagerAddress();
        if (fs != Cursor.UNDEFINED) FreeSpaceManagerHeader.read(ctx, fs).forEachBlock(fs, ctx.offsetSize(), ctx.lengthSize(), visitor);
    }

    /** Whether the heap holds huge objects (stored outside its managed blocks). */
    public boolean hasHugeObjects() {
        return header.hugeObjectCount() != 0;
    }

    /** Every allocated direct block, in heap offset order. */
    public List<BlockInfo> directBlocks() {
        return blocks().stream().filter(b -> !b.indirect()).toList();
    }

    /**
     * Every block of the heap, found by walking the indirect blocks from the root: an indirect
     * block comes before its children, children in entry order. For checking tools and tests;
     * reads every indirect block.
     */
    public List<BlockInfo> blocks() {
        List<BlockInfo> out = new ArrayList<>();
        if (header.rootBlockAddress() == Cursor.UNDEFINED) return out;
        if (header.rootIsDirect()) {
            out.add(locate(0, null, 0));
            return out;
        }
        collect(header.rootBlockAddress(), header.currentRootRows(), 0, out, 0);
        return out;
    }

    private void collect(long blockAddress, int nrows, long blockOffset, List<BlockInfo> out, int depth) {
        if (depth > table.maxRootRows()) throw error("indirect blocks nest deeper than the doubling table allows");
        FractalHeapIndirectBlock iblock = indirectBlock(blockAddress, nrows, blockOffset);
        long size = header.indirectBlockSize(table, nrows, ctx.offsetSize(), ctx.lengthSize());
        out.add(new BlockInfo(true, blockOffset, blockAddress, size, size, 0));
        for (int row = 0; row < iblock.nrows(); row++) {
            for (int col = 0; col < table.width(); col++) {
                long childOffset = iblock.blockOffset() + table.rowBlockOffset(row) + col * table.rowBlockSize(row);
                if (table.isDirectRow(row)) {
                    int entry = row * table.width() + col;
                    long a = iblock.childDirectBlockAddress(entry);
                    if (a == Cursor.UNDEFINED) continue;
                    long blockSize = table.rowBlockSize(row);
                    out.add(header.isFiltered()
                            ? BlockInfo.direct(childOffset, a, blockSize, iblock.filteredDirectBlockSize(entry), iblock.directBlockFilterMask(entry))
                            : BlockInfo.direct(childOffset, a, blockSize, blockSize, 0));
                } else {
                    long a = iblock.childIndirectBlockAddress((row - table.maxDirectRows()) * table.width() + col);
                    if (a == Cursor.UNDEFINED) continue;
                    collect(a, table.rowsForSize(table.rowBlockSize(row)), childOffset, out, depth + 1);
                }
            }
        }
    }

    private H5FormatException error(String detail) {
        return ctx.error(address, "fractal heap at " + address + ": " + detail);
    }
}
