package org.citylake.quality;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.citylake.catalog.contract.QualityRule;

/**
 * What verifying one batch of one table found. {@link #passed()} is the publish gate: only
 * ERROR-level failures block; warnings and skipped rules are reported but do not.
 */
public record QualityReport(String table, String batchId, Instant runAt, long rowCount, List<CheckResult> results) {
    public QualityReport {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(runAt, "runAt");
        results = List.copyOf(results);
    }

    public boolean passed() {
        return failedErrors().isEmpty();
    }

    public List<CheckResult> failedErrors() {
        return failures(QualityRule.Level.ERROR);
    }

    public List<CheckResult> failedWarnings() {
        return failures(QualityRule.Level.WARNING);
    }

    public List<CheckResult> skipped() {
        return results.stream().filter(r -> r.status() == CheckResult.Status.SKIPPED).toList();
    }

    /** The result of the rule with this id ({@code <column>:<rule>}), if the contract has it. */
    public Optional<CheckResult> result(String ruleId) {
        return results.stream().filter(r -> r.ruleId().equals(ruleId)).findFirst();
    }

    private List<CheckResult> failures(QualityRule.Level level) {
        return results.stream().filter(r -> r.failed() && r.level() == level).toList();
    }
}
