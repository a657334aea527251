package org.citylake.quality.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.citylake.quality.QualityReport;
import org.citylake.quality.metrics.MetricRecord;

/**
 * What the lake remembers about one table's quality: one report per verified batch (the latest run of
 * each batch, oldest batch first) and every Deequ metric stored for it.
 */
public record TableHistory(String table, List<QualityReport> runs, List<MetricRecord> metrics) {
    public TableHistory {
        Objects.requireNonNull(table, "table");
        runs = List.copyOf(runs);
        metrics = List.copyOf(metrics);
    }

    public Optional<QualityReport> latest() {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /**
     * The row count of a run: Deequ's {@code Size} metric of that batch and time when stored, else the
     * count the results table recorded.
     */
    public long rowCount(QualityReport run) {
        return metrics.stream().filter(m -> m.name().equals("Size") && m.batchId().equals(run.batchId()) && m.runAt().equals(run.runAt()))
                .findFirst().map(m -> (long) m.value()).orElse(run.rowCount());
    }
}
