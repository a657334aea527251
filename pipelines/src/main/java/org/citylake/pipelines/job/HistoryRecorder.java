package org.citylake.pipelines.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.SqlText;

/**
 * Keeps a base table's SCD type 2 history ({@code history.<table>}): one row per version of a record,
 * valid from {@code valid_from} (inclusive) to {@code valid_to} (exclusive; null while current), with
 * the operation that made it (I, U, or D for the tombstone of a deleted record, an empty interval) and
 * the source sequence that made it, if any.
 *
 * <p>The history is derived, not appended to: after the batch's base MERGE it compares the base table
 * on the batch's branch with the history's current versions (only the keys the batch touched, for a
 * change set) and writes just the differences, in one MERGE on the history table's branch of the same
 * batch. So it is idempotent by construction: running it again, or after a crash that published the
 * base table but not the history, finds exactly the versions still missing. A version's time is the
 * change's source timestamp when the source gives one, else the batch's load time; it never precedes
 * the version it replaces, so intervals of a record do not overlap.
 */
final class HistoryRecorder {
    private final SparkSession spark;

    HistoryRecorder(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * @param effectiveView a view of the batch's applied changes (key, _op, _sequence, _changed_at),
     *     or empty for a batch of full extracts only
     * @param scopedToChanges compare only the keys of {@code effectiveView} (a change set touches few records)
     * @return the number of history rows written (new versions, closed versions and tombstones)
     */
    long record(TableContract contract, String stagedBase, String stagedHistory, String batchId, Instant batchTime,
                Optional<String> effectiveView, boolean scopedToChanges) {
        String sql = diffQuery(contract, stagedBase, stagedHistory, batchId, batchTime, effectiveView, scopedToChanges);
        Dataset<Row> diff = spark.sql(sql).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long rows = diff.count();
            if (rows == 0) {
                return 0;   // nothing differs: no commit, no new snapshot
            }
            String view = "citylake_history_diff_" + contract.table();
            diff.createOrReplaceTempView(view);
            spark.sql(mergeStatement(contract, stagedHistory, view));
            return rows;
        } finally {
            diff.unpersist();
        }
    }

    /**
     * The MERGE source: close rows (match the current version by {@code _mk_<key>}, set its end),
     * new versions and tombstones (null {@code _mk_*}, inserted).
     */
    static String diffQuery(TableContract contract, String stagedBase, String stagedHistory, String batchId, Instant batchTime,
                            Optional<String> effectiveView, boolean scopedToChanges) {
        List<String> key = contract.key().stream().map(SqlText::identifier).toList();
        List<String> values = contract.columns().stream().filter(c -> !contract.key().contains(c.name()))
                .map(ColumnContract::name).map(SqlText::identifier).toList();
        String scope = scopedToChanges && effectiveView.isPresent()
                ? " LEFT SEMI JOIN " + effectiveView.get() + " sc ON " + on(key, "x", "sc") : "";
        String b = "(SELECT x.* FROM " + stagedBase + " x" + scope + ")";
        String h = "(SELECT x.* FROM " + stagedHistory + " x" + scope + " WHERE x.is_current)";
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, batchTime);
        String at = effectiveView.isPresent() ? "coalesce(e._changed_at, timestamp_micros(" + micros + "))" : "timestamp_micros(" + micros + ")";
        String sameValues = values.stream().map(v -> "b." + v + " <=> h." + v).collect(Collectors.joining(" AND "));
        String inBase = "b." + key.get(0) + " IS NOT NULL";
        String inHistory = "h." + key.get(0) + " IS NOT NULL";
        StringBuilder j = new StringBuilder("SELECT ");
        for (String k : key) {
            j.append("coalesce(b.").append(k).append(", h.").append(k).append(") AS ").append(k).append(", ");
        }
        for (String v : values) {
            j.append("b.").append(v).append(" AS ").append(v).append(", h.").append(v).append(" AS `_h_").append(v.replace("`", "")).append("`, ");
        }
        j.append("b._source AS _source, h._source AS _h_source, ");
        j.append(effectiveView.isPresent() ? "e._sequence" : "CAST(NULL AS BIGINT)").append(" AS _sequence, ");
        j.append(inBase).append(" AS _in_base, ").append(inHistory).append(" AS _in_history, ");
        j.append("CASE WHEN h.valid_from IS NOT NULL AND h.valid_from > ").append(at).append(" THEN h.valid_from ELSE ").append(at).append(" END AS _at");
        j.append(" FROM ").append(b).append(" b FULL OUTER JOIN ").append(h).append(" h ON ").append(on(key, "b", "h"));
        if (effectiveView.isPresent()) {
            j.append(" LEFT JOIN ").append(effectiveView.get()).append(" e ON ")
                    .append(key.stream().map(k -> "e." + k + " = coalesce(b." + k + ", h." + k + ")").collect(Collectors.joining(" AND ")));
        }
        j.append(" WHERE NOT (").append(inBase).append(" AND ").append(inHistory).append(values.isEmpty() ? "" : " AND " + sameValues).append(")");
        String joined = "(" + j + ") d";

        String mkNull = contract.key().stream().map(k -> "CAST(NULL AS " + contract.column(k).orElseThrow().type().sqlType() + ") AS `_mk_" + k + "`")
                .collect(Collectors.joining(", "));
        String mkKey = key.stream().map(k -> "d." + k + " AS `_mk_" + k.replace("`", "") + "`").collect(Collectors.joining(", "));
        String keys = key.stream().map(k -> "d." + k).collect(Collectors.joining(", "));
        String batch = SqlText.literal(batchId);
        String newValues = values.stream().map(v -> "d." + v).collect(Collectors.joining(", "));
        String oldValues = values.stream().map(v -> "d.`_h_" + v.replace("`", "") + "` AS " + v).collect(Collectors.joining(", "));
        String tail = "d._sequence, ";
        List<String> parts = new ArrayList<>();
        // Close the current version of a changed or deleted record.
        parts.add("SELECT " + mkKey + ", " + keys + ", " + oldValues + ", d._h_source AS _source, " + batch + " AS _batch_id, " + tail
                + "'C' AS op, d._at AS valid_from, d._at AS valid_to, false AS is_current FROM " + joined + " WHERE d._in_history");
        // The new version of an inserted or changed record.
        parts.add("SELECT " + mkNull + ", " + keys + ", " + newValues + ", d._source, " + batch + " AS _batch_id, " + tail
                + "CASE WHEN d._in_history THEN 'U' ELSE 'I' END AS op, d._at AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to,"
                + " true AS is_current FROM " + joined + " WHERE d._in_base");
        // The tombstone of a deleted record: its last values, an empty interval, op D.
        parts.add("SELECT " + mkNull + ", " + keys + ", " + oldValues + ", d._h_source AS _source, " + batch + " AS _batch_id, " + tail
                + "'D' AS op, d._at AS valid_from, d._at AS valid_to, false AS is_current FROM " + joined + " WHERE NOT d._in_base");
        return String.join(" UNION ALL ", parts);
    }

    static String mergeStatement(TableContract contract, String target, String source) {
        String on = contract.key().stream().map(SqlText::identifier)
                .map(k -> "t." + k + " = s.`_mk_" + k.replace("`", "") + "`").collect(Collectors.joining(" AND "));
        List<String> cols = new ArrayList<>();
        contract.columns().forEach(c -> cols.add(SqlText.identifier(c.name())));
        cols.addAll(List.of("_source", "_batch_id", "_sequence", "op", "valid_from", "valid_to", "is_current"));
        String firstMk = "s.`_mk_" + contract.key().get(0) + "`";
        return "MERGE INTO " + target + " t USING " + source + " s ON " + on + " AND t.is_current"
                + " WHEN MATCHED THEN UPDATE SET t.valid_to = s.valid_to, t.is_current = false"
                + " WHEN NOT MATCHED AND " + firstMk + " IS NULL THEN INSERT (" + String.join(", ", cols) + ") VALUES ("
                + cols.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")";
    }

    private static String on(List<String> key, String a, String b) {
        return key.stream().map(k -> a + "." + k + " = " + b + "." + k).collect(Collectors.joining(" AND "));
    }
}
