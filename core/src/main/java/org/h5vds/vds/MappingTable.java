package org.h5vds.vds;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.h5vds.format.Checksum;
import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.io.Cursor;
import org.h5vds.select.All;
import org.h5vds.select.Box;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionCodec;

/**
 * A virtual dataset's mapping list (the heap block of {@link VirtualHeapBlock}) decoded in one pass
 * that keeps, per mapping, only what finding and reading it needs: its names (shared strings; no
 * array at all for a field whose name every entry shares) and, for the usual mapping (a
 * single-block hyperslab or ALL on both sides), its virtual box in {@link BoxSlots} (a slot per
 * entry whose virtual selection is a box, none for ALL; ints while the bounds fit) and its source
 * box in an int array (with no offsets while every source box has the same rank). The {@link
 * VirtualMapping} objects are made when asked for; a read of one element out of 100,000 mappings
 * asks for one. Nothing of the block's bytes is kept: they may be a view of the file's mapping
 * ({@link GlobalHeapCollection#view}), and a block of 100,000 mappings is 8 MB that a young JVM
 * would otherwise take as fresh memory per open; what is kept for such a block (one source, boxes
 * of rank 2 from boxes of rank 1) is 2.4 MB, every byte of it fresh memory on each open.
 *
 * <p>Validation is that of {@link VirtualHeapBlock#decode}: the pass checks everything the full
 * decoder checks of the encodings it reads itself (a hyperslab of version 1 with one block, ALL)
 * and hands every other encoding (points, several blocks, versions 2 and 3, a malformed field) to
 * {@link SelectionCodec}, which decodes it at once and reports what is wrong, so a corrupt block
 * fails when it is opened, as before. Immutable once built (the decoded mappings are cached in a
 * {@link PagedArray}; two threads decoding the same entry store equal objects).
 */
final class MappingTable {
    /** The virtual selection of an entry: a box (a slot in {@link #boxes}), ALL, or another selection (decoded at once). */
    static final byte BOX = 0, ALL = 1, OTHER = 2;
    private static final int SEL_HYPERSLABS = 2, SEL_ALL = 3;
    private static final String WHAT = "virtual dataset heap block";

    private final int version;
    private final int count;
    private final int rank;
    /** The bytes of the entries (after the entry count): what bounds the arrays a hostile block can make us take. */
    private final long entryBytes;
    /**
     * How the simple entries' source boxes are laid out in {@link #sourceBounds}, as stored:
     * unsigned 32-bit starts and inclusive ends. While every entry seen has a source box of one
     * rank k (the usual block: this field is k; 0 before the first entry), entry i's is at {@code 2 k i}:
     * k starts then k ends, and {@link #sourceAt} is null. From the first entry that breaks this (an ALL source, another
     * rank, an entry decoded otherwise) the field is -1 and {@code sourceAt[i]} says where entry i's
     * box is: its rank, then k starts and k ends; -1 for ALL; unused for other entries.
     */
    private int sourceRank;
    private int[] sourceAt;
    private int[] sourceBounds = new int[0];
    private int sourceBoundsLength;
    /** The names of entry 0; a field's array below stays null while every entry's name is the same (the same string). */
    private String firstFile;
    private String firstDataset;
    private String[] sourceFiles;
    private String[] sourceDatasets;
    /** BOX, ALL or OTHER per entry; null while every entry is a BOX entry (so is {@link #boxSlot}). */
    private byte[] virtualKind;
    /**
     * The virtual boxes of the BOX entries, one slot per BOX entry, in entry order; {@link #boxSlot}
     * says which slot is whose. Only BOX entries have one: an entry that is not a box may take as
     * little as {@link VirtualHeapBlock#MIN_ENTRY_SIZE} bytes, and a slot of a rank-32 dataset is
     * 512 bytes (as longs), so a slot per entry would let a hostile block of ALL entries claim 15
     * times its size; a BOX entry's own bytes pay for its slot (see {@link #boxCapacity}).
     */
    private final BoxSlots boxes;
    private int boxCount;
    /** The most slots this block's bytes can hold ({@link #boxCapacity}). */
    private final int boxCapacity;
    /** Entry i's slot in {@link #boxes} (-1: not a BOX entry); null while every entry is a BOX entry (slot i is entry i). */
    private int[] boxSlot;
    private final PagedArray<VirtualMapping> decoded;
    /**
     * While scanning: the length of the previous entry when {@link #repeatsPrevious} may take the
     * next one (0 when not), and how many of its first bytes are its names and its source
     * hyperslab's header.
     */
    private int repeatLength;
    private int repeatHead;
    /** While scanning a block that is no array (a view of the file's mapping): where {@link #repeatsPrevious} reads it. */
    private StreamedBlock stream;

    private MappingTable(int version, int count, int rank, long entryBytes) {
        this.version = version;
        this.count = count;
        this.rank = rank;
        this.entryBytes = entryBytes;
        this.boxes = new BoxSlots(Math.max(rank, 0), 0); // a scalar dataset (rank -1) has boxes of no axes
        this.boxCapacity = boxCapacity(count, entryBytes, rank);
        this.decoded = new PagedArray<>(count);
    }

    /** No mappings (a virtual dataset whose layout points at no heap block). */
    static MappingTable empty(int virtualRank) {
        return new MappingTable(VirtualHeapBlock.VERSION_0, 0, virtualRank, 0);
    }

    /**
     * How many of {@code count} entries in {@code bytes} bytes can be BOX entries: such an entry
     * holds at least two name bytes (two empty names, or a flags byte and a shared index), a source
     * selection of 16 bytes (ALL) and a version 1 hyperslab of one block of the dataset's rank (24
     * bytes and 8 per axis). So the box slots take at most 16 x rank / (42 + 8 x rank) < 2 bytes per
     * byte of the block, whatever the rank; a block of 100,000 boxes gets exactly 100,000 slots.
     */
    static int boxCapacity(long count, long bytes, int rank) {
        if (rank <= 0) return 0;
        long minBoxEntry = VirtualHeapBlock.MIN_ENTRY_SIZE - 16 + 24 + 8L * rank;
        return (int) Math.min(count, bytes / minBoxEntry);
    }

    /**
     * Decodes the block at the cursor (the heap object's bytes), as {@link VirtualHeapBlock#decode}.
     *
     * @param virtualRank rank of the virtual dataset's dataspace; -1 when it stores none (scalar)
     */
    static MappingTable decode(Cursor c, int virtualRank) {
        return decode(c, virtualRank, null);
    }

    /**
     * Decodes the block at the cursor, as {@link VirtualHeapBlock#decode}; where the cursor's bytes
     * are no array (a view of the file's mapping) and {@code source} is given, the usual entries and
     * the checksum are read from {@code source} instead ({@link StreamedBlock}).
     *
     * @param virtualRank rank of the virtual dataset's dataspace; -1 when it stores none (scalar)
     * @param source      the same bytes as the cursor's, or null
     */
    static MappingTable decode(Cursor c, int virtualRank, StreamedBlock.Source source) {
        int start = c.position();
        int version = c.version(c.u8(), WHAT, VirtualHeapBlock.VERSION_0, VirtualHeapBlock.VERSION_1);
        int countAt = c.position();
        long numEntries = c.length();                                         // Num Entries
        if (numEntries < 0 || numEntries > c.remaining() / VirtualHeapBlock.MIN_ENTRY_SIZE) {
            throw c.error(countAt, WHAT + ": " + Long.toUnsignedString(numEntries) + " entries cannot fit in the "
                    + c.remaining() + " bytes that follow");
        }
        MappingTable t = new MappingTable(version, (int) numEntries, virtualRank, c.remaining());
        ByteBuffer b = c.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        // a well-formed block's entries end where its last 4 bytes, the checksum, begin
        int checksumAt = c.limit() - 4;
        ChecksumAhead ahead = null;
        if (source != null && !b.hasArray() && checksumAt >= start) {
            // a large block's checksum on another core while this one decodes it; nothing is returned before it is checked
            if (ChecksumAhead.worthIt(checksumAt - start)) ahead = ChecksumAhead.start(source, start, checksumAt);
            t.stream = new StreamedBlock(source, start, checksumAt, ahead == null);
        }
        try {
            t.scan(c, b);
            if (t.stream != null && c.position() == checksumAt) {
                Checksum.verifyComputed(c, ahead != null ? ahead.value() : t.stream.checksum(), WHAT);   // Checksum
            } else {
                Checksum.verify(c, start, WHAT);
            }
        } finally {
            if (ahead != null) ahead.cancel(); // (a no-op once its value was taken)
        }
        t.stream = null;
        return t;
    }

    /** The pass over the entries; {@code b} is the cursor's buffer, little-endian, read at absolute positions. */
    private void scan(Cursor c, ByteBuffer b) {
        Map<String, String> names = new HashMap<>();
        NameCache files = new NameCache();
        NameCache datasets = new NameCache();
        int limit = c.limit();
        for (int i = 0; i < count; i++) {
            int entryAt = c.position();
            if (repeatLength > 0 && repeatsPrevious(b, entryAt, limit, i)) {
                c.position(entryAt + repeatLength);
                continue;
            }
            int flags = 0;
            if (version == VirtualHeapBlock.VERSION_1) {
                flags = c.u8();                                              // Flags
                if ((flags & ~VirtualHeapBlock.KNOWN_FLAGS) != 0) {
                    throw c.error(entryAt, WHAT + ": entry " + i + " has unknown flags 0x" + Integer.toHexString(flags));
                }
            }
            String file;                                                      // Source Filename
            if ((flags & VirtualHeapBlock.FLAG_SOURCE_SAME_FILE) != 0) {
                file = VirtualMapping.SAME_FILE;
            } else if ((flags & VirtualHeapBlock.FLAG_SOURCE_FILE_SHARED) != 0) {
                file = sourceFile(VirtualHeapBlock.sharedIndex(c, i, "source file name"));
            } else {
                int at = c.position(), len = stringLength(c, b);
                file = files.get(b, at, len);
                c.skip(len + 1);
            }
            String dataset;                                                   // Source Dataset
            if ((flags & VirtualHeapBlock.FLAG_SOURCE_DATASET_SHARED) != 0) {
                dataset = sourceDataset(VirtualHeapBlock.sharedIndex(c, i, "source dataset name"));
            } else {
                int at = c.position(), len = stringLength(c, b);
                dataset = datasets.get(b, at, len);
                c.skip(len + 1);
            }
            try {
                setNames(i, VirtualHeapBlock.checkedName(names, file), VirtualHeapBlock.checkedName(names, dataset));
            } catch (IllegalArgumentException e) {
                throw c.error(entryAt, WHAT + ": entry " + i + ": " + e.getMessage());
            }
            int sourceSelectionAt = c.position();                             // Source Selection
            // a single-block version 1 hyperslab or ALL: kept as a box (sourceBounds), made into a selection on demand
            boolean sourceSimple = scanSelection(c, b, true, i);
            if (!sourceSimple && sourceAt == null) sourcesApart(i);
            int virtualAt = c.position();                                     // Virtual Selection
            byte kind = sourceSimple && scanSelection(c, b, false, i) ? (b.getInt(virtualAt) == SEL_ALL ? ALL : BOX) : OTHER;
            if (kind == BOX) {
                boxCount++; // the slot scanSelection filled is this entry's
            } else if (boxSlot == null) {
                // the first entry that is not a box: from here on slots and entries part
                boxSlot = new int[count];
                for (int j = 0; j < i; j++) boxSlot[j] = j;
                virtualKind = new byte[count]; // BOX (0) for the entries before
            }
            if (boxSlot != null) {
                boxSlot[i] = kind == BOX ? boxCount - 1 : -1;
                virtualKind[i] = kind;
            }
            if (kind == OTHER) {
                // decoded now, so that whatever the pass did not check is checked when the file opens
                Selection source = SelectionCodec.decode(c.position(sourceSelectionAt), -1);
                Selection virtual = SelectionCodec.decode(c, rank);
                try {
                    decoded.set(i, new VirtualMapping(sourceFile(i), sourceDataset(i), source, virtual));
                } catch (IllegalArgumentException e) {
                    throw c.error(entryAt, WHAT + ": entry " + i + ": " + e.getMessage());
                }
            }
            boolean uniform = kind == BOX && sourceAt == null && boxSlot == null && sourceFiles == null && sourceDatasets == null;
            repeatLength = uniform && boxes.isIntForm() ? c.position() - entryAt : 0;
            repeatHead = virtualAt - entryAt - 8 * sourceRank;
        }
    }

    /**
     * Takes entry i at {@code p} as the previous entry was taken, when it is that entry but for the
     * coordinates of its two boxes: the same bytes up to the source box's coordinates (names, or
     * flags and shared indices, and the source hyperslab's header) and in the virtual hyperslab's
     * header, each start at most its end, the virtual bounds ints. Every check the pass makes of
     * such an entry depends on those bytes alone, so it holds as it held for the previous entry
     * (whose names are entry 0's, source box of the same rank, virtual box in ints): the usual
     * block (every entry a box of one source) is decoded in a few long compares per entry, no
     * name or header read field by field. Returns false for anything else, which the full pass
     * then takes (and reports); what this wrote is then rewritten or never used (the slot is taken
     * only by {@code boxCount++}).
     */
    private boolean repeatsPrevious(ByteBuffer block, int entryAt, int limit, int i) {
        int n = repeatLength;
        if (n > limit - entryAt) return false;
        ByteBuffer b = block;
        int p = entryAt;
        if (stream != null) {
            b = stream.around(entryAt - n, entryAt + n);
            if (b == null) return false;
            p = entryAt - stream.start();
        }
        int head = repeatHead;
        int k = sourceRank;
        int virtualAt = head + 8 * k;
        if (!sameLongs(b, p - n, p, head) || !sameLongs(b, p - n + virtualAt, p + virtualAt, 24)) return false;
        int[] bounds = sourceBounds;
        int to = 2 * k * i;
        if (to + 2 * k > bounds.length || boxCount == boxes.capacity()) return false;
        for (int d = 0, at = p + head; d < k; d++) {
            int s = b.getInt(at + 4 * d);
            int e = b.getInt(at + 4 * (k + d));
            if (Integer.compareUnsigned(e, s) < 0) return false;
            bounds[to + d] = s;
            bounds[to + k + d] = e;
        }
        // the slots' int arrays, written directly while the table is being filled (see BoxSlots)
        int[] lo = boxes.intStarts();
        int[] hi = boxes.intEnds();
        int r = rank;
        for (int d = 0, at = p + virtualAt + 24, slot = boxCount * r; d < r; d++) {
            int s = b.getInt(at + 4 * d);
            int e = b.getInt(at + 4 * (r + d));
            // unsigned start and inclusive end both below 2^31 - 1, so the exclusive end fits an int too
            if (s < 0 || e < s || e == Integer.MAX_VALUE) return false;
            lo[slot + d] = s;
            hi[slot + d] = e + 1;
        }
        boxCount++;
        return true;
    }

    /** Whether the {@code n >= 8} bytes at x and at y are the same, compared 8 at a time (the last 8 overlapping). */
    private static boolean sameLongs(ByteBuffer b, int x, int y, int n) {
        for (int j = 0; j < n - 8; j += 8) if (b.getLong(x + j) != b.getLong(y + j)) return false;
        return b.getLong(x + n - 8) == b.getLong(y + n - 8);
    }

    /** Entry i's names; a field's array is made at the first name that differs from entry 0's. */
    private void setNames(int i, String file, String dataset) {
        if (i == 0) {
            firstFile = file;
            firstDataset = dataset;
            return;
        }
        if (sourceFiles == null && file != firstFile) {
            sourceFiles = new String[count];
            Arrays.fill(sourceFiles, 0, i, firstFile);
        }
        if (sourceFiles != null) sourceFiles[i] = file;
        if (sourceDatasets == null && dataset != firstDataset) {
            sourceDatasets = new String[count];
            Arrays.fill(sourceDatasets, 0, i, firstDataset);
        }
        if (sourceDatasets != null) sourceDatasets[i] = dataset;
    }

    /**
     * Reads past a selection the pass understands (a version 1 hyperslab of one block, or ALL),
     * storing a virtual one's box as entry {@code entry}'s bounds and a source one's in {@link
     * #sourceBounds}; leaves the cursor where it was and returns false for anything else. A virtual
     * hyperslab must have the dataset's rank (a scalar dataset, rank -1, takes only ALL).
     */
    private boolean scanSelection(Cursor c, ByteBuffer b, boolean source, int entry) {
        int at = c.position();
        if (c.remaining() < 16) return false;
        int type = b.getInt(at);
        int version = b.getInt(at + 4);
        if (type == SEL_ALL) {
            if (version != 1) return false; // as SelectionCodec, which reports any other
            c.skip(16);
            if (source) {
                if (sourceAt == null) sourcesApart(entry);
                sourceAt[entry] = -1;
            }
            return true;
        }
        if (type != SEL_HYPERSLABS || version != 1 || c.remaining() < 24) return false;
        long length = b.getInt(at + 12) & 0xFFFFFFFFL;
        long r = b.getInt(at + 16) & 0xFFFFFFFFL;
        long blocks = b.getInt(at + 20) & 0xFFFFFFFFL;
        if (blocks != 1 || r < 1 || r > SelectionCodec.MAX_RANK || (!source && r != rank)) return false;
        if (length != 8 + r * 8 || c.remaining() < 24 + 8 * r) return false;
        int k = (int) r;
        int p = at + 24;
        if (!source && boxCount == boxes.capacity()) growBoxes(entry);
        for (int d = 0; d < k; d++) {
            long s = b.getInt(p + 4 * d) & 0xFFFFFFFFL;
            long e = b.getInt(p + 4 * (k + d)) & 0xFFFFFFFFL;
            if (e < s) return false;
            // into the next free slot, taken by the caller if the entry turns out to be a BOX entry
            if (!source) boxes.set(boxCount, d, s, e + 1);
        }
        if (source) {
            if (entry == 0) {
                sourceRank = k;
                // room for every entry's box of this rank, or for as many as the block's bytes can hold
                sourceBounds = new int[2 * k * sourceCapacity(k)];
            } else if (sourceAt == null && k != sourceRank) {
                sourcesApart(entry);
            }
            int to;
            if (sourceAt == null) {
                to = 2 * k * entry;
                if (to + 2 * k > sourceBounds.length) growSourceBounds(to + 2 * k);
            } else {
                if (sourceBoundsLength + 1 + 2 * k > sourceBounds.length) growSourceBounds(sourceBoundsLength + 1 + 2 * k);
                sourceAt[entry] = sourceBoundsLength;
                sourceBounds[sourceBoundsLength++] = k;
                to = sourceBoundsLength;
                sourceBoundsLength += 2 * k;
            }
            for (int j = 0; j < 2 * k; j++) sourceBounds[to + j] = b.getInt(p + 4 * j);
        }
        c.skip(24 + 8 * k);
        return true;
    }

    /**
     * How many entries of this block can have a source box of rank k: such an entry holds at least
     * two name bytes, the box (24 + 8k bytes) and a virtual selection (16 bytes), so their boxes
     * (8k bytes each, as ints) take less than one byte per byte of the block.
     */
    private int sourceCapacity(int k) {
        return (int) Math.min(count, entryBytes / (42 + 8L * k));
    }

    private void growSourceBounds(int atLeast) {
        sourceBounds = Arrays.copyOf(sourceBounds, Math.max(16, Math.max(2 * sourceBounds.length, atLeast)));
    }

    /**
     * From boxes of one rank at fixed places to boxes with their rank, found through {@link
     * #sourceAt}, for the {@code entries} entries scanned so far: at the first entry whose source
     * is not a box of the rank every earlier one had.
     */
    private void sourcesApart(int entries) {
        int k = sourceRank;
        int[] uniform = sourceBounds;
        sourceAt = new int[count];
        // room for the boxes so far, then a rank-1 box per entry to come (grown if they have more axes)
        sourceBounds = new int[Math.max(16, (1 + 2 * k) * entries + 3 * (count - entries))];
        sourceBoundsLength = 0;
        for (int i = 0; i < entries; i++) {
            sourceAt[i] = sourceBoundsLength;
            sourceBounds[sourceBoundsLength++] = k;
            System.arraycopy(uniform, 2 * k * i, sourceBounds, sourceBoundsLength, 2 * k);
            sourceBoundsLength += 2 * k;
        }
        sourceRank = -1;
    }

    /**
     * Room for one more box: all that the block can hold when the first entry is a box (the usual
     * block, every entry a box: the slots of the right number at once), else twice as many slots as
     * now, at most all that the block can hold (boxCapacity counts every entry that can be a BOX
     * entry, so the last bound is only a guard).
     */
    private void growBoxes(int entry) {
        int slots = entry == 0 ? boxCapacity : Math.min(boxCapacity, Math.max(16, 2 * boxes.capacity()));
        boxes.grow(Math.max(slots, boxCount + 1));
    }

    private static int stringLength(Cursor c, ByteBuffer b) {
        int start = c.position();
        int limit = c.limit();
        for (int p = start; p < limit; p++) if (b.get(p) == 0) return p - start;
        throw c.error(start, "string is not NUL-terminated within its structure");
    }

    /**
     * The names of one field met so far in the block, by their bytes: most entries repeat the
     * previous entry's name, many cycle through a few (a source file per frame, or a hostile
     * block's a, b, a, b), and a String made per entry would be garbage the names map drops at
     * once. The previous name first, then one of {@link #SLOTS} slots by the bytes' hash; the
     * strings are kept only while the block is scanned.
     */
    private static final class NameCache {
        private static final int SLOTS = 64;
        private final int[] at = new int[SLOTS];
        private final int[] len = new int[SLOTS];
        private final String[] name = new String[SLOTS];
        private String last;
        private int lastAt;
        private int lastLen;

        /** The name of the {@code n} bytes at {@code p} (its terminator excluded). */
        String get(ByteBuffer b, int p, int n) {
            if (last == null || !sameBytes(b, p, n, lastAt, lastLen)) {
                int h = n;
                for (int j = 0; j < n; j++) h = 31 * h + b.get(p + j);
                int s = (h ^ (h >>> 16)) & (SLOTS - 1);
                if (name[s] == null || !sameBytes(b, p, n, at[s], len[s])) {
                    name[s] = string(b, p, n);
                    at[s] = p;
                    len[s] = n;
                }
                last = name[s];
            }
            lastAt = p;
            lastLen = n;
            return last;
        }
    }

    private static boolean sameBytes(ByteBuffer b, int x, int len, int y, int ylen) {
        if (len != ylen) return false;
        for (int j = 0; j < len; j++) if (b.get(x + j) != b.get(y + j)) return false;
        return true;
    }

    private static String string(ByteBuffer b, int at, int len) {
        byte[] bytes = new byte[len];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    // ---- what a read asks ---------------------------------------------------------------------

    int version() {
        return version;
    }

    int size() {
        return count;
    }

    /** BOX, ALL or OTHER: how entry i's virtual selection is held. */
    byte virtualKind(int i) {
        return virtualKind == null ? BOX : virtualKind[i];
    }

    /** Whether entry i is a plain mapping: a box or ALL to a bounded single-block hyperslab or ALL (so never unlimited). */
    boolean isSimple(int i) {
        return virtualKind(i) != OTHER;
    }

    /**
     * The virtual boxes of the BOX entries, slot by slot (the slot of entry i is {@link
     * #boxSlot(int)}); the table's own, shared with the index and never written after decoding. It
     * may have room for more slots than are in use.
     */
    BoxSlots boxes() {
        return boxes;
    }

    /** How many entries are BOX entries (the slots in use). */
    int boxCount() {
        return boxCount;
    }

    /** Whether every entry's source file name is entry 0's, and every source dataset name too (the same strings). */
    boolean namesShared() {
        return sourceFiles == null && sourceDatasets == null;
    }

    /** Entry i's slot in {@link #boxes()}, or -1 when entry i is not a BOX entry. */
    int boxSlot(int i) {
        return boxSlot == null ? i : boxSlot[i];
    }

    /**
     * The slot of every entry (-1: not a BOX entry), or null when every entry is a BOX entry (the
     * slot of entry i is i); the table's own array, never written after decoding.
     */
    int[] boxSlots() {
        return boxSlot;
    }

    /** Start of BOX entry i's virtual box on axis d. */
    long lo(int i, int d) {
        return boxes.lo(boxSlot(i), d);
    }

    /** End (exclusive) of BOX entry i's virtual box on axis d. */
    long hi(int i, int d) {
        return boxes.hi(boxSlot(i), d);
    }

    String sourceFile(int i) {
        return sourceFiles == null ? firstFile : sourceFiles[i];
    }

    String sourceDataset(int i) {
        return sourceDatasets == null ? firstDataset : sourceDatasets[i];
    }

    /** Entry i's virtual selection: its box or ALL without decoding the entry, else the decoded selection. */
    Selection virtualSelection(int i) {
        return switch (virtualKind(i)) {
            case BOX -> Selection.box(box(i));
            case ALL -> new All(rank);
            default -> mapping(i).virtualSelection();
        };
    }

    Box box(int i) {
        long[] start = new long[rank];
        long[] n = new long[rank];
        int slot = boxSlot(i);
        for (int d = 0; d < rank; d++) {
            start[d] = boxes.lo(slot, d);
            n[d] = boxes.hi(slot, d) - start[d];
        }
        return new Box(start, n);
    }

    /**
     * Entry i as a mapping, made on first use (other than simple entries, which the pass decoded):
     * the selections {@link SelectionCodec} decodes from the stored single-block hyperslab or ALL.
     */
    VirtualMapping mapping(int i) {
        VirtualMapping m = decoded.get(i);
        if (m != null) return m;
        Selection source;
        int k = sourceRank(i);
        if (k < 0) {
            source = new All(-1);
        } else {
            long[] start = new long[k];
            long[] end = new long[k];
            sourceBox(i, start, end);
            long[] n = new long[k];
            for (int d = 0; d < k; d++) n[d] = end[d] - start[d];
            source = Selection.box(new Box(start, n));
        }
        m = new VirtualMapping(sourceFile(i), sourceDataset(i), source, virtualSelection(i));
        decoded.set(i, m);
        return m;
    }

    /**
     * The box of simple entry i's source selection, start and end (exclusive) per axis into the
     * arrays; returns its rank, or -1 when the selection is ALL (the source's whole extent).
     */
    /** The rank of simple entry i's source box, -1 when its source selection is ALL. */
    private int sourceRank(int i) {
        if (sourceAt == null) return sourceRank;
        return sourceAt[i] < 0 ? -1 : sourceBounds[sourceAt[i]];
    }

    int sourceBox(int i, long[] start, long[] end) {
        int at, k;
        if (sourceAt == null) {
            k = sourceRank;
            at = 2 * k * i;
        } else {
            at = sourceAt[i];
            if (at < 0) return -1;
            k = sourceBounds[at++];
        }
        for (int d = 0; d < k; d++) {
            start[d] = sourceBounds[at + d] & 0xFFFFFFFFL;
            end[d] = (sourceBounds[at + k + d] & 0xFFFFFFFFL) + 1;
        }
        return k;
    }

    /** Entry i's source selection (bounded for simple entries). */
    Selection sourceSelection(int i) {
        return mapping(i).sourceSelection();
    }

    /** Whether entry i's virtual selection is a hyperslab with an UNLIMITED count or block. */
    boolean isVirtualUnlimited(int i) {
        return virtualKind(i) == OTHER && mapping(i).virtualSelection() instanceof Hyperslab h && h.unlimitedAxis() >= 0;
    }

    /** Every mapping as a list, each decoded when first asked for. */
    List<VirtualMapping> asList() {
        return new Mappings();
    }

    private final class Mappings extends AbstractList<VirtualMapping> implements RandomAccess {
        @Override
        public VirtualMapping get(int index) {
            java.util.Objects.checkIndex(index, count);
            return mapping(index);
        }

        @Override
        public int size() {
            return count;
        }
    }
}
