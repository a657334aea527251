package org.citylake.pipelines.jdbc;

import java.util.List;
import org.citylake.catalog.contract.JdbcSource;
import org.citylake.catalog.contract.SourceSpec;

/**
 * What one batch takes from one JDBC source: the connection, the watermark range and the
 * database's real column names (lineage records those, as it records a file's real headers).
 */
public record JdbcDelivery(SourceSpec source, JdbcConnection connection, JdbcRange range, List<String> columns) {
    public JdbcDelivery {
        if (!source.readsJdbc()) {
            throw new IllegalArgumentException(source.name() + " is not a JDBC source");
        }
        columns = List.copyOf(columns);
    }

    public JdbcSource jdbc() {
        return source.jdbcSource().orElseThrow();
    }

    /** {@code market_registry_db=updated_at (a, b]#rows}: the delivery's part of the batch id. */
    public String identity() {
        return source.name() + "=" + range.identity();
    }

    /** The watermark to record once the batch is published: the highest value taken; empty if none (only NULLs taken). */
    public java.util.Optional<String> watermark() {
        return range.upTo();
    }
}
