package org.h5vds.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.h5vds.select.IndexExpression;
import org.h5vds.vds.LayoutMappings;
import org.h5vds.vds.MappingRules;
import org.h5vds.vds.SourceName;
import org.h5vds.vds.VirtualMapping;

/**
 * The plan of a virtual dataset, like h5py's {@code VirtualLayout}: its shape, dtype and maximum
 * shape, and the mappings that say which elements come from which {@link VirtualSource}. Build
 * it, then write it with {@link Group#createVirtualDataset}:
 *
 * <pre>{@code
 * VirtualLayout layout = new VirtualLayout(Shape.of(4, 100), DType.INT32);
 * for (int n = 1; n <= 4; n++)
 *     layout.set(Index.of(Index.at(n - 1)), new VirtualSource(n + ".h5", "data", Shape.of(100)));   // layout[n - 1] = src
 * try (H5File f = H5File.create(Path.of("VDS.h5"))) {
 *     f.createVirtualDataset("data", layout, -5);
 * }
 * }</pre>
 *
 * Parameters, as h5py takes them:
 * <ul>
 *   <li>{@code shape}: the virtual dataset's shape ({@link Shape#SCALAR} for a scalar);</li>
 *   <li>{@code dtype}: what the virtual dataset reads as; sources of other numeric types are
 *       converted when read, as libhdf5 converts;</li>
 *   <li>{@code maxShape}: how far it may grow, {@link Shape#UNLIMITED} on axes where unlimited or
 *       printf mappings extend it (null: the shape).</li>
 * </ul>
 * Each mapping is checked when it is added, against what libhdf5 accepts and can read (see
 * the engine's {@code MappingRules}); an {@link InvalidMappingException} names the
 * mapping, the axis and the values. Where mappings overlap, the later one wins when read. A
 * layout is a builder: not for use by several threads at once.
 */
public final class VirtualLayout {
    private final Shape shape;
    private final DType dtype;
    private final Shape maxShape;
    /** Kept compactly: a layout of 100,000 mappings would otherwise hold some 30 MB of selection objects. */
    private final LayoutMappings mappings = new LayoutMappings();
    /** Source names parsed for %b so far, each once. */
    private final java.util.Map<String, SourceName> parsedNames = new java.util.HashMap<>();
    /** The shape as an array, made once for the checks of every mapping. */
    private long[] dims;
    /** The source names last found plain by {@link #plainNames} (compared by identity). */
    private String plainFile;
    private String plainDataset;

    /**
     * A layout of {@code shape} and {@code dtype} that does not grow.
     *
     * @param shape the virtual dataset's shape, without unlimited axes
     * @param dtype the virtual dataset's element type
     */
    public VirtualLayout(Shape shape, DType dtype) {
        this(shape, dtype, null);
    }

    /**
     * @param shape the virtual dataset's current shape, without unlimited axes
     * @param dtype the virtual dataset's element type
     * @param maxShape the maximum shape ({@link Shape#UNLIMITED} allowed), or null for {@code shape}
     * @throws IllegalArgumentException when the shape has an unlimited axis, or the maximum shape has
     *                                  another rank or is below the shape
     */
    public VirtualLayout(Shape shape, DType dtype, Shape maxShape) {
        try {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(dtype, "dtype");
            if (shape.isUnlimited()) {
                throw new IllegalArgumentException("VirtualLayout: shape " + shape + " has an unlimited axis; give the current shape, and "
                        + "Shape.UNLIMITED in maxShape");
            }
            if (maxShape != null) {
                if (maxShape.rank() != shape.rank()) {
                    throw new IllegalArgumentException("VirtualLayout: maximum shape " + maxShape + " has rank " + maxShape.rank() + ", the shape "
                            + shape + " rank " + shape.rank());
                }
                for (int d = 0; d < shape.rank(); d++) {
                    if (maxShape.get(d) != Shape.UNLIMITED && maxShape.get(d) < shape.get(d)) {
                        throw new IllegalArgumentException("VirtualLayout: axis " + d + " of the maximum shape " + maxShape + " is below the shape " + shape);
                    }
                }
            }
            this.shape = shape;
            this.dtype = dtype;
            this.maxShape = maxShape == null ? shape : maxShape;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Maps {@code source} (whole, or as sliced) to the elements {@code key} selects, like h5py's
     * {@code layout[key] = source}. The key follows NumPy basic indexing with h5py's extras:
     * integers (negative from the end), {@code start:stop:step}, {@code ...}, increasing index
     * lists, {@code MultiBlockSlice} and {@code start:UNLIMITED}. Both sides must select the same
     * number of elements (shapes may differ: elements pair in C order).
     *
     * @param key the virtual dataset's elements to fill
     * @param source the source, whole or sliced, with as many elements as {@code key} selects
     * @return this layout
     * @throws InvalidMappingException when the key does not fit the shape or the
     *                                               mapping breaks a rule of libhdf5
     */
    public VirtualLayout set(Index key, VirtualSource source) {
        try {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(source, "source");
            if (addElement(key, source)) return this;
            java.util.function.Supplier<String> name = () -> "layout[" + key + "] = " + source;
            IndexExpression.Resolved r;
            try {
                if (dims == null) dims = shape.toArray();
                r = key.expression().resolve(dims);
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                int axis = e instanceof org.h5vds.select.AxisIndexOutOfBoundsException a ? a.axis()
                        : e instanceof org.h5vds.select.InvalidIndexException i ? i.axis() : -1;
                throw new org.h5vds.vds.InvalidMappingException(name.get(), axis, e.getMessage() + " (layout shape " + shape + ")", e);
            }
            add(new VirtualMapping(source.fileName(), source.datasetName(), source.storedSelection(), r.storedSelection()),
                    source.datasetShape().toArray(), name);
            return this;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@link #set(Index, VirtualSource)} with the key written as text, e.g. {@code "0, :50"} or {@code "1:79:4"}.
     *
     * @param key NumPy indexing, as h5py takes it in {@code layout[...]}
     * @param source the source, whole or sliced, with as many elements as {@code key} selects
     * @return this layout
     */
    public VirtualLayout set(String key, VirtualSource source) {
        try {
            Objects.requireNonNull(key, "key");
            Index index;
            try {
                index = Index.parse(key);
            } catch (IllegalArgumentException e) {
                throw new org.h5vds.vds.InvalidMappingException("layout[" + key + "] = " + source, -1, e.getMessage(), e);
            }
            return set(index, source);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Maps the elements {@code source} of dataset {@code dataset} in {@code file} to the elements
     * {@code virtual} of this layout, as libhdf5's {@code H5Pset_virtual} does (names are name
     * templates, see {@link VirtualSource}). The source's shape is not known here, so its selection
     * must say which elements it takes (ALL needs {@link #map(Region, String, String, Region, Shape)}).
     *
     * @param virtual the elements of this layout to fill
     * @param file the source file's name template ({@code "."} for the same file)
     * @param dataset the source dataset's name template
     * @param source the source elements, as many as {@code virtual} has
     * @return this layout
     * @throws InvalidMappingException when the mapping breaks a rule of libhdf5
     */
    public VirtualLayout map(Region virtual, String file, String dataset, Region source) {
        try {
            return map(virtual, file, dataset, source, null);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * As {@link #map(Region, String, String, Region)}, with the source's shape to check the source selection against (null: unknown).
     *
     * @param virtual the elements of this layout to fill
     * @param file the source file's name template ({@code "."} for the same file)
     * @param dataset the source dataset's name template
     * @param source the source elements, as many as {@code virtual} has
     * @param sourceShape the source dataset's shape, or null when unknown
     * @return this layout
     */
    public VirtualLayout map(Region virtual, String file, String dataset, Region source, Shape sourceShape) {
        try {
            Objects.requireNonNull(virtual, "virtual");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(source, "source");
            int position = mappings.size();
            java.util.function.Supplier<String> name = () -> "mapping " + position + " (" + virtual + " <- " + file + ":" + dataset
                    + source + ")";
            VirtualMapping m;
            try {
                m = new VirtualMapping(file, dataset, source.selection(), virtual.selection());
            } catch (IllegalArgumentException e) {
                throw new org.h5vds.vds.InvalidMappingException(name.get(), -1, e.getMessage(), e);
            }
            add(m, sourceShape == null ? null : sourceShape.toArray(), name);
            return this;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@code layout[i, j] = source[k]}, one element to one element, both by integers inside their
     * shapes, names without {@code %b}: every rule holds (one element each side, inside both
     * spaces), so the mapping is stored as its coordinates, with no selection objects. False, having
     * added nothing, for any other mapping, which the general way resolves, checks and stores.
     */
    private boolean addElement(Index key, VirtualSource source) {
        long[] from = source.point();
        if (from == null) return false;
        long[] to = shape.elementAt(key.positions());
        return to != null && plainNames(source) && mappings.addElement(source.fileName(), source.datasetName(), from, to);
    }

    /**
     * Whether the source's names are ones a bounded mapping may store (no NUL, a valid template
     * without {@code %b}); the last names found so are remembered, so a layout of many mappings of
     * one source checks them once.
     */
    private boolean plainNames(VirtualSource source) {
        String file = source.fileName();
        String dataset = source.datasetName();
        if (file == plainFile && dataset == plainDataset) return true;
        if (!isPlain(file) || !isPlain(dataset)) return false;
        plainFile = file;
        plainDataset = dataset;
        return true;
    }

    private boolean isPlain(String name) {
        if (name.indexOf('\0') >= 0) return false;
        SourceName parsed = parsedNames.get(name);
        if (parsed == null) {
            try {
                parsed = SourceName.parse(name);
            } catch (IllegalArgumentException e) {
                return false;
            }
            parsedNames.put(name, parsed);
        }
        return !parsed.isPrintf();
    }

    private void add(VirtualMapping m, long[] sourceDims, java.util.function.Supplier<String> name) {
        if (dims == null) dims = shape.toArray();
        MappingRules.check(m, dims, sourceDims, name, parsedNames);
        mappings.add(m);
    }

    /** @return the virtual dataset's shape */
    public Shape shape() {
        return shape;
    }

    /** @return the virtual dataset's type */
    public DType dtype() {
        return dtype;
    }

    /** @return the virtual dataset's maximum shape */
    public Shape maxShape() {
        return maxShape;
    }

    /**
     * The mappings so far, in order, as {@link Dataset#virtualSources()} will list them (before "." replaces the file's own name).
     *
     * @return a copy of the mappings, in the order added
     */
    public List<VirtualSourceInfo> mappings() {
        try {
            List<VirtualSourceInfo> out = new ArrayList<>(mappings.size());
            for (VirtualMapping m : mappings.asList()) out.add(new VirtualSourceInfo(new Region(m.virtualSelection()), m.sourceFileName(), m.sourceDatasetName(),
                    new Region(m.sourceSelection())));
            return out;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Number of mappings so far.
     *
     * @return the number of mappings
     */
    public int size() {
        try {
            return mappings.size();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The mappings as stored in {@code target}: a source naming that file is stored as {@code "."}
     * (h5py's rule, so that the file can be renamed), a source naming it being the same path
     * string or the same absolute path.
     */
    LayoutMappings mappingsFor(Path target) {
        String targetName = target.toString();
        Path targetPath = target.toAbsolutePath().normalize();
        // (an anonymous class, not a lambda: a call site costs 1-2 ms to link the first time in a fresh JVM)
        return mappings.withFileNames(new java.util.function.UnaryOperator<String>() {
            @Override
            public String apply(String n) {
                return sameFile(n, targetName, targetPath) ? VirtualMapping.SAME_FILE : n;
            }
        });
    }

    private static boolean sameFile(String stored, String targetName, Path targetPath) {
        if (stored.equals(VirtualMapping.SAME_FILE)) return false;
        SourceName parsed = SourceName.parse(stored);
        if (parsed.isPrintf()) return false;
        String plain = parsed.literal();
        if (plain.equals(targetName)) return true;
        try {
            return Path.of(plain).toAbsolutePath().normalize().equals(targetPath);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        try {
            return "VirtualLayout[" + shape + ", " + dtype + (maxShape.equals(shape) ? "" : ", max " + maxShape) + ", " + mappings.size() + " mappings]";
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }
}
