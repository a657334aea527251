package org.citylake.warehouse;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse tests' one way to a real Iceberg lake without a metastore: a local Spark session
 * whose catalog {@code lake} is an Iceberg Hadoop catalog in {@code warehouse}, with Iceberg's SQL
 * extensions (branches, MERGE, procedures). Small and quiet: two cores, two shuffle partitions, no UI.
 */
public final class TestLakes {
    private TestLakes() {
    }

    /**
     * @param timeZone the session time zone: tests of time handling pick one that is not the JVM's
     */
    public static SparkSession hadoopSession(String app, Path warehouse, String timeZone) {
        SparkSession spark = SparkSession.builder().appName(app).master("local[2]")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.session.timeZone", timeZone)
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
                .config("spark.sql.catalog.lake.type", "hadoop")
                .config("spark.sql.catalog.lake.warehouse", warehouse.toUri().toString())
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
