package org.citylake.warehouse.serving;

import java.util.List;
import java.util.stream.Collectors;
import org.citylake.warehouse.SqlText;

/**
 * One structural row restriction of an app grant. App files never carry SQL: each condition renders itself
 * from a checked column name and escaped literals, so a hostile value stays a value.
 */
public sealed interface RowCondition {
    /** The column of the base table the condition reads. */
    String column();

    /** The predicate on {@code alias.column}, in Trino SQL. */
    String sql(String alias);

    /** {@code age_at_least: 60} — persons born on or before today minus {@code years} (birth date column). */
    record AgeAtLeast(String column, int years) implements RowCondition {
        public AgeAtLeast {
            if (years < 0 || years > 150) {
                throw new IllegalArgumentException("age must be 0..150, got " + years);
            }
        }

        @Override
        public String sql(String alias) {
            // years is an int, so the interval literal cannot carry anything but digits.
            return ref(alias, column) + " <= current_date - INTERVAL " + SqlText.trinoLiteral(Integer.toString(years)) + " YEAR";
        }
    }

    /** {@code in: {column, values}} (and {@code street_in: [...]}, the same on street_code). */
    record ValueIn(String column, List<String> values) implements RowCondition {
        public ValueIn {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("needs at least one value");
            }
        }

        @Override
        public String sql(String alias) {
            return ref(alias, column) + " IN (" + values.stream().map(SqlText::trinoLiteral).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code equals: {column, value}}. */
    record EqualsValue(String column, String value) implements RowCondition {
        @Override
        public String sql(String alias) {
            return ref(alias, column) + " = " + SqlText.trinoLiteral(value);
        }
    }

    /** {@code starts_with: {column, value}} — e.g. every street code of a county (GB/T 2260 codes nest by prefix). */
    record StartsWith(String column, String prefix) implements RowCondition {
        @Override
        public String sql(String alias) {
            return "starts_with(" + ref(alias, column) + ", " + SqlText.trinoLiteral(prefix) + ")";
        }
    }

    private static String ref(String alias, String column) {
        return alias == null ? SqlText.trinoIdentifier(column) : SqlText.trinoIdentifier(alias) + "." + SqlText.trinoIdentifier(column);
    }
}
