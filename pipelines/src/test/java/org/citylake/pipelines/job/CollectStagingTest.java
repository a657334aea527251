package org.citylake.pipelines.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.standards.StandardContext;
import org.citylake.warehouse.LakeTables;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than the collect chunk is staged chunk by chunk and lands in ODS in one commit with
 * every record and line number, exactly as a small file does; the staging table is gone afterwards.
 * Runs on a real Spark session and Iceberg (a Hadoop catalog in a temp dir stands in for the HMS one:
 * the staging logic is catalog-independent, and the HMS path is covered by the integration tier).
 */
class CollectStagingTest {
    @TempDir
    static Path dir;

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("collect-staging-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
                .config("spark.sql.catalog.lake.type", "hadoop")
                .config("spark.sql.catalog.lake.warehouse", dir.resolve("warehouse").toUri().toString())
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aFileLargerThanOneChunkLandsWholeInOneOdsCommit() throws Exception {
        Path conf = Profile.home().resolve("conf");
        TableContract person = ContractLoader.load(conf.resolve("contracts/base/person.yaml"));
        SourceSpec grid = person.sources().stream().filter(s -> s.name().equals("grid_residents")).findFirst().orElseThrow();
        Path file = dir.resolve(grid.file());
        StringBuilder csv = new StringBuilder("公民身份号码,姓名,性别\n");
        int records = 1_050;
        for (int i = 0; i < records; i++) {
            csv.append(String.format("11010519491231%04d,张%d,男%n", i, i));
        }
        csv.append("\"unbalanced,quote\n"); // one unreadable record: it must land too, with its parse error
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BaseLibraryLoad load = new BaseLibraryLoad(spark, new LakeTables(spark, "lake"), Dictionaries.load(conf),
                new Progress(new PrintStream(log, true, StandardCharsets.UTF_8)), StandardContext.load(conf, LocalDate.of(2026, 11, 1)), 500);
        long n = load.collect(person, grid, List.of(file), "b1", java.util.Map.of(file, StandardCharsets.UTF_8));

        assertThat(n).isEqualTo(records + 1);
        List<Row> landed = spark.sql("SELECT _line, _parse_error FROM lake.ods.grid_residents WHERE _batch_id = 'b1' ORDER BY _line").collectAsList();
        assertThat(landed).hasSize(records + 1);
        assertThat(landed.get(0).getLong(0)).isEqualTo(2L); // line 1 is the header
        assertThat(landed.get(records).getLong(0)).isEqualTo(records + 2L);
        assertThat(landed.get(records).isNullAt(1)).as("the unbalanced quote's parse error").isFalse();
        assertThat(spark.sql("SELECT count(*) FROM lake.ods.grid_residents.snapshots").first().getLong(0))
                .as("one ODS commit for the whole file").isEqualTo(1L);
        assertThat(spark.catalog().tableExists("lake.ods._staging_grid_residents")).isFalse();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("(staging)");

        // Collecting the same batch again replaces its partition: still one copy of every record.
        load.collect(person, grid, List.of(file), "b1", java.util.Map.of(file, StandardCharsets.UTF_8));
        assertThat(spark.sql("SELECT count(*) FROM lake.ods.grid_residents WHERE _batch_id = 'b1'").first().getLong(0)).isEqualTo(records + 1L);
    }
}
