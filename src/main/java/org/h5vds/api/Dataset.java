package org.h5vds.api;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h5vds.filter.FilterRegistry;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.FilterPipelineMessage;
import org.h5vds.io.H5Exception;
import org.h5vds.node.DatasetNode;
import org.h5vds.select.DimSet;
import org.h5vds.select.IndexExpression;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.ReadTarget;
import org.h5vds.vds.VirtualMapping;
import org.h5vds.vds.VirtualReader;

/**
 * A dataset, like h5py's {@code Dataset}: shape, dtype, storage properties, attributes, and reads
 * of any NumPy basic index. Reads are safe from many threads at once and run their chunks in
 * parallel.
 */
public final class Dataset extends H5Object {
    /** How the elements are stored. */
    public enum Layout { COMPACT, CONTIGUOUS, CHUNKED, VIRTUAL }

    /** One filter of the chunk pipeline: its id, name and the client data stored with it. */
    public record Filter(int id, String name, int[] clientData, boolean optional) {
        @Override
        public String toString() {
            return name + "(" + id + ")";
        }
    }

    Dataset(H5File file, DatasetNode node) {
        super(file, node);
    }

    DatasetNode datasetNode() {
        return (DatasetNode) node;
    }

    /**
     * The current shape; {@code ()} for a scalar dataset. For a virtual dataset with unlimited
     * mappings, the extent computed from its sources (see {@link #refresh()}).
     */
    public Shape shape() {
        return Shape.of(currentDims());
    }

    /** The maximum shape, {@link Shape#UNLIMITED} along unlimited axes (h5py's {@code maxshape}). */
    public Shape maxShape() {
        return Shape.of(datasetNode().maxDims());
    }

    public int rank() {
        return datasetNode().dims().length;
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long d : currentDims()) n = Math.multiplyExact(n, d);
        return n;
    }

    /** True for a scalar dataspace. */
    public boolean isScalar() {
        return datasetNode().dataspace().kind() == Dataspace.Kind.SCALAR;
    }

    /** True for a null dataspace: a dataset with no elements at all (h5py's {@code Empty}). */
    public boolean isNull() {
        return datasetNode().dataspace().kind() == Dataspace.Kind.NULL;
    }

    /**
     * The element type as NumPy names it.
     *
     * @throws H5Exception when the stored type is not numeric (see {@link #typeDescription()})
     */
    public DType dtype() {
        DType d = DTypes.of(datasetNode().datatype());
        if (d == null) {
            throw new H5Exception(node.file().fileName() + ": " + path() + ": datatype " + typeDescription()
                    + " has no numeric dtype; h5vds reads numeric data");
        }
        return d;
    }

    /** A short description of the stored type, numeric or not. */
    public String typeDescription() {
        return TypeText.describe(datasetNode().datatype());
    }

    public Layout layout() {
        return Layout.valueOf(datasetNode().layout().layoutClass().name());
    }

    public boolean isVirtual() {
        return datasetNode().isVirtual();
    }

    /** The chunk shape (h5py's {@code chunks}), or empty when the dataset is not chunked. */
    public Optional<Shape> chunks() {
        long[] c = datasetNode().chunkDims();
        return c == null ? Optional.empty() : Optional.of(Shape.of(c));
    }

    /** The filter pipeline in the order filters are applied when writing. */
    public List<Filter> filters() {
        FilterPipelineMessage p = datasetNode().filters();
        List<Filter> out = new ArrayList<>();
        if (p == null) return out;
        for (FilterPipelineMessage.Filter f : p.filters()) {
            String name = f.name() != null && !f.name().isEmpty() ? f.name() : FilterRegistry.commonName(f.id());
            out.add(new Filter(f.id(), name, f.clientData(), f.isOptional()));
        }
        return out;
    }

    /**
     * The fill value (h5py's {@code fillvalue}): what unwritten elements read as, 0 when the file
     * sets none, as a 0-d array of the dataset's dtype.
     */
    public NdArray fillValue() {
        DType d = dtype();
        byte[] v = datasetNode().fillValue();
        ByteBuffer b = ByteBuffer.wrap(v == null ? new byte[d.size()] : v).order(d.order());
        return NdArray.wrap(b, d);
    }

    /** Reads every element. */
    public NdArray read() {
        return read(Index.ALL);
    }

    /** Reads a NumPy basic index given as text, e.g. {@code "1:3, ::2"}, {@code "-1"}, {@code "..., 0"}. */
    public NdArray read(String index) {
        return read(Index.parse(index));
    }

    /** Reads the elements an index selects, in the dataset's dtype and byte order. */
    public NdArray read(Index index) {
        DType d = dtype();
        if (isNull()) {
            throw new H5Exception(node.file().fileName() + ": " + path() + ": dataset has a null dataspace (h5py reads it as Empty)");
        }
        long[] dims = currentDims();
        IndexExpression.Resolved r = index.expression().resolve(dims);
        ProductSelection fileSel;
        long[] memShape;
        if (isScalar()) {
            fileSel = Selection.box(new long[] {0}, new long[] {1});
            memShape = new long[] {1};
        } else {
            fileSel = r.selection();
            DimSet[] axes = fileSel.axes();
            memShape = new long[axes.length];
            for (int i = 0; i < axes.length; i++) memShape[i] = axes[i].size();
        }
        long count = 1;
        for (long m : memShape) count = Math.multiplyExact(count, m);
        long bytes = Math.multiplyExact(count, (long) d.size());
        if (bytes > NdArray.MAX_BYTES) {
            throw new H5Exception(node.file().fileName() + ": " + path() + ": selection of " + count + " elements (" + bytes
                    + " bytes) is larger than one array can hold (2 GiB); read it in parts");
        }
        byte[] data = new byte[(int) bytes];
        if (count > 0) {
            Selection mem = Selection.box(new long[memShape.length], memShape);
            ReadTarget target = new ReadTarget(data, memShape, d.size());
            datasetNode().reader().read(new SelectionPair(fileSel, mem), target, ElementConverter.bytes(d.size()));
        }
        return NdArray.wrap(ByteBuffer.wrap(data).order(d.order()), d, r.shape());
    }

    // ---- virtual datasets ---------------------------------------------------------------------

    /**
     * The mappings of a virtual dataset, like h5py's {@code virtual_sources()}: virtual selection,
     * source file name, source dataset name and source selection, as stored.
     *
     * @throws H5Exception when the dataset is not virtual
     */
    public List<VirtualSourceInfo> virtualSources() {
        List<VirtualSourceInfo> out = new ArrayList<>();
        for (VirtualMapping m : virtualReader().mappings()) {
            out.add(new VirtualSourceInfo(m.virtualSelection(), m.sourceFileName(), m.sourceDatasetName(), m.sourceSelection()));
        }
        return out;
    }

    /**
     * The sources this virtual dataset names but cannot read (missing files or datasets, files that
     * are not HDF5), each once; they read as the fill value unless the file was opened with
     * {@link MissingSources#ERROR}. Opens every source to find out.
     *
     * @throws H5Exception when the dataset is not virtual
     */
    public List<UnresolvedSource> unresolvedSources() {
        List<UnresolvedSource> out = new ArrayList<>();
        for (org.h5vds.vds.UnresolvedSource u : virtualReader().unresolvedSources()) {
            out.add(new UnresolvedSource(u.fileName(), u.datasetName(), u.problem()));
        }
        return out;
    }

    /**
     * Looks at the sources of a virtual dataset again: files and datasets created since, and
     * sources that grew, change its extent and what it reads. Does nothing for other datasets.
     */
    public Dataset refresh() {
        if (isVirtual()) virtualReader().refresh();
        return this;
    }

    private VirtualReader virtualReader() {
        if (!isVirtual()) throw new H5Exception(node.file().fileName() + ": " + path() + ": not a virtual dataset");
        if (datasetNode().reader() instanceof VirtualReader v) return v;
        throw new H5Exception(node.file().fileName() + ": " + path() + ": virtual dataset opened without the VDS reader");
    }

    /** The dimensions reads address: the stored ones, or a virtual dataset's current extent. */
    private long[] currentDims() {
        return isVirtual() && !isNull() && !isScalar() ? virtualReader().dims() : datasetNode().dims();
    }
}
