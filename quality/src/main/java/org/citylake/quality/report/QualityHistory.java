package org.citylake.quality.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.QualityRule;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;
import org.citylake.quality.QualityResultsTable;
import org.citylake.quality.metrics.MetricRecord;
import org.citylake.quality.metrics.QualityMetricsTable;

/**
 * Reads the quality history of the lake: {@code governance.quality_results} (check results per run) and
 * {@code governance.quality_metrics} (Deequ metrics per run). A batch verified twice counts once, by its
 * latest run, so trends show one point per batch.
 */
public final class QualityHistory {
    private final SparkSession spark;
    private final QualityResultsTable results;
    private final QualityMetricsTable metrics;

    public QualityHistory(SparkSession spark, String catalog) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.results = new QualityResultsTable(spark, catalog);
        this.metrics = new QualityMetricsTable(spark, catalog);
    }

    /** Every table's history, by table name; or only {@code table}'s. Empty when nothing was verified yet. */
    public List<TableHistory> read(Optional<String> table) {
        if (!spark.catalog().tableExists(results.name())) {
            return List.of();
        }
        Dataset<Row> rows = spark.table(results.name());
        if (table.isPresent()) {
            rows = rows.where(col("table_name").equalTo(lit(table.get())));
        }
        // table → batch → latest run's rows
        Map<String, Map<String, List<Row>>> latest = new TreeMap<>();
        for (Row r : rows.select("table_name", "batch_id", "run_at", "column_name", "rule", "level", "status", "metric", "threshold",
                "message", "row_count").collectAsList()) {
            Map<String, List<Row>> batches = latest.computeIfAbsent(r.getString(0), t -> new LinkedHashMap<>());
            List<Row> current = batches.get(r.getString(1));
            if (current == null || org.citylake.quality.SparkValues.instant(current.get(0), 2).isBefore(org.citylake.quality.SparkValues.instant(r, 2))) {
                batches.put(r.getString(1), new ArrayList<>(List.of(r)));
            } else if (org.citylake.quality.SparkValues.instant(current.get(0), 2).equals(org.citylake.quality.SparkValues.instant(r, 2))) {
                current.add(r);
            }
        }
        List<TableHistory> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Row>>> t : latest.entrySet()) {
            List<QualityReport> runs = new ArrayList<>();
            for (List<Row> run : t.getValue().values()) {
                runs.add(report(run));
            }
            runs.sort(Comparator.comparing(QualityReport::runAt).thenComparing(QualityReport::batchId));
            out.add(new TableHistory(t.getKey(), runs, metrics.records(t.getKey())));
        }
        return out;
    }

    private static QualityReport report(List<Row> rows) {
        Row first = rows.get(0);
        List<CheckResult> results = new ArrayList<>();
        for (Row r : rows) {
            results.add(new CheckResult(r.getString(3), r.getString(4), QualityRule.Level.valueOf(r.getString(5).toUpperCase(java.util.Locale.ROOT)),
                    CheckResult.Status.valueOf(r.getString(6)), r.isNullAt(7) ? OptionalDouble.empty() : OptionalDouble.of(r.getDouble(7)),
                    r.getString(8), r.getString(9)));
        }
        // Row order inside a commit is not guaranteed: table-level rules first, then by rule id, so pages are stable.
        results.sort(Comparator.comparing((CheckResult c) -> !c.column().equals(CheckResult.TABLE)).thenComparing(CheckResult::ruleId));
        return new QualityReport(first.getString(0), first.getString(1), org.citylake.quality.SparkValues.instant(first, 2), first.getLong(10), results);
    }
}
