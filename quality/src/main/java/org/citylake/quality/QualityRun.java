package org.citylake.quality;

import com.amazon.deequ.repository.AnalysisResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.quality.alert.Alerts;
import org.citylake.quality.alert.AlertsConfig;
import org.citylake.quality.alert.WebhookSender;
import org.citylake.quality.anomaly.AnomalyChecks;
import org.citylake.quality.anomaly.AnomalySettings;
import org.citylake.quality.metrics.BatchKey;
import org.citylake.quality.metrics.QualityMetricsTable;

/**
 * Verifying one batch the way the pipeline does it, in one call: the contract's checks, the anomaly
 * analyzers and the saving of every metric to {@code governance.quality_metrics} happen in ONE Deequ
 * run (one pass over the batch); the history read before the run feeds anomaly detection; the report
 * (contract results followed by anomaly results) is appended to {@code governance.quality_results}.
 *
 * <p>Anomaly results carry the level from {@code conf/quality/anomaly.yaml} (warning by default), so
 * {@link QualityReport#passed()} — the publish gate — only blocks on them when that file says error.
 */
public final class QualityRun {
    private final QualityVerifier verifier;
    private final AnomalyChecks anomalies;
    private final QualityMetricsTable metrics;
    private final QualityResultsTable results;
    private final Clock clock;
    private final Alerts alerts;

    /** Without alerting: {@link #alerts()} then raises alerts but neither sends nor records them. */
    public QualityRun(QualityVerifier verifier, AnomalyChecks anomalies, QualityMetricsTable metrics, QualityResultsTable results,
                      Clock clock) {
        this(verifier, anomalies, metrics, results, clock,
                new Alerts(AlertsConfig.none(), new WebhookSender(name -> null), (raised, delivery) -> { }, clock));
    }

    public QualityRun(QualityVerifier verifier, AnomalyChecks anomalies, QualityMetricsTable metrics, QualityResultsTable results,
                      Clock clock, Alerts alerts) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.anomalies = Objects.requireNonNull(anomalies, "anomalies");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.results = Objects.requireNonNull(results, "results");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The production wiring: governance tables in {@code catalog}, anomaly settings from
     * {@code <conf>/quality/anomaly.yaml} (defaults when the file is absent), referenced tables from the catalog, alerts to the webhooks of {@code <conf>/quality/alerts.yaml}.
     */
    public static QualityRun inLake(SparkSession spark, String catalog, Path conf, Dictionaries dictionaries) {
        Path anomalyFile = conf.resolve("quality/anomaly.yaml");
        AnomalySettings settings = java.nio.file.Files.exists(anomalyFile) ? AnomalySettings.load(anomalyFile) : AnomalySettings.defaults();
        return new QualityRun(new QualityVerifier(dictionaries, ReferenceCheck.catalogTables(spark, catalog)), new AnomalyChecks(settings),
                new QualityMetricsTable(spark, catalog), new QualityResultsTable(spark, catalog), Clock.systemUTC(),
                Alerts.inLake(spark, catalog, conf));
    }

    /**
     * Where a verified batch's failed checks and anomalies are raised: {@code alerts().raise(report)}. Kept
     * apart from {@link #verify} so the caller decides when to alert (after the gate, once per batch).
     */
    public Alerts alerts() {
        return alerts;
    }

    /**
     * Verifies {@code data}, one batch of {@code contract}'s table read at Iceberg snapshot {@code snapshotId}
     * (empty if unknown, e.g. data not yet committed), persists metrics and results, and returns the report.
     */
    public QualityReport verify(SparkSession spark, Dataset<Row> data, TableContract contract, String batchId, OptionalLong snapshotId,
                                LocalDate asOf) {
        BatchKey key = new BatchKey(contract.qualifiedName(), batchId, snapshotId, clock.instant());
        // Read before the run saves its own metrics; the key's time bounds it anyway.
        List<AnalysisResult> history = anomalies.history(metrics, contract, key);
        QualityVerifier.Verified verified = verifier.verify(spark, data, contract, batchId, asOf, anomalies.analyzers(contract),
                Optional.of(new QualityVerifier.MetricsStore(metrics, key.resultKey())));
        List<CheckResult> all = new ArrayList<>(verified.report().results());
        all.addAll(anomalies.evaluate(contract, verified.metrics(), key.resultKey(), history));
        QualityReport report = new QualityReport(verified.report().table(), batchId, verified.report().runAt(), verified.report().rowCount(), all);
        results.append(report);
        return report;
    }
}
