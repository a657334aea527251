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
import org.apache.spark.sql.Dataset;
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
 * Both collect paths land a delivery in ODS in one commit with every record and line number. On the
 * driver path, a file larger than the collect chunk is staged chunk by chunk, exactly as a small file
 * does, and the staging table is gone afterwards. On the task path, files cut into many splits land
 * with the same rows as the driver reads.
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
                new Progress(new PrintStream(log, true, StandardCharsets.UTF_8)), StandardContext.load(conf, LocalDate.of(2026, 11, 1)), 500, false, 0);
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

    @Test
    void tasksParseManySplitsIntoOneOdsCommitWithTheRowsTheDriverReads() throws Exception {
        Path conf = Profile.home().resolve("conf");
        TableContract person = ContractLoader.load(conf.resolve("contracts/base/person.yaml"));
        SourceSpec registry = person.sources().stream().filter(s -> s.name().equals("population_registry")).findFirst().orElseThrow();
        java.nio.charset.Charset gbk = java.nio.charset.Charset.forName("GBK");
        Path in = Files.createDirectories(dir.resolve("split-input"));
        Path file = in.resolve(registry.file());
        StringBuilder csv = new StringBuilder("公民身份号码,姓名,性别,备注\r\n");
        int lines = 3_000;
        for (int i = 0; i < lines; i++) {
            csv.append(i % 500 == 7 ? String.format("11010519491231%04d,\"王%d\n续\",女,\r\n", i, i)   // a record of two lines
                    : i % 700 == 9 ? "\"never closed,x\r\n"
                    : String.format("11010519491231%04d,张%d,男,%s\r\n", i, i, i % 3 == 0 ? "" : "备注" + i));
        }
        Files.write(file, csv.toString().getBytes(gbk));
        java.util.Map<Path, java.nio.charset.Charset> encodings = java.util.Map.of(file, gbk);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(log, true, StandardCharsets.UTF_8));
        Dictionaries dictionaries = Dictionaries.load(conf);
        StandardContext context = StandardContext.load(conf, LocalDate.of(2026, 11, 1));
        LakeTables tables = new LakeTables(spark, "lake");

        long n = new BaseLibraryLoad(spark, tables, dictionaries, progress, context, 100_000, true, 4_096)
                .collect(person, registry, List.of(file), "t1", encodings);
        long m = new BaseLibraryLoad(spark, tables, dictionaries, progress, context, 100_000, false, 0)
                .collect(person, registry, List.of(file), "t2", encodings);

        assertThat(log.toString(StandardCharsets.UTF_8)).containsPattern("in \\d{2,} split\\(s\\), parsed in parallel");
        assertThat(n).isEqualTo(m);
        String cols = "_line, resident_id, name, sex, to_json(_extra) AS extra, _raw, _parse_error, _source_file";
        Dataset<Row> tasks = spark.sql("SELECT " + cols + " FROM lake.ods.population_registry WHERE _batch_id = 't1'");
        Dataset<Row> driver = spark.sql("SELECT " + cols + " FROM lake.ods.population_registry WHERE _batch_id = 't2'");
        assertThat(tasks.count()).isEqualTo(n);
        assertThat(tasks.exceptAll(driver).count()).as("rows only the task path has").isZero();
        assertThat(driver.exceptAll(tasks).count()).as("rows only the driver path has").isZero();
        assertThat(tasks.where("_parse_error LIKE 'unbalanced_quotes%'").count()).isGreaterThan(0);
        assertThat(tasks.where("name LIKE '%\n%'").count()).isGreaterThan(0);
        assertThat(spark.sql("SELECT count(*) FROM lake.ods.population_registry.snapshots").first().getLong(0))
                .as("one ODS commit per collect").isEqualTo(2L);
    }
}
