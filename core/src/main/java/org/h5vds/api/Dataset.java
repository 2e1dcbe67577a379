package org.h5vds.api;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h5vds.filter.FilterRegistry;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.node.DatasetNode;
import org.h5vds.select.DimSet;
import org.h5vds.select.IndexExpression;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;
import org.h5vds.format.message.Datatype;
import org.h5vds.storage.Conversions;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.LayoutReader;
import org.h5vds.storage.ObjectTable;
import org.h5vds.storage.ReadTarget;
import org.h5vds.vds.VirtualMapping;
import org.h5vds.vds.VirtualReader;

/**
 * A dataset, like h5py's {@code Dataset}: shape, dtype, storage properties, attributes, and reads
 * of any NumPy basic index. Reads are safe from many threads at once and run their chunks in
 * parallel.
 *
 * <p>A dataset of a file open for writing (new, or opened with r+ or a) takes {@link #write}s of
 * any basic index, {@link #append}s along axis 0 and {@link #resize}s of its unlimited axes, and
 * reads back what was written.
 */
public final class Dataset extends H5Object {
    /** How the elements are stored. */
    public enum Layout {
        /** In the object header, for small datasets. */
        COMPACT,
        /** One block in the file. */
        CONTIGUOUS,
        /** Chunks found through an index, each filtered on its own. */
        CHUNKED,
        /** Mapped from other datasets (a VDS). */
        VIRTUAL
    }

    /** One filter of the chunk pipeline: its id, name and the client data stored with it. */
    public record Filter(int id, String name, int[] clientData, boolean optional) {
        @Override
        public String toString() {
            return name + "(" + id + ")";
        }
    }

    /** The dataset as last {@link #refresh()}ed, or null before: then {@code node}. */
    private volatile DatasetNode refreshed;

    Dataset(H5File file, DatasetNode node) {
        super(file, node);
    }

    DatasetNode datasetNode() {
        DatasetNode r = refreshed;
        return r != null ? r : (DatasetNode) node;
    }

    @Override
    org.h5vds.node.ObjectNode currentNode() {
        return datasetNode();
    }

    private DatasetNode writable() {
        node.file().requireWritable(path());
        return datasetNode();
    }

    /**
     * The current shape; {@code ()} for a scalar dataset. For a virtual dataset with unlimited
     * mappings, the extent computed from its sources (see {@link #refresh()}).
     *
     * @return the current shape, never null
     */
    public Shape shape() {
        try {
            return Shape.of(currentDims());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The maximum shape, {@link Shape#UNLIMITED} along unlimited axes (h5py's {@code maxshape}).
     *
     * @return the maximum shape; equal to {@link #shape()} for a dataset that cannot grow
     */
    public Shape maxShape() {
        try {
            return Shape.of(datasetNode().maxDims());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The number of axes ({@code ndim}).
     *
     * @return 0 for a scalar or null dataspace
     */
    public int rank() {
        try {
            return datasetNode().dims().length;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Number of elements.
     *
     * @return the product of the shape's axis lengths (1 for a scalar)
     */
    public long size() {
        try {
            long n = 1;
            for (long d : currentDims()) n = Math.multiplyExact(n, d);
            return n;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * True for a scalar dataspace.
     *
     * @return true if the dataset holds one element and has no axes
     */
    public boolean isScalar() {
        try {
            return datasetNode().dataspace().kind() == Dataspace.Kind.SCALAR;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * True for a null dataspace: a dataset with no elements at all (h5py's {@code Empty}).
     *
     * @return true for a null dataspace
     */
    public boolean isNull() {
        try {
            return datasetNode().dataspace().kind() == Dataspace.Kind.NULL;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The element type as h5py gives it ({@code Dataset.dtype}): what {@link #read} returns. For a
     * dataset of an array type, the subarray type (reads append its dimensions to the shape).
     *
     * @return the dtype {@link #read} results have
     * @throws H5Exception for a type NumPy has no dtype of (HDF5's time class), naming the dataset
     */
    public DType dtype() {
        try {
            return typing().dtype;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** The dtype and memory form of the stored type, worked out once per decoded header. */
    private Typing typing() {
        try {
            return datasetNode().typeDerived(Typing.class, Typing.OF);
        } catch (StoredTypes.NoDtypeException e) {
            Datatype stored = storedType();
            throw noDtype(where(), stored, e);
        }
    }

    static DType dtypeOf(Datatype stored, java.util.function.Supplier<String> where) {
        try {
            return StoredTypes.dtypeOf(stored);
        } catch (StoredTypes.NoDtypeException e) {
            throw noDtype(where.get(), stored, e);
        }
    }

    private static H5Exception noDtype(String where, Datatype stored, StoredTypes.NoDtypeException e) {
        return new H5Exception(where + ": datatype " + StoredTypes.describe(stored) + " cannot be read: " + e.getMessage());
    }

    /**
     * A short description of the stored type, as {@code h5vds ls} shows it (e.g. {@code compound{x: <i4, y: <f8}}, {@code |S5 space-padded}).
     *
     * @return a one-line description of the stored type
     */
    public String typeDescription() {
        try {
            return StoredTypes.describe(storedType());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private Datatype storedType() {
        return datasetNode().datatype();
    }

    private String where() {
        return fileName() + ": " + path();
    }

    /**
     * How the elements are stored.
     *
     * @return compact, contiguous, chunked or virtual
     */
    public Layout layout() {
        try {
            return Layout.valueOf(datasetNode().layoutClass().name());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether this is a virtual dataset (h5py's {@code is_virtual}).
     *
     * @return true for a VDS
     */
    public boolean isVirtual() {
        try {
            return datasetNode().isVirtual();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The chunk shape (h5py's {@code chunks}), or empty when the dataset is not chunked.
     *
     * @return the chunk shape, or empty for a contiguous, compact or virtual dataset
     */
    public Optional<Shape> chunks() {
        try {
            long[] c = datasetNode().chunkDims();
            return c == null ? Optional.empty() : Optional.of(Shape.of(c));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The filter pipeline in the order filters are applied when writing.
     *
     * @return the filters, first applied first; empty when none
     */
    public List<Filter> filters() {
        try {
            FilterPipelineMessage p = datasetNode().filters();
            List<Filter> out = new ArrayList<>();
            if (p == null) return out;
            for (FilterPipelineMessage.Filter f : p.filters()) {
                String name = f.name() != null && !f.name().isEmpty() ? f.name() : FilterRegistry.commonName(f.id());
                out.add(new Filter(f.id(), name, f.clientData(), f.isOptional()));
            }
            return out;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The fill value (h5py's {@code fillvalue}): what unwritten elements read as, 0 when the file
     * sets none, as a 0-d array of the dataset's dtype. (A dataset whose fill time is never,
     * {@code H5Pset_fill_time(H5D_FILL_TIME_NEVER)}, keeps its fill value as a property only: as
     * with libhdf5, storage never written reads as zeros.)
     *
     * @return a 0-d array of the dataset's dtype
     */
    public NdArray fillValue() {
        try {
            return fillArray(datasetNode().fillValue());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** What storage never written reads as: {@link #fillValue()}, or zeros when the fill time is never. */
    NdArray unwrittenValue() {
        try {
            return fillArray(datasetNode().unwrittenValue());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private NdArray fillArray(byte[] v) {
        DType d = dtype();
        if (v == null) return NdArray.zeros(d);
        return converted(v, storedType(), d, new long[0], datasetNode().file().objects());
    }

    /** {@code count} stored elements converted to {@code d} (the memory form). */
    private NdArray converted(byte[] stored, Datatype type, DType d, long[] shape, org.h5vds.storage.FileObjects objects) {
        Datatype memory = StoredTypes.memoryTypeOf(d);
        long n = 1;
        for (long x : shape) n *= x;
        ObjectTable table = d.hasObjects() ? new ObjectTable(n) : null;
        byte[] out = new byte[Math.toIntExact(n * memory.size())];
        ElementConverter c = objects == null ? Conversions.between(type, memory) : Conversions.reading(type, memory, objects, table, new Values(file));
        c.convert(stored, 0, out, 0, (int) n);
        return NdArray.internal(d, shape, ByteBuffer.wrap(out), table);
    }

    /**
     * Reads every element.
     *
     * @return all elements, in the dataset's shape, dtype and byte order
     */
    public NdArray read() {
        try {
            return read(Index.ALL);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Reads a NumPy basic index given as text, e.g. {@code "1:3, ::2"}, {@code "-1"}, {@code "..., 0"};
     * {@code ""} and {@code "()"} read everything, as h5py's {@code dset[()]}.
     *
     * @param index NumPy basic indexing as h5py takes it in {@code dset[...]}
     * @return the selected elements
     * @throws IndexSyntaxException if the text is not a basic index
     */
    public NdArray read(String index) {
        try {
            return read(Index.parse(index));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Reads the elements an index selects, in the dataset's dtype and byte order.
     *
     * @param index the selection, such as {@code Index.parse("0:10, ::2")}
     * @return the selected elements in the shape NumPy's indexing gives
     */
    public NdArray read(Index index) {
        try {
            return read(index, 0, Long.MAX_VALUE);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Reads part of what an index selects: the positions {@code [from, to)} along the first axis
     * of the result (NumPy's {@code dset[index][from:to]}, without reading the rest; {@code to} is
     * clipped to the result's length). A selection too large for one array (2 GiB) is read this
     * way in pieces.
     *
     * @param index the selection, such as {@code Index.parse("0:10, ::2")}
     * @param from the first position along the result's axis 0, 0 or more
     * @param to the position after the last one; clipped to the result's length
     * @return the elements of positions {@code [from, to)} of the result
     * @throws IllegalArgumentException when the result has no axes (a single element) or the range is negative
     */
    public NdArray read(Index index, long from, long to) {
        try {
            DType d = dtype();
            Run run = from == 0 && to == Long.MAX_VALUE ? leadingRun(index, d) : null;
            byte[] data = null;
            if (run != null) {
                data = new byte[Math.toIntExact(run.count * d.size())];
                if (readRun(run, data, 0)) return NdArray.internal(d, run.resultShape, ByteBuffer.wrap(data).order(d.order()), null);
            }
            Request q = request(index, from, to);
            if (data == null) data = new byte[Math.toIntExact(q.count() * d.size())];
            ObjectTable table = d.hasObjects() ? new ObjectTable(q.count()) : null;
            if (q.count() > 0) readInto(q.fileSel(), data, 0, false, q.memShape(), table);
            return NdArray.internal(d, q.resultShape(), ByteBuffer.wrap(data).order(d.order()), table);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Reads what {@link #read(Index)} reads into {@code into}, from its position on: the same bytes
     * (the dataset's dtype and byte order, C order of the result's shape), and advances its
     * position past them. A loop reading frame after frame through one buffer allocates nothing
     * per frame, and no result is zeroed before it is filled. Elements no storage holds are
     * written with the fill value like in {@code read}, so what the buffer held before does not
     * show through.
     *
     * @param index the selection, such as {@code Index.parse("7")}
     * @param into the buffer to fill from its position; it needs room for the result's bytes
     * @return the shape of what was read (h5py's {@code dset[index].shape})
     * @throws IllegalArgumentException when {@code into} is read-only or has fewer bytes remaining
     *                                  than the selection needs, or when the dtype holds variable-length
     *                                  data or references (their values live beside the bytes: use
     *                                  {@link #read(Index)}); nothing is written then
     */
    public Shape readInto(Index index, ByteBuffer into) {
        try {
            if (into.isReadOnly()) throw new IllegalArgumentException(path() + ": cannot read into a read-only buffer");
            DType d = dtype();
            if (d.hasObjects()) {
                // variable-length data and references read as values that live beside the bytes (NdArray's table)
                throw new IllegalArgumentException(path() + ": dtype " + d + " holds variable-length data or references, which "
                        + "a buffer cannot carry; read it with read(index)");
            }
            int size = d.size();
            Run run = into.hasArray() ? leadingRun(index, d) : null;
            if (run != null) {
                requireRoom(index, into, run.count * size);
                if (readRun(run, into.array(), into.arrayOffset() + into.position())) {
                    into.position(into.position() + (int) (run.count * size));
                    return Shape.of(run.resultShape);
                }
            }
            Request q = request(index, 0, Long.MAX_VALUE);
            long bytes = q.count() * size;
            requireRoom(index, into, bytes);
            int n = (int) bytes;
            if (n > 0) {
                if (into.hasArray()) {
                    readInto(q.fileSel(), into.array(), into.arrayOffset() + into.position(), true, q.memShape(), null);
                } else {
                    // a direct buffer: the readers write into byte arrays, so the result is read and copied once
                    byte[] data = new byte[n];
                    readInto(q.fileSel(), data, 0, false, q.memShape(), null);
                    into.put(into.position(), data);
                }
                into.position(into.position() + n);
            }
            return Shape.of(q.resultShape());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@link #readInto(Index, ByteBuffer)} of a NumPy basic index given as text, e.g. {@code "7"} for frame 7.
     *
     * @param index NumPy basic indexing as h5py takes it in {@code dset[...]}
     * @param into the buffer to fill from its position; it needs room for the result's bytes
     * @return the shape of what was read
     */
    public Shape readInto(String index, ByteBuffer into) {
        try {
            return readInto(Index.parse(index), into);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private void requireRoom(Index index, ByteBuffer into, long bytes) {
        if (into.remaining() < bytes) {
            throw new IllegalArgumentException(path() + "[" + index + "]: " + bytes + " bytes do not fit the buffer's "
                    + into.remaining() + " remaining");
        }
    }

    /**
     * The elements {@code [first, first + count)} (C order) that an index of integers on the
     * leading axes selects, such as {@code dset[7]}: the trailing axes whole, so one run, shaped
     * {@code resultShape}.
     */
    private record Run(long first, long count, long[] resultShape) {
    }

    /**
     * The run of a frame read ({@code dset[k]}, {@code dset[k, j]}) of a dataset with a simple
     * dataspace, read as stored (no conversion, no variable-length data), for
     * {@link LayoutReader#readRun}: a frame loop then builds no selection. Null for anything
     * else, and for positions outside the shape, which the general path reads or refuses with
     * its messages.
     */
    private Run leadingRun(Index index, DType d) {
        long[] at = index.positions();
        if (at == null || d.hasObjects()) return null;
        DatasetNode n = datasetNode();
        if (n.dataspace().kind() != Dataspace.Kind.SIMPLE || !readsAsStored()) return null;
        long[] dims = currentDims();
        if (at.length > dims.length) return null;
        long first = 0;
        long count = 1;
        try {
            for (int i = 0; i < at.length; i++) {
                long a = at[i] < 0 ? at[i] + dims[i] : at[i];
                if (a < 0 || a >= dims[i]) return null;
                first = Math.addExact(Math.multiplyExact(first, dims[i]), a);
            }
            for (int i = at.length; i < dims.length; i++) count = Math.multiplyExact(count, dims[i]);
            if (Math.multiplyExact(count, (long) d.size()) > NdArray.MAX_BYTES) return null;
            first = Math.multiplyExact(first, count);
        } catch (ArithmeticException e) {
            return null; // sizes beyond 2^63: the general path names them
        }
        return new Run(first, count, Arrays.copyOfRange(dims, at.length, dims.length));
    }

    /** Whether the stored elements read as they are (the memory type equals the stored one). */
    private boolean readsAsStored() {
        return typing().readsAsStored();
    }

    /** {@link LayoutReader#readRun} of the dataset's reader, with the errors named as {@link #readInto(Selection, byte[], int, boolean, long[], ObjectTable)} names them. */
    private boolean readRun(Run run, byte[] out, int offset) {
        if (run.count == 0) return true;
        try {
            return datasetNode().readRun(run.first, run.count, out, offset);
        } catch (org.h5vds.io.H5FormatException e) {
            throw e.inObject(path());
        }
    }

    /** What a read of rows {@code [from, to)} of {@code index} selects in the file and the shapes it reads into. */
    private record Request(ProductSelection fileSel, long[] memShape, long[] resultShape, long count) {
    }

    private Request request(Index index, long from, long to) {
        DType d = dtype();
        if (isNull()) {
            throw new H5Exception(fileName() + ": " + path() + ": dataset has a null dataspace (h5py reads it as Empty)");
        }
        if (from < 0 || to < from) throw new IllegalArgumentException("rows [" + from + ", " + to + ") of a read are not a range");
        long[] dims = currentDims();
        IndexExpression.Resolved r = index.expression().resolve(dims);
        long[] resultShape = r.shape();
        boolean whole = from == 0 && to == Long.MAX_VALUE;
        ProductSelection fileSel;
        long[] memShape;
        if (isScalar()) {
            if (!whole) throw new IllegalArgumentException(path() + ": a scalar dataset reads whole");
            fileSel = Selection.box(new long[] {0}, new long[] {1});
            memShape = new long[] {1};
        } else {
            DimSet[] axes = r.selection().axes();
            if (!whole) {
                int first = firstKeptAxis(r);
                if (first < 0) throw new IllegalArgumentException(path() + "[" + index + "] selects one element; it has no rows to read in parts");
                long n = axes[first].size();
                long end = Math.min(to, n), start = Math.min(from, end);
                axes = axes.clone();
                axes[first] = axes[first].byRank(start, end);
                resultShape = resultShape.clone();
                resultShape[0] = end - start;
            }
            fileSel = Selection.product(axes);
            memShape = new long[axes.length];
            for (int i = 0; i < axes.length; i++) memShape[i] = axes[i].size();
        }
        long count = 1;
        boolean overflow = false;
        for (long m : memShape) {
            // a selection of more than 2^63 elements (libhdf5's own tlayouto.h5 has one) is too large all the
            // same, as NumPy refuses the shape even with an empty axis
            if (m != 0 && count > Long.MAX_VALUE / m) overflow = true;
            count *= m;
        }
        if (overflow || count > Long.MAX_VALUE / Math.max(1, d.size()) || count * d.size() > NdArray.MAX_BYTES) {
            throw new H5Exception(fileName() + ": " + path() + ": selection of " + (overflow ? Shape.format(memShape) : count + " elements ("
                    + count * d.size() + " bytes)") + " is larger than one array can hold (2 GiB); read it in parts with read(index, from, to)");
        }
        return new Request(fileSel, memShape, resultShape, count);
    }

    /** Reads the elements of {@code fileSel} into a dense target of {@code memShape} (from byte {@code base} of {@code data} on; {@code reused}: a caller's buffer, not a fresh array), converting the stored type to the dtype's memory form. */
    private void readInto(Selection fileSel, byte[] data, int base, boolean reused, long[] memShape, ObjectTable table) {
        if (table == null && fileSel instanceof ProductSelection p && memShape.length == p.rank() && !isScalar() && readsAsStored()
                && gridRead(p, data, base)) {
            return; // a small selection of a contiguous dataset, read with no selection pair, target or tasks built
        }
        Typing typing = typing();
        Datatype memory = typing.memory();
        Values values = new Values(file);
        Selection mem = Selection.box(new long[memShape.length], memShape);
        ReadTarget target = new ReadTarget(data, base, memShape, new ReadTarget.Memory(memory, table, values));
        ElementConverter converter;
        if (!typing.dtype.hasObjects() && typing.readsAsStored()) {
            // no strings, sequences or references, so nothing that points into the file: a copy
            converter = ElementConverter.bytes(memory.size());
        } else {
            try {
                converter = Conversions.reading(typing.stored, memory, datasetNode().file().objects(), table, values);
            } catch (ElementConverter.UnsupportedConversionException e) {
                throw new H5Exception(where() + ": " + e.getMessage());
            }
        }
        if (reused && !converter.isIdentity()) {
            // a conversion writes members, not the padding between them: a caller's buffer must not show through it
            java.util.Arrays.fill(data, base, base + Math.toIntExact(mem.count() * memory.size()), (byte) 0);
        }
        try {
            datasetNode().read(new SelectionPair(fileSel, mem), target, converter);
        } catch (org.h5vds.io.H5FormatException e) {
            throw e.inObject(path());
        } catch (ArithmeticException e) {
            // sizes read from the file that overflow a long: name the dataset instead of a bare "long overflow"
            throw new H5Exception(where() + ": the stored layout gives sizes beyond 2^63 while reading (" + e.getMessage() + ")", e);
        }
    }

    /** {@link LayoutReader#readGrid} of the dataset's reader, with the errors named as {@link #readInto(Selection, byte[], int, boolean, long[], ObjectTable)} names them. */
    private boolean gridRead(ProductSelection fileSel, byte[] out, int offset) {
        try {
            return datasetNode().readGrid(fileSel.axes(), out, offset);
        } catch (org.h5vds.io.H5FormatException e) {
            throw e.inObject(path());
        }
    }

    /** The elements a selection (in the dataset's coordinates) picks, in C order, as a 1-D array: a region reference's values. */
    NdArray readSelection(Selection selection) {
        DType d = dtype();
        if (isNull()) throw new H5Exception(where() + ": dataset has a null dataspace");
        Selection s = isScalar() ? Selection.box(new long[] {0}, new long[] {1}) : selection.resolve(currentDims());
        // a region stored in the file may reach past the extent (damage, or a dataset shrunk since):
        // libhdf5 refuses it ("selection + offset not within extent"); read, it would be other bytes
        if (!isScalar() && !s.isEmpty() && !org.h5vds.select.Box.of(currentDims()).contains(s.bounds())) {
            throw new H5Exception(where() + ": the region's elements " + s.bounds() + " reach beyond the dataset's extent "
                    + Arrays.toString(currentDims()));
        }
        long count = s.count();
        long bytes = Math.multiplyExact(count, (long) d.size());
        if (bytes > NdArray.MAX_BYTES) throw new H5Exception(where() + ": a region of " + count + " elements is larger than one array can hold");
        byte[] data = new byte[(int) bytes];
        ObjectTable table = d.hasObjects() ? new ObjectTable(count) : null;
        if (count > 0) readInto(s, data, 0, false, new long[] {count}, table);
        return NdArray.internal(d, new long[] {count}, ByteBuffer.wrap(data).order(d.order()), table);
    }

    /**
     * The elements of {@code fileSel} (dataset coordinates; a scalar is the one element of extent
     * {1}), as stored, dense in C order of {@code memShape}, which holds as many elements.
     */
    byte[] readRaw(ProductSelection fileSel, long[] memShape, int elementSize) {
        long count = 1;
        for (long m : memShape) count = Math.multiplyExact(count, m);
        byte[] data = new byte[Math.toIntExact(Math.multiplyExact(count, (long) elementSize))];
        if (count > 0) {
            Selection mem = Selection.box(new long[memShape.length], memShape);
            ReadTarget target = new ReadTarget(data, memShape, elementSize);
            datasetNode().read(new SelectionPair(fileSel, mem), target, ElementConverter.bytes(elementSize));
        }
        return data;
    }

    /**
     * Cuts the whole of axis 0 into ranges for parallel reads; see {@link #splits(long, long, long)}.
     *
     * @param targetBytes the decoded bytes each range should hold, about
     * @return the range bounds along axis 0, from 0 to the length of axis 0
     */
    public long[] splits(long targetBytes) {
        try {
            return splits(0, isScalar() || isNull() ? 0 : shape().get(0), targetBytes);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Cuts rows {@code [from, to)} of axis 0 into consecutive ranges holding about
     * {@code targetBytes} of decoded data each, for reading in parallel (on many threads or
     * machines); returns their bounds {@code {from, c1, c2, ..., to}} ({@code {from}} alone when
     * the range is empty). Cuts fall where the storage allows a clean split, so that no two
     * ranges decode the same chunk: at chunk boundaries of a chunked dataset, and for a virtual
     * dataset where no mapping spans the cut or where the source rows on either side lie in
     * different source chunks (only the sources of mappings spanning a candidate cut are opened).
     * A range is longer than the target where the nearest clean cut lies beyond it (a chunk
     * larger than the target); a mapping whose rows do not pair with its source's rows in order
     * puts no constraint on the cuts.
     *
     * @param from the first row of axis 0
     * @param to the row after the last one
     * @param targetBytes the decoded bytes each range should hold, about
     * @return the bounds {@code {from, ..., to}}, ascending
     * @throws IllegalArgumentException when the range is not within axis 0 or the target is not positive
     * @throws H5Exception              for a scalar or null dataspace, which has no axis 0
     */
    public long[] splits(long from, long to, long targetBytes) {
        try {
            if (isScalar() || isNull()) throw new H5Exception(node.file().fileName() + ": " + path() + ": a dataset without axes has no rows to split");
            long[] dims = currentDims();
            if (from < 0 || to < from || to > dims[0]) {
                throw new IllegalArgumentException(path() + ": rows [" + from + ", " + to + ") are not within axis 0 of length " + dims[0]);
            }
            if (targetBytes <= 0) throw new IllegalArgumentException("target bytes per range must be positive, got " + targetBytes);
            long rowBytes = datasetNode().elementSize();
            for (int i = 1; i < dims.length; i++) rowBytes = multiplySaturated(rowBytes, dims[i]);
            long targetRows = rowBytes == 0 ? Long.MAX_VALUE : Math.max(1, targetBytes / rowBytes);
            Splits.Cuts cuts;
            if (isVirtual()) {
                org.h5vds.vds.VirtualCuts v = virtualReader().cuts();
                cuts = new Splits.Cuts() {
                    @Override
                    public long atOrBelow(long x) {
                        return v.atOrBelow(x);
                    }

                    @Override
                    public long above(long x) {
                        return v.above(x);
                    }
                };
            } else {
                long[] chunk = datasetNode().chunkDims();
                cuts = chunk != null && chunk.length > 0 && chunk[0] > 1 ? Splits.everyChunk(chunk[0], dims[0]) : Splits.ANY_ROW;
            }
            return Splits.of(from, to, targetRows, cuts);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private static long multiplySaturated(long a, long b) {
        long r = a * b;
        return a != 0 && (r / a != b || r < 0) ? Long.MAX_VALUE : r;
    }

    /**
     * The shape {@code read(index)} returns (h5py's {@code dset[index].shape}), without reading.
     *
     * @param index the selection, such as {@code Index.parse("0:10, ::2")}
     * @return the result's shape
     */
    public Shape shapeOf(Index index) {
        try {
            if (isScalar()) return Shape.SCALAR;
            return Shape.of(index.expression().resolve(currentDims()).shape());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The chunks of this chunked dataset, each as the index of its elements (one {@code start:stop}
     * slice per axis), in C order of the chunk grid: h5py's {@code iter_chunks()}, for reading or
     * writing a large dataset chunk by chunk.
     *
     * @return the chunks' indexes, made as the iteration reaches them
     * @throws IllegalStateException when the dataset is not chunked (h5py: "Chunked dataset required")
     */
    public Iterable<Index> iterChunks() {
        try {
            return iterChunks(Index.of());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@link #iterChunks()} within {@code region}: for each chunk that meets it, the part of the
     * region in that chunk, as h5py's {@code iter_chunks(sel)} gives it. The region is a box: slices
     * of step 1 or single positions on each axis (NumPy's negative and omitted bounds allowed), not
     * empty.
     *
     * @param region the elements to cover, such as {@code Index.parse("100:200, :")}
     * @return the indexes of the region's parts, chunk by chunk, made as the iteration reaches them
     * @throws IllegalStateException when the dataset is not chunked
     * @throws IllegalArgumentException when the region is empty, out of range or not a box of contiguous elements
     */
    public Iterable<Index> iterChunks(Index region) {
        try {
            java.util.Objects.requireNonNull(region, "region");
            Shape chunk = chunks().orElseThrow(() -> new IllegalStateException(fileName() + ": " + path() + ": not chunked; iterChunks needs a chunked dataset"));
            long[] dims = currentDims();
            org.h5vds.select.ProductSelection sel = region.expression().resolve(dims).selection();
            org.h5vds.select.Box box = sel.bounds();
            if (sel.count() == 0) throw new IllegalArgumentException(fileName() + ": " + path() + "[" + region + "]: the region is empty");
            if (sel.count() != box.size()) {
                throw new IllegalArgumentException(fileName() + ": " + path() + "[" + region + "]: the region is not one box of contiguous elements (slices of step 1)");
            }
            long[] size = chunk.toArray();
            return () -> new ChunkRegions(box, size);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@link #iterChunks(Index)} of a region written as text, e.g. {@code "100:200, :"}.
     *
     * @param region NumPy indexing of the elements to cover
     * @return the indexes of the region's parts, chunk by chunk
     */
    public Iterable<Index> iterChunks(String region) {
        try {
            return iterChunks(Index.parse(region));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** The parts of a box in each chunk of a grid it meets, in C order of the grid. */
    private static final class ChunkRegions implements java.util.Iterator<Index> {
        private final org.h5vds.select.Box box;
        private final long[] size;
        /** The grid position of the next chunk; null when done. */
        private long[] at;

        ChunkRegions(org.h5vds.select.Box box, long[] size) {
            this.box = box;
            this.size = size;
            at = new long[box.rank()];
            for (int d = 0; d < at.length; d++) at[d] = box.start(d) / size[d];
        }

        @Override
        public boolean hasNext() {
            return at != null;
        }

        @Override
        public Index next() {
            if (at == null) throw new java.util.NoSuchElementException();
            Index.Item[] items = new Index.Item[at.length];
            for (int d = 0; d < at.length; d++) {
                long from = Math.max(box.start(d), at[d] * size[d]);
                long to = Math.min(box.end(d), (at[d] + 1) * size[d]);
                items[d] = Index.slice(from, to);
            }
            // the next grid position: the last axis first, each axis from the region's first chunk again
            int d = at.length - 1;
            while (d >= 0 && (at[d] + 1) * size[d] >= box.end(d)) {
                at[d] = box.start(d) / size[d];
                d--;
            }
            if (d < 0) at = null;
            else at[d]++;
            return Index.of(items);
        }
    }

    /** The dataset axis that becomes the result's first axis, or -1 when every axis is indexed by an integer. */
    private static int firstKeptAxis(IndexExpression.Resolved r) {
        boolean[] dropped = r.dropped();
        for (int i = 0; i < dropped.length; i++) if (!dropped[i]) return i;
        return -1;
    }

    // ---- storage as it lies in the file (h5py's DatasetID.get_chunk_info and friends) ----------

    /**
     * The number of allocated chunks (h5py's {@code id.get_num_chunks()}); 0 for a dataset that is
     * not chunked. Chunks never written are not allocated and read as the fill value.
     *
     * @return the number of allocated chunks
     */
    public long chunkCount() {
        try {
            long[] n = {0};
            forEachStoredChunk(c -> n[0]++);
            return n[0];
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Every allocated chunk in C order of their offsets, as h5py's {@code id.get_chunk_info(i)} for
     * each {@code i}; empty for a dataset that is not chunked. Walks the whole chunk index.
     *
     * @return the allocated chunks, ordered by offset
     */
    public List<StoredChunk> storedChunks() {
        try {
            List<StoredChunk> out = new ArrayList<>();
            forEachStoredChunk(out::add);
            out.sort((a, b) -> Arrays.compare(a.offset(), b.offset()));
            return out;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Visits every allocated chunk, in the chunk index's order.
     *
     * @param visitor told each allocated chunk's offset, size, filter mask and file address
     */
    public void forEachStoredChunk(java.util.function.Consumer<StoredChunk> visitor) {
        try {
            DatasetNode n = datasetNode();
            org.h5vds.storage.ChunkIndex index = n.chunkIndex();
            if (index == null) return;
            long[] chunk = n.chunkDims();
            if (!n.file().isLive()) {
                index.forEach((scaled, loc) -> visitor.accept(storedChunk(n, scaled, chunk, loc)));
                return;
            }
            // a walk that meets a block the writer is rewriting starts again: the visitor sees each chunk once, after the walk
            List<StoredChunk> all = n.repeatedIfLive(() -> {
                List<StoredChunk> found = new ArrayList<>();
                index.forEach((scaled, loc) -> found.add(storedChunk(n, scaled, chunk, loc)));
                return found;
            });
            all.forEach(visitor);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The chunk whose first element is at {@code offset} (h5py's
     * {@code id.get_chunk_info_by_coord(offset)}), or empty when that chunk was never allocated.
     *
     * @param offset the chunk's first element, one coordinate per axis
     * @return the chunk's description, or empty if it was never written
     * @throws IllegalArgumentException when the dataset is not chunked, or {@code offset} is not a
     *                                  chunk's first element inside the shape
     */
    public java.util.Optional<StoredChunk> storedChunk(long... offset) {
        try {
            DatasetNode n = datasetNode();
            long[] scaled = scaledChunk(n, offset);
            org.h5vds.storage.ChunkLocation loc = n.repeatedIfLive(() -> n.chunkIndex().find(scaled));
            return loc == null ? java.util.Optional.empty() : java.util.Optional.of(storedChunk(n, scaled, n.chunkDims(), loc));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The bytes of the chunk whose first element is at {@code offset} exactly as stored, filters
     * not undone (h5py's {@code id.read_direct_chunk(offset)}; its filter mask is
     * {@link #storedChunk}'s).
     *
     * @param offset the chunk's first element, one coordinate per axis
     * @return a new array of the chunk's stored (compressed) bytes
     * @throws IllegalArgumentException as {@link #storedChunk}, and when that chunk is not allocated
     */
    public byte[] readStoredChunk(long... offset) {
        try {
            DatasetNode n = datasetNode();
            long[] scaled = scaledChunk(n, offset);
            byte[] stored = n.repeatedIfLive(() -> {
                org.h5vds.storage.ChunkLocation loc = n.chunkIndex().find(scaled);
                return loc == null ? null : n.readStoredChunk(loc);
            });
            if (stored == null) {
                throw new IllegalArgumentException(n.file().fileName() + ": " + path() + ": the chunk at " + Shape.format(offset)
                        + " is not allocated (it reads as the fill value)");
            }
            return stored;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Stores {@code data} as the chunk whose first element is at {@code offset}, exactly as given
     * (h5py's {@code id.write_direct_chunk(offset, data)}): bytes a detector or another program
     * already compressed with the dataset's filters go to the file without being decoded and
     * encoded again. Reads decode them as any chunk. Without filters {@code data} is the chunk's
     * elements, the whole chunk in C order and the stored type's byte order.
     *
     * @param offset the chunk's first element, one coordinate per axis, inside the current shape
     * @param data   the chunk as stored: filtered by every filter of the dataset, in order
     * @throws IllegalArgumentException when the dataset is not chunked, {@code offset} is not the
     *                                  first element of a chunk inside the shape, or {@code data}
     *                                  is empty, not a whole chunk without filters, or longer than
     *                                  the chunk index can record
     * @throws IllegalStateException    for a dataset of a file open for reading, or closed
     */
    public void writeStoredChunk(long[] offset, byte[] data) {
        writeStoredChunk(offset, data, 0);
    }

    /**
     * As {@link #writeStoredChunk(long[], byte[])}, for bytes that skipped some of the filters
     * (h5py's {@code filter_mask}): bit i of {@code filterMask} set means filter i of
     * {@link #filters()} was not applied, and reads will not undo it (libhdf5's filter mask, as
     * {@link StoredChunk#filterMask()} reports it).
     *
     * @param offset     the chunk's first element, one coordinate per axis, inside the current shape
     * @param data       the chunk as stored
     * @param filterMask the filters the bytes skipped, bit i for filter i; 0 without filters
     */
    public void writeStoredChunk(long[] offset, byte[] data, int filterMask) {
        try {
            DatasetNode n = writable();
            long[] dims = n.storageDims();
            for (int i = 0; i < Math.min(offset.length, dims.length); i++) {
                if (offset[i] >= dims[i]) {
                    throw new IllegalArgumentException(n.file().fileName() + ": " + path() + ": the chunk at " + Shape.format(offset)
                            + " lies outside the shape " + Shape.format(dims) + "; resize the dataset first");
                }
            }
            long[] scaled = scaledChunk(n, offset);
            n.writeStoredChunk(scaled, java.nio.ByteBuffer.wrap(data), filterMask);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The file offset of a contiguous dataset's elements (h5py's {@code id.get_offset()}), empty
     * when its storage was never allocated or the dataset is not contiguous.
     *
     * @return the byte offset of the data in the file, or empty
     */
    public java.util.OptionalLong dataOffset() {
        try {
            long o = datasetNode().contiguousDataOffset();
            return o < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(o);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private static StoredChunk storedChunk(DatasetNode n, long[] scaled, long[] chunk, org.h5vds.storage.ChunkLocation loc) {
        long[] offset = new long[scaled.length];
        for (int i = 0; i < offset.length; i++) offset[i] = scaled[i] * chunk[i];
        return new StoredChunk(offset, loc.filterMask(), n.absoluteAddress(loc.address()), loc.storedSize());
    }

    private long[] scaledChunk(DatasetNode n, long[] offset) {
        String where = n.file().fileName() + ": " + path();
        long[] chunk = n.chunkDims();
        if (chunk == null) throw new IllegalArgumentException(where + " is not chunked (" + layout().name().toLowerCase() + " layout)");
        long[] dims = n.storageDims();
        if (offset.length != chunk.length) {
            throw new IllegalArgumentException(where + ": chunk offset " + Shape.format(offset) + " has rank " + offset.length + ", the dataset " + chunk.length);
        }
        long[] scaled = new long[offset.length];
        for (int i = 0; i < offset.length; i++) {
            if (offset[i] < 0 || offset[i] >= Math.max(1, dims[i]) || offset[i] % chunk[i] != 0) {
                throw new IllegalArgumentException(where + ": " + offset[i] + " on axis " + i + " is not the first element of a chunk (chunk shape "
                        + Shape.format(chunk) + ", shape " + Shape.format(dims) + ")");
            }
            scaled[i] = offset[i] / chunk[i];
        }
        return scaled;
    }

    // ---- copying into real data ------------------------------------------------------------------

    /**
     * The storage {@link #materialize} gives a copy of what {@code index} selects when no storage
     * is asked for. A virtual dataset's copy is chunked like its sources when all of them are
     * chunked alike (their chunk shape seen in this dataset's axes), else in frames (one index of
     * axis 0 and the rest whole, cut to at most 16 MiB), and filtered as its sources when they all
     * use the same filters; a plain dataset's copy is stored as the dataset is. Either keeps the
     * fill value, and the maximum shape when the whole dataset is copied.
     *
     * @param index the selection to copy; {@link Index#ALL} for the whole dataset
     * @return the layout, chunk shape, filters, fill value and maximum shape of the copy
     */
    public StoragePlan materializeStorage(Index index) {
        try {
            return Materializer.naturalStorage(this, java.util.Objects.requireNonNull(index, "index"));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Copies the whole dataset into a new dataset {@code path} of {@code target}; see {@link #materialize(Group, String, MaterializeOptions)}.
     *
     * @param target a group of a file being written
     * @param path the copy's path in {@code target}
     * @return the new dataset
     */
    public Dataset materialize(Group target, String path) {
        try {
            return materialize(target, path, MaterializeOptions.defaults());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Copies this dataset's values — a virtual dataset's as read, its sources resolved with the
     * options this file was opened with — into a new dataset {@code path} of {@code target}, a
     * group of a file being written (groups on the path are made): the same dtype, the shape of
     * the selection, stored as {@code options} say (by default {@link #materializeStorage}), with
     * this dataset's fill value and attributes (in their creation order where this dataset tracks it). Streams in slabs of whole chunks, reading the next
     * slab while the last is compressed and written, so memory stays bounded whatever the size.
     *
     * @param target a group of a file being written
     * @param path the copy's path in {@code target}
     * @param options what to copy (selection), how to store it, and progress reports
     * @return the new dataset (its chunks and filters say how it was stored)
     * @throws IllegalStateException when {@code target} is not in a file being written
     */
    public Dataset materialize(Group target, String path, MaterializeOptions options) {
        try {
            java.util.Objects.requireNonNull(target, "target");
            java.util.Objects.requireNonNull(options, "options");
            if (!target.isWritable()) {
                throw new IllegalStateException(target + " is not in a file open for writing; materialize copies into a file made with H5File.create or opened with mode r+ or a");
            }
            Index index = options.selection();
            DatasetOptions storage = options.storage() != null ? options.storage() : materializeStorage(index).options();
            if (storage.fillValue() == null) storage = storage.fillValue(fillValue());
            Dataset copy = target.createDataset(path, dtype(), shapeOf(index), storage);
            if (options.attributes()) {
                copy.node.takeCreationOrdersOf(node); // a source that tracks attribute order: the copy keeps each order
                copy.copyAttributesFrom(this);
                copy.node.creationOrdersTaken();
            }
            Materializer.copy(this, index, copy, options.progress());
            return copy;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    // ---- writing (files open for writing) ------------------------------------------------------

    /**
     * Writes every element (h5py's {@code dset[...] = values}).
     *
     * @param values an array of the dataset's shape (axes of length 1 aside) or one that broadcasts
     *               onto it, converted to its dtype
     */
    public void write(NdArray values) {
        try {
            write(Index.ALL, values);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Writes the elements of a NumPy basic index given as text, e.g. {@code "3"} or {@code "0:2, :, ::2"}.
     *
     * @param index NumPy basic indexing as h5py takes it, e.g. {@code "0:2, :"}
     * @param values an array of the selection's shape or one that broadcasts onto it, converted to the dataset's dtype
     */
    public void write(String index, NdArray values) {
        try {
            write(Index.parse(index), values);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Writes the elements an index selects (h5py's {@code dset[index] = values}). {@code values}
     * must have the selection's shape (axes of length 1 aside) or broadcast onto it as NumPy
     * broadcasts (a scalar fills the selection, a row each of its rows); they are converted to the dataset's
     * dtype as libhdf5 converts (integers saturate, floats round), and must be convertible (bool
     * only from bool, complex only from complex). Compound values may hold some of the dataset's
     * members (h5py's {@code dset['x', 1:3] = ...}, also members of nested compounds): the others
     * keep what the file holds, and fields the dataset lacks are left out, as libhdf5 does. The
     * selection must lie inside the current shape: {@link #resize} or {@link #append} to grow it.
     *
     * @param index the selection, inside the current shape
     * @param values an array of the selection's shape or one that broadcasts onto it, converted to the dataset's dtype
     */
    public void write(Index index, NdArray values) {
        try {
            DatasetNode w = writable();
            String where = fileName() + ": " + path();
            ProductSelection selection;
            long[] selected;
            if (isScalar()) {
                if (!index.selectsAll()) {
                    throw new IllegalArgumentException(where + ": a scalar dataset is written whole (index () or ...), not [" + index + "]");
                }
                selection = Selection.box(new long[] {0}, new long[] {1});
                selected = new long[0];
            } else {
                IndexExpression.Resolved r;
                try {
                    r = index.expression().resolve(w.dims());
                } catch (IndexOutOfBoundsException e) {
                    throw new IndexOutOfBoundsException(where + ": " + e.getMessage() + " in shape " + shape()
                            + "; resize the dataset to write beyond it");
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": index [" + index + "]: " + e.getMessage(), e);
                }
                selection = r.selection();
                selected = r.shape();
            }
            long[] given = elementShape(values);
            if (!sameShape(given, selected)) {
                if (!Broadcast.fits(given, selected)) {
                    throw new IllegalArgumentException(where + ": values of shape " + Shape.format(given) + " for a selection of shape "
                            + Shape.format(selected) + " (index [" + index + "] of shape " + shape() + ")"
                            + (dtype().kind() == DType.Kind.ARRAY ? " and elements of shape " + Shape.format(dtype().dims()) : "")
                            + ": neither the same shape (axes of length 1 aside) nor one that broadcasts onto it");
                }
                values = Broadcast.onto(values, given, selected, where);
            }
            if (lacksMembers(dtype(), values.dtype())) values = withStoredMembers(index, values);
            writeMemory(w, selection, values);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Whether compound values leave out members of the dataset's compound type (at any depth):
     * h5py's {@code dset['x'] = ...} and a NumPy record array of some of the fields, which libhdf5
     * writes member by member, keeping what the file holds in the others.
     */
    private static boolean lacksMembers(DType target, DType given) {
        if (target.kind() != DType.Kind.COMPOUND || given.kind() != DType.Kind.COMPOUND) return false;
        for (DType.Field f : target.fields()) {
            DType.Field g = given.fieldOrNull(f.name());
            if (g == null || lacksMembers(f.dtype(), g.dtype())) return true;
        }
        return false;
    }

    /**
     * The values completed with what the file holds in the members they leave out, as libhdf5
     * completes them (it reads the selection into its background buffer before converting
     * compound elements whose memory type lacks members); fields the dataset does not have are
     * left out, as libhdf5 leaves them out.
     */
    private NdArray withStoredMembers(Index index, NdArray values) {
        // as libhdf5: members the dataset lacks are left out, but some member must be written
        if (values.dtype().fields().stream().noneMatch(g -> dtype().fieldOrNull(g.name()) != null)) {
            throw new IllegalArgumentException(where() + ": none of the values' fields " + values.fieldNames() + " is a member of the dataset's "
                    + dtype());
        }
        NdArray stored = read(index);
        return completed(dtype(), values.reshape(stored.shape()), stored);
    }

    private static NdArray completed(DType target, NdArray given, NdArray stored) {
        Map<String, NdArray> fields = new LinkedHashMap<>();
        for (DType.Field f : target.fields()) {
            DType.Field g = given.dtype().fieldOrNull(f.name());
            if (g == null) {
                fields.put(f.name(), stored.field(f.name()));
            } else if (lacksMembers(f.dtype(), g.dtype())) {
                fields.put(f.name(), completed(f.dtype(), given.field(f.name()), stored.field(f.name())));
            } else {
                fields.put(f.name(), given.field(f.name()));
            }
        }
        return NdArray.ofFields(target, fields);
    }

    /** The shape of the values' elements: for a dataset of a subarray type, without the subarray's trailing axes. */
    private long[] elementShape(NdArray values) {
        return elementShape(values, dtype());
    }

    private long[] elementShape(NdArray values, DType d) {
        long[] v = values.shape();
        if (d.kind() != DType.Kind.ARRAY) return v;
        long[] dims = d.dims();
        if (v.length < dims.length || !Arrays.equals(Arrays.copyOfRange(v, v.length - dims.length, v.length), dims)) {
            throw new IllegalArgumentException(where() + ": values of shape " + Shape.format(v) + " do not end with the dimensions "
                    + Shape.format(dims) + " of the dataset's subarray type " + d);
        }
        return Arrays.copyOf(v, v.length - dims.length);
    }

    /** Stores {@code values} at {@code selection}, converted from their dtype to the stored type. */
    private void writeMemory(DatasetNode w, ProductSelection selection, NdArray values) {
        Typing typing = typing();
        DType stored = typing.dtype;
        try {
            w.write(selection, values.buffer(), typing.writeForm(values.dtype()).memory(), values.objectTable(), new Values(file));
        } catch (ElementConverter.UnsupportedConversionException e) {
            throw new IllegalArgumentException(where() + ": values of dtype " + values.dtype() + " cannot be stored as " + stored + ": " + e.getMessage(), e);
        }
    }

    /** Equal once axes of length 1 are dropped, as NumPy broadcasts them. */
    private static boolean sameShape(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.length && a[i] == 1) i++;
            while (j < b.length && b[j] == 1) j++;
            if (i == a.length || j == b.length) return i == a.length && j == b.length;
            if (a[i++] != b[j++]) return false;
        }
    }

    /**
     * Appends along axis 0, as a detector appends frames: {@code values} is one frame (the
     * dataset's shape without axis 0) or a stack of k frames (k first); axis 0 grows by 1, resp.
     * k. The dataset must be chunked and its maximum shape must allow the growth.
     *
     * @param values one frame, or a stack of frames along a new axis 0
     */
    public void append(NdArray values) {
        try {
            // once per frame in an acquisition: messages are only built for errors
            DatasetNode w = writable();
            long[] dims = w.dims();
            if (dims.length == 0) throw new IllegalArgumentException(where() + ": a scalar dataset cannot grow");
            long[] frame = Arrays.copyOfRange(dims, 1, dims.length);
            Typing typing = typing();
            DType stored = typing.dtype;
            long[] v = elementShape(values, stored);
            long k;
            if (Arrays.equals(v, frame)) {
                k = 1;
            } else if (v.length == dims.length && Arrays.equals(v, 1, v.length, frame, 0, frame.length)) {
                k = v[0];
            } else {
                throw new IllegalArgumentException(where() + ": append takes a frame of shape " + Shape.format(frame) + " or frames of shape "
                        + Shape.format(prepend(-2, frame)).replace("-2", "k") + ", not " + Shape.format(v));
            }
            long[] max = w.maxDims();
            if (max[0] != Shape.UNLIMITED && dims[0] + k > max[0]) {
                throw new IllegalArgumentException(where() + ": appending " + k + " along axis 0 would make the shape " + Shape.format(prepend(dims[0] + k, frame))
                        + ", beyond the maximum shape " + maxShape());
            }
            if (k == 0) return;
            Typing.WriteForm form = typing.writeForm(values.dtype());
            if (form.problem() != null) {
                throw new IllegalArgumentException(where() + ": values of dtype " + values.dtype() + " cannot be stored as " + stored + ": " + form.problem());
            }
            try {
                w.append(k, values.buffer(), form.memory(), values.objectTable(), new Values(file));
            } catch (ElementConverter.UnsupportedConversionException e) {
                throw new IllegalArgumentException(where() + ": values of dtype " + values.dtype() + " cannot be stored as " + stored + ": " + e.getMessage(), e);
            }
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    private static long[] prepend(long first, long[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /**
     * Changes the shape within the maximum shape (h5py's {@code resize}); only chunked datasets can,
     * as in libhdf5. Shrinking discards the elements outside the new shape: growing again shows
     * the fill value there.
     *
     * @param newShape the new axis lengths, one per axis, each at most the maximum shape's
     */
    public void resize(long... newShape) {
        try {
            writable().resize(newShape.clone());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Changes the current shape within the maximum shape (h5py's {@code resize}).
     *
     * @param newShape the new shape, of the same rank
     */
    public void resize(Shape newShape) {
        try {
            resize(newShape.toArray());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Makes what was written to the file so far visible to its readers, as h5py's
     * {@code Dataset.flush()}: in SWMR write mode ({@link H5File#startSwmrWrite()}) every frame
     * appended before it is complete for libhdf5's SWMR readers (and h5vds's) once it returns —
     * data, then the chunk index, then the header with the new shape, each on its way to the file
     * before the next; otherwise the same as {@link H5File#flush()}. The whole file's changes are
     * written, not only this dataset's.
     *
     * @throws IllegalStateException for a dataset of a file open for reading, or closed
     */
    public void flush() {
        try {
            writable().file().flushForReaders();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    // ---- virtual datasets ---------------------------------------------------------------------

    /**
     * The mappings of a virtual dataset, like h5py's {@code virtual_sources()}: virtual selection,
     * source file name, source dataset name and source selection, as stored.
     *
     * @return one entry per mapping, in the order stored
     * @throws H5Exception when the dataset is not virtual
     */
    public List<VirtualSourceInfo> virtualSources() {
        try {
            List<VirtualSourceInfo> out = new ArrayList<>();
            List<VirtualMapping> mappings;
            if (datasetNode().providedLayout() instanceof org.h5vds.vds.VirtualLayoutWriter v) {
                mappings = v.mappings();
            } else {
                mappings = virtualReader().mappings();
            }
            for (VirtualMapping m : mappings) {
                out.add(new VirtualSourceInfo(new Region(m.virtualSelection()), m.sourceFileName(), m.sourceDatasetName(), new Region(m.sourceSelection())));
            }
            return out;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The sources this virtual dataset names but cannot read (missing files or datasets, files that
     * are not HDF5), each once; they read as the fill value unless the file was opened with
     * {@link MissingSources#ERROR}. Opens every source to find out.
     *
     * @return the unreadable sources; empty when all can be read
     * @throws H5Exception when the dataset is not virtual
     */
    public List<UnresolvedSource> unresolvedSources() {
        try {
            List<UnresolvedSource> out = new ArrayList<>();
            virtualReader().forEachUnresolved((file, dataset, problem) -> out.add(new UnresolvedSource(file, dataset, problem)));
            return out;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Checks every source of this virtual dataset, as {@code h5vds check} does: the file is found
     * and opens, the dataset is there and its first mapped element reads, its type converts to this
     * dataset's, and its extent fits what the mapping takes. Sources that are virtual datasets are
     * checked the same way (a cycle is a problem); printf mappings are checked for the blocks
     * present. Empty when all is well.
     *
     * @return the problems found; empty when every source is fine
     * @throws H5Exception when the dataset is not virtual
     */
    public List<SourceProblem> checkSources() {
        try {
            return checkSources(done -> { });
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * As {@link #checkSources()}, telling {@code mappingsChecked} how many mappings are done so far (for a progress display).
     *
     * @param mappingsChecked told the number of mappings checked so far
     * @return the problems found; empty when every source is fine
     */
    public List<SourceProblem> checkSources(java.util.function.IntConsumer mappingsChecked) {
        try {
            List<SourceProblem> out = new ArrayList<>();
            org.h5vds.vds.SourceCheck.run(virtualReader(), mappingsChecked,
                    (dataset, mapping, block, file, name, problem) -> out.add(new SourceProblem(dataset, mapping, block, file, name, problem)));
            return out;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    // ---- dimension scales ------------------------------------------------------------------------

    /**
     * The axes with their dimension scales and labels (h5py's {@code dataset.dims}).
     *
     * @return one {@link Dimension} per axis; none for a scalar dataset
     */
    public List<Dimension> dims() {
        List<Dimension> out = new java.util.ArrayList<>(rank());
        for (int i = 0; i < rank(); i++) out.add(new Dimension(this, i));
        return java.util.Collections.unmodifiableList(out);
    }

    /**
     * Whether the dataset is a dimension scale (h5py's {@code is_scale}).
     *
     * @return true when its {@code CLASS} attribute says {@code "DIMENSION_SCALE"}
     */
    public boolean isScale() {
        try {
            return DimensionScales.isScale(this);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The name given to the dataset as a dimension scale (libhdf5's {@code H5DSget_scale_name}).
     *
     * @return its {@code NAME} attribute, or "" when it has none
     */
    public String scaleName() {
        try {
            return DimensionScales.scaleName(this);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Makes the dataset a dimension scale named {@code name} (h5py's {@code make_scale(name)}),
     * as libhdf5 marks one: a {@code CLASS} and a {@code NAME} attribute. Making it one again
     * renames it.
     *
     * @param name the scale's name; "" for none in particular
     * @throws IllegalArgumentException when scales are attached to the dataset (libhdf5 refuses too)
     */
    public void makeScale(String name) {
        try {
            DimensionScales.makeScale(this, java.util.Objects.requireNonNull(name, "name"));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Reads the dataset's state again from its file, as h5py's {@code Dataset.refresh()} (libhdf5's
     * {@code H5Drefresh}) does for a reader following a SWMR writer: its header, and with it the
     * shape (which only grows under SWMR), and its chunk index; nothing decoded before the refresh
     * is used after it. For a virtual dataset, its sources are looked at again: files and datasets
     * created since, and sources that grew, change its extent (unlimited and printf mappings, in
     * either view) and what it reads. Reads already under way finish on what they started with.
     * Does nothing for a dataset being written.
     *
     * @return this dataset, its state read again
     */
    public Dataset refresh() {
        try {
            DatasetNode current = datasetNode();
            if (current.isVirtual()) {
                current.file().refresh();
                virtualReader().refresh();
            } else {
                refreshed = current.file().refresh(current);
            }
            return this;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Who is writing this dataset now, as the superblock flags of its file say (read again): for
     * a virtual dataset, of the source files found at its current extent ({@link H5File.WriterState#SWMR_WRITING}
     * if a SWMR writer has any, {@link H5File.WriterState#NONE} when no writer has one, or none is
     * found). A reader following a SWMR writer knows it has finished when this is NONE.
     *
     * @return the writer state of the dataset's file, or of its sources for a virtual dataset
     */
    public H5File.WriterState writerState() {
        try {
            DatasetNode current = datasetNode();
            org.h5vds.node.WriterState w = current.isVirtual() ? virtualReader().sourceWriters() : current.file().writerStateNow();
            return H5File.WriterState.valueOf(w.name());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    VirtualReader virtualReader() {
        if (!isVirtual()) throw new H5Exception(fileName() + ": " + path() + ": not a virtual dataset");
        if (datasetNode().reader() instanceof VirtualReader v) return v;
        throw new H5Exception(fileName() + ": " + path() + ": virtual dataset opened without the VDS reader");
    }

    /** The dimensions reads address: the stored ones, or a virtual dataset's current extent. */
    long[] currentDims() {
        return isVirtual() && !isNull() && !isScalar() && datasetNode().providedLayout() == null ? virtualReader().dims() : datasetNode().dims();
    }
}
