package org.citylake.warehouse.maintenance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.actions.RewritePositionDeleteFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps one Iceberg table healthy: compacts small data files and the delete files merge-on-read
 * leaves behind, expires old snapshots, and removes orphan files.
 *
 * <p>The steps use Iceberg's Spark actions — the code behind the {@code rewrite_data_files},
 * {@code rewrite_position_delete_files}, {@code expire_snapshots} and {@code remove_orphan_files}
 * procedures — because they return typed results and take an instant rather than a timestamp
 * literal in the session's time zone.
 *
 * <p>Failure semantics: the steps run in order compaction, expiry, orphans, each its own Iceberg
 * commit (orphan removal commits nothing). A step that fails stops the table there: the earlier
 * steps stay committed, the later ones do not run, and the report carries the failure instead of
 * throwing, so a caller maintaining many tables goes on with the next. Expiry never removes a
 * snapshot a tag or branch points at (Iceberg keeps refs' snapshots).
 *
 * <p>Held branches: a batch held by the quality gate lives on {@code wap_<batch>} until a steward
 * publishes it by fast-forwarding {@code main}, which needs {@code main}'s head to stay an ancestor
 * of the branch. So while any branch besides {@code main} exists, compaction of {@code main} is
 * skipped (its rewrite commit would move {@code main} off the branch's history), and expiry keeps
 * every snapshot from the branch's fork point on. Orphan removal with {@code PrefixMismatchMode.ERROR} refuses to
 * run when a referenced file and a listed file agree in path but not in scheme or authority, rather
 * than guess — such a table fails the orphan step and keeps every file.
 *
 * <p>A dry run changes nothing: compaction reports its candidates, expiry computes the snapshots
 * it would remove without committing, orphan removal lists without deleting.
 */
public final class TableMaintenance {
    private final SparkSession spark;
    private final String table;
    private MaintenancePolicy policy = MaintenancePolicy.ofRetentionDays(MaintenancePolicy.DEFAULT_RETENTION_DAYS);
    private Clock clock = Clock.systemUTC();
    private boolean dryRun;

    private TableMaintenance(SparkSession spark, String table) {
        this.spark = Objects.requireNonNull(spark);
        this.table = Objects.requireNonNull(table);
    }

    /** @param table the three-part name, e.g. {@code lake.base.person} */
    public static TableMaintenance of(SparkSession spark, String table) {
        return new TableMaintenance(spark, table);
    }

    public TableMaintenance policy(MaintenancePolicy p) {
        this.policy = Objects.requireNonNull(p);
        return this;
    }

    /** The clock ages are measured against; tests move it forward instead of waiting days. */
    public TableMaintenance clock(Clock c) {
        this.clock = Objects.requireNonNull(c);
        return this;
    }

    public TableMaintenance dryRun(boolean d) {
        this.dryRun = d;
        return this;
    }

    public MaintenanceReport run() {
        Table t = load();
        Instant now = clock.instant();
        Counts c = new Counts();
        try {
            List<String> held = heldBranches(t);
            if (held.isEmpty()) {
                compact(t, c);
            } else {
                c.notes.add("compaction skipped: branch " + String.join(", ", held)
                        + " is held; rewriting main would leave it unpublishable");
            }
            expire(t, now, c);
            removeOrphans(t, now, c);
            return c.report(Optional.empty());
        } catch (RuntimeException e) {
            return c.report(Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void compact(Table t, Counts c) {
        if (t.currentSnapshot() == null) {
            return;
        }
        if (dryRun) {
            long target = t.properties().containsKey("write.target-file-size-bytes")
                    ? Long.parseLong(t.properties().get("write.target-file-size-bytes")) : 512L * 1024 * 1024;
            List<String> deletes = new ArrayList<>();
            try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    if (task.file().fileSizeInBytes() < target) {
                        c.dataRewritten++;
                        c.bytes += task.file().fileSizeInBytes();
                    }
                    task.deletes().stream().map(ContentFile::location).filter(d -> !deletes.contains(d)).forEach(deletes::add);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            c.deletesRewritten = deletes.size();
            return;
        }
        RewriteDataFiles.Result data = SparkActions.get(spark).rewriteDataFiles(t)
                // two small files are worth merging; a file with any delete gets its deletes applied,
                // which is what keeps merge-on-read reads cheap.
                .option("min-input-files", "2")
                .option("delete-file-threshold", "1")
                .execute();
        c.dataRewritten += data.rewrittenDataFilesCount();
        c.dataAdded += data.addedDataFilesCount();
        c.bytes += data.rewrittenBytesCount();
        c.deletesRewritten += data.removedDeleteFilesCount();
        t.refresh();
        if (t.currentSnapshot() == null) {
            return;
        }
        RewritePositionDeleteFiles.Result deletes = SparkActions.get(spark).rewritePositionDeletes(t)
                .option("rewrite-all", "true")
                .execute();
        c.deletesRewritten += deletes.rewrittenDeleteFilesCount();
        c.bytes += deletes.rewrittenBytesCount();
        t.refresh();
    }

    private void expire(Table t, Instant now, Counts c) {
        long olderThan = now.minus(policy.snapshotRetention()).toEpochMilli();
        OptionalLong fork = oldestForkPoint(t);
        if (fork.isPresent() && fork.getAsLong() < olderThan) {
            olderThan = fork.getAsLong();
            c.notes.add("snapshots from " + Instant.ofEpochMilli(olderThan) + " on kept for held branches");
        }
        if (dryRun) {
            List<Snapshot> removed = t.expireSnapshots().expireOlderThan(olderThan).retainLast(policy.retainLast()).apply();
            c.expired = removed.size();
            return;
        }
        int before = count(t.snapshots());
        SparkActions.get(spark).expireSnapshots(t).expireOlderThan(olderThan).retainLast(policy.retainLast()).execute();
        t.refresh();
        c.expired = before - count(t.snapshots());
    }

    private void removeOrphans(Table t, Instant now, Counts c) {
        AtomicLong bytes = new AtomicLong();
        DeleteOrphanFiles action = SparkActions.get(spark).deleteOrphanFiles(t)
                .olderThan(now.minus(policy.orphanAge()).toEpochMilli())
                .equalSchemes(policy.equalSchemes())
                .equalAuthorities(policy.equalAuthorities())
                .prefixMismatchMode(DeleteOrphanFiles.PrefixMismatchMode.ERROR)
                .deleteWith(location -> {
                    bytes.addAndGet(t.io().newInputFile(location).getLength());
                    if (!dryRun) {
                        t.io().deleteFile(location);
                    }
                });
        DeleteOrphanFiles.Result result = action.execute();
        List<String> found = new ArrayList<>();
        result.orphanFileLocations().forEach(found::add);
        c.orphans = found;
        c.orphanBytes = bytes.get();
    }

    /** Branches other than main, by name: held WAP batches and anything a person made on purpose. */
    private static List<String> heldBranches(Table t) {
        return t.refs().entrySet().stream()
                .filter(e -> e.getValue().isBranch() && !e.getKey().equals(SnapshotRef.MAIN_BRANCH))
                .map(java.util.Map.Entry::getKey).sorted().toList();
    }

    /**
     * The commit time of the oldest snapshot where a held branch left main's history (or, for a
     * branch with no common history, its oldest snapshot): expiring nothing from there on keeps
     * main's head an ancestor of every branch that started from it.
     */
    private static OptionalLong oldestForkPoint(Table t) {
        Snapshot main = t.currentSnapshot();
        java.util.Set<Long> mainHistory = new java.util.HashSet<>();
        if (main != null) {
            SnapshotUtil.ancestorIds(main, t::snapshot).forEach(mainHistory::add);
        }
        long oldest = Long.MAX_VALUE;
        for (String branch : heldBranches(t)) {
            Snapshot fork = null;
            for (Snapshot s : SnapshotUtil.ancestorsOf(t.refs().get(branch).snapshotId(), t::snapshot)) {
                fork = s;
                if (mainHistory.contains(s.snapshotId())) {
                    break;
                }
            }
            if (fork != null) {
                oldest = Math.min(oldest, fork.timestampMillis());
            }
        }
        return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    private Table load() {
        try {
            return Spark3Util.loadIcebergTable(spark, table);
        } catch (org.apache.spark.sql.catalyst.parser.ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalArgumentException("No Iceberg table " + table, e);
        }
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }

    /** Accumulates as the steps go, so a failure still reports what the earlier steps did. */
    private final class Counts {
        long dataRewritten;
        long dataAdded;
        long deletesRewritten;
        long bytes;
        long expired;
        List<String> orphans = List.of();
        long orphanBytes;
        final List<String> notes = new ArrayList<>();

        MaintenanceReport report(Optional<String> failure) {
            return new MaintenanceReport(table, dryRun, dataRewritten, dataAdded, deletesRewritten, bytes, expired,
                    orphans, orphanBytes, notes, failure);
        }
    }
}
