package org.h5vds.spark;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * An HDF5 dataset (or a table of attributes) across the input files, as Spark reads it. Writes do
 * not come here: they take the V1 path of {@link Hdf5DataSource} so that every save mode works.
 */
final class Hdf5Table implements SupportsRead {
    private final StructType schema;
    private final Map<String, String> properties;

    Hdf5Table(StructType schema, Map<String, String> properties) {
        this.schema = schema;
        this.properties = properties;
    }

    @Override
    public String name() {
        Hdf5Options o = Hdf5Options.forReading(properties);
        return "hdf5 " + (o.attributes != null ? "attributes of " + o.attributes : o.dataset) + " " + o.paths;
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
        Hdf5Options o = Hdf5Options.forReading(properties);
        HadoopConf conf = new HadoopConf(SparkSession.active().sparkContext().hadoopConfiguration());
        StructType actual = Hdf5DataSource.schemaOf(o, conf.get());
        if (!actual.asNullable().equals(schema.asNullable())) {
            throw new IllegalArgumentException("hdf5: the schema given, " + schema.simpleString() + ", is not the schema of "
                    + (o.dataset != null ? o.dataset : "the attributes") + " in " + o.paths + ": " + actual.simpleString());
        }
        if (o.attributes != null) return new AttributeScan(o, conf);
        return new DatasetScanBuilder(o, actual, conf);
    }
}
