package org.h5vds.vds;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.UnaryOperator;
import org.h5vds.select.All;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Regular;
import org.h5vds.select.Selection;

/**
 * The mappings of a virtual dataset being built, kept compactly: a mapping whose two selections
 * are ALL or one box (a {@link Hyperslab} of single blocks, which {@link Regular} always stores as
 * {@code (start, 1, 1, length)}) and whose names are repeated is held as name numbers and
 * coordinates in primitive arrays, not as objects. A layout of 100,000 such mappings keeps a few
 * megabytes of arrays instead of some 30 MB of selection objects, which the garbage collector
 * would copy again at every collection while the layout is built (the most visible cost of a
 * first run in a fresh JVM). Other mappings are kept as given. {@link #get} rebuilds a compact
 * mapping equal to the one added; {@link VirtualHeapBlock#encode(LayoutMappings, int)} writes the
 * compact ones straight from the arrays. Append-only; not for use by several threads at once.
 */
public final class LayoutMappings {
    /** Coordinates a compact box may reach: the heap block's single-box encoding stores 32-bit values. */
    private static final long U32_MAX = 0xFFFFFFFFL;

    /**
     * The per-entry numbers and the coordinates are kept in pages that are never copied once full
     * (the first page of each grows by doubling up to the full size, so that a small layout stays
     * small): arrays grown by doubling would allocate about twice what they end up holding, and
     * a fresh JVM pays for every page of memory it touches (a 100,000-mapping layout: 3.2 MB
     * instead of 6.4).
     */
    private static final int ENTRY_PAGE_BITS = 12;
    /** Entries per page of {@link #entryPages}. */
    private static final int ENTRY_PAGE = 1 << ENTRY_PAGE_BITS;
    private static final int COORDINATE_PAGE_BITS = 14;
    /** Ints per page of {@link #coordinatePages} (64 KiB); one entry's selections (at most 2 + 4 x 32 ints) never straddle two. */
    private static final int COORDINATE_PAGE = 1 << COORDINATE_PAGE_BITS;
    /** Ints per entry in {@link #entryPages}: its file name's number, its dataset name's number, where its coordinates are. */
    private static final int PER_ENTRY = 3;

    private final Names fileNames;
    private final Names datasetNames;

    private int size;
    /**
     * Per entry, {@link #PER_ENTRY} ints: the numbers of its file and dataset names, and where its
     * selections start in the coordinate pages (page number times {@link #COORDINATE_PAGE} plus
     * the offset in the page), or -1 for a mapping kept as an object. Entry i is in page
     * {@code i >>> ENTRY_PAGE_BITS}.
     */
    private int[][] entryPages = {new int[PER_ENTRY * 16]};
    /**
     * Per compact entry: the source selection, then the virtual selection, each as a tag (its rank
     * times 4, plus {@link #ALL} or {@link #ELEMENT}) and, for a box, its first position on each
     * axis, then its last on each axis, for a single element its position on each axis, as
     * unsigned 32-bit numbers, in the order the heap block stores them (a
     * compact box lies within 2^32; ints take half the memory of longs, and a fresh JVM pays for
     * each page of memory it touches).
     */
    private int[][] coordinatePages = {new int[64]};
    /** The coordinate page being filled (the last) and the ints used in it. */
    private int page;
    private int used;
    /** Of the compact entries' selections: how many are ALL, how many boxes, and the boxes' axes in all (what sizes their encoding). */
    private int alls;
    private int boxes;
    private long boxAxes;
    /** The mappings kept as objects (null for compact entries); null until the first one. */
    private VirtualMapping[] general;
    /** A copy made by {@link #withFileNames}: shares the arrays, so it is read only. */
    private final boolean readOnly;

    public LayoutMappings() {
        this.readOnly = false;
        this.fileNames = new Names();
        this.datasetNames = new Names();
    }

    private LayoutMappings(LayoutMappings from, Names fileNames, VirtualMapping[] general) {
        this.fileNames = fileNames;
        this.datasetNames = from.datasetNames.copy();
        this.size = from.size;
        this.entryPages = from.entryPages.clone();
        this.coordinatePages = from.coordinatePages.clone();
        this.page = from.page;
        this.used = from.used;
        this.alls = from.alls;
        this.boxes = from.boxes;
        this.boxAxes = from.boxAxes;
        this.general = general;
        this.readOnly = true;
    }

    /** Adds a mapping (after last). */
    public void add(VirtualMapping m) {
        int[] entries = roomForOneMore();
        int e = PER_ENTRY * (size & (ENTRY_PAGE - 1));
        int s = compactLength(m.sourceSelection());
        int v = s < 0 ? -1 : compactLength(m.virtualSelection());
        if (v < 0) {
            if (general == null) general = new VirtualMapping[Math.max(16, size + 1)];
            else if (size >= general.length) general = Arrays.copyOf(general, Math.max(2 * general.length, size + 1));
            general[size] = m;
            entries[e + 2] = -1;
        } else {
            int[] coords = roomForCoordinates(s + v);
            entries[e + 2] = page << COORDINATE_PAGE_BITS | used;
            put(coords, m.sourceSelection());
            put(coords, m.virtualSelection());
            entries[e] = fileNames.number(m.sourceFileName());
            entries[e + 1] = datasetNames.number(m.sourceDatasetName());
        }
        size++;
    }

    /**
     * Adds a mapping of one element to one element, the same as {@link #add} of a mapping whose
     * selections are the single-element hyperslabs at {@code source} and {@code virtual} (one
     * position per axis, each 0 or more), without making them: a layout of 100,000 such mappings
     * is built in a fresh JVM, where every object and call per mapping costs. Adds nothing and
     * answers false when a position is beyond 2^32 - 1 (not compact: {@link #add} keeps it).
     */
    public boolean addElement(String fileName, String datasetName, long[] source, long[] virtual) {
        for (long a : source) if (a > U32_MAX) return false;
        for (long a : virtual) if (a > U32_MAX) return false;
        int[] entries = roomForOneMore();
        int e = PER_ENTRY * (size & (ENTRY_PAGE - 1));
        int[] coords = roomForCoordinates(2 + source.length + virtual.length);
        entries[e + 2] = page << COORDINATE_PAGE_BITS | used;
        putElement(coords, source);
        putElement(coords, virtual);
        entries[e] = fileNames.number(fileName);
        entries[e + 1] = datasetNames.number(datasetName);
        size++;
        return true;
    }

    /** The entry page that entry {@code size} goes to, made or grown as needed. */
    private int[] roomForOneMore() {
        if (readOnly) throw new IllegalStateException("a renamed copy of a layout's mappings is read only");
        int p = size >>> ENTRY_PAGE_BITS;
        int need = PER_ENTRY * ((size & (ENTRY_PAGE - 1)) + 1);
        if (p == entryPages.length) entryPages = Arrays.copyOf(entryPages, 2 * p);
        int[] entries = entryPages[p];
        if (entries == null) {
            entries = entryPages[p] = new int[PER_ENTRY * ENTRY_PAGE];
        } else if (need > entries.length) {
            // only the first page grows, up to the full size
            entries = entryPages[p] = Arrays.copyOf(entries, Math.min(PER_ENTRY * ENTRY_PAGE, 2 * entries.length));
        }
        return entries;
    }

    /** The coordinate page with room for {@code need} more ints at {@link #used}: the last one, grown, or a new one. */
    private int[] roomForCoordinates(int need) {
        int[] coords = coordinatePages[page];
        if (used + need <= coords.length) return coords;
        if (used + need <= COORDINATE_PAGE) {
            // the first page, below the full size: doubled
            return coordinatePages[page] = Arrays.copyOf(coords, Math.min(COORDINATE_PAGE, Math.max(2 * coords.length, used + need)));
        }
        // (an entry's place is page << COORDINATE_PAGE_BITS | offset, a non-negative int)
        if (page + 1 == 1 << (31 - COORDINATE_PAGE_BITS)) throw new IllegalArgumentException("a layout's mappings take more than 2^31 coordinates");
        if (++page == coordinatePages.length) coordinatePages = Arrays.copyOf(coordinatePages, 2 * page);
        used = 0;
        return coordinatePages[page] = new int[COORDINATE_PAGE];
    }

    public int size() {
        return size;
    }

    /** Mapping {@code i}, equal to the one added. */
    public VirtualMapping get(int i) {
        java.util.Objects.checkIndex(i, size);
        if (!isCompact(i)) return general[i];
        int[] coords = coordinatesOf(i);
        int p = coordinatesAt(i);
        Selection source = selectionAt(coords, p);
        Selection virtual = selectionAt(coords, p + length(coords[p]));
        return new VirtualMapping(fileName(i), datasetName(i), source, virtual);
    }

    /** Entry {@code i}'s number {@code k} (0: file name, 1: dataset name, 2: where its coordinates are). */
    private int entry(int i, int k) {
        return entryPages[i >>> ENTRY_PAGE_BITS][PER_ENTRY * (i & (ENTRY_PAGE - 1)) + k];
    }

    /** The mappings as a list (each built when asked for). */
    public List<VirtualMapping> asList() {
        return new View();
    }

    /**
     * The same mappings with every source file name replaced by {@code rename}'s answer (asked once
     * per distinct name); this layout is left as it was.
     */
    public LayoutMappings withFileNames(UnaryOperator<String> rename) {
        Map<String, String> seen = new HashMap<>();
        Names names = new Names();
        // numbered as here, so that the entries' numbers still apply (two names may now be equal)
        for (String n : fileNames.list) names.list.add(seen.computeIfAbsent(n, rename));
        names.uses = fileNames.uses.clone();
        VirtualMapping[] objects = general == null ? null : general.clone();
        if (objects != null) {
            for (int i = 0; i < Math.min(size, objects.length); i++) {
                VirtualMapping m = objects[i];
                if (m == null) continue;
                String renamed = seen.computeIfAbsent(m.sourceFileName(), rename);
                if (!renamed.equals(m.sourceFileName())) {
                    objects[i] = new VirtualMapping(renamed, m.sourceDatasetName(), m.sourceSelection(), m.virtualSelection());
                }
            }
        }
        // the arrays are shared: this layout only appends past the copy's size, which the copy never reads
        return new LayoutMappings(this, names, objects);
    }

    // ---- what the heap block encoder reads ----------------------------------------------------

    /** Whether mapping {@code i} is held compactly (its selections ALL or boxes within 2^32, see {@link #coordinates}). */
    boolean isCompact(int i) {
        return entry(i, 2) >= 0;
    }

    /** The mapping kept as an object (for entries that are not compact). */
    VirtualMapping object(int i) {
        return general[i];
    }

    String fileName(int i) {
        return fileNames.list.get(entry(i, 0));
    }

    String datasetName(int i) {
        return datasetNames.list.get(entry(i, 1));
    }

    /** Distinct file names of compact entries, numbered from 0 (see {@link #fileNumber}). */
    int fileNameCount() {
        return fileNames.list.size();
    }

    /** The file name numbered {@code number}. */
    String fileNameNumbered(int number) {
        return fileNames.list.get(number);
    }

    /** Compact entries naming the file numbered {@code number}. */
    int fileNameUses(int number) {
        return fileNames.uses[number];
    }

    int datasetNameCount() {
        return datasetNames.list.size();
    }

    String datasetNameNumbered(int number) {
        return datasetNames.list.get(number);
    }

    int datasetNameUses(int number) {
        return datasetNames.uses[number];
    }

    /** Whether some entry is kept as an object (see {@link #isCompact}). */
    boolean hasObjects() {
        return general != null;
    }

    /** ALL selections among the compact entries' (source and virtual). */
    int allSelections() {
        return alls;
    }

    /** Box selections among the compact entries'. */
    int boxSelections() {
        return boxes;
    }

    /** The axes of the compact entries' boxes, summed. */
    long boxAxes() {
        return boxAxes;
    }

    /** Number of the file name of compact entry {@code i} (entries naming the same file have the same number). */
    int fileNumber(int i) {
        return entry(i, 0);
    }

    int datasetNumber(int i) {
        return entry(i, 1);
    }

    /** Where compact entry {@code i}'s source selection starts in {@link #coordinatesOf}{@code (i)}; its virtual one follows. */
    int coordinatesAt(int i) {
        return entry(i, 2) & (COORDINATE_PAGE - 1);
    }

    /** The page of tags and coordinates, unsigned, that holds compact entry {@code i}'s selections (read only). */
    int[] coordinatesOf(int i) {
        return coordinatePages[entry(i, 2) >>> COORDINATE_PAGE_BITS];
    }

    /** The kinds of compact selection a tag's two low bits give: a box, ALL, a single element. */
    private static final int BOX = 0;
    private static final int ALL = 1;
    private static final int ELEMENT = 2;

    /** Ints a compact selection takes from its tag on. */
    static int length(int tag) {
        int kind = tag & 3;
        return kind == ALL ? 1 : kind == ELEMENT ? 1 + rank(tag) : 1 + 2 * rank(tag);
    }

    /** The rank a tag gives. */
    static int rank(int tag) {
        return tag >>> 2;
    }

    static boolean isAll(int tag) {
        return (tag & 3) == ALL;
    }

    /** Whether the tag is a single element's, its position following (else a box's first and last positions follow). */
    static boolean isElement(int tag) {
        return (tag & 3) == ELEMENT;
    }

    // ---- storage ---------------------------------------------------------------------------

    /** Ints the selection takes when compact; -1 when it is not ALL or a box within 2^32. */
    private static int compactLength(Selection s) {
        if (s instanceof All a) return a.rank() >= 0 ? 1 : -1;
        if (!(s instanceof Hyperslab h)) return -1;
        int rank = h.rank();
        if (rank < 1) return -1;
        for (int d = 0; d < rank; d++) {
            Regular r = h.axis(d);
            if (r.count() != 1 || r.isUnlimited() || r.start() + r.block() - 1 > U32_MAX) return -1;
        }
        return 1 + 2 * rank;
    }

    private void put(int[] coords, Selection s) {
        if (s instanceof All a) {
            coords[used++] = a.rank() << 2 | ALL;
            alls++;
            return;
        }
        Hyperslab h = (Hyperslab) s;
        int rank = h.rank();
        boxes++;
        boxAxes += rank;
        coords[used++] = rank << 2 | BOX;
        for (int d = 0; d < rank; d++) coords[used++] = (int) h.axis(d).start();
        for (int d = 0; d < rank; d++) coords[used++] = (int) (h.axis(d).start() + h.axis(d).block() - 1);
    }

    /** A single element (a box whose first and last positions are the same): the tag, then the position per axis. */
    private void putElement(int[] coords, long[] position) {
        boxes++;
        boxAxes += position.length;
        coords[used++] = position.length << 2 | ELEMENT;
        for (long a : position) coords[used++] = (int) a;
    }

    private static Selection selectionAt(int[] coords, int p) {
        int tag = coords[p];
        int rank = rank(tag);
        if (isAll(tag)) return new All(rank);
        Regular[] axes = new Regular[rank];
        for (int d = 0; d < rank; d++) {
            if (isElement(tag)) {
                axes[d] = new Regular(Integer.toUnsignedLong(coords[p + 1 + d]), 1, 1, 1);
            } else {
                long first = Integer.toUnsignedLong(coords[p + 1 + d]);
                axes[d] = new Regular(first, 1, 1, Integer.toUnsignedLong(coords[p + 1 + rank + d]) - first + 1);
            }
        }
        return new Hyperslab(axes);
    }

    /** Distinct names, numbered in the order first seen; the last one asked for is answered without hashing. */
    private static final class Names {
        final List<String> list = new ArrayList<>();
        /** Per number: how many times {@link #number} gave it. */
        int[] uses = new int[4];
        private final Map<String, Integer> numbers = new HashMap<>();
        private String last;
        private int lastNumber;

        int number(String name) {
            if (name != last) {
                Integer n = numbers.get(name);
                if (n == null) {
                    n = list.size();
                    list.add(name);
                    numbers.put(name, n);
                    if (n == uses.length) uses = Arrays.copyOf(uses, 2 * n);
                }
                last = name;
                lastNumber = n;
            }
            uses[lastNumber]++;
            return lastNumber;
        }

        /** The same names, numbers and counts (for a read-only copy: not numbered further). */
        Names copy() {
            Names c = new Names();
            c.list.addAll(list);
            c.uses = uses.clone();
            return c;
        }
    }

    private final class View extends AbstractList<VirtualMapping> implements RandomAccess {
        private final int n = size;

        @Override
        public VirtualMapping get(int i) {
            java.util.Objects.checkIndex(i, n);
            return LayoutMappings.this.get(i);
        }

        @Override
        public int size() {
            return n;
        }
    }
}
