package org.citylake.catalog.contract;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One quality rule on a column. The quality module turns it into a Deequ constraint; the level
 * says whether a failure blocks publishing ({@link Level#ERROR}) or is only reported.
 *
 * <p>Parameters by kind: completeness {@code min} (fraction, default 1.0); uniqueness none;
 * pattern {@code regex}; allowed_values {@code values}; dictionary {@code dictionary};
 * range {@code min}/{@code max} (numbers, ISO dates or {@code today}); reference
 * {@code table}/{@code column}/{@code min}, optionally {@code when: {column, equals}} to check only
 * the rows a reference applies to; freshness {@code max_age_days}.
 */
public record QualityRule(Kind kind, Level level, String min, String max, String regex, List<String> values,
                          String dictionary, String referenceTable, String referenceColumn, Integer maxAgeDays,
                          Condition when) {
    /** Limits a rule to rows where another column has a given value, e.g. holder_type = 自然人. */
    public record Condition(String column, String equals) {
    }

    public enum Kind { COMPLETENESS, UNIQUENESS, PATTERN, ALLOWED_VALUES, DICTIONARY, RANGE, REFERENCE, FRESHNESS;
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Level { ERROR, WARNING;
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public QualityRule {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public Optional<Condition> condition() {
        return Optional.ofNullable(when);
    }

    public Optional<String> minimum() {
        return Optional.ofNullable(min);
    }

    public Optional<String> maximum() {
        return Optional.ofNullable(max);
    }

    /** The required fraction for completeness and reference rules. */
    public double fraction() {
        return min == null ? 1.0 : Double.parseDouble(min);
    }
}
