package org.h5vds.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;

/**
 * A read of one dataset across its input files, planned on the driver. Partitions follow the
 * storage: each file's axis 0 is cut by {@link Dataset#splits} into ranges of about
 * {@code partitionBytes} of decoded data, at chunk boundaries (and for a virtual dataset at
 * mapping and source chunk boundaries). Pushed filters on the index column drop the ranges that
 * hold none of the rows they let through and narrow the others to the rows they need; a pushed
 * limit keeps only the first ranges it needs. Only names and numbers go to the executors.
 */
final class DatasetScan implements Scan, Batch, SupportsReportStatistics {
    private final Hdf5Options options;
    private final StructType required;
    private final RowRanges rows;
    private final Set<String> files;
    private final long limit;
    private final HadoopConf conf;
    private List<InputDataset> inputs;
    private List<Hdf5Partition> partitions;

    /**
     * @param rows  the rows along the concatenated axis 0 that filters let through
     * @param files the files filters let through, or null for all
     * @param limit the most rows wanted, or -1
     */
    DatasetScan(Hdf5Options options, StructType required, RowRanges rows, Set<String> files, long limit, HadoopConf conf) {
        this.options = options;
        this.required = required;
        this.rows = rows;
        this.files = files;
        this.limit = limit;
        this.conf = conf;
    }

    @Override
    public StructType readSchema() {
        return required;
    }

    @Override
    public String description() {
        return "hdf5 " + options.dataset + " of " + options.paths + " (layout " + options.layout.name().toLowerCase()
                + ", rows " + rows + (files != null ? ", files " + files : "") + (limit >= 0 ? ", limit " + limit : "") + ")";
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    private List<InputDataset> inputs() {
        if (inputs == null) inputs = InputDataset.all(options, conf.get());
        return inputs;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        if (partitions == null) partitions = plan();
        return partitions.toArray(new InputPartition[0]);
    }

    private List<Hdf5Partition> plan() {
        List<Hdf5Partition> out = new ArrayList<>();
        long wanted = limit < 0 ? Long.MAX_VALUE : limit;
        boolean elements = options.layout == Hdf5Options.Layout.ELEMENTS;
        for (InputDataset in : inputs()) {
            if (wanted <= 0) break;
            if (files != null && !files.contains(in.file())) continue;
            long[] bounds = in.rank() == 0 ? new long[] {0, 1} : splits(in);
            long perRow = elements ? Math.max(1, in.rowElements()) : 1;
            for (int k = 0; k + 1 < bounds.length && wanted > 0; k++) {
                long[] span = rows.span(in.rowOffset() + bounds[k], in.rowOffset() + bounds[k + 1]);
                if (span == null) continue;
                long start = span[0] - in.rowOffset();
                long stop = span[1] - in.rowOffset();
                if (wanted != Long.MAX_VALUE) {
                    long need = (wanted + perRow - 1) / perRow;
                    if (stop - start > need) stop = start + need;
                    wanted -= Math.min(wanted, Math.multiplyExact(stop - start, perRow));
                }
                out.add(new Hdf5Partition(in.ordinal(), in.file(), start, stop, in.rowOffset()));
            }
        }
        return out;
    }

    private long[] splits(InputDataset in) {
        try (H5File f = FileAccess.open(in.file(), options.readOptions(), conf.get())) {
            return f.dataset(options.dataset).splits(options.partitionBytes);
        }
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
        return new DatasetReaderFactory(options, DatasetColumns.of(required, options.layout, inputs().get(0).compound()), inputs().get(0), sc.broadcast(conf));
    }

    @Override
    public Statistics estimateStatistics() {
        long n = 0;
        long bytes = 0;
        for (InputDataset in : inputs()) {
            long r = options.layout == Hdf5Options.Layout.ELEMENTS ? in.rows() * in.rowElements() : in.rows();
            n += r;
            bytes += in.rows() * in.rowBytes();
        }
        long rowsOut = n;
        long bytesOut = bytes;
        return new Statistics() {
            @Override
            public OptionalLong sizeInBytes() {
                return OptionalLong.of(bytesOut);
            }

            @Override
            public OptionalLong numRows() {
                return OptionalLong.of(rowsOut);
            }
        };
    }
}
