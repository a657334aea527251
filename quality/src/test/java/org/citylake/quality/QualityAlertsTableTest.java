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
import org.citylake.quality.alert.Alert;
import org.citylake.quality.alert.QualityAlertsTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityAlertsTableTest {
    @TempDir
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Fixtures.spark("quality-alerts-table-test", Map.of(
                "spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog",
                "spark.sql.catalog.lake.type", "hadoop",
                "spark.sql.catalog.lake.warehouse", "file:" + warehouse));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void oneRowPerAlertWithItsDeliveryInOneCommit() {
        QualityAlertsTable table = new QualityAlertsTable(spark, "lake");
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        table.append(List.of(
                new Alert("base.person", "b-7", "name:completeness", Level.ERROR, OptionalDouble.of(0.98), "== 1.0", "missing", at),
                new Alert("base.person", "b-7", "holder_id:reference", Level.WARNING, OptionalDouble.empty(), ">= 0.9", "failed", at)),
                List.of("http://h/x delivered 204", "no webhook configured"));
        table.append(List.of(), List.of());

        List<Row> rows = spark.sql("SELECT table_name, batch_id, rule, level, metric, threshold, message, CAST(raised_at AS STRING), delivery "
                + "FROM lake.governance.quality_alerts ORDER BY rule DESC").collectAsList();
        assertThat(rows).extracting(r -> r.toSeq().mkString("|")).containsExactly(
                "base.person|b-7|name:completeness|error|0.98|== 1.0|missing|2026-11-25 10:00:00|http://h/x delivered 204",
                "base.person|b-7|holder_id:reference|warning|null|>= 0.9|failed|2026-11-25 10:00:00|no webhook configured");
        assertThat(spark.sql("SELECT * FROM lake.governance.quality_alerts.snapshots").count()).as("no commit for no alerts").isEqualTo(1);
    }
}
