package org.citylake.warehouse;

import java.util.regex.Pattern;

/**
 * Quoting for generated SQL. Names and strings from contracts and app files end up in DDL; they
 * must never be able to change the statement, so identifiers are checked and literals escaped.
 */
public final class SqlText {
    private static final Pattern SAFE_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SqlText() {
    }

    /** A back-quoted identifier (Spark SQL); rejects anything but letters, digits and _. */
    public static String identifier(String name) {
        if (!SAFE_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a safe SQL identifier: '" + name + "'");
        }
        return "`" + name + "`";
    }

    /** A single-quoted Spark SQL string literal with quotes and backslashes escaped. */
    public static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * A double-quoted Trino identifier. The name must pass the same safe-identifier check (so a hostile name
     * is refused, not merely quoted); quoting still guards against reserved words such as {@code "year"}.
     */
    public static String trinoIdentifier(String name) {
        if (!SAFE_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a safe SQL identifier: '" + name + "'");
        }
        return "\"" + name + "\"";
    }

    /** {@code catalog.schema.object}, each part quoted. */
    public static String trinoName(String catalog, String schema, String object) {
        return trinoIdentifier(catalog) + "." + trinoIdentifier(schema) + "." + trinoIdentifier(object);
    }

    /**
     * A single-quoted Trino string literal. Trino (standard SQL) has no backslash escapes: a quote is escaped
     * by doubling it, and that is the only character that can end the literal.
     */
    public static String trinoLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
