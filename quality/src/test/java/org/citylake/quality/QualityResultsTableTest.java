package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.QualityRule.Level;
import org.citylake.quality.CheckResult.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityResultsTableTest {
    @TempDir
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Fixtures.spark("quality-results-table-test", Map.of(
                "spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
                "spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog",
                "spark.sql.catalog.lake.type", "hadoop",
                "spark.sql.catalog.lake.warehouse", "file:" + warehouse));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void appendsOneCommitPerReportAndReadsBack() {
        QualityResultsTable table = new QualityResultsTable(spark, "lake");
        Instant runAt = Instant.parse("2026-11-25T08:30:00Z");
        QualityReport first = new QualityReport("base.person", "b-001", runAt, 200, List.of(
                new CheckResult(CheckResult.TABLE, CheckResult.ROW_COUNT, Level.ERROR, Status.PASSED, OptionalDouble.of(200), "> 0", "number of rows: 200"),
                new CheckResult("resident_id", "uniqueness", Level.ERROR, Status.FAILED, OptionalDouble.of(0.99), "== 1.0", "dup"),
                new CheckResult("holder_id", "reference", Level.WARNING, Status.SKIPPED, OptionalDouble.empty(), ">= 0.9", "not checked")));
        QualityReport second = new QualityReport("base.person", "b-002", runAt.plusSeconds(60), 10, List.of(
                new CheckResult(CheckResult.TABLE, CheckResult.ROW_COUNT, Level.ERROR, Status.PASSED, OptionalDouble.of(10), "> 0", "ok")));

        table.append(first);
        table.append(second);

        assertThat(table.name()).isEqualTo("lake.governance.quality_results");
        List<Row> rows = spark.sql("SELECT table_name, batch_id, CAST(run_at AS STRING), column_name, rule, level, status, metric, "
                + "threshold, message, row_count FROM lake.governance.quality_results ORDER BY batch_id, column_name DESC").collectAsList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).toSeq().mkString("|")).isEqualTo(
                "base.person|b-001|2026-11-25 08:30:00|resident_id|uniqueness|error|FAILED|0.99|== 1.0|dup|200");
        assertThat(rows.get(1).toSeq().mkString("|")).isEqualTo(
                "base.person|b-001|2026-11-25 08:30:00|holder_id|reference|warning|SKIPPED|null|>= 0.9|not checked|200");
        assertThat(rows.get(2).toSeq().mkString("|")).isEqualTo(
                "base.person|b-001|2026-11-25 08:30:00|*|row_count|error|PASSED|200.0|> 0|number of rows: 200|200");
        assertThat(rows.get(3).getString(1)).isEqualTo("b-002");
        assertThat(rows.get(3).getLong(10)).isEqualTo(10L);

        List<Row> snapshots = spark.sql("SELECT operation FROM lake.governance.quality_results.snapshots ORDER BY committed_at").collectAsList();
        assertThat(snapshots).extracting(r -> r.getString(0)).containsExactly("append", "append");
    }

    @Test
    void verifiedReportRoundTrips() {
        QualityResultsTable table = new QualityResultsTable(spark, "lake");
        QualityVerifier verifier = new QualityVerifier(Fixtures.DICTIONARIES, n -> java.util.Optional.empty());
        Fixtures.Batch batch = Fixtures.cleanPersons(50).set(0, "name", null);
        QualityReport report = verifier.verify(spark, batch.toDataFrame(spark), Fixtures.contract("base.person"), "b-verified", Fixtures.AS_OF);

        table.append(report);

        Row failed = spark.sql("SELECT status, level, metric, threshold, row_count FROM lake.governance.quality_results "
                + "WHERE batch_id = 'b-verified' AND column_name = 'name' AND rule = 'completeness'").first();
        assertThat(failed.getString(0)).isEqualTo("FAILED");
        assertThat(failed.getString(1)).isEqualTo("error");
        assertThat(failed.getDouble(2)).isEqualTo(49.0 / 50);
        assertThat(failed.getString(3)).isEqualTo("== 1.0");
        assertThat(failed.getLong(4)).isEqualTo(50L);
        assertThat(spark.sql("SELECT * FROM lake.governance.quality_results WHERE batch_id = 'b-verified'").count())
                .isEqualTo(report.results().size());
    }
}
