package org.h5vds.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.types.StructType;

/**
 * Takes what Spark pushes down into a dataset read: the columns needed (a read that needs no
 * {@code value} reads no data), filters on the axis-0 index column (which prune and narrow
 * partitions) and on the {@code file} column (equality or IN, which drop files), and a limit.
 * Filters are only used to read less: Spark still evaluates every one of them on what is read.
 */
final class DatasetScanBuilder implements ScanBuilder, SupportsPushDownFilters, SupportsPushDownRequiredColumns, SupportsPushDownLimit {
    private final Hdf5Options options;
    private final HadoopConf conf;
    private StructType required;
    private RowRanges rows = RowRanges.ALL;
    private Set<String> files;
    private Filter[] pushed = new Filter[0];
    private long limit = -1;

    DatasetScanBuilder(Hdf5Options options, StructType schema, HadoopConf conf) {
        this.options = options;
        this.required = schema;
        this.conf = conf;
    }

    @Override
    public Filter[] pushFilters(Filter[] filters) {
        List<Filter> used = new ArrayList<>();
        String index = DatasetColumns.axis0(options.layout);
        for (Filter f : filters) {
            RowRanges r = RowRanges.of(f, index);
            if (r != null) {
                rows = rows.intersect(r);
                used.add(f);
                continue;
            }
            Set<String> named = fileNames(f);
            if (named != null) {
                if (files == null) files = named;
                else files.retainAll(named);
                used.add(f);
            }
        }
        pushed = used.toArray(new Filter[0]);
        return filters;
    }

    private static Set<String> fileNames(Filter f) {
        if (f instanceof EqualTo e && e.attribute().equals(DatasetColumns.FILE) && e.value() instanceof String s) return new LinkedHashSet<>(List.of(s));
        if (f instanceof In in && in.attribute().equals(DatasetColumns.FILE)) {
            Set<String> out = new LinkedHashSet<>();
            for (Object v : in.values()) {
                if (!(v instanceof String s)) return null;
                out.add(s);
            }
            return out;
        }
        return null;
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed;
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        this.required = requiredSchema;
    }

    @Override
    public boolean pushLimit(int limit) {
        this.limit = limit;
        return true;
    }

    @Override
    public Scan build() {
        return new DatasetScan(options, required, rows, files, limit, conf);
    }
}
