package org.citylake.quality;

import java.util.Objects;
import java.util.OptionalDouble;
import org.citylake.catalog.contract.QualityRule;

/**
 * The outcome of one contract rule on one batch. {@code column} is {@link #TABLE} for table-level
 * rules (the row count); {@code rule} is the contract's rule code ({@code completeness}, …) or
 * {@link #ROW_COUNT}. {@code metric} is what was measured (mostly a fraction of rows, the row count for
 * {@code row_count}); it is empty when nothing could be measured (a skipped rule, a failed analyzer).
 */
public record CheckResult(String column, String rule, QualityRule.Level level, Status status, OptionalDouble metric,
                          String threshold, String message) {
    public enum Status { PASSED, FAILED, SKIPPED }

    /** Column name used for rules about the table as a whole. */
    public static final String TABLE = "*";
    /** Rule code of the table-level "the batch is not empty" check. */
    public static final String ROW_COUNT = "row_count";

    public CheckResult {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(message, "message");
    }

    /** {@code <column>:<rule>}, e.g. {@code resident_id:uniqueness}; stable across runs, so metrics can be trended by it. */
    public String ruleId() {
        return column + ":" + rule;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
