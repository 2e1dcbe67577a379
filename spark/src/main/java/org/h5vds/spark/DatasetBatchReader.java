package org.h5vds.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;

/**
 * Reads one partition as column batches. Each batch is a range of rows cut where the storage
 * allows ({@link Dataset#splits}, about {@link #BATCH_BYTES} each, so a chunk is decoded once),
 * read with one call to the library (which decodes its chunks in parallel) and shown to Spark
 * without copying (see {@link ElementVector}). When no column needs the values — {@code count(*)},
 * or only {@code index} and {@code file} — nothing is read at all.
 */
final class DatasetBatchReader implements PartitionReader<ColumnarBatch> {
    /** Decoded bytes a batch aims at. */
    static final long BATCH_BYTES = 8L << 20;
    /** The most a batch may hold when one chunk spans more (it is then read in several parts). */
    static final long MAX_BATCH_BYTES = 256L << 20;
    /** Rows per batch when no values are read. */
    private static final long COUNT_ROWS = 1L << 20;

    private final DatasetReaderFactory factory;
    private final Hdf5Partition partition;
    private final boolean readsValues;
    private H5File file;
    private Dataset dataset;
    private long[] bounds;
    private int next;
    private ColumnarBatch current;

    DatasetBatchReader(DatasetReaderFactory factory, Hdf5Partition partition) {
        this.factory = factory;
        this.partition = partition;
        this.readsValues = factory.columns.stream().anyMatch(c -> c.kind() == DatasetColumns.Kind.VALUE || c.kind() == DatasetColumns.Kind.MEMBER);
    }

    @Override
    public boolean next() {
        if (bounds == null) bounds = bounds();
        if (next + 1 >= bounds.length) return false;
        current = batch(bounds[next], bounds[next + 1]);
        next++;
        return true;
    }

    @Override
    public ColumnarBatch get() {
        return current;
    }

    @Override
    public void close() {
        if (file != null) file.close();
        file = null;
    }

    private long[] bounds() {
        long start = partition.start();
        long stop = partition.stop();
        if (!readsValues) {
            long step = Math.max(1, COUNT_ROWS / Math.max(1, factory.rowElements()));
            return even(start, stop, step);
        }
        if (factory.rank() == 0) return new long[] {0, 1};
        long[] cuts = dataset().splits(start, stop, BATCH_BYTES);
        long rowBytes = Math.max(1, factory.rowBytes());
        long maxRows = Math.max(1, MAX_BATCH_BYTES / rowBytes);
        long[] out = new long[cuts.length];
        int n = 0;
        out[n++] = cuts[0];
        for (int k = 1; k < cuts.length; k++) {
            for (long b : even(cuts[k - 1], cuts[k], maxRows)) {
                if (b == out[n - 1]) continue;
                if (n == out.length) out = Arrays.copyOf(out, n * 2);
                out[n++] = b;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** {from, from + step, ..., to}. */
    private static long[] even(long from, long to, long step) {
        int parts = Math.toIntExact((to - from + step - 1) / step);
        long[] out = new long[parts + 1];
        for (int k = 0; k < parts; k++) out[k] = from + k * step;
        out[parts] = to;
        return out;
    }

    private Dataset dataset() {
        if (dataset == null) {
            file = FileAccess.open(partition.file(), factory.options.readOptions(), factory.conf.value().get());
            dataset = file.dataset(factory.options.dataset);
        }
        return dataset;
    }

    private ColumnarBatch batch(long from, long to) {
        boolean elements = factory.options.layout == Hdf5Options.Layout.ELEMENTS;
        long[] trailing = factory.trailing();
        long rowElements = factory.rowElements();
        int rows = Math.toIntExact(elements ? (to - from) * rowElements : to - from);
        NdArray values = null;
        if (readsValues) values = factory.rank() == 0 ? dataset().read() : dataset().read(Index.of(Index.slice(from, to)));
        List<DatasetColumns.Column> columns = factory.columns;
        ColumnVector[] vectors = new ColumnVector[columns.size()];
        for (int i = 0; i < vectors.length; i++) {
            DatasetColumns.Column c = columns.get(i);
            vectors[i] = switch (c.kind()) {
                case INDEX -> new PositionVector(partition.rowOffset() + from, 1, Long.MAX_VALUE);
                case AXIS -> c.axis() == 0
                        ? new PositionVector(partition.rowOffset() + from, rowElements, Long.MAX_VALUE)
                        : new PositionVector(0, stride(trailing, c.axis()), trailing[c.axis() - 1]);
                case VALUE -> values.dtype().isNumeric()
                        ? BatchValues.of(values, trailing, !elements && trailing.length > 0)
                        : TypedColumns.of(rowsOf(values, elements, rows), c.type());
                case MEMBER -> TypedColumns.of(rowsOf(values, elements, rows).field(c.name()), c.type());
                case FILE -> new ConstantVector(partition.file());
            };
        }
        return new ColumnarBatch(vectors, rows);
    }

    /** The values as the rows of the batch: (rows, trailing axes...) for layout rows, one element per row for layout elements. */
    private static NdArray rowsOf(NdArray values, boolean elements, int rows) {
        long[] shape = values.shape();
        if (elements || shape.length == 0) return values.reshape(rows);
        return values;
    }

    /** Elements per step along {@code axis} (1 to rank-1) within a row. */
    private static long stride(long[] trailing, int axis) {
        long s = 1;
        for (int k = axis; k < trailing.length; k++) s *= trailing[k];
        return s;
    }
}
