package org.h5vds.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.ReferenceType;
import org.h5vds.format.message.VariableLengthType;
import org.h5vds.node.AttributeNode;
import org.h5vds.node.AttributeValue;
import org.h5vds.node.DatasetDefinition;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.GroupNode;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.storage.StoredValueCopy;
import org.h5vds.vds.LayoutMappings;
import org.h5vds.vds.VirtualLayoutWriter;
import org.h5vds.vds.VirtualMapping;

/**
 * {@link Group#copy}: an object and everything below it copied to a new path, in the same file or
 * another, as libhdf5's {@code H5Ocopy} copies (what h5py's {@code Group.copy} calls).
 *
 * <p>The source's tree is listed whole before anything is made, so that a group copied into itself
 * copies what it held before the copy. An object reached by several hard links is copied once and
 * linked as often. A dataset keeps its stored type, shape, maximum shape, layout, chunk shape,
 * filters (with their parameters as stored) and fill value; its chunks are copied as stored, not
 * decoded and encoded again, unless their elements point into the file. Variable-length data is
 * stored anew in the destination's heap. References: values in datasets stay as they are within one
 * file (they still name the original objects there) and are cleared (null) in another file;
 * reference attributes are cleared in either case, as libhdf5 does (1.10-1.14). A virtual dataset
 * keeps its mappings as stored (source file names, {@code "."} included). An object that records the
 * creation order of its links or attributes (h5py's {@code track_order}) has its copy record it too,
 * each link and attribute keeping its order, as libhdf5 keeps them.
 */
final class ObjectCopy {
    /**
     * Groups nested deeper than this below the source are refused (the copy recurses, as libhdf5's
     * does; a file nesting groups without end would otherwise end in a StackOverflowError).
     */
    static final int MAX_DEPTH = 1000;
    /** Bytes read and written at once when copying a contiguous or compact dataset's elements. */
    private static final long SLAB_BYTES = 8L << 20;

    /** An object to copy; a group's members, as listed before the copy began. */
    private static final class Item {
        final H5Object source;
        final List<Member> members = new ArrayList<>();

        Item(H5Object source) {
            this.source = source;
        }
    }

    /** A member of a group to copy: an object ({@code item}), or a link copied as it is. */
    private record Member(String name, Item item, Link link) {
    }

    private final CopyOptions options;
    private final Map<Object, Item> listed = new HashMap<>();
    private final Map<Item, H5Object> made = new IdentityHashMap<>();

    private ObjectCopy(CopyOptions options) {
        this.options = options;
    }

    /** Copies {@code source} to {@code path} (relative to {@code base}, missing groups above it created). */
    static H5Object copy(H5Object source, Group base, String path, CopyOptions options) {
        java.util.Objects.requireNonNull(source, "source");
        java.util.Objects.requireNonNull(base, "dest");
        java.util.Objects.requireNonNull(options, "options");
        if (path == null || path.isEmpty()) throw new IllegalArgumentException(base.fileName() + ": a copy needs a destination name");
        base.writable();
        if (base.contains(path)) {
            throw new IllegalArgumentException(base.where(path) + ": destination object already exists");
        }
        ObjectCopy c = new ObjectCopy(options);
        Item top = c.list(source, 0);
        return c.make(top, base, path);
    }

    // ---- listing the source ---------------------------------------------------------------------

    private Item list(H5Object o, int depth) {
        Object key = o.node.identity();
        Item known = listed.get(key);
        if (known != null) return known;
        refuseUncopyable(o);
        Item item = new Item(o);
        listed.put(key, item);
        if (depth > MAX_DEPTH) {
            throw new H5Exception(o.fileName() + ": " + o.path() + ": groups nested more than " + MAX_DEPTH + " deep below the object copied");
        }
        if (o instanceof Group g && !(options.isShallow() && depth > 0)) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Link l : g.links()) {
                if (!names.add(l.name())) {
                    throw new H5Exception(g.fileName() + ": " + g.path() + ": two links named \"" + l.name() + "\" (a damaged group), which h5vds cannot copy");
                }
                item.members.add(member(g, l, depth + 1));
            }
        }
        return item;
    }

    /** Fails for what h5vds cannot make, before anything is made: a copy stops whole or not at all. */
    private static void refuseUncopyable(H5Object o) {
        if (!(o instanceof Dataset d)) return;
        DatasetNode s = d.datasetNode();
        String where = d.fileName() + ": " + d.path();
        switch (s.layoutClass()) {
            case COMPACT, CONTIGUOUS, VIRTUAL -> { }
            case CHUNKED -> {
                if (s.filters() != null && !s.filters().filters().isEmpty() && s.edgeChunksUnfiltered()) {
                    throw new H5Exception(where + ": its partial edge chunks are stored unfiltered (H5Pset_chunk_opts), which h5vds reads but does not write");
                }
            }
            default -> throw new H5Exception(where + ": " + s.layoutClass() + " layout, which h5vds cannot copy");
        }
    }

    private Member member(Group g, Link l, int depth) {
        String name = l.name();
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            // a name a path cannot spell (damage, or a writer that did not check): the copy could not make it as it is
            throw new H5Exception(g.fileName() + ": " + g.path() + ": a link named \"" + name + "\", which h5vds cannot copy");
        }
        switch (l.kind()) {
            case HARD:
                return new Member(l.name(), list(H5Object.wrap(g.file, g.groupNode().member(l.name())), depth), null);
            case SOFT:
            case EXTERNAL:
                boolean expand = l.kind() == Link.Kind.SOFT ? options.expandsSoftLinks() : options.expandsExternalLinks();
                H5Object target = expand ? target(g, l) : null;
                return target != null ? new Member(l.name(), list(target, depth), null) : new Member(l.name(), null, l);
            default:
                throw new H5Exception(g.where(l.name()) + ": a user-defined link (type " + l.linkType()
                        + "), which h5vds cannot copy");
        }
    }

    /** The object a soft or external link reaches, or null when it reaches none (libhdf5 then copies the link). */
    private static H5Object target(Group g, Link l) {
        try {
            return g.get(l.name());
        } catch (NoSuchObjectException | NoSuchFileException e) {
            return null;
        }
    }

    // ---- making the copy --------------------------------------------------------------------------

    private H5Object make(Item item, Group parent, String name) {
        H5Object prior = made.get(item);
        if (prior != null) {
            parent.hardLink(name, prior);
            return prior;
        }
        H5Object source = item.source;
        H5Object copy;
        if (source instanceof Group) {
            Group g = parent.createGroup(name);
            made.put(item, g);
            g.node.takeCreationOrdersOf(source.node);
            attributes(source, g);
            // named datatypes first, so that the datasets beside them that share them share their copies
            List<Member> members = new ArrayList<>(item.members);
            members.sort(java.util.Comparator.comparing(m -> m.item == null || !(m.item.source instanceof NamedDatatype)));
            for (Member m : members) {
                if (m.item != null) {
                    make(m.item, g, m.name);
                } else if (m.link.kind() == Link.Kind.SOFT) {
                    g.softLink(m.name, m.link.target());
                } else {
                    g.externalLink(m.name, m.link.file(), m.link.target());
                }
            }
            copy = g;
            g.node.creationOrdersTaken();
        } else if (source instanceof Dataset d) {
            copy = dataset(d, parent, name);
            made.put(item, copy);
        } else {
            NamedDatatype t = (NamedDatatype) source;
            copy = begun(source, new NamedDatatype(parent.file, parent.writable().commitDatatype(name, ((org.h5vds.node.DatatypeNode) t.node).datatype())));
            made.put(item, copy);
        }
        return copy;
    }

    /**
     * A dataset or named datatype copy just made, given the source's creation orders and attributes
     * (a dataset's before its data: writing the data may commit the file, as a contiguous dataset's
     * storage is placed by a commit).
     */
    private <T extends H5Object> T begun(H5Object src, T copy) {
        copy.node.takeCreationOrdersOf(src.node);
        attributes(src, copy);
        copy.node.creationOrdersTaken();
        return copy;
    }

    /** Whether {@code a} and {@code b} are objects of one file (the same location). */
    static boolean sameFile(H5Object a, H5Object b) {
        return a.node.file().location().equals(b.node.file().location());
    }

    private void attributes(H5Object from, H5Object to) {
        if (!options.copiesAttributes()) return;
        boolean sameFile = sameFile(from, to);
        for (AttributeNode a : from.node.attributes()) to.node.setAttribute(attribute(a, to, sameFile));
    }

    /**
     * Attribute {@code a} as it is stored on a copy in {@code to}'s file: its stored type and shape,
     * variable-length data stored anew there, references kept within one file ({@code keepReferences})
     * or cleared; a reference attribute is cleared in either case, as libhdf5 clears it (H5A__attr_copy_file).
     */
    static AttributeValue attribute(AttributeNode a, H5Object to, boolean keepReferences) {
        Datatype t = a.datatype();
        long n = a.dims() == null ? 0 : a.dataspace().elementCount();
        byte[] raw = Arrays.copyOf(a.data(), Math.toIntExact(n * t.size()));
        if (t instanceof ReferenceType) {
            Arrays.fill(raw, (byte) 0);
        } else if (t.pointsIntoFile()) {
            new StoredValueCopy(a.objects(), to.node.file().objects(), keepReferences).convert(t, raw, 0, n);
        }
        return AttributeValue.stored(a.name(), t, a.dataspace(), raw);
    }

    private Dataset dataset(Dataset src, Group parent, String name) {
        DatasetNode s = src.datasetNode();
        GroupNode g = parent.writable();
        Datatype type = s.datatype();
        if (s.dataspace().kind() == Dataspace.Kind.NULL) return begun(src, new Dataset(parent.file, g.createEmptyDataset(name, type)));
        boolean scalar = s.dataspace().kind() == Dataspace.Kind.SCALAR;
        long[] dims = scalar ? null : s.dims();
        long[] max = scalar ? null : s.maxDims();
        StoredValueCopy values = type.pointsIntoFile() ? new StoredValueCopy(s.file().objects(), g.file().objects(), sameFile(src, parent)) : null;
        byte[] fill = s.fillValue();
        if (fill != null && values != null) {
            fill = fill.clone();
            values.convert(type, fill, 0, 1);
        }
        if (s.isVirtual()) {
            LayoutMappings mappings = new LayoutMappings();
            for (VirtualMapping m : src.virtualReader().mappings()) mappings.add(m);
            return begun(src, new Dataset(parent.file, g.createDataset(name, type, dims, max, fill, new VirtualLayoutWriter(mappings))));
        }
        DatasetDefinition.Layout layout = switch (s.layoutClass()) {
            case COMPACT -> DatasetDefinition.Layout.COMPACT;
            case CONTIGUOUS -> DatasetDefinition.Layout.CONTIGUOUS;
            default -> DatasetDefinition.Layout.CHUNKED; // (other classes refused when listed)
        };
        List<FilterSpec> filters = DatasetNode.filterSpecs(s.filters());
        DatasetDefinition def = new DatasetDefinition(type, dims, max, layout, s.chunkDims(), filters, fill, 0, true);
        // a named datatype copied with it is shared by the copy too; any other type is stored in the copy's header
        Item named = s.namedTypeIdentity() == null ? null : listed.get(s.namedTypeIdentity());
        H5Object namedCopy = named == null ? null : made.get(named);
        Dataset copy = begun(src, new Dataset(parent.file, namedCopy != null
                ? g.createDataset(name, def, (org.h5vds.node.DatatypeNode) namedCopy.node) : g.createDataset(name, def)));
        // chunks as stored unless the elements must change: variable-length data (heap IDs of the source's
        // heap) always, references when they leave their file
        boolean asStored = values == null || (sameFile(src, parent) && !H5Object.holds(type, VariableLengthType.class));
        DatasetNode d = copy.datasetNode();
        int size = type.size();
        if (layout == DatasetDefinition.Layout.CHUNKED) {
            long[] chunk = s.chunkDims();
            long[] extent = s.dims();
            for (StoredChunk c : src.storedChunks()) {
                if (outside(c.offset(), chunk, extent, src)) continue;
                if (asStored) {
                    copy.writeStoredChunk(c.offset(), src.readStoredChunk(c.offset()), c.filterMask());
                } else {
                    long[] count = new long[chunk.length];
                    for (int i = 0; i < count.length; i++) count[i] = Math.min(chunk[i], extent[i] - c.offset()[i]);
                    elements(src, d, Selection.box(c.offset(), count), count, size, values);
                }
            }
        } else if (s.storageAllocated()) {
            if (scalar) {
                elements(src, d, Selection.box(new long[] {0}, new long[] {1}), new long[] {1}, size, asStored ? null : values);
            } else {
                StoredValueCopy v = asStored ? null : values;
                slabs(dims, size, (start, count) -> elements(src, d, Selection.box(start, count), count, size, v));
            }
        }
        return copy;
    }

    /**
     * Whether a stored chunk lies beyond the extent (left by a shrink, or by damage): it holds none of
     * the dataset's elements, so the copy leaves it out. A chunk the index places off the chunk grid is
     * damage, and fails.
     */
    private static boolean outside(long[] offset, long[] chunk, long[] extent, Dataset src) {
        boolean outside = false;
        for (int i = 0; i < offset.length; i++) {
            if (offset[i] < 0 || offset[i] % chunk[i] != 0) {
                throw new H5Exception(src.fileName() + ": " + src.path() + ": its chunk index holds a chunk at " + Shape.format(offset)
                        + ", off the grid of " + Shape.format(chunk) + " chunks");
            }
            outside |= offset[i] >= Math.max(1, extent[i]);
        }
        return outside;
    }

    /** Copies the elements of {@code box} (of shape {@code count}) as stored, converted by {@code values} when not null. */
    private static void elements(Dataset src, DatasetNode dst, ProductSelection box, long[] count, int size, StoredValueCopy values) {
        byte[] bytes = src.readRaw(box, count, size);
        if (values != null) values.convert(src.datasetNode().datatype(), bytes, 0, bytes.length / size);
        dst.write(box, bytes);
    }

    @FunctionalInterface
    interface BoxVisitor {
        void visit(long[] start, long[] count);
    }

    /** Visits boxes covering {@code dims} in C order, each of at most {@link #SLAB_BYTES} (or one element). */
    static void slabs(long[] dims, int size, BoxVisitor visitor) {
        for (long n : dims) if (n == 0) return;
        // the outermost axis k whose inner block fits a slab; boxes are single indices on the axes before it
        int k = dims.length - 1;
        long inner = size;
        while (k > 0 && dims[k] <= SLAB_BYTES / inner) {
            inner *= dims[k];
            k--;
        }
        long step = Math.max(1, SLAB_BYTES / inner);
        long[] start = new long[dims.length];
        long[] count = new long[dims.length];
        for (int i = 0; i < dims.length; i++) count[i] = i < k ? 1 : dims[i];
        while (true) {
            for (long at = 0; at < dims[k]; at += step) {
                start[k] = at;
                count[k] = Math.min(step, dims[k] - at);
                visitor.visit(start.clone(), count.clone());
            }
            int a = k - 1;
            while (a >= 0 && ++start[a] == dims[a]) start[a--] = 0;
            if (a < 0) return;
        }
    }
}
