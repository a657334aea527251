package org.citylake.catalog.contract;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A column's logical type as written in a contract; maps to Spark SQL / Iceberg / Trino types. */
public record ColumnType(Kind kind, int precision, int scale) {
    public enum Kind { STRING, DATE, TIMESTAMP, INT, BIGINT, DOUBLE, DECIMAL, BOOLEAN }

    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d{1,2}),\\s*(\\d{1,2})\\)");

    public static ColumnType parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DECIMAL.matcher(t);
        if (m.matches()) {
            int p = Integer.parseInt(m.group(1));
            int s = Integer.parseInt(m.group(2));
            if (p < 1 || p > 38 || s > p) {
                throw new IllegalArgumentException("decimal precision must be 1..38 and scale ≤ precision, got " + text);
            }
            return new ColumnType(Kind.DECIMAL, p, s);
        }
        return switch (t) {
            case "string" -> new ColumnType(Kind.STRING, 0, 0);
            case "date" -> new ColumnType(Kind.DATE, 0, 0);
            case "timestamp" -> new ColumnType(Kind.TIMESTAMP, 0, 0);
            case "int" -> new ColumnType(Kind.INT, 0, 0);
            case "bigint" -> new ColumnType(Kind.BIGINT, 0, 0);
            case "double" -> new ColumnType(Kind.DOUBLE, 0, 0);
            case "boolean" -> new ColumnType(Kind.BOOLEAN, 0, 0);
            default -> throw new IllegalArgumentException(
                    "unknown type '" + text + "' (expected string, date, timestamp, int, bigint, double, boolean or decimal(p,s))");
        };
    }

    /** The Spark SQL DDL spelling, also valid for Iceberg through Spark. */
    public String sqlType() {
        return kind == Kind.DECIMAL ? "decimal(" + precision + "," + scale + ")" : kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return sqlType();
    }
}
