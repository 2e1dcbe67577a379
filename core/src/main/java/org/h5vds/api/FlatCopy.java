package org.h5vds.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.node.DatasetDefinition;
import org.h5vds.node.DatasetNode;

/**
 * A whole file copied into a new one with every virtual dataset replaced by its data
 * ({@link H5File#copyFlattened}): groups, links and attributes as they are, plain datasets stored
 * as they are (layout, chunks, filters, fill value, maximum shape), virtual datasets materialized
 * with {@link Dataset#materializeStorage}. The result needs none of the sources. Groups that track
 * creation order (h5py's {@code track_order}) keep every link's and attribute's order; datasets that
 * track it are made tracking it, their attributes set in the source's order.
 */
final class FlatCopy {
    private final LongConsumer progress;
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> copied = new HashMap<>();
    private long before;

    private FlatCopy(LongConsumer progress) {
        this.progress = progress;
    }

    static List<String> copy(H5File source, Path out, CreateMode mode, LongConsumer progress) {
        FlatCopy c = new FlatCopy(progress);
        H5File target = H5File.create(out, mode);
        try {
            target.root().node.takeCreationOrdersOf(source.root().node);
            c.notes.addAll(prefixed("/", target.root().copyAttributesFrom(source.root())));
            c.group(source.root(), target.root());
            target.close();
        } catch (RuntimeException | Error e) {
            target.discard();
            throw e;
        }
        return c.notes;
    }

    private static List<String> prefixed(String path, List<String> skippedAttributes) {
        List<String> out = new ArrayList<>();
        for (String s : skippedAttributes) out.add(path + ": attribute " + s + " not copied (it points into the source file)");
        return out;
    }

    /** A group being copied: the source, its copy, and the source's links still to copy. */
    private record Level(Group from, Group to, java.util.Iterator<Link> links) {
    }

    // depth first with a stack of its own, not the thread's: a file may nest groups thousands deep
    private void group(Group from, Group to) {
        java.util.ArrayDeque<Level> stack = new java.util.ArrayDeque<>();
        stack.push(new Level(from, to, from.links().iterator()));
        while (!stack.isEmpty()) {
            Level level = stack.peek();
            if (!level.links().hasNext()) {
                stack.pop().to().node.creationOrdersTaken();
                continue;
            }
            Link link = level.links().next();
            String name = link.name();
            switch (link.kind()) {
                case SOFT -> level.to().softLink(name, link.target());
                case EXTERNAL -> level.to().externalLink(name, link.file(), link.target());
                case HARD -> {
                    Level sub = object(level.from(), level.to(), name);
                    if (sub != null) stack.push(sub);
                }
            }
        }
    }

    /** Copies one object; for a group, its copy made and its links still to copy (the caller copies them next). */
    private Level object(Group from, Group to, String name) {
        H5Object o;
        try {
            o = from.get(name);
        } catch (NoSuchObjectException dangling) {
            notes.add(join(from.path(), name) + ": a hard link to nothing, not copied");
            return null;
        }
        String key = o.node.file().location() + "@" + o.node.address();
        String first = copied.get(key);
        String path = join(to.path(), name);
        if (first != null) {
            // the writer makes one link per object; a second name for it becomes a soft link
            to.softLink(name, first);
            notes.add(path + ": a second hard link to " + first + ", written as a soft link to it");
            return null;
        }
        copied.put(key, path);
        if (o instanceof Group g) {
            Group made = to.createGroup(name);
            made.node.takeCreationOrdersOf(g.node);
            notes.addAll(prefixed(made.path(), made.copyAttributesFrom(g)));
            return new Level(g, made, g.links().iterator());
        } else if (o instanceof Dataset d) {
            dataset(d, to, name);
        } else {
            notes.add(path + ": a named datatype, not copied (h5vds does not write them)");
        }
        return null;
    }

    private void dataset(Dataset d, Group to, String name) {
        String path = join(to.path(), name);
        DatasetNode n = d.datasetNode();
        if (d.isNull()) {
            notes.add(path + ": a dataset with a null dataspace, not copied");
            return;
        }
        if (n.datatype().pointsIntoFile()) {
            notes.add(path + ": " + d.typeDescription() + " values point into the source file; not copied");
            return;
        }
        Dataset made;
        if (isNumeric(n.datatype())) {
            StoragePlan plan = d.materializeStorage(Index.ALL);
            if (plan.filtersFrom().startsWith(Materializer.UNWRITABLE)) {
                // the values are copied exactly; only the compression differs from the source's
                notes.add(path + ": written without its filters (" + plan.filtersFrom() + ")");
            }
            DatasetOptions storage = tracksAttributeOrder(d) ? plan.options().trackOrder() : plan.options();
            made = d.materialize(to, name, MaterializeOptions.defaults().storage(storage).attributes(false).progress(this::advance));
        } else {
            // a fixed-size type that is not a number (strings, compounds, ...): the same bytes in the same storage
            made = new Dataset(to.file, to.writable().createDataset(name, storedDefinition(d, n).withTrackOrder(tracksAttributeOrder(d))));
            Materializer.copy(d, Index.ALL, made, this::advance);
        }
        notes.addAll(prefixed(path, made.copyAttributesFrom(d)));
        before += d.size() * (long) n.elementSize();
    }

    /** Whether {@code d} records the creation order of its attributes (its copy then does too; the attributes, set in that order, count from 0). */
    private static boolean tracksAttributeOrder(Dataset d) {
        return d.node.attributeCreationOrders().tracked();
    }

    private void advance(long done) {
        progress.accept(before + done);
    }

    /** A plain dataset's definition as stored: type, extent, layout, chunks, filters, fill value. */
    private static DatasetDefinition storedDefinition(Dataset d, DatasetNode n) {
        boolean scalar = d.isScalar();
        long[] chunks = n.chunkDims();
        DatasetDefinition.Layout layout = d.isVirtual() || chunks != null ? DatasetDefinition.Layout.CHUNKED
                : d.layout() == Dataset.Layout.COMPACT ? DatasetDefinition.Layout.COMPACT : DatasetDefinition.Layout.CONTIGUOUS;
        long[] dims = scalar ? null : d.currentDims();
        if (layout == DatasetDefinition.Layout.CHUNKED && chunks == null) {
            chunks = org.h5vds.vds.ChunkAlignment.frame(dims, n.elementSize(), Materializer.FRAME_BYTES);
        }
        List<FilterSpec> filters = new ArrayList<>();
        if (n.filters() != null && !d.isVirtual()) {
            for (FilterPipelineMessage.Filter f : n.filters().filters()) filters.add(new FilterSpec(f.id(), f.flags(), null, Materializer.userClientData(f)));
        }
        return new DatasetDefinition(n.datatype(), dims, scalar ? null : n.maxDims(), layout, chunks, filters, n.fillValue());
    }

    private static String join(String parent, String name) {
        return parent.endsWith("/") ? parent + name : parent + "/" + name;
    }

    /** Whether {@code t} is one of the numeric dtypes (which materialize converts); others are copied as their stored bytes. */
    private static boolean isNumeric(org.h5vds.format.message.Datatype t) {
        try {
            return StoredTypes.dtypeOf(t).isNumeric();
        } catch (StoredTypes.NoDtypeException e) {
            return false;
        }
    }
}
