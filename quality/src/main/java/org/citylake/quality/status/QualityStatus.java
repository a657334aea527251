package org.citylake.quality.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;
import org.citylake.quality.gate.Publication;
import org.citylake.quality.report.TableHistory;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.QualityScores;

/**
 * Where each table stands now: its latest verified batch, what the publish gate (or a steward) decided about
 * it, its score, the failed checks and the anomalies; and the district score over those latest batches.
 * What {@code citylake quality status} prints; built from history and publications so it can be tested
 * without a lake.
 */
public record QualityStatus(double districtScore, List<TableStatus> tables) {
    public QualityStatus {
        tables = List.copyOf(tables);
    }

    /** One table's line. {@code publication} is empty when no decision was recorded for the batch (e.g. not run through the gate). */
    public record TableStatus(String table, String batchId, Instant runAt, Optional<Publication.Status> publication, double score,
                              List<String> failedErrors, List<String> failedWarnings, List<String> anomalies) {
        public TableStatus {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(runAt, "runAt");
            Objects.requireNonNull(publication, "publication");
            failedErrors = List.copyOf(failedErrors);
            failedWarnings = List.copyOf(failedWarnings);
            anomalies = List.copyOf(anomalies);
        }
    }

    /**
     * Builds the status of every table with at least one verified batch. {@code decision} looks up the latest
     * publication of (batch, table), e.g. {@code gate::latest}.
     */
    public static QualityStatus of(List<TableHistory> history, QualityScorer scorer,
                                   BiFunction<String, String, Optional<Publication>> decision) {
        List<QualityReport> latest = history.stream().flatMap(h -> h.latest().stream())
                .sorted(Comparator.comparing(QualityReport::table)).toList();
        QualityScores scores = scorer.score(latest);
        List<TableStatus> tables = new ArrayList<>();
        for (QualityReport r : latest) {
            // Anomalies are listed on their own; among the failures they would be counted twice.
            tables.add(new TableStatus(r.table(), r.batchId(), r.runAt(),
                    decision.apply(r.batchId(), r.table()).map(Publication::status), scores.table(r.table()).orElseThrow().score(),
                    ids(r.failedErrors().stream().filter(c -> !isAnomaly(c)).toList()),
                    ids(r.failedWarnings().stream().filter(c -> !isAnomaly(c)).toList()),
                    ids(r.results().stream().filter(QualityStatus::isAnomaly).toList())));
        }
        return new QualityStatus(scores.district(), tables);
    }

    static boolean isAnomaly(CheckResult r) {
        return r.rule().endsWith("_anomaly") && r.failed();
    }

    private static List<String> ids(List<CheckResult> results) {
        return results.stream().map(CheckResult::ruleId).toList();
    }
}
