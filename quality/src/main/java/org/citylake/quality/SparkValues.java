package org.citylake.quality;

import java.time.Instant;
import org.apache.spark.sql.Row;

/**
 * Reads timestamp cells whichever way the session returns them: {@code java.sql.Timestamp} by
 * default, {@code java.time.Instant} when {@code spark.sql.datetime.java8API.enabled} is on (as in
 * citylake's own sessions).
 */
public final class SparkValues {
    private SparkValues() {
    }

    public static Instant instant(Row row, int i) {
        Object v = row.get(i);
        if (v instanceof Instant instant) {
            return instant;
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("column " + i + " is not a timestamp: " + (v == null ? "null" : v.getClass().getName()));
    }
}
