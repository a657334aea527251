package org.citylake.catalog.contract;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A rule over several columns of one record, or between a record and another base table. An
 * error-level violation quarantines the record; every violation is also a consistency finding.
 *
 * <ul>
 *   <li>{@code id_consistency}: the birth date and sex encoded in a GB 11643 number
 *       ({@code id_column}) match the record's {@code birth_date_column} and {@code sex_column};</li>
 *   <li>{@code date_order}: {@code earlier} is not after {@code later} (e.g. issue date ≤ expiry);</li>
 *   <li>{@code community_in_street}: a 12-digit community code belongs to the 9-digit street code;</li>
 *   <li>{@code exists_in}: {@code column}'s value exists in {@code table}.{@code target_column},
 *       optionally only {@code when} another column has a value.</li>
 * </ul>
 */
public record RowRule(Kind kind, QualityRule.Level level, Map<String, String> params, QualityRule.Condition when) {
    public enum Kind { ID_CONSISTENCY, DATE_ORDER, COMMUNITY_IN_STREET, EXISTS_IN;
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RowRule {
        params = Map.copyOf(params);
    }

    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException(kind.code() + " rule has no '" + name + "'");
        }
        return v;
    }

    public Optional<QualityRule.Condition> condition() {
        return Optional.ofNullable(when);
    }

    /** The parameters each kind needs; those ending in _column or named column/earlier/later name columns of this table. */
    static java.util.List<String> requiredParams(Kind kind) {
        return switch (kind) {
            case ID_CONSISTENCY -> java.util.List.of("id_column", "birth_date_column", "sex_column");
            case DATE_ORDER -> java.util.List.of("earlier", "later");
            case COMMUNITY_IN_STREET -> java.util.List.of("community_column", "street_column");
            case EXISTS_IN -> java.util.List.of("column", "table", "target_column");
        };
    }
}
