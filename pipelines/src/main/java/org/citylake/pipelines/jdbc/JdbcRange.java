package org.citylake.pipelines.jdbc;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rows one collect takes from a JDBC source: watermark above {@code after} (the last committed
 * watermark; empty in a full load, which also takes rows whose watermark is NULL) and at most
 * {@code upTo} (the highest watermark when the bounds were queried; empty when every row taken has
 * a NULL watermark), with the partition key's range for a split read. Bounding the read above keeps
 * it consistent with the watermark recorded: a row written while the batch runs is taken next time.
 */
public record JdbcRange(Optional<String> after, Optional<String> upTo, long rows, OptionalLong minKey, OptionalLong maxKey) {
    public boolean incremental() {
        return after.isPresent();
    }

    /** {@code updated_at (2026-06-01 08:00:00, 2026-06-02 09:30:00]}: how lineage and the progress line name the range. */
    public String describe(String watermarkColumn) {
        return watermarkColumn + " (" + after.orElse("-∞") + ", " + upTo.orElse("NULL") + "]";
    }

    /** What makes the batch id: the same range of the same source is the same batch (a resumed run restages it). */
    String identity() {
        return after.orElse("") + "|" + upTo.orElse("") + "|" + rows;
    }
}
