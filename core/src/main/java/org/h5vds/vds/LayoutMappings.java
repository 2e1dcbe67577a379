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

    private final Names fileNames;
    private final Names datasetNames;

    private int size;
    private int[] fileId = new int[16];
    private int[] datasetId = new int[16];
    /** Per entry: where its selections start in {@link #coords}; -1 for a mapping kept as an object. */
    private int[] at = new int[16];
    /**
     * Per compact entry: the source selection, then the virtual selection, each as a tag (its rank
     * times 4, plus {@link #ALL} or {@link #ELEMENT}) and, for a box, its first position on each
     * axis, then its last on each axis, for a single element its position on each axis, as
     * unsigned 32-bit numbers, in the order the heap block stores them (a
     * compact box lies within 2^32; ints take half the memory of longs, and a fresh JVM pays for
     * each page of memory it touches).
     */
    private int[] coords = new int[64];
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
        this.fileId = from.fileId;
        this.datasetId = from.datasetId;
        this.at = from.at;
        this.coords = from.coords;
        this.used = from.used;
        this.alls = from.alls;
        this.boxes = from.boxes;
        this.boxAxes = from.boxAxes;
        this.general = general;
        this.readOnly = true;
    }

    /** Adds a mapping (after last). */
    public void add(VirtualMapping m) {
        roomForOneMore();
        int s = compactLength(m.sourceSelection());
        int v = s < 0 ? -1 : compactLength(m.virtualSelection());
        if (v < 0) {
            if (general == null) general = new VirtualMapping[at.length];
            general[size] = m;
            at[size] = -1;
        } else {
            if (used + s + v > coords.length) coords = Arrays.copyOf(coords, Math.max(coords.length * 2, used + s + v));
            at[size] = used;
            put(m.sourceSelection());
            put(m.virtualSelection());
            fileId[size] = fileNames.number(m.sourceFileName());
            datasetId[size] = datasetNames.number(m.sourceDatasetName());
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
        roomForOneMore();
        int need = 2 + source.length + virtual.length;
        if (used + need > coords.length) coords = Arrays.copyOf(coords, Math.max(coords.length * 2, used + need));
        at[size] = used;
        putElement(source);
        putElement(virtual);
        fileId[size] = fileNames.number(fileName);
        datasetId[size] = datasetNames.number(datasetName);
        size++;
        return true;
    }

    private void roomForOneMore() {
        if (readOnly) throw new IllegalStateException("a renamed copy of a layout's mappings is read only");
        if (size == at.length) {
            int n = Math.max(16, size * 2);
            fileId = Arrays.copyOf(fileId, n);
            datasetId = Arrays.copyOf(datasetId, n);
            at = Arrays.copyOf(at, n);
            if (general != null) general = Arrays.copyOf(general, n);
        }
    }

    public int size() {
        return size;
    }

    /** Mapping {@code i}, equal to the one added. */
    public VirtualMapping get(int i) {
        java.util.Objects.checkIndex(i, size);
        int p = at[i];
        if (p < 0) return general[i];
        Selection source = selectionAt(p);
        Selection virtual = selectionAt(p + length(coords[p]));
        return new VirtualMapping(fileNames.list.get(fileId[i]), datasetNames.list.get(datasetId[i]), source, virtual);
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
            for (int i = 0; i < size; i++) {
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
        return at[i] >= 0;
    }

    /** The mapping kept as an object (for entries that are not compact). */
    VirtualMapping object(int i) {
        return general[i];
    }

    String fileName(int i) {
        return fileNames.list.get(fileId[i]);
    }

    String datasetName(int i) {
        return datasetNames.list.get(datasetId[i]);
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
        return fileId[i];
    }

    int datasetNumber(int i) {
        return datasetId[i];
    }

    /** Where compact entry {@code i}'s source selection starts in {@link #coordinates}; its virtual one follows. */
    int coordinatesAt(int i) {
        return at[i];
    }

    /** The compact selections' tags and coordinates, unsigned (read only). */
    int[] coordinates() {
        return coords;
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

    private void put(Selection s) {
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
    private void putElement(long[] position) {
        boxes++;
        boxAxes += position.length;
        coords[used++] = position.length << 2 | ELEMENT;
        for (long a : position) coords[used++] = (int) a;
    }

    private Selection selectionAt(int p) {
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
