package org.h5vds.vds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h5vds.io.H5Exception;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.OpenFile;
import org.h5vds.select.All;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.LayoutReader;
import org.h5vds.storage.ReadTarget;

/**
 * Checks every source a virtual dataset names, mapping by mapping: the file is found (in libhdf5's
 * search order) and opens, the dataset is there and readable (its storage decodes: the first
 * element the mapping takes is read), its type converts to the virtual dataset's, and its extent
 * fits what the mapping takes from it (a bounded selection lies inside it; an ALL selection holds
 * as many elements as the virtual selection). A source that is itself virtual is checked the same
 * way, recursively; a cycle is a problem. Printf mappings are checked for the blocks found: blocks
 * not (yet) there are what printf mappings expect, not a problem.
 */
public final class SourceCheck {
    private SourceCheck() {
    }

    /**
     * Where a check reports what it finds, one problem at a time, in mapping order. The value a
     * user sees is the api's {@code SourceProblem}, made of these fields; the engine keeps no
     * second model of it.
     */
    @FunctionalInterface
    public interface Problems {
        /**
         * @param virtualDataset the virtual dataset whose mapping names the source ({@code file:path}); for
         *                       a source of a nested virtual dataset, that nested dataset
         * @param mapping        the mapping's position in its list, or -1 when the problem concerns the
         *                       virtual dataset as a whole (a cycle, a plan that cannot be built)
         * @param block          the printf block number, or -1
         * @param fileName       the source file name as the mapping names it (after %b substitution), or null
         * @param datasetName    the source dataset name, or null
         * @param problem        what is wrong
         */
        void add(String virtualDataset, int mapping, long block, String fileName, String datasetName, String problem);
    }

    /**
     * Reports to {@code out} every problem with the sources of the virtual dataset {@code reader}
     * reads, in mapping order, telling {@code progress} how many of the top-level mappings are checked.
     */
    public static void run(VirtualReader reader, java.util.function.IntConsumer progress, Problems out) {
        check(reader, ReadChain.start(), out, new HashSet<>(), progress);
    }

    private static void check(VirtualReader r, ReadChain outer, Problems out, Set<String> checked,
                              java.util.function.IntConsumer progress) {
        ReadChain chain;
        MappingPlan plan;
        try {
            chain = outer.enter(r.key(), r.name());
            plan = r.plan(chain);
        } catch (H5Exception | IllegalArgumentException e) {
            out.add(r.name(), -1, -1, null, null, e.getMessage());
            return;
        }
        if (!checked.add(r.key())) return;
        long[] dims = plan.dims();
        // the blocks of each printf mapping that were found, in block order
        Map<Integer, List<MappingPiece>> printfBlocks = new LinkedHashMap<>();
        for (MappingPiece p : plan.pieces()) if (p.block() >= 0) printfBlocks.computeIfAbsent(p.mapping(), k -> new ArrayList<>()).add(p);
        List<VirtualMapping> mappings = r.mappings();
        for (int i = 0; i < mappings.size(); i++) {
            VirtualMapping m = mappings.get(i);
            MappingForm f = r.forms().get(i);
            if (f.kind() == MappingForm.Kind.PRINTF) {
                Hyperslab v = (Hyperslab) m.virtualSelection();
                long perBlock = v.nonUnlimitedCount() * v.axis(f.virtualAxis()).block();
                for (MappingPiece p : printfBlocks.getOrDefault(i, List.of())) {
                    checkSource(r, chain, i, p.block(), p.sourceKey(), m.sourceSelection(), perBlock, -1, out, checked);
                }
            } else {
                long virtualCount = f.kind() == MappingForm.Kind.LIMITED ? count(m.virtualSelection(), r.storedDims()) : -1;
                checkSource(r, chain, i, -1, f.literalKey(), m.sourceSelection(), virtualCount, f.sourceAxis(), out, checked);
            }
            progress.accept(i + 1);
        }
        if (dims.length != r.storedDims().length) {
            out.add(r.name(), -1, -1, null, null, "extent " + Arrays.toString(dims) + " has another rank than stored");
        }
    }

    /**
     * @param virtualCount elements the mapping's virtual selection holds (one block for printf), or
     *                     -1 for an unlimited mapping
     * @param unlimitedAxis the source selection's unlimited axis, or -1
     */
    private static void checkSource(VirtualReader r, ReadChain chain, int mapping, long block, SourceKey key, Selection sourceSelection,
                                    long virtualCount, int unlimitedAxis, Problems out, Set<String> checked) {
        SourceDataset src = r.source(key, chain);
        if (!src.found()) {
            problem(out, r, mapping, block, key, src.problem());
            return;
        }
        try (SourceFilePool.Lease lease = src.isSameFile() ? null : r.pool().lease(src.file())) {
            OpenFile file = lease == null ? r.node().file() : lease.file();
            DatasetNode source = src.node(file);
            String type = typeProblem(r.node(), source);
            if (type != null) problem(out, r, mapping, block, key, type);
            LayoutReader reader = source.reader();
            long[] sdims = reader instanceof VirtualReader nested ? nested.plan(chain.enter(nested.key(), nested.name())).dims()
                    : source.storageDims();
            String fit = fitProblem(sourceSelection, sdims, virtualCount, unlimitedAxis);
            if (fit != null) {
                problem(out, r, mapping, block, key, fit);
                return;
            }
            if (reader instanceof VirtualReader nested) {
                check(nested, chain, out, checked, done -> { });
            } else if (type == null) {
                String unreadable = readFirst(reader, source, sourceSelection, sdims);
                if (unreadable != null) problem(out, r, mapping, block, key, unreadable);
            }
        } catch (H5Exception | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            problem(out, r, mapping, block, key, "cannot be read: " + e.getMessage());
        }
    }

    private static void problem(Problems out, VirtualReader r, int mapping, long block, SourceKey key, String text) {
        out.add(r.name(), mapping, block, key.fileName(), key.datasetName(), text);
    }

    /** Null when the source's type converts to the virtual dataset's as libhdf5 converts, else why not. */
    private static String typeProblem(DatasetNode virtual, DatasetNode source) {
        String why = Conversions.problem(source.datatype(), virtual.datatype());
        return why == null ? null : "its datatype does not convert to the virtual dataset's: " + why;
    }

    /** Null when the source selection fits the source's extent (and, for ALL, holds the mapping's element count), else why not. */
    static String fitProblem(Selection s, long[] sdims, long virtualCount, int unlimitedAxis) {
        String shape = MappingRules.shape(sdims);
        if (s instanceof All) {
            long n = count(s, sdims);
            if (virtualCount >= 0 && n != virtualCount) {
                return "the source has shape " + shape + " (" + n + " elements) but the mapping's virtual selection holds " + virtualCount;
            }
            return null;
        }
        if (s.rank() != sdims.length) return "the mapping selects with rank " + s.rank() + " from a source of shape " + shape;
        DimSet[] axes = s.axes();
        if (axes != null) {
            for (int d = 0; d < axes.length; d++) {
                if (d == unlimitedAxis || axes[d].isEmpty()) continue;
                if (axes[d].end() > sdims[d]) {
                    return "the mapping takes index " + (axes[d].end() - 1) + " on axis " + d + " but the source has shape " + shape;
                }
            }
            return null;
        }
        if (s.isEmpty()) return null;
        Box b = s.bounds();
        for (int d = 0; d < sdims.length; d++) {
            if (b.end(d) > sdims[d]) return "the mapping takes index " + (b.end(d) - 1) + " on axis " + d + " but the source has shape " + shape;
        }
        return null;
    }

    /** Reads the first element the mapping takes; null when that works, else why not. */
    private static String readFirst(LayoutReader reader, DatasetNode source, Selection s, long[] sdims) {
        Selection resolved = s.resolve(sdims);
        if (resolved.isEmpty()) return null;
        long[] first = firstElement(resolved);
        int rank = first.length;
        long[] ones = new long[rank];
        Arrays.fill(ones, 1);
        int size = source.elementSize();
        ReadTarget target = new ReadTarget(new byte[size], ones, size);
        try {
            reader.read(new SelectionPair(Selection.box(first, ones), Selection.box(new long[rank], ones)), target, ElementConverter.bytes(size));
            return null;
        } catch (H5Exception | java.io.UncheckedIOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    private static long[] firstElement(Selection s) {
        if (s instanceof ProductSelection p) {
            long[] c = new long[p.rank()];
            for (int d = 0; d < c.length; d++) c[d] = p.axis(d).first();
            return c;
        }
        long[][] found = {null};
        s.forEachRun((start, length) -> {
            if (found[0] == null) found[0] = start.clone();
        });
        return found[0];
    }

    private static long count(Selection s, long[] dims) {
        if (s instanceof All) {
            long n = 1;
            for (long d : dims) n = Math.multiplyExact(n, d);
            return n;
        }
        return s.count();
    }
}
