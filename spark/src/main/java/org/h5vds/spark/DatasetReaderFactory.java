package org.h5vds.spark;

import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * What every task of a dataset read needs besides its partition: the options, the columns asked
 * for, the element type and the shape of one row (the same for every input), and the Hadoop
 * configuration (broadcast once). Reads are columnar ({@link DatasetBatchReader}).
 */
final class DatasetReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    final Hdf5Options options;
    final List<DatasetColumns.Column> columns;
    final Broadcast<HadoopConf> conf;
    private final int itemSize;
    private final long[] shapeOfFirst;

    DatasetReaderFactory(Hdf5Options options, List<DatasetColumns.Column> columns, InputDataset first, Broadcast<HadoopConf> conf) {
        this.options = options;
        this.columns = List.copyOf(columns);
        this.conf = conf;
        this.itemSize = first.itemSize();
        this.shapeOfFirst = first.shape();
    }

    int rank() {
        return shapeOfFirst.length;
    }

    /** The shape of one row: the dataset's axes after the first. */
    long[] trailing() {
        return shapeOfFirst.length == 0 ? new long[0] : java.util.Arrays.copyOfRange(shapeOfFirst, 1, shapeOfFirst.length);
    }

    long rowElements() {
        long n = 1;
        for (long d : trailing()) n = Math.multiplyExact(n, d);
        return n;
    }

    long rowBytes() {
        return Math.multiplyExact(rowElements(), itemSize);
    }

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        return new DatasetBatchReader(this, (Hdf5Partition) partition);
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return RowReader.ofBatches(createColumnarReader(partition));
    }
}
