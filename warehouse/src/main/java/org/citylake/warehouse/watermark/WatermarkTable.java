package org.citylake.warehouse.watermark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.citylake.warehouse.SqlText;

/**
 * {@code governance.watermarks}: what each source of each table has delivered that the lake took.
 *
 * <p>Ordering (why a crashed run resumes correctly): a batch's watermarks are written only after its
 * tables were published (base, then history). A run that dies before that leaves the files untaken,
 * so the next incremental run collects them again under the same batch id and re-stages the batch;
 * every step of a load is idempotent (ODS partitions overwritten, full extracts MERGE only changed
 * records, change sets skip what history already holds), so it ends where an uninterrupted run
 * ends. Written the other way round, a crash after the watermark but before the publish would lose
 * the batch for good: the next run would think its files taken.
 */
public final class WatermarkTable {
    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("table_name", DataTypes.StringType, false),
            DataTypes.createStructField("source", DataTypes.StringType, false),
            DataTypes.createStructField("kind", DataTypes.StringType, false),
            DataTypes.createStructField("file_name", DataTypes.StringType, true),
            DataTypes.createStructField("file_sha256", DataTypes.StringType, true),
            DataTypes.createStructField("value", DataTypes.StringType, true),
            DataTypes.createStructField("batch_id", DataTypes.StringType, false),
            DataTypes.createStructField("committed_at", DataTypes.TimestampType, false)));

    private final SparkSession spark;
    private final String table;

    public WatermarkTable(SparkSession spark, String catalog) {
        this.spark = spark;
        this.table = catalog + ".governance.watermarks";
    }

    public String name() {
        return table;
    }

    private void ensure() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + table.substring(0, table.lastIndexOf('.')));
        spark.sql("CREATE TABLE IF NOT EXISTS " + table + " (table_name string, source string, kind string COMMENT 'file or jdbc; held_file or held_jdbc while the batch is held',"
                + " file_name string, file_sha256 string, value string COMMENT 'jdbc: highest updated_at or id read',"
                + " batch_id string, committed_at timestamp) USING iceberg"
                + " COMMENT 'source watermarks: files taken per source (name + SHA-256), written after the batch was published'"
                + " TBLPROPERTIES ('format-version'='2', 'citylake.layer'='governance')");
    }

    /** The files of {@code source} already taken into {@code tableName}, as {@link Watermark#fileIdentity()}. */
    public Set<String> takenFiles(String tableName, String source) {
        if (!spark.catalog().tableExists(table)) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (Row r : spark.sql("SELECT file_name, file_sha256 FROM " + table + " WHERE kind = 'file' AND table_name = "
                + SqlText.literal(tableName) + " AND source = " + SqlText.literal(source)).collectAsList()) {
            out.add(r.getString(0) + "@" + r.getString(1));
        }
        return out;
    }

    /**
     * The watermark a JDBC source's next incremental read starts above: the value of its latest
     * published batch (values only grow: each read takes rows above the previous one). Empty: never taken.
     */
    public java.util.Optional<String> jdbcValue(String tableName, String source) {
        if (!spark.catalog().tableExists(table)) {
            return java.util.Optional.empty();
        }
        List<Row> r = spark.sql("SELECT value FROM " + table + " WHERE kind = 'jdbc' AND table_name = " + SqlText.literal(tableName)
                + " AND source = " + SqlText.literal(source) + " ORDER BY committed_at DESC LIMIT 1").collectAsList();
        return r.isEmpty() ? java.util.Optional.empty() : java.util.Optional.ofNullable(r.get(0).getString(0));
    }

    private boolean recordedJdbc(Watermark w) {
        return spark.catalog().tableExists(table) && spark.sql("SELECT 1 FROM " + table + " WHERE kind = 'jdbc' AND table_name = "
                + SqlText.literal(w.table()) + " AND source = " + SqlText.literal(w.source()) + " AND batch_id = " + SqlText.literal(w.batchId())
                + " AND value = " + SqlText.literal(w.value())).limit(1).count() > 0;
    }

    /**
     * Keeps the watermarks of a batch the quality gate held, as {@code held_file} / {@code held_jdbc}
     * rows that no incremental read counts: until a steward publishes the batch its sources are not
     * taken (a rerun collects them again), and {@link #commitHeld} makes them count once it is.
     */
    public int recordHeld(List<Watermark> marks) {
        ensure();
        List<Row> rows = new ArrayList<>();
        for (Watermark w : marks) {
            rows.add(RowFactory.create(w.table(), w.source(), HELD + w.kind().code(), w.fileName(), w.fileSha256(), w.value(), w.batchId(),
                    w.committedAt()));
        }
        append(rows);
        return rows.size();
    }

    /**
     * Called after a steward published a held batch of {@code tableName}: its kept watermarks become
     * committed ones (so the next incremental run does not take its files or rows again). Returns how
     * many were committed; repeating it commits nothing twice.
     */
    public int commitHeld(String tableName, String batchId, java.time.Instant now) {
        if (!spark.catalog().tableExists(table)) {
            return 0;
        }
        List<Watermark> marks = new ArrayList<>();
        for (Row r : spark.sql("SELECT DISTINCT source, kind, file_name, file_sha256, value FROM " + table + " WHERE kind IN ('held_file', 'held_jdbc') AND table_name = "
                + SqlText.literal(tableName) + " AND batch_id = " + SqlText.literal(batchId)).collectAsList()) {
            Watermark.Kind kind = Watermark.Kind.valueOf(r.getString(1).substring(HELD.length()).toUpperCase(java.util.Locale.ROOT));
            marks.add(new Watermark(tableName, r.getString(0), kind, r.getString(2), r.getString(3), r.getString(4), batchId, now));
        }
        return marks.isEmpty() ? 0 : record(marks);
    }

    private static final String HELD = "held_";

    /** Appends the watermarks not recorded yet (a rerun after a crash past the publish adds nothing twice). */
    public int record(List<Watermark> marks) {
        ensure();
        List<Row> rows = new ArrayList<>();
        for (Watermark w : marks) {
            if (w.kind() == Watermark.Kind.FILE && takenFiles(w.table(), w.source()).contains(w.fileIdentity())) {
                continue;
            }
            if (w.kind() == Watermark.Kind.JDBC && recordedJdbc(w)) {
                continue;
            }
            rows.add(RowFactory.create(w.table(), w.source(), w.kind().code(), w.fileName(), w.fileSha256(), w.value(), w.batchId(),
                    w.committedAt()));
        }
        append(rows);
        return rows.size();
    }

    private void append(List<Row> rows) {
        if (!rows.isEmpty()) {
            try {
                spark.createDataFrame(rows, SCHEMA).writeTo(table).append();
            } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
                throw new IllegalStateException(table + " vanished while writing to it", e);
            }
        }
    }

}
