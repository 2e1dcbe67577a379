package org.h5vds.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.GroupNode;
import org.h5vds.node.LinkEntry;
import org.h5vds.node.ObjectNode;

/**
 * A group: a container of named links to datasets, groups and datatypes, like h5py's
 * {@code Group}. Paths may be relative to this group or absolute ({@code "/a/b"}); soft and
 * external links are followed.
 *
 * <p>In a file open for writing a group creates groups, datasets and links, deletes and moves
 * links; creating an object creates the missing groups on its path, as h5py does. Looking objects
 * up ({@link #get}, {@link #dataset}, {@link #group}, {@link #keys}) sees every change at once.
 */
public final class Group extends H5Object {
    Group(H5File file, GroupNode node) {
        super(file, node);
    }

    GroupNode groupNode() {
        return (GroupNode) node;
    }

    GroupNode writable() {
        node.file().requireWritable(path());
        return groupNode();
    }

    // ---- writing -------------------------------------------------------------------------------

    /**
     * Creates a group at {@code path} (and any missing groups above it); fails if the name exists.
     *
     * @param path the new group's path, relative to this group or absolute
     * @return the new group
     * @throws IllegalArgumentException when the name exists
     */
    public Group createGroup(String path) {
        try {
            return new Group(file, writable().createGroup(path));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a group at {@code path} as {@code options} say (h5py's {@code create_group(name,
     * track_order=True)}); a missing group above tracks the creation order of its links when its
     * parent does, as libhdf5 makes such groups.
     *
     * @param path    the new group's path, relative to this group or absolute
     * @param options how the group is made
     * @return the new group
     * @throws IllegalArgumentException when the name exists
     */
    public Group createGroup(String path, GroupOptions options) {
        try {
            java.util.Objects.requireNonNull(options, "options");
            return new Group(file, writable().createGroup(path, options.tracksOrder()));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a dataset holding {@code data}: its dtype (byte order kept), shape, contiguous storage (h5py's {@code create_dataset(name, data=a)}).
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param data the values; the dataset takes their dtype and shape
     * @return the new dataset
     */
    public Dataset createDataset(String path, NdArray data) {
        try {
            return createDataset(path, data, DatasetOptions.defaults());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a dataset holding {@code data} with its dtype and shape, stored as {@code options} say.
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param data the values; the dataset takes their dtype and shape
     * @param options layout, chunks, filters, fill value and maximum shape
     * @return the new dataset
     */
    public Dataset createDataset(String path, NdArray data, DatasetOptions options) {
        try {
            Dataset d = createDataset(path, data.dtype(), Shape.of(data.shape()), options);
            d.write(data);
            return d;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a dataset of {@code dtype} and {@code shape} ({@link Shape#SCALAR} for a scalar),
     * stored as {@code options} say; unwritten elements read as the fill value.
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param dtype the element type
     * @param shape the current shape
     * @param options layout, chunks, filters, fill value and maximum shape
     * @return the new dataset
     */
    public Dataset createDataset(String path, DType dtype, Shape shape, DatasetOptions options) {
        try {
            GroupNode g = writable();
            String where = where(path);
            DatasetNode d = g.createDataset(path, DatasetPlan.definition(dtype, shape, options, file, g.file().objects(), where));
            return new Dataset(file, d);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a dataset of the named datatype {@code type} (h5py's {@code create_dataset(name, shape,
     * dtype=group['type'])}): its header points to the type's, which counts it among its users, as
     * libhdf5 writes it; otherwise as {@link #createDataset(String, DType, Shape, DatasetOptions)}.
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param type a named datatype of this file
     * @param shape the current shape
     * @param options layout, chunks, filters, fill value and maximum shape
     * @return the new dataset
     * @throws IllegalArgumentException when the type belongs to another file
     */
    public Dataset createDataset(String path, NamedDatatype type, Shape shape, DatasetOptions options) {
        try {
            java.util.Objects.requireNonNull(type, "type");
            GroupNode g = writable();
            String where = where(path);
            org.h5vds.node.DatatypeNode t = (org.h5vds.node.DatatypeNode) type.node;
            DatasetNode d = g.createDataset(path, DatasetPlan.definition(t.datatype(), type.dtype(), shape, options, file, g.file().objects(), where), t);
            return new Dataset(file, d);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Stores {@code dtype} as a named datatype at {@code path} (h5py's {@code group[name] = numpy.dtype},
     * libhdf5's {@code H5Tcommit}), for datasets to share ({@link #createDataset(String, NamedDatatype, Shape, DatasetOptions)}).
     *
     * @param path the named datatype's path, relative to this group or absolute
     * @param dtype the type
     * @return the named datatype
     * @throws IllegalArgumentException when the name exists
     */
    public NamedDatatype commitDatatype(String path, DType dtype) {
        try {
            java.util.Objects.requireNonNull(dtype, "dtype");
            return new NamedDatatype(file, writable().commitDatatype(path, StoredTypes.storedTypeOf(dtype)));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a dataset of {@code dtype} with a null dataspace (h5py's {@code Empty}: no shape, no
     * elements), as h5py's {@code create_dataset(name, dtype=dtype)} or
     * {@code create_dataset(name, data=h5py.Empty(dtype))} does.
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param dtype the element type
     * @return the new dataset, whose {@link Dataset#isNull()} is true
     */
    public Dataset createEmptyDataset(String path, DType dtype) {
        try {
            java.util.Objects.requireNonNull(dtype, "dtype");
            return new Dataset(file, writable().createEmptyDataset(path, StoredTypes.storedTypeOf(dtype)));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a virtual dataset at {@code path} (and the missing groups above it) from a layout, like
     * h5py's {@code create_virtual_dataset(name, layout)}; unmapped elements and missing sources
     * read as 0. See {@link #createVirtualDataset(String, VirtualLayout, Number)}.
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param layout the shape, dtype, maximum shape and mappings
     * @return the new virtual dataset
     */
    public Dataset createVirtualDataset(String path, VirtualLayout layout) {
        try {
            return createVirtualDataset(path, layout, null);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Creates a virtual dataset at {@code path} (and the missing groups above it) from
     * {@code layout}'s shape, dtype, maximum shape and mappings as they are now, like h5py's
     * {@code create_virtual_dataset(name, layout, fillvalue)}. Sources naming this file (the same
     * path, or the same absolute path) are stored as {@code "."}, as h5py stores them, so that the
     * file can be renamed. Unmapped elements, and elements of sources missing when the dataset is
     * read, read as {@code fillValue} (null: 0), converted to the layout's dtype.
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param layout the shape, dtype, maximum shape and mappings, copied as they are now
     * @param fillValue h5py's {@code fillvalue}: read where nothing is mapped; null for 0
     * @return the new virtual dataset
     * @throws IllegalArgumentException when the name exists or the fill value does not fit the dtype
     */
    public Dataset createVirtualDataset(String path, VirtualLayout layout, Number fillValue) {
        try {
            java.util.Objects.requireNonNull(layout, "layout");
            GroupNode g = writable();
            String where = where(path);
            org.h5vds.format.message.Datatype stored = StoredTypes.storedTypeOf(layout.dtype());
            byte[] fill = fillValue == null ? null : StoredValues.element(fillValue, layout.dtype(), stored, g.file().objects(), file, where);
            boolean scalar = layout.shape().rank() == 0;
            long[] dims = scalar ? null : layout.shape().toArray();
            long[] max = scalar ? null : layout.maxShape().toArray();
            org.h5vds.vds.VirtualLayoutWriter storage = new org.h5vds.vds.VirtualLayoutWriter(layout.mappingsFor(g.file().path()));
            DatasetNode d = g.createDataset(path, stored, dims, max, fill, storage);
            return new Dataset(file, d);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Builds and creates a virtual dataset in one step, like h5py's {@code build_virtual_dataset}
     * context manager: {@code mappings} fills a new layout of {@code shape} and {@code dtype}, which
     * is then created at {@code path} with fill value 0.
     *
     * <pre>{@code
     * f.buildVirtualDataset("virt", Shape.of(2, 10), DType.FLOAT32, layout -> {
     *     layout.set("0", new VirtualSource("a.h5", "data", Shape.of(10)));
     *     layout.set("1", VirtualSource.of(f.dataset("data")));   // this file: stored as "."
     * });
     * }</pre>
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param shape the virtual dataset's shape
     * @param dtype the element type
     * @param mappings fills the new layout it is given
     * @return the new virtual dataset
     */
    public Dataset buildVirtualDataset(String path, Shape shape, DType dtype, java.util.function.Consumer<VirtualLayout> mappings) {
        try {
            return buildVirtualDataset(path, shape, dtype, null, null, mappings);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * As {@link #buildVirtualDataset(String, Shape, DType, java.util.function.Consumer)}, with a maximum shape and a fill value (each may be null).
     *
     * @param path the new dataset's path, relative to this group or absolute
     * @param shape the virtual dataset's shape
     * @param dtype the element type
     * @param maxShape the maximum shape ({@link Shape#UNLIMITED} axes allowed), or null for {@code shape}
     * @param fillValue read where nothing is mapped; null for 0
     * @param mappings fills the new layout it is given
     * @return the new virtual dataset
     */
    public Dataset buildVirtualDataset(String path, Shape shape, DType dtype, Shape maxShape, Number fillValue,
                                       java.util.function.Consumer<VirtualLayout> mappings) {
        try {
            java.util.Objects.requireNonNull(mappings, "mappings");
            writable();
            VirtualLayout layout = new VirtualLayout(shape, dtype, maxShape);
            mappings.accept(layout);
            return createVirtualDataset(path, layout, fillValue);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private static String join(String p) {
        return p.endsWith("/") ? p : p + "/";
    }

    /** {@code path} (relative to this group or absolute) as errors name it: the file, then the absolute path. */
    String where(String path) {
        return fileName() + ": " + (path != null && path.startsWith("/") ? path : join(path()) + path);
    }

    /**
     * A soft link at {@code path} to {@code target} (h5py's {@code group[path] = SoftLink(target)}); the target need not exist.
     *
     * @param path the new link's path, relative to this group or absolute
     * @param target the path the link names, stored as given
     */
    public void softLink(String path, String target) {
        try {
            writable().softLink(path, target);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * An external link at {@code path} to {@code object} in {@code fileName} (h5py's {@code ExternalLink}); neither need exist.
     *
     * @param path the new link's path, relative to this group or absolute
     * @param fileName the other file's name, as libhdf5 resolves it (relative to this file's folder)
     * @param object the absolute path of the object in that file
     */
    public void externalLink(String path, String fileName, String object) {
        try {
            writable().externalLink(path, fileName, object);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * A hard link at {@code path} to {@code target}, an object of the same file (h5py's {@code group[path] = obj}).
     *
     * @param path the new link's path, relative to this group or absolute
     * @param target a group or dataset of this file
     */
    public void hardLink(String path, H5Object target) {
        try {
            java.util.Objects.requireNonNull(target, "target");
            writable().hardLink(path, target.node);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Deletes the link at {@code path} (h5py's {@code del group[path]}): the object it led to is
     * gone from the file unless another hard link leads to it.
     *
     * @param path the link's path, relative to this group or absolute
     * @throws NoSuchObjectException when there is no such link
     */
    public void delete(String path) {
        try {
            writable().delete(path);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Moves or renames the link at {@code from} to {@code to} (h5py's {@code move}); {@code to} must not exist, its group must.
     *
     * @param from the link's current path, relative to this group or absolute
     * @param to the new path, which must not exist
     */
    public void move(String from, String to) {
        try {
            writable().move(from, to);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Copies the object at {@code source} and everything below it to {@code dest} (h5py's
     * {@code copy(source, dest)}); see {@link #copy(H5Object, String, CopyOptions)}.
     *
     * @param source the object's path, relative to this group or absolute; links are followed
     * @param dest the copy's path, relative to this group or absolute, which must not exist
     * @return the copy
     */
    public H5Object copy(String source, String dest) {
        return copy(source, dest, CopyOptions.defaults());
    }

    /**
     * Copies the object at {@code source} to {@code dest} as {@code options} say; see
     * {@link #copy(H5Object, String, CopyOptions)}.
     *
     * @param source the object's path, relative to this group or absolute; links are followed
     * @param dest the copy's path, relative to this group or absolute, which must not exist
     * @param options h5py's shallow, expand_soft, expand_external and without_attrs
     * @return the copy
     */
    public H5Object copy(String source, String dest, CopyOptions options) {
        try {
            return ObjectCopy.copy(get(source), this, dest, options);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Copies {@code source}, an object of this file or of another open one, and everything below it
     * to {@code dest} in this group's file; see {@link #copy(H5Object, String, CopyOptions)}.
     *
     * @param source a group or dataset of any open file
     * @param dest the copy's path, relative to this group or absolute, which must not exist
     * @return the copy
     */
    public H5Object copy(H5Object source, String dest) {
        return copy(source, dest, CopyOptions.defaults());
    }

    /**
     * Copies {@code source} (a group or dataset of this file or of another open one) and everything
     * below it to {@code dest}, creating the missing groups above it, as h5py's {@code copy} (libhdf5's
     * {@code H5Ocopy}) does. The source's tree is listed before anything is made, so a group may be
     * copied into itself. An object reached by several hard links is copied once and linked as
     * often; soft and external links are copied as links unless {@code options} expand them.
     *
     * <p>A dataset keeps its dtype as stored, shape, maximum shape, layout, chunk shape, filters and
     * fill value; chunks are copied as stored (not decompressed and compressed again), so a dataset
     * compressed with a filter h5vds cannot write copies too. Variable-length strings and sequences
     * are stored anew in the destination file. As libhdf5 does, references in a dataset stay as they
     * are within one file (naming the original objects, not their copies) and become null in another
     * file, and attributes holding references become null. A virtual dataset keeps its mappings as
     * stored (a source named {@code "."} is then the copy's own file). Attributes are copied unless
     * {@code options} leave them out.
     *
     * @param source a group or dataset of any open file
     * @param dest the copy's path, relative to this group or absolute, which must not exist
     * @param options h5py's shallow, expand_soft, expand_external and without_attrs
     * @return the copy
     * @throws IllegalArgumentException when {@code dest} exists
     * @throws UnsupportedOperationException when the source is or holds a named datatype, which h5vds
     *         cannot create (found before anything is made)
     */
    public H5Object copy(H5Object source, String dest, CopyOptions options) {
        try {
            return ObjectCopy.copy(source, this, dest, options);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Copies the object at {@code source} into group {@code dest} (of any file open for writing),
     * under the name it has here (h5py's {@code copy(source, dest_group)}).
     *
     * @param source the object's path, relative to this group or absolute; links are followed
     * @param dest the group the copy goes into
     * @return the copy
     */
    public H5Object copy(String source, Group dest) {
        return copy(source, dest, CopyOptions.defaults());
    }

    /**
     * Copies the object at {@code source} into group {@code dest} under the name it has here, as
     * {@code options} say; see {@link #copy(H5Object, String, CopyOptions)}.
     *
     * @param source the object's path, relative to this group or absolute; links are followed
     * @param dest the group the copy goes into
     * @param options h5py's shallow, expand_soft, expand_external and without_attrs
     * @return the copy
     */
    public H5Object copy(String source, Group dest, CopyOptions options) {
        try {
            java.util.Objects.requireNonNull(dest, "dest");
            H5Object o = get(source);
            if (o.path().equals("/")) throw new IllegalArgumentException(fileName() + ": the root group has no name to copy it under; give a path");
            return ObjectCopy.copy(o, dest, o.name(), options);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * The member names, in the order h5py lists them: in creation order when the group tracks it
     * (h5py's {@code track_order=True}), else by name.
     *
     * @return the member names, not paths
     */
    public List<String> keys() {
        try {
            // a loop, not a stream: the first listings of a program run before the JIT has compiled either
            List<LinkEntry> links = groupNode().linksAsListed();
            String[] names = new String[links.size()];
            for (int i = 0; i < names.length; i++) names[i] = links.get(i).name();
            return Collections.unmodifiableList(Arrays.asList(names));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The links themselves, without following them, in the order of {@link #keys()}.
     *
     * @return one {@link Link} per member, hard, soft, external or user-defined
     */
    public List<Link> links() {
        try {
            List<Link> out = new ArrayList<>();
            for (LinkEntry e : groupNode().linksAsListed()) {
                out.add(new Link(e.name(), Link.Kind.valueOf(e.kind().name()), e.target(), e.externalFile(), e.linkType()));
            }
            return out;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * True when {@code path} names an object (h5py's {@code path in group}); a dangling link is not one.
     *
     * @param path a path relative to this group or absolute
     * @return true if following the path reaches an object
     */
    public boolean contains(String path) {
        try {
            return find(path) != null;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The object at {@code path}.
     *
     * @param path a path relative to this group or absolute; links are followed
     * @return the group, dataset or named datatype there
     * @throws NoSuchObjectException when nothing is there
     */
    public H5Object get(String path) {
        try {
            return wrap(file, resolve(path));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The dataset at {@code path}.
     *
     * @param path a path relative to this group or absolute; links are followed
     * @return the dataset there
     * @throws NoSuchObjectException when nothing is there
     * @throws IllegalArgumentException when the path names something else
     */
    public Dataset dataset(String path) {
        try {
            H5Object o = get(path);
            if (o instanceof Dataset d) return d;
            throw notA(o, "dataset");
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The group at {@code path}.
     *
     * @param path a path relative to this group or absolute; links are followed
     * @return the group there
     * @throws NoSuchObjectException when nothing is there
     * @throws IllegalArgumentException when the path names something else
     */
    public Group group(String path) {
        try {
            H5Object o = get(path);
            if (o instanceof Group g) return g;
            throw notA(o, "group");
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The group at {@code path}, created (with the groups on its way) when nothing is there: h5py's
     * {@code require_group}.
     *
     * @param path a path relative to this group or absolute; links are followed
     * @return the group there, found or new
     * @throws IllegalArgumentException when something else is there (h5py: "Incompatible object
     *                                  (Dataset) already exists")
     */
    public Group requireGroup(String path) {
        try {
            H5Object found = find(path);
            if (found == null) return createGroup(path);
            if (found instanceof Group g) return g;
            throw notA(found, "group");
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@link #requireDataset(String, DType, Shape, DatasetOptions, boolean)} with the default
     * options for a new dataset and an existing one accepted when {@code dtype} casts safely to its
     * type.
     *
     * @param path a path relative to this group or absolute; links are followed
     * @param dtype the element type wanted
     * @param shape the shape wanted
     * @return the dataset there, found or new
     */
    public Dataset requireDataset(String path, DType dtype, Shape shape) {
        return requireDataset(path, dtype, shape, DatasetOptions.defaults(), false);
    }

    /**
     * The dataset at {@code path}, created with {@code dtype}, {@code shape} and {@code options}
     * when nothing is there: h5py's {@code require_dataset(name, shape, dtype, exact)}. A dataset
     * found must have that shape (its current one) and a type {@code dtype} casts to safely, as
     * NumPy's {@code can_cast} says (a narrower integer to a wider one, an integer to a float that
     * holds it, a byte string to a longer one; the byte order does not matter), or with
     * {@code exact} the same NumPy type ({@code '<i4'} is not {@code '>i4'}); its options are not
     * compared, as h5py compares none.
     *
     * @param path a path relative to this group or absolute; links are followed
     * @param dtype the element type wanted
     * @param shape the shape wanted
     * @param options how a new dataset is stored
     * @param exact whether a dataset found must have exactly {@code dtype}
     * @return the dataset there, found or new
     * @throws IllegalArgumentException when something other than a dataset is there, or a dataset
     *                                  of another shape, or of a type {@code dtype} does not fit as asked
     */
    public Dataset requireDataset(String path, DType dtype, Shape shape, DatasetOptions options, boolean exact) {
        try {
            java.util.Objects.requireNonNull(dtype, "dtype");
            java.util.Objects.requireNonNull(shape, "shape");
            H5Object found = find(path);
            if (found == null) return createDataset(path, dtype, shape, options);
            if (!(found instanceof Dataset d)) throw notA(found, "dataset");
            if (!d.shape().equals(shape)) {
                throw new IllegalArgumentException(fileName() + ": " + d.path() + ": shapes do not match (existing " + d.shape() + " vs new " + shape + ")");
            }
            if (exact ? !d.dtype().numpy().equals(dtype.numpy()) : !Promotion.canCast(dtype, d.dtype())) {
                throw new IllegalArgumentException(fileName() + ": " + d.path() + ": datatypes " + (exact ? "do not exactly match" : "cannot be safely cast")
                        + " (existing " + d.dtype() + " vs new " + dtype + ")");
            }
            return d;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Visits every object below this group, depth first in name order, with its path relative to
     * this group (like h5py's {@code visititems}, which is libhdf5's H5Ovisit): only hard links are
     * followed, and each object is visited once, by the first path that reaches it, even when
     * several hard links lead to it. Soft, external and user-defined links are not followed; a
     * soft link to an object elsewhere in the file does not take that object's place.
     *
     * @param visitor told each object's path relative to this group, and the object
     */
    public void visit(BiConsumer<String, H5Object> visitor) {
        try {
            // the start group counts as visited (H5Ovisit does so too): a hard link back to it is not a new object
            java.util.Set<Object> seen = new java.util.HashSet<>();
            seen.add(node.identity());
            visit(this, "", visitor, seen);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** A group being visited: its path relative to the start and the links still to visit. */
    private record Level(Group group, String prefix, java.util.Iterator<LinkEntry> links) {
    }

    // depth first with a stack of its own, not the thread's: a file may nest groups thousands deep
    // (libhdf5's H5Ovisit goes down them all), deeper than a recursive walk's stack would reach
    private void visit(Group start, String startPrefix, BiConsumer<String, H5Object> visitor, java.util.Set<Object> seen) {
        java.util.ArrayDeque<Level> stack = new java.util.ArrayDeque<>();
        stack.push(new Level(start, startPrefix, start.groupNode().links().iterator()));
        while (!stack.isEmpty()) {
            Level level = stack.peek();
            if (!level.links().hasNext()) {
                stack.pop();
                continue;
            }
            LinkEntry e = level.links().next();
            if (e.kind() != LinkEntry.Kind.HARD) continue;
            Group g = level.group();
            H5Object child;
            try {
                child = g.get(e.name());
            } catch (NoSuchObjectException dangling) {
                continue;
            }
            if (!seen.add(child.node.identity())) continue;
            String prefix = level.prefix();
            String rel = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
            visitor.accept(rel, child);
            if (child instanceof Group sub) stack.push(new Level(sub, rel, sub.groupNode().links().iterator()));
        }
    }

    private ObjectNode resolve(String path) {
        return node.file().resolve(groupNode(), path);
    }

    /** The object following {@code path} reaches, or null when it reaches none (a dangling link included). */
    private H5Object find(String path) {
        try {
            return wrap(file, resolve(path));
        } catch (org.h5vds.node.NoSuchObjectException e) {
            return null;
        }
    }

    /** The error for asking {@code path}'s object {@code o} to be a {@code wanted} ("dataset", "group"). */
    private IllegalArgumentException notA(H5Object o, String wanted) {
        return new IllegalArgumentException(fileName() + ": " + o.path() + " is a " + kindName(o) + ", not a " + wanted);
    }

    static String kindName(H5Object o) {
        return o instanceof Group ? "group" : o instanceof Dataset ? "dataset" : "datatype";
    }
}
