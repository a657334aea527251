package org.citylake.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session of a profile, wired to the Iceberg catalog on the Hive Metastore.
 * The catalog name is the profile's {@code trino.catalog} so that Spark and Trino address tables
 * by the same three-part name ({@code lake.base.person}).
 */
public final class LakeSession {
    private LakeSession() {
    }

    public static SparkSession open(Profile profile, String appName) {
        String catalog = profile.get("trino.catalog");
        Path warehouse = profile.warehouseDir();
        try {
            Files.createDirectories(warehouse);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the warehouse directory " + warehouse, e);
        }
        Path sparkLocal = profile.stateDir().resolve("spark");
        String prefix = "spark.sql.catalog." + catalog;
        SparkSession.Builder b = SparkSession.builder()
                .appName(appName)
                .master(profile.get("spark.master"))
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", profile.get("spark.shuffle.partitions", "4"))
                .config("spark.sql.session.timeZone", "Asia/Shanghai")
                // Rows carry java.time values (LocalDate, Instant), as the standards produce them.
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.local.dir", sparkLocal.toString())
                .config("spark.sql.warehouse.dir", sparkLocal.resolve("spark-warehouse").toUri().toString())
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config(prefix, "org.apache.iceberg.spark.SparkCatalog")
                .config(prefix + ".type", "hive")
                .config(prefix + ".uri", profile.hmsUri())
                .config(prefix + ".warehouse", warehouse.toUri().toString())
                // Spark's own session catalog must not try to reach a Hive 2.3 client: citylake has none.
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.defaultCatalog", catalog)
                .config("spark.hadoop.hive.metastore.uris", profile.hmsUri());
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
