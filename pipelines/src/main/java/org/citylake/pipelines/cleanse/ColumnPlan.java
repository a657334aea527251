package org.citylake.pipelines.cleanse;

import org.citylake.pipelines.standards.ReasonCode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.citylake.catalog.contract.ColumnType;
import org.citylake.pipelines.standards.Standard;

/**
 * How one column is cleansed, distilled from its contract into serialisable form for Spark tasks:
 * its standard, whether it is required, its type, and the contract's error-level rules that can be
 * judged on one row (pattern, allowed values, dictionary, range). Warning-level rules are not
 * enforced per row; they are reported by the quality checks.
 */
record ColumnPlan(String name, ColumnType.Kind kind, int precision, int scale, boolean nullable, String standardName,
                  Standard standard, List<RowRule> rules) implements Serializable {

    /** One row-local error rule. */
    sealed interface RowRule extends Serializable permits PatternRule, AllowedRule, RangeRule {
        /** Null when the typed value passes, else the reason. */
        QuarantineReason check(String column, Object value);
    }

    record PatternRule(String regex) implements RowRule {
        @Override
        public QuarantineReason check(String column, Object value) {
            // Pattern is not serialisable; compiling per call would be slow, so cache per JVM.
            return PatternCache.get(regex).matcher(String.valueOf(value)).matches() ? null
                    : QuarantineReason.of(ReasonCode.PATTERN_MISMATCH, column, "pattern", column + " '" + value + "' does not match " + regex);
        }
    }

    record AllowedRule(String ruleName, Set<String> allowed, ReasonCode reasonCode) implements RowRule {
        @Override
        public QuarantineReason check(String column, Object value) {
            return allowed.contains(String.valueOf(value)) ? null
                    : QuarantineReason.of(reasonCode, column, ruleName, column + " '" + value + "' is not an allowed value"
                            + (allowed.size() <= 12 ? " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")" : ""));
        }
    }

    /** Bounds are compared in the column's type; {@code today} is the run's as-of date. */
    record RangeRule(String min, String max, ReasonCode reasonCode) implements RowRule {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public QuarantineReason check(String column, Object value) {
            Comparable v = (Comparable) value;
            if (min != null && v.compareTo(bound(min, value)) < 0) {
                return QuarantineReason.of(reasonCode, column, "range", column + " " + value + " is below the minimum " + min);
            }
            if (max != null && v.compareTo(bound(max, value)) > 0) {
                return QuarantineReason.of(reasonCode, column, "range", column + " " + value + " is above the maximum " + max);
            }
            return null;
        }

        private static Comparable<?> bound(String text, Object like) {
            if (like instanceof LocalDate) {
                return LocalDate.parse(text);
            }
            if (like instanceof BigDecimal) {
                return new BigDecimal(text);
            }
            if (like instanceof Integer) {
                return (int) Math.floor(Double.parseDouble(text));
            }
            if (like instanceof Long) {
                return (long) Math.floor(Double.parseDouble(text));
            }
            return Double.parseDouble(text);
        }
    }

    static final class PatternCache {
        private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static Pattern get(String regex) {
            return CACHE.computeIfAbsent(regex, Pattern::compile);
        }
    }
}
