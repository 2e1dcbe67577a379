package org.h5vds.api;

import java.util.Objects;
import java.util.Optional;
import org.h5vds.select.All;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.IndexExpression;
import org.h5vds.select.Selection;
import org.h5vds.vds.SourceName;

/**
 * A source of a virtual dataset, like h5py's {@code VirtualSource}: a dataset in a file — which
 * need not exist yet — and the part of it a mapping takes. Make one for the whole dataset, slice
 * it once to take a part, and assign it to a {@link VirtualLayout}:
 *
 * <pre>{@code
 * VirtualSource src = new VirtualSource("raw_1.h5", "data", Shape.of(100, 256, 256));
 * layout.set("0:50", src.slice("0:100:2"));        // h5py: layout[0:50] = src[0:100:2]
 * VirtualSource same = VirtualSource.of(dataset);   // file, name, shape, dtype, maxshape of an open dataset
 * }</pre>
 *
 * Parameters, as h5py takes them:
 * <ul>
 *   <li>{@code file}: the source file's name as the virtual dataset stores it. A relative name is
 *       looked for (when the virtual dataset is read) in the virtual file's folder, then in the
 *       working directory; {@code "."} is the virtual file itself. The name is a libhdf5 name
 *       template: {@code %b} stands for the block number of a printf mapping and {@code %%} for a
 *       percent sign; any other {@code %} is refused — {@link #escape} a plain name that has one.</li>
 *   <li>{@code dataset}: the source dataset's path in that file (a template too).</li>
 *   <li>{@code shape}: the source dataset's shape; the mapping is checked against it.</li>
 *   <li>{@code dtype}, {@code maxShape}: kept for reference, as h5py keeps them (the virtual
 *       dataset converts from whatever type the source has when it is read).</li>
 * </ul>
 * Immutable; {@link #slice} returns a new source.
 */
public final class VirtualSource {
    /**
     * The dataset taken from, shared by a whole source and its slices: a layout of 100,000
     * mappings makes as many slices, each of which would otherwise carry these five fields too (a
     * fresh JVM pays for every page of memory it touches).
     */
    private static final class Origin {
        final String file;
        final String dataset;
        final Shape shape;
        final DType dtype;
        final Shape maxShape;

        Origin(String file, String dataset, Shape shape, DType dtype, Shape maxShape) {
            this.file = file;
            this.dataset = dataset;
            this.shape = shape;
            this.dtype = dtype;
            this.maxShape = maxShape;
        }
    }

    private final Origin origin;
    /** Null for a source sliced to one element until asked for (see {@link #point}). */
    private Selection selection;
    private final Shape shape;
    private final Index key;
    /**
     * For a source sliced to one element by integers: the element's position on each axis (negative
     * positions counted from the end already); else null. The layout stores it as it is.
     */
    private final long[] point;

    /**
     * The whole of dataset {@code dataset} of shape {@code shape} in {@code file}.
     *
     * @param file the source file's name as stored ({@code "."} for the same file; {@code %b} for printf)
     * @param dataset the source dataset's path in that file
     * @param shape the source dataset's shape
     */
    public VirtualSource(String file, String dataset, Shape shape) {
        this(file, dataset, shape, null, null);
    }

    /**
     * The whole of a dataset, with its dtype (null when unknown) and maximum shape (null: the shape;
     * {@link Shape#UNLIMITED} on axes that may grow).
     *
     * @param file the source file's name as stored ({@code "."} for the same file; {@code %b} for printf)
     * @param dataset the source dataset's path in that file
     * @param shape the source dataset's shape
     * @param dtype the source's dtype, or null when unknown
     * @param maxShape the source's maximum shape, or null for {@code shape}
     * @throws IllegalArgumentException for an empty name, a name with a {@code %} other than
     *                                  {@code %b} or {@code %%}, an unlimited axis in the shape, or a
     *                                  maximum shape of another rank or below the shape
     */
    public VirtualSource(String file, String dataset, Shape shape, DType dtype, Shape maxShape) {
        try {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(shape, "shape");
            String what = "VirtualSource(" + file + ", " + dataset + ")";
            if (file.isEmpty()) throw new IllegalArgumentException(what + ": the file name is empty (\".\" names the virtual file itself)");
            if (dataset.isEmpty()) throw new IllegalArgumentException(what + ": the dataset name is empty");
            checkName(what, "file", file);
            checkName(what, "dataset", dataset);
            if (shape.isUnlimited()) {
                throw new IllegalArgumentException(what + ": shape " + shape + " has an unlimited axis; give the current shape, and "
                        + "Shape.UNLIMITED in maxShape");
            }
            if (maxShape != null) {
                if (maxShape.rank() != shape.rank()) {
                    throw new IllegalArgumentException(what + ": maximum shape " + maxShape + " has rank " + maxShape.rank() + ", the shape "
                            + shape + " rank " + shape.rank());
                }
                for (int d = 0; d < shape.rank(); d++) {
                    if (maxShape.get(d) != Shape.UNLIMITED && maxShape.get(d) < shape.get(d)) {
                        throw new IllegalArgumentException(what + ": axis " + d + " of the maximum shape " + maxShape + " is below the shape " + shape);
                    }
                }
            }
            this.origin = new Origin(file, dataset, shape, dtype, maxShape == null ? shape : maxShape);
            this.selection = new All(shape.rank());
            this.shape = shape;
            this.key = null;
            this.point = null;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private VirtualSource(VirtualSource whole, Selection selection, Shape shape, Index key, long[] point) {
        this.origin = whole.origin;
        this.selection = selection;
        this.shape = shape;
        this.key = key;
        this.point = point;
    }

    /**
     * The whole of an open dataset (read, or being written),
     * like h5py's {@code VirtualSource(dataset)}: its file's name (as the file was opened, {@code %}
     * escaped), its path, shape, dtype and maximum shape. A dataset of the file the virtual dataset
     * is written to is stored as {@code "."}.
     *
     * @param dataset an open dataset
     * @return a source of the whole dataset
     */
    public static VirtualSource of(Dataset dataset) {
        try {
            Objects.requireNonNull(dataset, "dataset");
            String fileName = dataset.node.file().location();
            return new VirtualSource(escape(fileName), escape(dataset.path()), dataset.shape(), dataset.dtype(), dataset.maxShape());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * A plain name as a name template: every {@code %} doubled, so that it is not read as {@code %b}.
     *
     * @param plainName a file or dataset name to take literally
     * @return the name with every {@code %} doubled
     */
    public static String escape(String plainName) {
        try {
            return SourceName.escape(plainName);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private static void checkName(String what, String which, String name) {
        try {
            SourceName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + which + " name: " + e.getMessage() + " (escape a plain name with VirtualSource.escape)", e);
        }
    }

    /**
     * The part of the dataset an index selects, like h5py's {@code source[index]}: NumPy basic
     * indexing plus increasing index lists, {@code MultiBlockSlice} and {@code start:UNLIMITED}.
     *
     * @param index the source's part, in the source dataset's axes
     * @return a new source selecting that part
     * @throws IllegalStateException     when this source is already sliced (as h5py 2.x raised; h5py
     *                                   3.7 instead slices the slice's shape from the start of the
     *                                   dataset, which maps the wrong elements)
     * @throws IndexOutOfBoundsException when an integer or list index lies outside its axis
     * @throws IllegalArgumentException  for any other index the shape does not admit
     */
    public VirtualSource slice(Index index) {
        try {
            Objects.requireNonNull(index, "index");
            if (key != null) throw new IllegalStateException("VirtualSource objects can only be sliced once. (" + this + " is sliced already)");
            Shape datasetShape = origin.shape;
            long[] at = datasetShape.elementAt(index.positions());
            if (at != null) return new VirtualSource(this, null, Shape.SCALAR, index, at);
            IndexExpression.Resolved r;
            try {
                r = index.expression().resolve(datasetShape.toArray());
            } catch (IndexOutOfBoundsException e) {
                throw new IndexOutOfBoundsException(origin.file + ":" + origin.dataset + "[" + index + "]: " + e.getMessage() + " in shape " + datasetShape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(origin.file + ":" + origin.dataset + "[" + index + "]: " + e.getMessage() + " (shape " + datasetShape + ")", e);
            }
            return new VirtualSource(this, r.storedSelection(), Shape.of(r.shape()), index, null);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@link #slice(Index)} of an index written as text, e.g. {@code "0:100:2"} or {@code "3, :, ::2"}.
     *
     * @param index NumPy indexing, as h5py takes it in {@code source[...]}
     * @return a new source selecting that part
     */
    public VirtualSource slice(String index) {
        try {
            return slice(Index.parse(index));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The file name as the mapping stores it.
     *
     * @return the file name, printf template or {@code "."}
     */
    public String fileName() {
        return origin.file;
    }

    /**
     * The dataset path as the mapping stores it.
     *
     * @return the source dataset's path
     */
    public String datasetName() {
        return origin.dataset;
    }

    /**
     * The shape of what this source selects (h5py's {@code shape}): the dataset's shape when not
     * sliced; axes indexed by an integer dropped; {@link Shape#UNLIMITED} along an unlimited slice.
     *
     * @return the selected part's shape
     */
    public Shape shape() {
        return shape;
    }

    /**
     * The shape of the whole source dataset.
     *
     * @return the source dataset's shape
     */
    public Shape datasetShape() {
        return origin.shape;
    }

    /**
     * The maximum shape given (the shape when none was).
     *
     * @return the maximum shape
     */
    public Shape maxShape() {
        return origin.maxShape;
    }

    /**
     * The dtype given, if any.
     *
     * @return the dtype, or empty when none was given
     */
    public Optional<DType> dtype() {
        try {
            return Optional.ofNullable(origin.dtype);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether {@link #slice} made this source.
     *
     * @return true for a sliced source
     */
    public boolean isSliced() {
        return key != null;
    }

    /**
     * The selection stored for the source: ALL when not sliced (as h5py stores it), else the hyperslab.
     *
     * @return the source selection
     */
    public Region selection() {
        try {
            return new Region(storedSelection());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** The stored selection, for the layout. */
    Selection storedSelection() {
        Selection s = selection;
        // what resolving the integers gives (IndexExpression.resolve): one single-element block per
        // axis; made at most a few times by racing threads, each time equal and immutable
        if (s == null) selection = s = Hyperslab.element(point);
        return s;
    }

    /** The element a source sliced by integers selects (see {@link #point}; not to be changed), or null. */
    long[] point() {
        return point;
    }

    /** {@code file:dataset} or {@code file:dataset[index]}. */
    @Override
    public String toString() {
        return origin.file + ":" + origin.dataset + (key == null ? "" : "[" + key + "]");
    }
}
