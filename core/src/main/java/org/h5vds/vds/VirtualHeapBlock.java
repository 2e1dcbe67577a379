package org.h5vds.vds;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.format.Checksum;
import org.h5vds.io.Cursor;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionCodec;

/**
 * The Global Heap Block for Virtual Dataset (format spec III.F): the mapping list of a virtual
 * dataset, stored as one global heap object that the version 4 data layout message points to.
 *
 * <pre>
 * Version                 u8      0 (HDF5 1.10) or 1 (HDF5 2.0)
 * Num Entries             length  (Size of Lengths bytes)
 * per entry:
 *   Flags                 u8      version 1 only: bit 0 source file name shared, bit 1 source
 *                                 dataset name shared, bit 2 source file is the virtual file
 *   Source Filename       string  NUL-terminated; version 1: absent when bit 2 is set, a length
 *                                 (index of an earlier entry holding the name) when bit 0 is set
 *   Source Dataset        string  NUL-terminated; version 1: a length (entry index) when bit 1 is set
 *   Source Selection      dataspace selection (see SelectionCodec)
 *   Virtual Selection     dataspace selection
 * Checksum                u32     Jenkins lookup3 of every byte before it
 * </pre>
 *
 * Decoding checks the checksum, the entry count against the bytes present (before allocating),
 * shared-name indices (an earlier entry only) and the names' format specifiers, which libhdf5 parses
 * when it loads the layout. Immutable.
 */
public final class VirtualHeapBlock {
    public static final int VERSION_0 = 0;
    public static final int VERSION_1 = 1;

    static final int FLAG_SOURCE_FILE_SHARED = 0x01;
    static final int FLAG_SOURCE_DATASET_SHARED = 0x02;
    static final int FLAG_SOURCE_SAME_FILE = 0x04;
    static final int KNOWN_FLAGS = FLAG_SOURCE_FILE_SHARED | FLAG_SOURCE_DATASET_SHARED | FLAG_SOURCE_SAME_FILE;

    /** The fewest bytes an entry can take: a flags byte, an empty dataset name and two 16-byte ALL/NONE selections. */
    static final int MIN_ENTRY_SIZE = 1 + 1 + 16 + 16;
    private static final String WHAT = "virtual dataset heap block";

    private final int version;
    private final List<VirtualMapping> mappings;

    public VirtualHeapBlock(int version, List<VirtualMapping> mappings) {
        if (version != VERSION_0 && version != VERSION_1) throw new IllegalArgumentException("unknown heap block version " + version + " (known: 0, 1)");
        this.version = version;
        this.mappings = List.copyOf(mappings);
    }

    public int version() {
        return version;
    }

    public List<VirtualMapping> mappings() {
        return mappings;
    }

    // ---- decoding ---------------------------------------------------------------------------

    /**
     * Decodes the block at the cursor (the heap object's bytes).
     *
     * @param virtualRank rank of the virtual dataset's dataspace, which every virtual selection must
     *                    have; -1 when it does not store one (a scalar dataspace)
     */
    public static VirtualHeapBlock decode(Cursor c, int virtualRank) {
        int start = c.position();
        int version = c.version(c.u8(), WHAT, VERSION_0, VERSION_1);
        int countAt = c.position();
        long numEntries = c.length();                                         // Num Entries
        if (numEntries < 0 || numEntries > c.remaining() / MIN_ENTRY_SIZE) {
            throw c.error(countAt, WHAT + ": " + Long.toUnsignedString(numEntries) + " entries cannot fit in the "
                    + c.remaining() + " bytes that follow");
        }
        List<VirtualMapping> mappings = new ArrayList<>((int) numEntries);
        Map<String, String> names = new HashMap<>(); // each distinct name checked once, and kept once
        for (int i = 0; i < numEntries; i++) {
            int entryAt = c.position();
            int flags = 0;
            if (version == VERSION_1) {
                flags = c.u8();                                              // Flags
                if ((flags & ~KNOWN_FLAGS) != 0) {
                    throw c.error(entryAt, WHAT + ": entry " + i + " has unknown flags 0x" + Integer.toHexString(flags));
                }
            }
            String fileName;                                                  // Source Filename
            if ((flags & FLAG_SOURCE_SAME_FILE) != 0) {
                fileName = VirtualMapping.SAME_FILE;
            } else if ((flags & FLAG_SOURCE_FILE_SHARED) != 0) {
                fileName = mappings.get(sharedIndex(c, i, "source file name")).sourceFileName();
            } else {
                fileName = c.cString();
            }
            String datasetName;                                               // Source Dataset
            if ((flags & FLAG_SOURCE_DATASET_SHARED) != 0) {
                datasetName = mappings.get(sharedIndex(c, i, "source dataset name")).sourceDatasetName();
            } else {
                datasetName = c.cString();
            }
            Selection source = SelectionCodec.decode(c, -1);                  // Source Selection
            Selection virtual = SelectionCodec.decode(c, virtualRank);        // Virtual Selection
            try {
                fileName = checkedName(names, fileName);
                datasetName = checkedName(names, datasetName);
                mappings.add(new VirtualMapping(fileName, datasetName, source, virtual));
            } catch (IllegalArgumentException e) {
                throw c.error(entryAt, WHAT + ": entry " + i + ": " + e.getMessage());
            }
        }
        Checksum.verify(c, start, WHAT);                                      // Checksum
        return new VirtualHeapBlock(version, mappings);
    }

    /** The name, parsed for format specifiers the first time it is seen (libhdf5 parses names when it loads the layout). */
    static String checkedName(Map<String, String> seen, String name) {
        String known = seen.get(name);
        if (known != null) return known;
        SourceName.parse(name);
        seen.put(name, name);
        return name;
    }

    /** The index of the earlier entry whose name this entry shares (flags bits 1-2 of version 1). */
    static int sharedIndex(Cursor c, int entry, String what) {
        int at = c.position();
        long index = c.length();
        if (index < 0 || index >= entry) {
            throw c.error(at, WHAT + ": entry " + entry + " shares its " + what + " with entry " + Long.toUnsignedString(index)
                    + ", which is not an earlier entry");
        }
        return (int) index;
    }

    // ---- encoding ---------------------------------------------------------------------------

    /** Number of bytes {@link #encode(int)} writes: exactly what the heap object's size field must hold. */
    public int encodedSize(int lengthSize) {
        return encodedSize(lengthSize, SelectionCodec.Versions.V110);
    }

    /** Number of bytes {@link #encode(int, SelectionCodec.Versions)} writes. */
    public int encodedSize(int lengthSize, SelectionCodec.Versions selections) {
        return plan(lengthSize, selections, false).size;
    }

    /**
     * The block's bytes, in this block's version, with selections encoded as libhdf5 1.10 does in a
     * file of the 1.10 format (libver "latest": hyperslab v2 when regular with 4 or more blocks).
     */
    public byte[] encode(int lengthSize) {
        return encode(lengthSize, SelectionCodec.Versions.V110);
    }

    /** The block's bytes with selections encoded for the given lowest format version. */
    public byte[] encode(int lengthSize, SelectionCodec.Versions selections) {
        Plan p = plan(lengthSize, selections, true);
        Cursor c = Cursor.forWriting(p.size, 8, lengthSize);
        Map<String, byte[]> names = new HashMap<>();
        c.putU8(version);                                                     // Version
        c.putLength(mappings.size());                                         // Num Entries
        for (int i = 0; i < mappings.size(); i++) {
            VirtualMapping m = mappings.get(i);
            int flags = p.flags[i];
            if (version == VERSION_1) c.putU8(flags);                         // Flags
            if ((flags & FLAG_SOURCE_SAME_FILE) == 0) {                       // Source Filename
                if ((flags & FLAG_SOURCE_FILE_SHARED) != 0) c.putLength(p.fileOrigin[i]);
                else c.putBytes(names.computeIfAbsent(m.sourceFileName(), VirtualHeapBlock::nulTerminated));
            }
            if ((flags & FLAG_SOURCE_DATASET_SHARED) != 0) c.putLength(p.datasetOrigin[i]); // Source Dataset
            else c.putBytes(names.computeIfAbsent(m.sourceDatasetName(), VirtualHeapBlock::nulTerminated));
            c.putBytes(p.encoded[2 * i]);                                     // Source Selection
            c.putBytes(p.encoded[2 * i + 1]);                                 // Virtual Selection
        }
        Checksum.append(c, 0);                                                // Checksum
        if (c.position() != p.size) throw new IllegalStateException("encoded " + c.position() + " bytes, planned " + p.size);
        return c.written();
    }

    /**
     * The version 0 block of a layout being built, byte for byte what
     * {@code new VirtualHeapBlock(VERSION_0, mappings.asList()).encode(lengthSize)} writes, but
     * written straight from the compact entries' arrays: no selection objects, no array per
     * selection, each distinct name turned into bytes once. ALL is written as the ALL selection of
     * version 1 and a box as a hyperslab of version 1 with one block (as libhdf5 1.10 writes them,
     * see {@link SelectionCodec}); mappings kept as objects go through {@link SelectionCodec}.
     */
    public static byte[] encode(LayoutMappings mappings, int lengthSize) {
        LayoutBlock block = new LayoutBlock(mappings, lengthSize);
        BlockOutput out = BlockOutput.inMemory(block.size(), lengthSize);
        block.writeTo(out);
        return out.bytes();
    }

    /**
     * The version 0 block of a layout being built ({@link #encode(LayoutMappings, int)}), its size
     * known before it is written, so that it can be written out in pieces (into its heap
     * collection, see {@link VirtualLayoutWriter}).
     */
    static final class LayoutBlock {
        private final LayoutMappings mappings;
        private final int lengthSize;
        private final int size;
        private final Map<String, byte[]> nameBytes = new HashMap<>();
        private final byte[][] fileNames;
        private final byte[][] datasetNames;
        /** The encoded selections of the mappings kept as objects (source, virtual per entry), else null. */
        private final byte[][] general;
        /** The most bytes one entry takes. */
        private final int largestEntry;

        LayoutBlock(LayoutMappings mappings, int lengthSize) {
            this.mappings = mappings;
            this.lengthSize = lengthSize;
            int n = mappings.size();
            // the size from counts kept as the layout was built: no pass over the compact entries
            long size = 1 + lengthSize + 4 + 16L * mappings.allSelections() + 24L * mappings.boxSelections() + 8 * mappings.boxAxes();
            fileNames = new byte[mappings.fileNameCount()][];
            for (int f = 0; f < fileNames.length; f++) {
                fileNames[f] = nameBytes(mappings.fileNameNumbered(f));
                size += (long) mappings.fileNameUses(f) * fileNames[f].length;
            }
            datasetNames = new byte[mappings.datasetNameCount()][];
            for (int d = 0; d < datasetNames.length; d++) {
                datasetNames[d] = nameBytes(mappings.datasetNameNumbered(d));
                size += (long) mappings.datasetNameUses(d) * datasetNames[d].length;
            }
            int largest = longest(fileNames) + longest(datasetNames) + 2 * CompactWriter.LARGEST_SELECTION;
            general = mappings.hasObjects() ? new byte[2 * n][] : null;
            for (int i = 0; general != null && i < n; i++) {
                if (mappings.isCompact(i)) continue;
                VirtualMapping m = mappings.object(i);
                general[2 * i] = SelectionCodec.encode(m.sourceSelection(), SelectionCodec.Versions.V110);
                general[2 * i + 1] = SelectionCodec.encode(m.virtualSelection(), SelectionCodec.Versions.V110);
                int entry = generalEntrySize(i);
                largest = Math.max(largest, entry);
                size += entry;
            }
            if (size > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("the mapping list needs more than 2 GiB");
            this.size = (int) size;
            this.largestEntry = largest;
        }

        private int generalEntrySize(int i) {
            VirtualMapping m = mappings.object(i);
            return nameBytes(m.sourceFileName()).length + nameBytes(m.sourceDatasetName()).length + general[2 * i].length + general[2 * i + 1].length;
        }

        private static int longest(byte[][] arrays) {
            int n = 0;
            for (byte[] a : arrays) n = Math.max(n, a.length);
            return n;
        }

        /** The name's bytes as stored, NUL-terminated, made once per name (no lambda: one less call site to link in a fresh JVM). */
        private byte[] nameBytes(String name) {
            byte[] b = nameBytes.get(name);
            if (b == null) nameBytes.put(name, b = nulTerminated(name));
            return b;
        }

        /** Bytes {@link #writeTo} writes. */
        int size() {
            return size;
        }

        /** The most bytes one entry takes: a buffer that the block is written through needs that much room. */
        int largestEntry() {
            return largestEntry;
        }

        /** Writes the block, its checksum last. */
        void writeTo(BlockOutput out) {
            int n = mappings.size();
            out.startChecksum(size - 4);
            Cursor c = out.room(1 + lengthSize);
            c.putU8(VERSION_0);                                               // Version
            c.putLength(n);                                                   // Num Entries
            CompactWriter w = new CompactWriter(out, mappings, fileNames, datasetNames, largestEntry);
            for (int i = 0; i < n; ) {
                if (mappings.isCompact(i)) {
                    // runs of compact entries, a bounded number per call: the JIT compiles the
                    // call after a few hundred entries, where one loop over 100,000 would run
                    // interpreted until compiled on the fly (the first create in a fresh JVM)
                    i = w.putRun(i, Math.min(n, i + ENTRIES_PER_CALL));
                    continue;
                }
                VirtualMapping m = mappings.object(i);
                c = out.room(generalEntrySize(i));
                c.putBytes(nameBytes.get(m.sourceFileName()));                // Source Filename
                c.putBytes(nameBytes.get(m.sourceDatasetName()));             // Source Dataset
                c.putBytes(general[2 * i]);                                   // Source Selection
                c.putBytes(general[2 * i + 1]);                               // Virtual Selection
                i++;
            }
            int sum = out.checksum();
            out.room(4).putU32(sum & 0xFFFFFFFFL);                            // Checksum
        }
    }

    /** Compact entries written per call of {@link CompactWriter#putRun}. */
    private static final int ENTRIES_PER_CALL = 64;

    /** Writes compact entries: names, then the two selections, from the layout's arrays. */
    private static final class CompactWriter {
        /** The most bytes a compact selection takes: a one-block hyperslab of the highest rank. */
        static final int LARGEST_SELECTION = 24 + 8 * SelectionCodec.MAX_RANK;

        private final BlockOutput out;
        private final int largestEntry;
        private Cursor c;
        private final LayoutMappings mappings;
        private final byte[][] fileNames;
        private final byte[][] datasetNames;
        /** Per rank, the first 24 bytes of a one-block hyperslab (see {@link #putCompact}); made when first needed. */
        private final byte[][] boxHeaders = new byte[SelectionCodec.MAX_RANK + 1][];
        /** The array of the cursor's buffer that the entry being written goes to, and the index in it of its next byte. */
        private byte[] array;
        private int at;

        CompactWriter(BlockOutput out, LayoutMappings mappings, byte[][] fileNames, byte[][] datasetNames, int largestEntry) {
            this.out = out;
            this.largestEntry = largestEntry;
            this.mappings = mappings;
            this.fileNames = fileNames;
            this.datasetNames = datasetNames;
        }

        /** Writes the compact entries from {@code from} up to the first other one or {@code to}; returns where it stopped. */
        int putRun(int from, int to) {
            int i = from;
            for (; i < to && mappings.isCompact(i); i++) {
                if (c == null || c.remaining() < largestEntry) c = out.room(largestEntry);
                // the entry straight into the buffer's array, the cursor moved once: a fresh JVM
                // writes the first thousands of entries before the JIT has compiled this, and the
                // interpreter makes every call of a cursor's and a buffer's put methods in full
                ByteBuffer buffer = c.buffer();
                int start = buffer.arrayOffset() + buffer.position();
                array = buffer.array();
                at = start;
                put(fileNames[mappings.fileNumber(i)]);                       // Source Filename
                put(datasetNames[mappings.datasetNumber(i)]);                 // Source Dataset
                int[] coords = mappings.coordinatesOf(i);
                int p = putCompact(coords, mappings.coordinatesAt(i));        // Source Selection
                putCompact(coords, p);                                        // Virtual Selection
                buffer.position(buffer.position() + at - start);
            }
            return i;
        }

        private void put(byte[] b) {
            System.arraycopy(b, 0, array, at, b.length);
            at += b.length;
        }

        /** Puts {@code n} values of {@code values} from {@code from}, each as an unsigned 32-bit little-endian number. */
        private void putU32s(int[] values, int from, int n) {
            at = Cursor.putU32s(array, at, values, from, n);
        }

        /**
         * A compact selection as {@link SelectionCodec} encodes ALL and a single box below format
         * 1.12: type, version, then for ALL two reserved words; for a box a reserved word, the
         * length of what follows, the rank, the block count (1), the starts and the (inclusive)
         * ends, from the page of coordinates {@code coords}. Returns where the next selection starts in it.
         */
        private int putCompact(int[] coords, int p) {
            int tag = coords[p];
            if (LayoutMappings.isAll(tag)) {
                put(ALL_SELECTION);
                return p + 1;
            }
            int rank = LayoutMappings.rank(tag);
            byte[] header = boxHeaders[rank];
            if (header == null) header = boxHeaders[rank] = boxHeader(rank);
            put(header);
            if (LayoutMappings.isElement(tag)) {
                // an element: its position is the box's start and its (inclusive) end
                putU32s(coords, p + 1, rank);
                putU32s(coords, p + 1, rank);
                return p + 1 + rank;
            }
            putU32s(coords, p + 1, 2 * rank);                                 // the starts, then the ends
            return p + 1 + 2 * rank;
        }
    }

    /** ALL as libhdf5 1.10 encodes it: type 3 (H5S_SEL_ALL), version 1, a reserved word, length 0. */
    private static final byte[] ALL_SELECTION = Cursor.forWriting(16, 8, 8).putU32(3).putU32(1).putZeros(8).written();

    /** What a one-block hyperslab of version 1 starts with: type 2 (H5S_SEL_HYPERSLABS), version 1, reserved, the length of the rest, the rank, one block. */
    private static byte[] boxHeader(int rank) {
        return Cursor.forWriting(24, 8, 8).putU32(2).putU32(1).putZeros(4).putU32(8 + 8L * rank).putU32(rank).putU32(1).written();
    }

    /**
     * Per entry: its flags and, for shared names, the entry that holds the name inline (version 1);
     * the selections' encodings (source, virtual per entry) when asked for, each encoded once.
     */
    private record Plan(int size, int[] flags, int[] fileOrigin, int[] datasetOrigin, byte[][] encoded) {
    }

    private Plan plan(int lengthSize, SelectionCodec.Versions selections, boolean encode) {
        int n = mappings.size();
        byte[][] encoded = encode ? new byte[2 * n][] : null;
        Map<String, Integer> nameLength = new HashMap<>();
        int[] flags = new int[n];
        int[] fileOrigin = new int[n];
        int[] datasetOrigin = new int[n];
        Map<String, Integer> firstFile = new HashMap<>();
        Map<String, Integer> firstDataset = new HashMap<>();
        long size = 1 + lengthSize;
        for (int i = 0; i < n; i++) {
            VirtualMapping m = mappings.get(i);
            if (version == VERSION_1) {
                size += 1;
                if (m.isSameFile()) {
                    flags[i] |= FLAG_SOURCE_SAME_FILE;
                } else if (firstFile.containsKey(m.sourceFileName())) {
                    flags[i] |= FLAG_SOURCE_FILE_SHARED;
                    fileOrigin[i] = firstFile.get(m.sourceFileName());
                } else {
                    firstFile.put(m.sourceFileName(), i);
                }
                if (firstDataset.containsKey(m.sourceDatasetName())) {
                    flags[i] |= FLAG_SOURCE_DATASET_SHARED;
                    datasetOrigin[i] = firstDataset.get(m.sourceDatasetName());
                } else {
                    firstDataset.put(m.sourceDatasetName(), i);
                }
            }
            if ((flags[i] & FLAG_SOURCE_SAME_FILE) == 0) {
                size += (flags[i] & FLAG_SOURCE_FILE_SHARED) != 0 ? lengthSize : nameLength.computeIfAbsent(m.sourceFileName(), VirtualHeapBlock::utf8Length) + 1;
            }
            size += (flags[i] & FLAG_SOURCE_DATASET_SHARED) != 0 ? lengthSize : nameLength.computeIfAbsent(m.sourceDatasetName(), VirtualHeapBlock::utf8Length) + 1;
            if (encode) {
                encoded[2 * i] = SelectionCodec.encode(m.sourceSelection(), selections);
                encoded[2 * i + 1] = SelectionCodec.encode(m.virtualSelection(), selections);
                size += encoded[2 * i].length + encoded[2 * i + 1].length;
            } else {
                size += SelectionCodec.encodedSize(m.sourceSelection(), selections);
                size += SelectionCodec.encodedSize(m.virtualSelection(), selections);
            }
            if (size > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("the mapping list needs more than 2 GiB");
        }
        size += 4;
        return new Plan((int) size, flags, fileOrigin, datasetOrigin, encoded);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] nulTerminated(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }
}
