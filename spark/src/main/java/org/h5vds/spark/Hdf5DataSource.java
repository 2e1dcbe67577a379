package org.h5vds.spark;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The HDF5 data source: {@code spark.read.format("hdf5")} (or this class's name) reads a dataset
 * or virtual dataset of one or more files, and {@code df.write.format("hdf5")} writes a
 * DataFrame as HDF5 source files joined by a virtual dataset. Registered through
 * {@link DataSourceRegister} (META-INF/services); see {@link Hdf5Options} for the options.
 */
public final class Hdf5DataSource implements TableProvider, DataSourceRegister, CreatableRelationProvider {

    @Override
    public String shortName() {
        return "hdf5";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        Configuration conf = SparkSession.active().sparkContext().hadoopConfiguration();
        return schemaOf(Hdf5Options.forReading(options.asCaseSensitiveMap()), conf);
    }

    /** The schema of what {@code options} read: the dataset's columns, or the attribute table's. */
    static StructType schemaOf(Hdf5Options o, Configuration conf) {
        if (o.attributes != null) return AttributeScan.SCHEMA;
        InputDataset first = InputDataset.first(o, conf);
        return DatasetColumns.schema(first.element(), first.compound(), first.rank(), o.layout);
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new Hdf5Table(schema, properties);
    }

    /**
     * True so that Spark hands a writer's schema to {@link #getTable} instead of inferring one from
     * an output file that does not exist yet; a schema given to a read is checked against the file.
     */
    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    /**
     * Writes {@code data} (see {@link WriteJob}). Spark's DataFrameWriter sends writes of a
     * TableProvider whose tables cannot be written in batch here, for every save mode; the V2
     * write path would refuse the default mode, errorifexists, for a table without a catalog.
     */
    @Override
    public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode, scala.collection.immutable.Map<String, String> parameters,
                                       org.apache.spark.sql.Dataset<Row> data) {
        Hdf5Options o = Hdf5Options.forWriting(scala.jdk.javaapi.CollectionConverters.asJava(parameters));
        new WriteJob(o, mode, sqlContext.sparkContext().hadoopConfiguration()).run(data);
        StructType schema = data.schema();
        return new BaseRelation() {
            @Override
            public SQLContext sqlContext() {
                return sqlContext;
            }

            @Override
            public StructType schema() {
                return schema;
            }
        };
    }
}
