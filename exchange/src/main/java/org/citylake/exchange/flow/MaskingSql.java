package org.citylake.exchange.flow;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.citylake.catalog.contract.Masking;
import org.citylake.exchange.crypto.Pseudonymizer;
import org.citylake.warehouse.SqlText;

/**
 * The Spark SQL expression that de-identifies one column before it leaves the district, per the peer's
 * grant. Masking happens in the query that reads the increment, so unmasked values never reach a
 * package file on disk.
 */
public final class MaskingSql {
    /**
     * The Spark function that pseudonymises a value ({@code hash} masking). It is registered per export
     * with the subscription's key ({@link #registerPseudonym}), so the key stays out of the SQL text.
     */
    public static final String PSEUDONYM_FUNCTION = "citylake_pseudonym";

    private MaskingSql() {
    }

    /** Makes {@link #PSEUDONYM_FUNCTION} compute keyed pseudonyms with this key in this session. */
    public static void registerPseudonym(SparkSession spark, Pseudonymizer pseudonymizer) {
        spark.udf().register(PSEUDONYM_FUNCTION, (UDF1<String, String>) pseudonymizer::pseudonym, DataTypes.StringType);
    }

    public static String expression(String column, Masking m) {
        String c = SqlText.identifier(column);
        String s = "CAST(" + c + " AS STRING)";
        return switch (m.technique()) {
            case NONE -> c;
            case SUPPRESS -> "CAST(NULL AS STRING)";
            case HASH -> PSEUDONYM_FUNCTION + "(" + s + ")";
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
