package org.citylake.warehouse.serving;

import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.Masking;
import org.citylake.warehouse.SqlText;

/**
 * One output column of a serving view: the contract column it comes from, the masking that applies to it
 * (the app's override, else the contract's) and the output name, which changes when generalisation changes
 * what the value means (birth_date → birth_year).
 */
public record ServedColumn(ColumnContract source, Masking masking, String name) {
    static final String BASE_ALIAS = "t";
    static final String KEY_ALIAS = "k";

    /** Null when the column is suppressed: it is left out of the view altogether. */
    static ServedColumn of(ColumnContract source, Masking masking) {
        if (masking.technique() == Masking.Technique.SUPPRESS) {
            return null;
        }
        String name = masking.technique() == Masking.Technique.GENERALIZE ? generalizedName(source.name(), masking.generalizeTo()) : source.name();
        return new ServedColumn(source, masking, name);
    }

    private static String generalizedName(String column, String to) {
        String stem = column.endsWith("_date") ? column.substring(0, column.length() - "_date".length())
                : column.endsWith("_code") ? column.substring(0, column.length() - "_code".length()) : column;
        return stem + "_" + to;
    }

    /** The select-list entry, e.g. {@code <mask of t."resident_id"> AS "resident_id"}. */
    String selectItem() {
        return expression(SqlText.trinoIdentifier(BASE_ALIAS) + "." + SqlText.trinoIdentifier(source.name())) + " AS " + SqlText.trinoIdentifier(name);
    }

    /** True if the served value is text masked by keeping the ends: masking it again gives the same text. */
    boolean idempotentMask() {
        return masking.technique() == Masking.Technique.MASK;
    }

    /** The masking of {@code ref} in Trino SQL; only numbers from the contract are spliced in, never text. */
    String expression(String ref) {
        return switch (masking.technique()) {
            case NONE -> ref;
            case MASK -> mask(ref, masking.keepFirst(), masking.keepLast());
            case GENERALIZE -> switch (masking.generalizeTo()) {
                case "year" -> "year(" + ref + ")";
                case "month" -> "date_format(" + ref + ", '%Y-%m')";
                // GB/T 2260: the first 9 digits of a community code are its street's code.
                case "street" -> "substr(CAST(" + ref + " AS varchar), 1, 9)";
                default -> throw new IllegalArgumentException("column '" + source.name() + "': cannot generalize to '"
                        + masking.generalizeTo() + "' (year, month or street)");
            };
            case HASH -> "to_hex(hmac_sha256(to_utf8(CAST(" + ref + " AS varchar)), " + SqlText.trinoIdentifier(KEY_ALIAS) + "."
                    + SqlText.trinoIdentifier(PseudonymKey.COLUMN) + "))";
            case SUPPRESS -> throw new IllegalStateException("suppressed columns are not served");
        };
    }

    /**
     * Keep the first and last characters, star the middle, keep the length (so 18-digit IDs stay
     * recognisable as IDs: 340102********123X); values too short to keep both ends are starred entirely.
     */
    static String mask(String ref, int first, int last) {
        String text = "CAST(" + ref + " AS varchar)";
        StringBuilder kept = new StringBuilder("concat(");
        if (first > 0) {
            kept.append("substr(").append(text).append(", 1, ").append(first).append("), ");
        }
        kept.append("lpad('', length(").append(text).append(") - ").append(first + last).append(", '*')");
        if (last > 0) {
            kept.append(", substr(").append(text).append(", length(").append(text).append(") - ").append(last - 1).append(")");
        }
        kept.append(")");
        return "CASE WHEN length(" + text + ") <= " + (first + last) + " THEN lpad('', length(" + text + "), '*') ELSE " + kept + " END";
    }
}
