package org.citylake.warehouse.lineage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code governance.lineage_outbox}: the runs whose lineage is still to be published to Atlas. A run is
 * enqueued when its lineage is recorded, whether or not an Atlas is configured, so publishing can never fail
 * a data job and a later {@code citylake lineage sync} delivers what was missed. A row is marked delivered
 * once Atlas accepted the run; failed attempts count up and keep the last error for the operator.
 */
public final class LineageOutbox {
    static final StructType SCHEMA = StructType.fromDDL("run_id string, enqueued_at timestamp, attempts int, "
            + "last_attempt_at timestamp, last_error string, delivered_at timestamp");

    /** One run waiting for (or done with) publishing. */
    public record Entry(String runId, Instant enqueuedAt, int attempts, String lastError, Instant deliveredAt) {
        public boolean delivered() {
            return deliveredAt != null;
        }
    }

    private final SparkSession spark;
    private final String catalog;

    public LineageOutbox(SparkSession spark, String catalog) {
        this.spark = spark;
        this.catalog = catalog;
    }

    public String table() {
        return catalog + "." + LineageTables.NAMESPACE + ".lineage_outbox";
    }

    public void createIfMissing() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + LineageTables.NAMESPACE);
        spark.sql("CREATE TABLE IF NOT EXISTS " + table() + " (" + SCHEMA.toDDL() + ") USING iceberg COMMENT "
                + "'runs whose lineage is to be published to Atlas; delivered_at set once Atlas accepted it' "
                + "TBLPROPERTIES ('format-version'='2', 'citylake.layer'='governance')");
    }

    /** Adds the run unless it is already queued (a rerun of enqueue is harmless). */
    public void enqueue(String runId, Instant now) {
        createIfMissing();
        if (!spark.sql("SELECT 1 FROM " + table() + " WHERE run_id = " + literal(runId) + " LIMIT 1").isEmpty()) {
            return;
        }
        Row row = RowFactory.create(runId, Timestamp.from(now), 0, null, null, null);
        try {
            spark.createDataFrame(List.of(row), SCHEMA).writeTo(table()).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(table() + " vanished between create and append", e);
        }
    }

    /** Runs not yet delivered, oldest first. */
    public List<Entry> pending() {
        return read("delivered_at IS NULL");
    }

    public List<Entry> all() {
        return read("true");
    }

    private List<Entry> read(String where) {
        if (!spark.catalog().tableExists(table())) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (Row r : spark.sql("SELECT run_id, enqueued_at, attempts, last_error, delivered_at FROM " + table() + " WHERE " + where
                + " ORDER BY enqueued_at, run_id").collectAsList()) {
            out.add(new Entry(r.getString(0), instant(r.get(1)), r.getInt(2), r.getString(3), r.isNullAt(4) ? null : instant(r.get(4))));
        }
        return out;
    }

    public void delivered(String runId, Instant at) {
        delivered(List.of(runId), at);
    }

    /** One commit for many runs. */
    public void delivered(java.util.Collection<String> runIds, Instant at) {
        if (runIds.isEmpty()) {
            return;
        }
        spark.sql("UPDATE " + table() + " SET attempts = attempts + 1, last_attempt_at = " + ts(at) + ", last_error = NULL, delivered_at = "
                + ts(at) + " WHERE run_id IN (" + runIds.stream().map(LineageOutbox::literal).collect(java.util.stream.Collectors.joining(", ")) + ")");
    }

    public void failed(String runId, Instant at, String error) {
        failed(List.of(runId), at, error);
    }

    /** One commit for many runs: when Atlas cannot be reached, every pending run's attempt failed alike. */
    public void failed(java.util.Collection<String> runIds, Instant at, String error) {
        if (runIds.isEmpty()) {
            return;
        }
        spark.sql("UPDATE " + table() + " SET attempts = attempts + 1, last_attempt_at = " + ts(at) + ", last_error = "
                + literal(error.length() > 1000 ? error.substring(0, 1000) : error) + " WHERE run_id IN ("
                + runIds.stream().map(LineageOutbox::literal).collect(java.util.stream.Collectors.joining(", ")) + ")");
    }

    private static String ts(Instant at) {
        // An instant, whatever the session's time zone.
        return "timestamp_micros(" + (at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000) + "L)";
    }

    private static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static Instant instant(Object v) {
        return v instanceof Timestamp t ? t.toInstant() : (Instant) v;
    }
}
