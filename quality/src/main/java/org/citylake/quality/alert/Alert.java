package org.citylake.quality.alert;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import org.citylake.catalog.contract.QualityRule;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;

/**
 * One failed check (an anomaly is a failed {@code *_anomaly} check) of one batch, as a steward is told about
 * it. {@code rule} is the rule id ({@code name:completeness}) so an alert can be matched to the report.
 */
public record Alert(String table, String batchId, String rule, QualityRule.Level level, OptionalDouble metric, String threshold,
                    String message, Instant raisedAt) {
    public Alert {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }

    public static Alert of(QualityReport report, CheckResult failed, Instant raisedAt) {
        return new Alert(report.table(), report.batchId(), failed.ruleId(), failed.level(), failed.metric(), failed.threshold(),
                failed.message(), raisedAt);
    }

    public boolean anomaly() {
        return rule.endsWith("_anomaly");
    }
}
