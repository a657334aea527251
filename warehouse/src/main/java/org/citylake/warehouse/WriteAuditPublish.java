package org.citylake.warehouse;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Write-audit-publish with Iceberg branches: a batch writes a base table on its own branch
 * ({@code wap_<batch>}), the quality gate audits that branch, and only a passing batch is
 * published by fast-forwarding {@code main}. Until then readers of {@code main} — Trino, serving
 * views, exchange — see the table exactly as it was; a held batch stays on its branch for a
 * steward to inspect, publish with a reason, or discard.
 */
public final class WriteAuditPublish {
    private final SparkSession spark;
    private final String catalog;

    public WriteAuditPublish(SparkSession spark, String catalog) {
        this.spark = spark;
        this.catalog = catalog;
    }

    /** Iceberg ref names: lower-case letters, digits and _ so they are also safe SQL identifiers. */
    public static String branchFor(String batchId) {
        String b = "wap_" + batchId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        SqlText.identifier(b);
        return b;
    }

    /** The identifier that reads or writes {@code table} on {@code branch}: {@code lake.base.person.branch_wap_x}. */
    public static String onBranch(String table, String branch) {
        return table + ".branch_" + SqlText.identifier(branch).replace("`", "");
    }

    /**
     * Makes {@code branch} start from the table's current {@code main}. A branch left by an earlier
     * attempt at the same batch is replaced, so a rerun audits exactly this run's writes.
     */
    public void stage(String table, String branch) {
        if (branchExists(table, branch)) {
            spark.sql("ALTER TABLE " + table + " DROP BRANCH " + SqlText.identifier(branch));
        }
        if (!hasMainSnapshot(table)) {
            // A branch needs a snapshot to start from: give a new table an empty one, which is what
            // main already means (no rows), so readers see no difference.
            try {
                org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, table).newAppend().commit();
            } catch (org.apache.spark.sql.catalyst.parser.ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
                throw new IllegalStateException("Cannot load " + table + " to give it a first snapshot", e);
            }
        }
        spark.sql("ALTER TABLE " + table + " CREATE BRANCH " + SqlText.identifier(branch));
    }

    /**
     * Fast-forwards {@code main} to the audited branch, tags the published snapshot
     * {@code batch_<batch>} (tags survive snapshot expiry, so every published batch stays
     * queryable with {@code VERSION AS OF 'batch_…'}), and removes the branch — first of the base
     * table, then of its history table ({@link #historyOf}) when the batch staged one.
     *
     * <p>Iceberg commits one table at a time, so the two cannot flip together; base goes first
     * because the history is derived from it and judges late changes: a crash between the two
     * leaves base published, the history branch staged and the source watermark unwritten, so the
     * rerun collects the same files, re-applies changes (to identical values) and the history
     * recorder finds exactly the versions main's history still lacks. Never the reverse, which
     * would let the history claim changes the base table does not show. A publish repeated after
     * such a crash finishes the history alone.
     */
    public void publish(String table, String branch) {
        String history = historyOf(table);
        boolean baseStaged = branchExists(table, branch);
        boolean historyStaged = history != null && spark.catalog().tableExists(history) && branchExists(history, branch);
        if (!baseStaged && !historyStaged) {
            throw new IllegalStateException("No branch " + branch + " on " + table + " to publish (already published or discarded?)");
        }
        if (baseStaged) {
            publishOne(table, branch);
        }
        if (historyStaged) {
            publishOne(history, branch);
        }
    }

    /** {@code lake.history.person} for {@code lake.base.person}; null for a table outside {@code base}. */
    public String historyOf(String table) {
        String prefix = catalog + ".base.";
        return table.startsWith(prefix) ? catalog + ".history." + table.substring(prefix.length()) : null;
    }

    private void publishOne(String table, String branch) {
        String name = table.substring(catalog.length() + 1);
        requireMainIsAncestor(table, branch);
        try {
            spark.sql("CALL " + catalog + ".system.fast_forward(table => " + SqlText.literal(name) + ", branch => 'main', to => "
                    + SqlText.literal(branch) + ")");
        } catch (org.apache.iceberg.exceptions.ValidationException e) {
            // Another writer published between the check and the commit (Iceberg validates again under the commit).
            requireMainIsAncestor(table, branch);
            throw e;
        }
        spark.sql("ALTER TABLE " + table + " CREATE OR REPLACE TAG " + SqlText.identifier(tagFor(branch))
                + " AS OF VERSION " + snapshotOf(table, "main"));
        spark.sql("ALTER TABLE " + table + " DROP BRANCH " + SqlText.identifier(branch));
    }

    /**
     * A fast-forward is only possible while {@code main} is an ancestor of the branch: a concurrent load that
     * published to the same table since this batch was staged breaks that. Iceberg's own message for it
     * ("Cannot fast-forward: main is not an ancestor of …") names neither the cause nor the way out.
     */
    private void requireMainIsAncestor(String table, String branch) {
        org.apache.iceberg.Table t;
        try {
            t = org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, table);
        } catch (org.apache.spark.sql.catalyst.parser.ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Cannot load " + table + " to publish " + branch, e);
        }
        t.refresh();
        org.apache.iceberg.Snapshot main = t.snapshot("main");
        org.apache.iceberg.Snapshot head = t.snapshot(branch);
        if (main != null && head != null && !org.apache.iceberg.util.SnapshotUtil.isAncestorOf(t, head.snapshotId(), main.snapshotId())) {
            throw new MainMovedException(table, branch, main.snapshotId(), head.snapshotId());
        }
    }

    /** The tag a published batch keeps: {@code batch_<batch>} for branch {@code wap_<batch>}. */
    public static String tagFor(String branch) {
        return "batch_" + branch.substring("wap_".length());
    }

    /** Drops the branch (and the history table's branch of the batch) without touching {@code main}. */
    public void discard(String table, String branch) {
        if (!branchExists(table, branch)) {
            throw new IllegalStateException("No branch " + branch + " on " + table + " to discard");
        }
        spark.sql("ALTER TABLE " + table + " DROP BRANCH " + SqlText.identifier(branch));
        String history = historyOf(table);
        if (history != null && spark.catalog().tableExists(history) && branchExists(history, branch)) {
            spark.sql("ALTER TABLE " + history + " DROP BRANCH " + SqlText.identifier(branch));
        }
    }

    public boolean branchExists(String table, String branch) {
        List<Row> rows = spark.sql("SELECT name FROM " + table + ".refs WHERE type = 'BRANCH' AND name = " + SqlText.literal(branch)).collectAsList();
        return !rows.isEmpty();
    }

    public long snapshotOf(String table, String ref) {
        List<Row> rows = spark.sql("SELECT snapshot_id FROM " + table + ".refs WHERE name = " + SqlText.literal(ref)).collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalStateException(table + " has no ref " + ref);
        }
        return rows.get(0).getLong(0);
    }

    private boolean hasMainSnapshot(String table) {
        return branchExists(table, "main");
    }
}
