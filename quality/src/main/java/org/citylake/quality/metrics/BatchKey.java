package org.citylake.quality.metrics;

import com.amazon.deequ.repository.ResultKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import scala.collection.JavaConverters;

/**
 * What a verification run is keyed by in the metrics table: the table, the batch, the Iceberg snapshot
 * the data was read at (empty when the caller does not know it, e.g. a DataFrame not read from a table)
 * and the run time. It maps to Deequ's {@link ResultKey}: {@code dataSetDate} is the run time in epoch
 * milliseconds, the rest are tags, so Deequ's own loader API ({@code withTagValues}, {@code after},
 * {@code before}) filters on them.
 */
public record BatchKey(String table, String batchId, OptionalLong snapshotId, Instant runAt) {
    public static final String TABLE_TAG = "table";
    public static final String BATCH_TAG = "batch_id";
    public static final String SNAPSHOT_TAG = "snapshot_id";

    public BatchKey {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(snapshotId, "snapshotId");
        // Deequ keys are milliseconds; truncating here makes a key survive the round trip through the table.
        runAt = Instant.ofEpochMilli(Objects.requireNonNull(runAt, "runAt").toEpochMilli());
    }

    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TABLE_TAG, table);
        tags.put(BATCH_TAG, batchId);
        snapshotId.ifPresent(s -> tags.put(SNAPSHOT_TAG, Long.toString(s)));
        return tags;
    }

    public ResultKey resultKey() {
        return new ResultKey(runAt.toEpochMilli(), scalaMap(tags()));
    }

    /** Reads a key back; fails when the table or batch tag is missing, since a row without them cannot be filed. */
    public static BatchKey of(ResultKey key) {
        Map<String, String> tags = JavaConverters.mapAsJavaMap(key.tags());
        String table = tags.get(TABLE_TAG);
        String batch = tags.get(BATCH_TAG);
        if (table == null || batch == null) {
            throw new IllegalArgumentException("a quality_metrics key needs the tags '" + TABLE_TAG + "' and '" + BATCH_TAG
                    + "', got " + tags);
        }
        String snapshot = tags.get(SNAPSHOT_TAG);
        return new BatchKey(table, batch, snapshot == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(snapshot)),
                Instant.ofEpochMilli(key.dataSetDate()));
    }

    static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> m) {
        return JavaConverters.mapAsScalaMap(m).toMap(scala.Predef.$conforms());
    }
}
