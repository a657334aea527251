package org.citylake.catalog.contract;

import java.util.Objects;
import java.util.Optional;

/**
 * A source read straight from a department's database over JDBC: a table or a query, its
 * connection named only through environment variables (the contract never holds a URL, user or
 * password), the watermark column that orders its rows for incremental collection, and optionally
 * a numeric column to split the read into parallel ranges. Declared in the source spec:
 *
 * <pre>
 *   jdbc:
 *     url_env: CITYLAKE_MARKET_DB_URL        # jdbc:postgresql://host:5432/registry
 *     user_env: CITYLAKE_MARKET_DB_USER
 *     password_env: CITYLAKE_MARKET_DB_PASSWORD
 *     table: market_entity                   # or query: SELECT ... (no ORDER BY, no ;)
 *     watermark_column: updated_at
 *     watermark_kind: timestamp              # or number (an id that only grows)
 *     partition_column: id                   # optional: numeric; read as num_partitions ranges
 *     num_partitions: 4
 * </pre>
 *
 * <p>A source whose {@code url_env} is not set is skipped by a load (with a note), so a contract can
 * name a database that only some deployments have.
 */
public record JdbcSource(String urlEnv, String userEnv, String passwordEnv, String table, String query, String watermarkColumn,
                         WatermarkKind watermarkKind, String partitionColumn, int numPartitions) implements java.io.Serializable {
    public enum WatermarkKind {
        /** A date-time the source sets on every insert and update (e.g. {@code updated_at}). */
        TIMESTAMP,
        /** A whole number that grows with every new row (an id or a log sequence number). */
        NUMBER
    }

    public JdbcSource {
        Objects.requireNonNull(urlEnv, "urlEnv");
        Objects.requireNonNull(watermarkColumn, "watermarkColumn");
        Objects.requireNonNull(watermarkKind, "watermarkKind");
        if ((table == null) == (query == null)) {
            throw new IllegalArgumentException("a JDBC source reads exactly one of a table or a query");
        }
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be positive: " + numPartitions);
        }
    }

    public Optional<String> partitionColumnName() {
        return Optional.ofNullable(partitionColumn);
    }

    public Optional<String> userEnvName() {
        return Optional.ofNullable(userEnv);
    }

    public Optional<String> passwordEnvName() {
        return Optional.ofNullable(passwordEnv);
    }

    /** What lineage and ODS name the rows' origin by: {@code jdbc:<table>} or {@code jdbc:query:<source>}; never the URL. */
    public String origin(String sourceName) {
        return table != null ? "jdbc:" + table : "jdbc:query:" + sourceName;
    }
}
