package org.citylake.quality.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;
import org.citylake.warehouse.SqlText;
import org.citylake.warehouse.WriteAuditPublish;

/**
 * The publish step of write-audit-publish: a batch whose audit has no failed error-level check is
 * published (main fast-forwarded to its branch); otherwise it is held on its branch and the run
 * reports the failing checks. A steward may later publish or discard a held batch with a reason;
 * every decision — automatic or by hand — is one row of {@code governance.publications}.
 */
public final class PublishGate {
    static final StructType SCHEMA = StructType.fromDDL("batch_id string, table_name string, branch string, snapshot_id bigint, "
            + "status string, failed_checks array<string>, decided_by string, reason string, decided_at timestamp");

    private final SparkSession spark;
    private final String catalog;
    private final WriteAuditPublish wap;

    public PublishGate(SparkSession spark, String catalog) {
        this.spark = spark;
        this.catalog = catalog;
        this.wap = new WriteAuditPublish(spark, catalog);
    }

    public String ledgerTable() {
        return catalog + ".governance.publications";
    }

    /** Publishes or holds the batch the report audited, and records the decision. */
    public Publication decide(QualityReport report, String table, String branch) {
        String full = catalog + "." + table;
        long snapshot = wap.snapshotOf(full, branch);
        List<String> failed = report.failedErrors().stream().map(CheckResult::ruleId).toList();
        Publication p;
        if (failed.isEmpty()) {
            wap.publish(full, branch);
            p = new Publication(report.batchId(), table, branch, snapshot, Publication.Status.PUBLISHED, failed, "quality gate",
                    "no error-level check failed", Instant.now());
        } else {
            p = new Publication(report.batchId(), table, branch, snapshot, Publication.Status.HELD, failed, "quality gate",
                    "error-level checks failed: " + String.join(", ", failed), Instant.now());
        }
        record(p);
        return p;
    }

    /** A steward's override: publishes a held batch anyway. The reason is mandatory and recorded. */
    public Publication publish(String batchId, String table, String user, String reason) {
        return override(batchId, table, user, reason, Publication.Status.PUBLISHED);
    }

    /** A steward's decision to drop a held batch; main is not touched. */
    public Publication discard(String batchId, String table, String user, String reason) {
        return override(batchId, table, user, reason, Publication.Status.DISCARDED);
    }

    private Publication override(String batchId, String table, String user, String reason, Publication.Status status) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required to " + (status == Publication.Status.PUBLISHED ? "publish" : "discard")
                    + " a held batch; it is kept in " + ledgerTable());
        }
        String full = catalog + "." + table;
        String branch = WriteAuditPublish.branchFor(batchId);
        if (!wap.branchExists(full, branch)) {
            throw new IllegalArgumentException("Batch " + batchId + " is not held on " + table + " (no branch " + branch + ")"
                    + latest(batchId, table).map(p -> "; its last decision was " + p.status().code() + " by " + p.decidedBy()).orElse(""));
        }
        long snapshot = wap.snapshotOf(full, branch);
        List<String> failed = latest(batchId, table).map(Publication::failedChecks).orElse(List.of());
        if (status == Publication.Status.PUBLISHED) {
            wap.publish(full, branch);
        } else {
            wap.discard(full, branch);
        }
        Publication p = new Publication(batchId, table, branch, snapshot, status, failed, user, reason, Instant.now());
        record(p);
        return p;
    }

    /** The most recent decision about a batch of a table, if any. */
    public Optional<Publication> latest(String batchId, String table) {
        if (!spark.catalog().tableExists(ledgerTable())) {
            return Optional.empty();
        }
        List<Row> rows = spark.sql("SELECT batch_id, table_name, branch, snapshot_id, status, failed_checks, decided_by, reason, decided_at FROM "
                + ledgerTable() + " WHERE batch_id = " + SqlText.literal(batchId) + " AND table_name = " + SqlText.literal(table)
                + " ORDER BY decided_at DESC LIMIT 1").collectAsList();
        return rows.stream().findFirst().map(PublishGate::fromRow);
    }

    /** Batches currently held on a branch, newest first. */
    public List<Publication> held() {
        if (!spark.catalog().tableExists(ledgerTable())) {
            return List.of();
        }
        return spark.sql("SELECT batch_id, table_name, branch, snapshot_id, status, failed_checks, decided_by, reason, decided_at FROM ("
                + "SELECT *, row_number() OVER (PARTITION BY batch_id, table_name ORDER BY decided_at DESC) AS n FROM " + ledgerTable()
                + ") WHERE n = 1 AND status = 'held' ORDER BY decided_at DESC").collectAsList().stream().map(PublishGate::fromRow).toList();
    }

    private void record(Publication p) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + ".governance");
        spark.sql("CREATE TABLE IF NOT EXISTS " + ledgerTable() + " (" + SCHEMA.toDDL() + ") USING iceberg"
                + " COMMENT 'write-audit-publish decisions: published, held or discarded batches, with who and why'"
                + " TBLPROPERTIES ('format-version'='2', 'citylake.layer'='governance')");
        Row row = RowFactory.create(p.batchId(), p.table(), p.branch(), p.snapshotId(), p.status().code(),
                p.failedChecks().toArray(new String[0]), p.decidedBy(), p.reason(), java.sql.Timestamp.from(p.decidedAt()));
        try {
            spark.createDataFrame(List.of(row), SCHEMA).writeTo(ledgerTable()).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(ledgerTable() + " vanished", e);
        }
    }

    private static Publication fromRow(Row r) {
        return new Publication(r.getString(0), r.getString(1), r.getString(2), r.getLong(3),
                Publication.Status.valueOf(r.getString(4).toUpperCase(java.util.Locale.ROOT)), r.getList(5), r.getString(6), r.getString(7),
                org.citylake.quality.SparkValues.instant(r, 8));
    }
}
