package org.citylake.quality.metrics;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One Deequ metric of one verification run, as stored in {@code governance.quality_metrics}:
 * who (table, batch, snapshot, time) and what ({@code entity} Dataset/Column/Multicolumn, {@code instance}
 * the column or {@code *}, {@code name} e.g. {@code Completeness}, {@code value}). {@code analyzer} is the
 * Deequ analyzer's text form, e.g. {@code Completeness(resident_id,None,None)}: two analyzers can yield the
 * same (entity, instance, name) with different filters, and only the analyzer tells them apart.
 */
public record MetricRecord(String table, String batchId, OptionalLong snapshotId, Instant runAt, String entity,
                           String instance, String name, double value, String analyzer) {
    public MetricRecord {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(snapshotId, "snapshotId");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(analyzer, "analyzer");
    }
}
