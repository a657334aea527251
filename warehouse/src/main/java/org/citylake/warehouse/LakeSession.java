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
        if (!profile.s3Warehouse()) {
            Path warehouse = profile.warehouseDir();
            try {
                Files.createDirectories(warehouse);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the warehouse directory " + warehouse, e);
            }
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
                // A batch's cleanse output is cached for the stages that read it (quarantine, findings, master);
                // compressing the cache (dictionary stats per column, boxed) cost a third of those stages' CPU.
                .config("spark.sql.inMemoryColumnarStorage.compressed", "false")
                .config("spark.local.dir", sparkLocal.toString())
                .config("spark.sql.warehouse.dir", sparkLocal.resolve("spark-warehouse").toUri().toString())
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config(prefix, "org.apache.iceberg.spark.SparkCatalog")
                .config(prefix + ".type", "hive")
                .config(prefix + ".uri", profile.hmsUri())
                .config(prefix + ".warehouse", profile.warehouseUri())
                // Spark's own session catalog must not try to reach a Hive 2.3 client: citylake has none.
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.defaultCatalog", catalog)
                .config("spark.hadoop.hive.metastore.uris", profile.hmsUri());
        if (profile.s3Warehouse()) {
            S3Settings s3 = S3Settings.of(profile);
            // Iceberg's own S3 client (AWS SDK v2): no Hadoop S3A on the Spark side. The FileIO is serialised
            // with these properties to the executors, so they need no configuration of their own.
            b.config(prefix + ".io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                    .config(prefix + ".s3.endpoint", s3.endpoint())
                    .config(prefix + ".s3.path-style-access", String.valueOf(s3.pathStyle()))
                    .config(prefix + ".s3.access-key-id", s3.accessKey())
                    .config(prefix + ".s3.secret-access-key", s3.secretKey())
                    .config(prefix + ".client.region", s3.region());
        }
        String master = profile.get("spark.master").trim();
        if (master.startsWith("spark://")) {
            clusterSettings(profile, b);
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /**
     * A driver of a standalone cluster: executors get the profile's memory and core budget, and the classes of
     * citylake itself. With {@code spark.executor.classpath: driver} (a cluster on this machine, as in the tests)
     * executors reuse the driver's classpath as it is on disk; otherwise the application jar shipped by
     * {@code spark-submit} (docs/cluster.md) or listed in {@code spark.jars} provides them.
     */
    private static void clusterSettings(Profile profile, SparkSession.Builder b) {
        b.config("spark.executor.memory", profile.get("spark.executor.memory", "1g"))
                .config("spark.executor.cores", profile.get("spark.executor.cores", "2"))
                .config("spark.cores.max", profile.get("spark.cores.max", "2"));
        String driverHost = profile.get("spark.driver.host", "").trim();
        if (!driverHost.isEmpty()) {
            b.config("spark.driver.host", driverHost).config("spark.driver.bindAddress", driverHost);
        }
        String classpath = profile.get("spark.executor.classpath", "").trim();
        if (classpath.equals("driver")) {
            b.config("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        } else if (!classpath.isEmpty()) {
            b.config("spark.executor.extraClassPath", classpath);
        }
        String jars = profile.get("spark.jars", "").trim();
        if (!jars.isEmpty()) {
            b.config("spark.jars", jars);
        }
    }
}
