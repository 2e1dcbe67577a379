package org.h5vds.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session every test class shares ({@code local[2]}, as the module's tests run in
 * one JVM): starting Spark takes seconds, so it starts once and stops with the JVM.
 */
final class SparkTests {
    private static SparkSession session;

    private SparkTests() {
    }

    static synchronized SparkSession spark() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("h5vds-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }
}
