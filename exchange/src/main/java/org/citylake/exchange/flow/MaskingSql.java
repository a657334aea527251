package org.citylake.exchange.flow;

import org.citylake.catalog.contract.Masking;
import org.citylake.warehouse.SqlText;

/**
 * The Spark SQL expression that de-identifies one column before it leaves the district, per the peer's
 * grant. Masking happens in the query that reads the increment, so unmasked values never reach a
 * package file on disk.
 */
public final class MaskingSql {
    private MaskingSql() {
    }

    public static String expression(String column, Masking m) {
        String c = SqlText.identifier(column);
        String s = "CAST(" + c + " AS STRING)";
        return switch (m.technique()) {
            case NONE -> c;
            case SUPPRESS -> "CAST(NULL AS STRING)";
            case HASH -> "sha2(" + s + ", 256)";
            case MASK -> "CASE WHEN " + c + " IS NULL THEN NULL"
                    + " WHEN char_length(" + s + ") <= " + (m.keepFirst() + m.keepLast()) + " THEN repeat('*', char_length(" + s + "))"
                    + " ELSE concat(substring(" + s + ", 1, " + m.keepFirst() + "), repeat('*', char_length(" + s + ") - "
                    + (m.keepFirst() + m.keepLast()) + "), " + (m.keepLast() == 0 ? "''" : "substring(" + s + ", -" + m.keepLast() + ")") + ") END";
            case GENERALIZE -> switch (m.generalizeTo()) {
                case "year" -> "CAST(year(" + c + ") AS STRING)";
                case "month" -> "date_format(" + c + ", 'yyyy-MM')";
                case "street" -> "substring(" + s + ", 1, 9)"; // GB/T 2260 county (6) + street (3)
                default -> throw new IllegalArgumentException("cannot generalize to '" + m.generalizeTo() + "'");
            };
        };
    }
}
