package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.repository.AnalysisResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.QualityRule.Level;
import org.citylake.catalog.contract.TableContract;
import org.citylake.quality.CheckResult.Status;
import org.citylake.quality.anomaly.AnomalyChecks;
import org.citylake.quality.anomaly.AnomalySettings;
import org.citylake.quality.metrics.BatchKey;
import org.citylake.quality.metrics.MetricRecord;
import org.citylake.quality.metrics.QualityMetricsTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * One call verifies a batch, saves its metrics to governance.quality_metrics from the same Deequ run, and
 * judges row count / completeness / distinctness against the history of earlier batches. The tests build
 * a history batch by batch, so they run in order on one warehouse.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QualityRunTest {
    @TempDir
    static Path warehouse;
    static SparkSession spark;
    static QualityRun run;
    static QualityMetricsTable metrics;
    static final TableContract PERSON = Fixtures.contract("base.person");
    static final Instant T0 = Instant.parse("2026-11-01T02:00:00Z");

    @BeforeAll
    static void start() {
        spark = Fixtures.spark("quality-run-test", Map.of(
                "spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
                "spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog",
                "spark.sql.catalog.lake.type", "hadoop",
                "spark.sql.catalog.lake.warehouse", "file:" + warehouse));
        metrics = new QualityMetricsTable(spark, "lake");
        AnomalySettings settings = AnomalySettings.load(Fixtures.HOME.resolve("conf/quality/anomaly.yaml"));
        run = new QualityRun(new QualityVerifier(Fixtures.DICTIONARIES, n -> java.util.Optional.empty()), new AnomalyChecks(settings),
                metrics, new QualityResultsTable(spark, "lake"), new SteppingClock(T0, Duration.ofHours(24)));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static QualityReport verify(Fixtures.Batch batch, String batchId, long snapshot) {
        return run.verify(spark, batch.toDataFrame(spark), PERSON, batchId, OptionalLong.of(snapshot), Fixtures.AS_OF);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static com.amazon.deequ.analyzers.Analyzer<?, com.amazon.deequ.metrics.Metric<?>> analyzer(Object a) {
        return (com.amazon.deequ.analyzers.Analyzer) a;
    }

    static CheckResult result(QualityReport report, String id) {
        return report.result(id).orElseThrow(() -> new AssertionError("no " + id + " in " + report.results()));
    }

    @Test
    @Order(1)
    void firstBatchPersistsItsMetricsAndSkipsAnomaliesForLackOfHistory() {
        QualityReport report = verify(Fixtures.cleanPersons(100), "b1", 11L);

        CheckResult rows = result(report, "*:row_count_anomaly");
        assertThat(rows.status()).isEqualTo(Status.SKIPPED);
        assertThat(rows.level()).isEqualTo(Level.WARNING);
        assertThat(rows.message()).isEqualTo("not checked: 0 earlier batches in history, anomaly detection needs 2");
        assertThat(rows.threshold()).isEqualTo("change vs previous batch within [-20%, +50%]");
        assertThat(result(report, "resident_id:completeness_anomaly").status()).isEqualTo(Status.SKIPPED);
        assertThat(result(report, "resident_id:distinctness_anomaly").status()).isEqualTo(Status.SKIPPED);
        // key + required columns of base.person: resident_id, name, birth_date, street_code
        assertThat(report.results()).filteredOn(r -> r.rule().equals(AnomalyChecks.COMPLETENESS_ANOMALY)).extracting(CheckResult::column)
                .containsExactly("resident_id", "name", "birth_date", "street_code");
        assertThat(report.passed()).isTrue();

        List<MetricRecord> stored = metrics.records("base.person");
        assertThat(stored).allSatisfy(m -> {
            assertThat(m.batchId()).isEqualTo("b1");
            assertThat(m.snapshotId()).hasValue(11L);
            assertThat(m.runAt()).isEqualTo(T0);
        });
        assertThat(stored).filteredOn(m -> m.name().equals("Size")).singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo(100.0));
        assertThat(stored).filteredOn(m -> m.name().equals("Distinctness") && m.instance().equals("resident_id")).hasSize(1);
        assertThat(stored).filteredOn(m -> m.name().equals("Compliance")).isNotEmpty();
        assertThat(spark.sql("SELECT count(*) FROM lake.governance.quality_results WHERE batch_id = 'b1'").first().getLong(0))
                .isEqualTo(report.results().size());
    }

    @Test
    @Order(2)
    void deequLoaderRebuildsTheStoredRun() {
        BatchKey key = new BatchKey("base.person", "b1", OptionalLong.of(11L), T0);
        Option<AnalyzerContext> loaded = metrics.loadByKey(key.resultKey());
        assertThat(loaded.isDefined()).isTrue();
        assertThat(loaded.get().metric(analyzer(new Size(Option.empty()))).get().value().get()).isEqualTo(100.0);
        assertThat(loaded.get().metric(analyzer(new Completeness("name", Option.empty(), Option.empty()))).get().value().get()).isEqualTo(1.0);

        List<AnalysisResult> byTag = JavaConverters.seqAsJavaList(metrics.load()
                .withTagValues(JavaConverters.mapAsScalaMap(Map.of(BatchKey.TABLE_TAG, "base.person")).toMap(scala.Predef.$conforms()))
                .after(T0.toEpochMilli()).before(T0.toEpochMilli()).get());
        assertThat(byTag).singleElement().satisfies(r -> assertThat(BatchKey.of(r.resultKey())).isEqualTo(key));
        assertThat(metrics.load().before(T0.toEpochMilli() - 1).get().isEmpty()).isTrue();
    }

    @Test
    @Order(3)
    void steadyHistoryPassesAndACompletenessDropIsAnAnomalyWithItsHistory() {
        for (int i = 2; i <= 5; i++) {
            QualityReport steady = verify(Fixtures.cleanPersons(100), "b" + i, 10L + i);
            assertThat(steady.results()).filteredOn(r -> r.rule().endsWith("_anomaly"))
                    .allSatisfy(r -> assertThat(r.status()).as(r.ruleId() + " " + r.message()).isNotEqualTo(Status.FAILED));
        }
        Fixtures.Batch dropped = Fixtures.cleanPersons(100);
        for (int i = 0; i < 10; i++) {
            dropped.set(i, "name", null);
        }

        QualityReport report = verify(dropped, "b6", 16L);

        CheckResult name = result(report, "name:completeness_anomaly");
        assertThat(name.status()).isEqualTo(Status.FAILED);
        assertThat(name.level()).isEqualTo(Level.WARNING);
        assertThat(name.metric()).hasValue(0.9);
        assertThat(name.threshold()).isEqualTo("within [mean - 2σ, +∞] of history");
        assertThat(name.message()).startsWith("completeness of name 0.9 outside [").endsWith("; history: 1, 1, 1, 1, 1");
        // the printed bound is the one the value broke
        java.util.regex.Matcher bound = java.util.regex.Pattern.compile("outside \\[([0-9.]+), \\+∞\\]").matcher(name.message());
        assertThat(bound.find()).as(name.message()).isTrue();
        assertThat(Double.parseDouble(bound.group(1))).isGreaterThan(0.9).isLessThan(1.0);
        assertThat(result(report, "resident_id:completeness_anomaly").status()).isEqualTo(Status.PASSED);
        CheckResult rows = result(report, "*:row_count_anomaly");
        assertThat(rows.status()).isEqualTo(Status.PASSED);
        assertThat(rows.message()).isEqualTo("row count 100 vs previous 100: change +0% within [-20%, +50%]; history: 100, 100, 100, 100, 100");
        // the contract's own error rule fails too; the anomaly is the warning that says "this is new"
        assertThat(report.failedErrors()).extracting(CheckResult::ruleId).containsExactly("name:completeness");
    }

    @Test
    @Order(4)
    void aRowCountDropOutsideTheBoundIsAnAnomalyAndARerunIsNotItsOwnHistory() {
        QualityReport report = verify(Fixtures.cleanPersons(51), "b7", 17L);

        CheckResult rows = result(report, "*:row_count_anomaly");
        assertThat(rows.status()).isEqualTo(Status.FAILED);
        assertThat(rows.metric()).hasValue(51.0);
        assertThat(rows.message()).isEqualTo(
                "row count 51 vs previous 100: change -49% outside [-20%, +50%]; history: 100, 100, 100, 100, 100, 100");
        assertThat(report.passed()).as("anomalies are warnings by default").isTrue();

        // rerun of b7 with the same size: b7's first run is not in its history, so it still fails against 100
        QualityReport rerun = verify(Fixtures.cleanPersons(51), "b7", 17L);
        assertThat(result(rerun, "*:row_count_anomaly").status()).isEqualTo(Status.FAILED);
        assertThat(spark.sql("SELECT count(DISTINCT run_at) FROM lake.governance.quality_metrics WHERE batch_id = 'b7'").first().getLong(0))
                .isEqualTo(2L);
        List<Row> sizes = spark.sql("SELECT batch_id, value FROM lake.governance.quality_metrics WHERE metric_name = 'Size' "
                + "ORDER BY run_at").collectAsList();
        assertThat(sizes).extracting(r -> r.getString(0) + "=" + r.getDouble(1))
                .containsExactly("b1=100.0", "b2=100.0", "b3=100.0", "b4=100.0", "b5=100.0", "b6=100.0", "b7=51.0", "b7=51.0");
    }

    @Test
    @Order(5)
    void historyReadsOneRunPerBatchFromTheLakeAndTheReportShowsIt(@TempDir Path out) throws Exception {
        List<org.citylake.quality.report.TableHistory> history = new org.citylake.quality.report.QualityHistory(spark, "lake")
                .read(java.util.Optional.of("base.person"));

        assertThat(history).singleElement().satisfies(t -> {
            assertThat(t.runs()).extracting(QualityReport::batchId).containsExactly("b1", "b2", "b3", "b4", "b5", "b6", "b7");
            QualityReport b7 = t.latest().orElseThrow();
            assertThat(b7.runAt()).isEqualTo(T0.plus(Duration.ofHours(24 * 7))); // the rerun, not the first b7 run
            assertThat(t.rowCount(b7)).isEqualTo(51L);
            assertThat(b7.result("*:row_count_anomaly").orElseThrow().status()).isEqualTo(Status.FAILED);
            assertThat(b7.results()).first().extracting(CheckResult::ruleId).isIn("*:row_count", "*:row_count_anomaly");
        });

        Path page = new org.citylake.quality.report.QualityReportPage(new org.citylake.quality.score.QualityScorer(
                org.citylake.quality.score.ScoreWeights.defaults())).write(out, history, Map.of(), Instant.EPOCH);
        String html = java.nio.file.Files.readString(page);
        assertThat(html).contains("<title>b7: 51</title>").contains("row count 51 vs previous 100");
    }
}
