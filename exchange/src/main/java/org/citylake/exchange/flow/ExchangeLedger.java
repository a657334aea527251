package org.citylake.exchange.flow;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.citylake.warehouse.SqlText;

/**
 * {@code governance.exchange_ledger}: one row per state a package reaches (built, uploaded, applied,
 * rejected), appended, never updated. The latest row of a package is its state. The outbound side reads
 * the last uploaded snapshot to start the next increment there; the inbound side skips packages already
 * applied.
 */
public final class ExchangeLedger {
    public enum Status { BUILT, UPLOADED, APPLIED, REJECTED }

    public record Entry(String packageId, String subscription, String direction, String peer, String sourceTable, String targetTable,
                        Long fromSnapshot, long toSnapshot, long rows, Status status, String reason, Instant recordedAt) {
    }

    static final StructType SCHEMA = new StructType()
            .add("package_id", DataTypes.StringType, false)
            .add("subscription", DataTypes.StringType, false)
            .add("direction", DataTypes.StringType, false)
            .add("peer", DataTypes.StringType)
            .add("source_table", DataTypes.StringType)
            .add("target_table", DataTypes.StringType)
            .add("from_snapshot", DataTypes.LongType)
            .add("to_snapshot", DataTypes.LongType)
            .add("rows", DataTypes.LongType)
            .add("status", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType)
            .add("recorded_at", DataTypes.TimestampType, false);

    private final SparkSession spark;
    private final String table;

    public ExchangeLedger(SparkSession spark, String catalog) {
        this.spark = spark;
        this.table = catalog + ".governance.exchange_ledger";
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + ".governance");
        spark.sql("CREATE TABLE IF NOT EXISTS " + table + " (package_id string NOT NULL, subscription string NOT NULL,"
                + " direction string NOT NULL, peer string, source_table string, target_table string, from_snapshot bigint,"
                + " to_snapshot bigint, rows bigint, status string NOT NULL, reason string, recorded_at timestamp NOT NULL)"
                + " USING iceberg COMMENT 'exchange packages: every state each one reached'"
                + " TBLPROPERTIES ('format-version'='2', 'citylake.layer'='governance')");
    }

    public String table() {
        return table;
    }

    public void record(Entry e) {
        Row row = RowFactory.create(e.packageId(), e.subscription(), e.direction(), e.peer(), e.sourceTable(), e.targetTable(),
                e.fromSnapshot(), e.toSnapshot(), e.rows(), e.status().name().toLowerCase(), e.reason(), Timestamp.from(e.recordedAt()));
        try {
            spark.createDataFrame(List.of(row), SCHEMA).writeTo(table).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException ex) {
            throw new IllegalStateException(table + " vanished after it was created", ex);
        }
    }

    /** The snapshot the last uploaded package of this subscription and table ended at. */
    public OptionalLong lastExported(String subscription, String sourceTable) {
        List<Row> rows = spark.sql("SELECT to_snapshot FROM " + table + " WHERE subscription = " + SqlText.literal(subscription)
                + " AND source_table = " + SqlText.literal(sourceTable) + " AND status = 'uploaded' ORDER BY recorded_at DESC LIMIT 1").collectAsList();
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(rows.get(0).getLong(0));
    }

    public boolean reached(String packageId, Status status) {
        return !spark.sql("SELECT 1 FROM " + table + " WHERE package_id = " + SqlText.literal(packageId)
                + " AND status = " + SqlText.literal(status.name().toLowerCase()) + " LIMIT 1").isEmpty();
    }

    public Optional<String> latestStatus(String packageId) {
        List<Row> rows = spark.sql("SELECT status FROM " + table + " WHERE package_id = " + SqlText.literal(packageId)
                + " ORDER BY recorded_at DESC LIMIT 1").collectAsList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getString(0));
    }

    /** The latest entry of every package, newest first. */
    public List<Row> latestPerPackage() {
        return spark.sql("SELECT package_id, subscription, direction, peer, source_table, target_table, from_snapshot, to_snapshot, rows,"
                + " status, reason, recorded_at FROM (SELECT *, row_number() OVER (PARTITION BY package_id ORDER BY recorded_at DESC) rn FROM "
                + table + ") WHERE rn = 1 ORDER BY recorded_at DESC").collectAsList();
    }

    public long count(String packageId, Status status) {
        return spark.sql("SELECT count(*) FROM " + table + " WHERE package_id = " + SqlText.literal(packageId)
                + " AND status = " + SqlText.literal(status.name().toLowerCase())).first().getLong(0);
    }
}
