package org.h5vds.vds;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.h5vds.format.Checksum;
import org.h5vds.io.Cursor;
import org.h5vds.select.All;
import org.h5vds.select.Box;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionCodec;

/**
 * A virtual dataset's mapping list (the heap block of {@link VirtualHeapBlock}) decoded in one pass
 * that keeps, per mapping, only what finding it needs: its names (shared strings), where its two
 * selections lie in the block, and, for the usual mapping (a single-block hyperslab or ALL on
 * both sides), its virtual bounding box in two primitive arrays. The {@link VirtualMapping} objects
 * are decoded when asked for; a read of one element out of 100,000 mappings asks for one.
 *
 * <p>Validation is that of {@link VirtualHeapBlock#decode}: the pass checks everything the full
 * decoder checks of the encodings it reads itself (a hyperslab of version 1 with one block, ALL)
 * and hands every other encoding (points, several blocks, versions 2 and 3, a malformed field) to
 * {@link SelectionCodec}, which decodes it at once and reports what is wrong, so a corrupt block
 * fails when it is opened, as before. Immutable once built (the decoded mappings are cached in an
 * array; two threads decoding the same entry store equal objects).
 */
final class MappingTable {
    /** The virtual selection of an entry: a box in {@link #lo}/{@link #hi}, ALL, or another selection (decoded at once). */
    static final byte BOX = 0, ALL = 1, OTHER = 2;
    private static final int SEL_HYPERSLABS = 2, SEL_ALL = 3;
    private static final String WHAT = "virtual dataset heap block";

    private static final java.lang.invoke.VarHandle INT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer bytes; // the heap object, little-endian
    private final byte[] array;     // its bytes: position p of the buffer is array[p + offset]
    private final int offset;
    private final String fileName;
    private final long base;
    private final int offsetSize;
    private final int lengthSize;
    private final int version;
    private final int count;
    private final int rank;
    private final int[] sourceAt;
    private final int[] virtualAt;
    private final String[] sourceFiles;
    private final String[] sourceDatasets;
    private final byte[] virtualKind;
    private final boolean[] sourceSimple; // a single-block version 1 hyperslab or ALL: bounded, decoded on demand
    private final long[] lo;
    private final long[] hi;
    private final VirtualMapping[] decoded;

    private MappingTable(ByteBuffer bytes, Cursor c, int version, int count, int rank) {
        this.bytes = bytes;
        if (bytes.hasArray()) {
            this.array = bytes.array();
            this.offset = bytes.arrayOffset();
        } else {
            this.array = new byte[bytes.limit()];
            bytes.get(0, array);
            this.offset = 0;
        }
        this.fileName = c.file();
        this.base = c.base();
        this.offsetSize = c.offsetSize();
        this.lengthSize = c.lengthSize();
        this.version = version;
        this.count = count;
        this.rank = rank;
        this.sourceAt = new int[count];
        this.virtualAt = new int[count];
        this.sourceFiles = new String[count];
        this.sourceDatasets = new String[count];
        this.virtualKind = new byte[count];
        this.sourceSimple = new boolean[count];
        this.lo = new long[rank > 0 ? count * rank : 0];
        this.hi = new long[rank > 0 ? count * rank : 0];
        this.decoded = new VirtualMapping[count];
    }

    /** No mappings (a virtual dataset whose layout points at no heap block). */
    static MappingTable empty(int virtualRank) {
        Cursor c = new Cursor(ByteBuffer.allocate(0), "", 0, 8, 8);
        return new MappingTable(c.buffer(), c, VirtualHeapBlock.VERSION_0, 0, virtualRank);
    }

    /**
     * Decodes the block at the cursor (the heap object's bytes), as {@link VirtualHeapBlock#decode}.
     *
     * @param virtualRank rank of the virtual dataset's dataspace; -1 when it stores none (scalar)
     */
    static MappingTable decode(Cursor c, int virtualRank) {
        int start = c.position();
        int version = c.version(c.u8(), WHAT, VirtualHeapBlock.VERSION_0, VirtualHeapBlock.VERSION_1);
        int countAt = c.position();
        long numEntries = c.length();                                         // Num Entries
        if (numEntries < 0 || numEntries > c.remaining() / VirtualHeapBlock.MIN_ENTRY_SIZE) {
            throw c.error(countAt, WHAT + ": " + Long.toUnsignedString(numEntries) + " entries cannot fit in the "
                    + c.remaining() + " bytes that follow");
        }
        ByteBuffer le = c.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        MappingTable t = new MappingTable(le, c, version, (int) numEntries, virtualRank);
        t.scan(c);
        Checksum.verify(c, start, WHAT);                                      // Checksum
        return t;
    }

    private void scan(Cursor c) {
        Map<String, String> names = new HashMap<>();
        // most entries repeat the previous entry's names: compared as bytes, the string is shared
        int prevFileAt = -1, prevFileLen = -1, prevSetAt = -1, prevSetLen = -1;
        String prevFile = null, prevSet = null;
        for (int i = 0; i < count; i++) {
            int entryAt = c.position();
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
                file = sourceFiles[VirtualHeapBlock.sharedIndex(c, i, "source file name")];
            } else {
                int at = c.position(), len = stringLength(c);
                file = prevFileAt >= 0 && sameBytes(at, len, prevFileAt, prevFileLen) ? prevFile : new String(bytesAt(at, len), StandardCharsets.UTF_8);
                prevFile = file;
                prevFileAt = at;
                prevFileLen = len;
                c.skip(len + 1);
            }
            String dataset;                                                   // Source Dataset
            if ((flags & VirtualHeapBlock.FLAG_SOURCE_DATASET_SHARED) != 0) {
                dataset = sourceDatasets[VirtualHeapBlock.sharedIndex(c, i, "source dataset name")];
            } else {
                int at = c.position(), len = stringLength(c);
                dataset = prevSetAt >= 0 && sameBytes(at, len, prevSetAt, prevSetLen) ? prevSet : new String(bytesAt(at, len), StandardCharsets.UTF_8);
                prevSet = dataset;
                prevSetAt = at;
                prevSetLen = len;
                c.skip(len + 1);
            }
            try {
                sourceFiles[i] = VirtualHeapBlock.checkedName(names, file);
                sourceDatasets[i] = VirtualHeapBlock.checkedName(names, dataset);
            } catch (IllegalArgumentException e) {
                throw c.error(entryAt, WHAT + ": entry " + i + ": " + e.getMessage());
            }
            sourceAt[i] = c.position();                                       // Source Selection
            sourceSimple[i] = scanSelection(c, -1, -1);
            virtualAt[i] = c.position();                                      // Virtual Selection
            virtualKind[i] = (byte) (scanSelection(c, rank, i) ? (intAt(virtualAt[i]) == SEL_ALL ? ALL : BOX) : OTHER);
            if (!sourceSimple[i] || virtualKind[i] == OTHER) {
                // decoded now, so that whatever the pass did not check is checked when the file opens
                Selection source = SelectionCodec.decode(c.position(sourceAt[i]), -1);
                Selection virtual = SelectionCodec.decode(c, rank);
                try {
                    decoded[i] = new VirtualMapping(sourceFiles[i], sourceDatasets[i], source, virtual);
                } catch (IllegalArgumentException e) {
                    throw c.error(entryAt, WHAT + ": entry " + i + ": " + e.getMessage());
                }
                virtualKind[i] = OTHER;
                sourceSimple[i] = false;
            }
        }
    }

    /**
     * Reads past a selection the pass understands (a version 1 hyperslab of one block, or ALL),
     * storing a virtual one's box as entry {@code entry}'s bounds; leaves the cursor where it was
     * and returns false for anything else.
     */
    private boolean scanSelection(Cursor c, int expectedRank, int entry) {
        int at = c.position();
        if (c.remaining() < 16) return false;
        int type = intAt(at);
        int version = intAt(at + 4);
        if (type == SEL_ALL) {
            if (version != 1 && version != 2) return false;
            c.skip(16);
            return true;
        }
        if (type != SEL_HYPERSLABS || version != 1 || c.remaining() < 24) return false;
        long length = intAt(at + 12) & 0xFFFFFFFFL;
        long r = intAt(at + 16) & 0xFFFFFFFFL;
        long blocks = intAt(at + 20) & 0xFFFFFFFFL;
        if (blocks != 1 || r < 1 || r > SelectionCodec.MAX_RANK || (expectedRank >= 0 && r != expectedRank)) return false;
        if (entry >= 0 && r != rank) return false;
        if (length != 8 + r * 8 || c.remaining() < 24 + 8 * r) return false;
        int k = (int) r;
        int p = at + 24;
        for (int d = 0; d < k; d++) {
            long s = intAt(p + 4 * d) & 0xFFFFFFFFL;
            long e = intAt(p + 4 * (k + d)) & 0xFFFFFFFFL;
            if (e < s) return false;
            if (entry >= 0) {
                lo[entry * k + d] = s;
                hi[entry * k + d] = e + 1;
            }
        }
        c.skip(24 + 8 * k);
        return true;
    }

    private int stringLength(Cursor c) {
        int start = c.position();
        int limit = c.limit();
        for (int p = start; p < limit; p++) if (array[p + offset] == 0) return p - start;
        throw c.error(start, "string is not NUL-terminated within its structure");
    }

    private boolean sameBytes(int a, int len, int b, int blen) {
        return len == blen && java.util.Arrays.equals(array, a + offset, a + offset + len, array, b + offset, b + offset + len);
    }

    private byte[] bytesAt(int at, int len) {
        return java.util.Arrays.copyOfRange(array, at + offset, at + offset + len);
    }

    private int intAt(int p) {
        return (int) INT_LE.get(array, p + offset);
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
        return virtualKind[i];
    }

    /** Whether entry i is a plain mapping: a box or ALL to a bounded single-block hyperslab or ALL (so never unlimited). */
    boolean isSimple(int i) {
        return virtualKind[i] != OTHER;
    }

    /** Start of entry i's virtual box on axis d (BOX entries). */
    long lo(int i, int d) {
        return lo[i * rank + d];
    }

    /** End (exclusive) of entry i's virtual box on axis d (BOX entries). */
    long hi(int i, int d) {
        return hi[i * rank + d];
    }

    String sourceFile(int i) {
        return sourceFiles[i];
    }

    String sourceDataset(int i) {
        return sourceDatasets[i];
    }

    /** Entry i's virtual selection: its box or ALL without decoding the entry, else the decoded selection. */
    Selection virtualSelection(int i) {
        return switch (virtualKind[i]) {
            case BOX -> Selection.box(box(i));
            case ALL -> new All(rank);
            default -> mapping(i).virtualSelection();
        };
    }

    Box box(int i) {
        long[] start = new long[rank];
        long[] n = new long[rank];
        for (int d = 0; d < rank; d++) {
            start[d] = lo[i * rank + d];
            n[d] = hi[i * rank + d] - start[d];
        }
        return new Box(start, n);
    }

    /** Entry i as a mapping, decoded on first use. */
    VirtualMapping mapping(int i) {
        VirtualMapping m = decoded[i];
        if (m != null) return m;
        Cursor c = new Cursor(bytes.duplicate(), fileName, base, offsetSize, lengthSize);
        Selection source = SelectionCodec.decode(c.position(sourceAt[i]), -1);
        Selection virtual = SelectionCodec.decode(c.position(virtualAt[i]), rank);
        m = new VirtualMapping(sourceFiles[i], sourceDatasets[i], source, virtual);
        decoded[i] = m;
        return m;
    }

    /**
     * The box of simple entry i's source selection, start and end (exclusive) per axis into the
     * arrays; returns its rank, or -1 when the selection is ALL (the source's whole extent).
     */
    int sourceBox(int i, long[] start, long[] end) {
        int at = sourceAt[i];
        if (intAt(at) == SEL_ALL) return -1;
        int k = intAt(at + 16);
        int p = at + 24;
        for (int d = 0; d < k; d++) {
            start[d] = intAt(p + 4 * d) & 0xFFFFFFFFL;
            end[d] = (intAt(p + 4 * (k + d)) & 0xFFFFFFFFL) + 1;
        }
        return k;
    }

    /** Entry i's source selection (bounded for simple entries). */
    Selection sourceSelection(int i) {
        return mapping(i).sourceSelection();
    }

    /** Whether entry i's virtual selection is a hyperslab with an UNLIMITED count or block. */
    boolean isVirtualUnlimited(int i) {
        return virtualKind[i] == OTHER && mapping(i).virtualSelection() instanceof Hyperslab h && h.unlimitedAxis() >= 0;
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
