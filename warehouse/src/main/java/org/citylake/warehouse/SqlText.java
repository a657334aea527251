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
}
