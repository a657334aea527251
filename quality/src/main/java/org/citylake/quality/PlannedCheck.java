package org.citylake.quality;

import java.util.Objects;
import java.util.Optional;
import org.citylake.catalog.contract.QualityRule;

/**
 * One rule of a contract as it will be checked: who it is ({@code column}, {@code rule}), how bad a
 * failure is, the assertion on the metric ({@code threshold}, e.g. {@code >= 0.95}) and what the metric
 * measures in words ({@code expectation}), which the steward reads in reports.
 * {@code source} is empty for rules the platform adds itself (the table's row count).
 */
public record PlannedCheck(String column, String rule, QualityRule.Level level, String threshold, String expectation,
                           Optional<QualityRule> source) {
    public PlannedCheck {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(source, "source");
    }

    /** {@code <column>:<rule>}; also the name of the Deequ constraint, which is how results are mapped back. */
    public String id() {
        return column + ":" + rule;
    }

    public boolean isReference() {
        return source.map(r -> r.kind() == QualityRule.Kind.REFERENCE).orElse(false);
    }
}
