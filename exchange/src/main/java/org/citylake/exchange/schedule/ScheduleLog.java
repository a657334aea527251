package org.citylake.exchange.schedule;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.citylake.warehouse.SqlText;

/**
 * {@code governance.exchange_schedule}: one row per scheduled run (subscription, the cron fire time it served,
 * start, end, outcome, packages, message), appended after the run. It lives in the lake, not in the
 * scheduler's memory, so a restarted scheduler knows what already ran and does not run a fire time twice.
 * A run that crashed wrote no row; its fire time is run again, which the exactly-once {@code exchange run}
 * makes harmless.
 */
public final class ScheduleLog {
    public enum Outcome { OK, FAILED }

    public record Entry(String subscription, Instant fireTime, Instant startedAt, Instant finishedAt, Outcome outcome, int packages,
                        String message) {
    }

    static final StructType SCHEMA = new StructType()
            .add("subscription", DataTypes.StringType, false)
            .add("fire_time", DataTypes.TimestampType, false)
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false)
            .add("outcome", DataTypes.StringType, false)
            .add("packages", DataTypes.IntegerType, false)
            .add("message", DataTypes.StringType);

    private final SparkSession spark;
    private final String table;

    public ScheduleLog(SparkSession spark, String catalog) {
        this.spark = spark;
        this.table = catalog + ".governance.exchange_schedule";
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + ".governance");
        spark.sql("CREATE TABLE IF NOT EXISTS " + table + " (subscription string NOT NULL, fire_time timestamp NOT NULL,"
                + " started_at timestamp NOT NULL, finished_at timestamp NOT NULL, outcome string NOT NULL, packages int NOT NULL,"
                + " message string) USING iceberg COMMENT 'exchange subscriptions run by citylake exchange schedule'"
                + " TBLPROPERTIES ('format-version'='2', 'citylake.layer'='governance')");
    }

    public String table() {
        return table;
    }

    public void record(Entry e) {
        Row row = RowFactory.create(e.subscription(), Timestamp.from(e.fireTime()), Timestamp.from(e.startedAt()), Timestamp.from(e.finishedAt()),
                e.outcome().name().toLowerCase(), e.packages(), e.message());
        try {
            spark.createDataFrame(List.of(row), SCHEMA).writeTo(table).append();
        } catch (NoSuchTableException ex) {
            throw new IllegalStateException(table + " vanished after it was created", ex);
        }
    }

    /** The latest fire time a successful scheduled run of this subscription served. */
    public Optional<Instant> lastFire(String subscription) {
        spark.sql("REFRESH TABLE " + table);
        Row r = spark.sql("SELECT max(fire_time) FROM " + table + " WHERE subscription = " + SqlText.literal(subscription)
                + " AND outcome = 'ok'").first();
        if (r.isNullAt(0)) {
            return Optional.empty();
        }
        Object v = r.get(0);
        return Optional.of(v instanceof Instant i ? i : ((Timestamp) v).toInstant());
    }

    public long runs(String subscription) {
        return spark.sql("SELECT count(*) FROM " + table + " WHERE subscription = " + SqlText.literal(subscription)).first().getLong(0);
    }
}
