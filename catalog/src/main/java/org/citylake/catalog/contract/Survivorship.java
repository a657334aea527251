package org.citylake.catalog.contract;

import java.util.Optional;

/**
 * How records of one key from several sources become one base record: per column, the first
 * non-empty value in order of source priority, then recency ({@code recency} column, newest first),
 * then file order. The base record lists every contributing source record.
 */
public record Survivorship(String recencyColumn) {
    public static final Survivorship PRIORITY_ONLY = new Survivorship(null);

    public Optional<String> recency() {
        return Optional.ofNullable(recencyColumn);
    }
}
