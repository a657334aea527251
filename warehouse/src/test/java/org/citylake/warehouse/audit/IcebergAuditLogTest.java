package org.citylake.warehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.citylake.catalog.audit.Actions;
import org.citylake.catalog.audit.AuditChain;
import org.citylake.catalog.audit.AuditEntry;
import org.citylake.catalog.audit.AuditEvent;
import org.citylake.catalog.audit.AuditFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Iceberg store of the audit log on a real Iceberg table (a Hadoop catalog on a temporary directory, so
 * no metastore is needed: the commit and read paths are the same Iceberg code as on the Hive catalog).
 * AuditIT runs concurrent writers on the real Hive Metastore as well.
 */
class IcebergAuditLogTest {
    @TempDir
    Path dir;

    private HadoopCatalog catalog() {
        HadoopCatalog c = new HadoopCatalog();
        c.setConf(new org.apache.hadoop.conf.Configuration());
        c.initialize("lake", java.util.Map.of("warehouse", dir.toUri().toString()));
        return c;
    }

    private IcebergAuditLog log(String user) {
        return new IcebergAuditLog(catalog(), true, Clock.systemUTC(), user);
    }

    private static void appendThree(IcebergAuditLog log) {
        log.append(AuditEvent.of(Actions.LOAD, "base.person").withBatch("b1").withDetail("rows_in", 2000).ok("1 table"));
        log.append(AuditEvent.of(Actions.PUBLISH_STEWARD, "base.person").withBatch("b1").withActor("steward").withDetail("reason", "checked"));
        log.append(AuditEvent.of(Actions.APPS_GRANT, "app:app_market", "base.place"));
    }

    @Test
    void appendsReadBackAsAnIntactChain() {
        try (IcebergAuditLog log = log("ops")) {
            assertThat(log.entries()).isEmpty();
            appendThree(log);
            List<AuditEntry> entries = log.entries();
            assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
            assertThat(entries.get(1).actor()).isEqualTo("steward");
            assertThat(entries.get(1).osUser()).isEqualTo("ops");
            assertThat(entries.get(0).details()).isEqualTo("{\"rows_in\":\"2000\"}");
            assertThat(entries.get(2).targets()).containsExactly("app:app_market", "base.place");
            assertThat(entries.get(2).batchId()).isNull();
            assertThat(log.entries(new AuditFilter(null, null, "base.place", null))).extracting(AuditEntry::seq).containsExactly(3L);
            assertThat(log.verify().intact()).isTrue();
            assertThat(log.head()).isEqualTo("3 " + entries.get(2).hash());
            Table t = catalog().loadTable(IcebergAuditLog.TABLE);
            // One snapshot per entry that only adds its file.
            assertThat(t.snapshots()).hasSize(3).allMatch(IcebergAuditLog::onlyAdds)
                    .allMatch(s -> s.summary().get("added-records").equals("1") && !s.summary().containsKey("deleted-data-files"));
            assertThat(t.properties()).containsEntry("citylake.append-only", "true").containsEntry("commit.retry.num-retries", "0");
            assertThat(t.schema().findField("hash").doc()).contains("SHA-256");
        }
    }

    @Test
    void anEntryRewrittenThroughIcebergIsFound() throws Exception {
        try (IcebergAuditLog log = log("ops")) {
            appendThree(log);
            Table t = catalog().loadTable(IcebergAuditLog.TABLE);
            AuditEntry second = log.entries().get(1);
            DataFile original = fileOf(t, 2);
            AuditEntry forged = new AuditEntry(second.seq(), second.at(), second.osUser(), second.actor(), second.action(), second.targets(),
                    second.batchId(), second.packageId(), second.outcome(), second.message(), "{\"reason\":\"routine\"}", second.prevHash(), second.hash());
            t.newOverwrite().deleteFile(original).addFile(IcebergAuditLog.write(t, forged)).commit();

            AuditChain.Verification v = log.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.problems()).anyMatch(p -> p.startsWith("entry 2 (publish.steward") && p.contains("was changed after it was written"));
            assertThat(v.problems()).anyMatch(p -> p.contains("is a 'overwrite' (1 records removed, 1 added)"));
        }
    }

    @Test
    void theNewestEntryDeletedIsFoundByTheHead() throws Exception {
        try (IcebergAuditLog log = log("ops")) {
            appendThree(log);
            Table t = catalog().loadTable(IcebergAuditLog.TABLE);
            t.newDelete().deleteFile(fileOf(t, 3)).commit();
            AuditChain.Verification v = log.verify();
            assertThat(v.problems()).anyMatch(p -> p.startsWith("the newest entry is seq 2 but the log's head (citylake.audit.head) is seq 3"));
            assertThat(v.problems()).anyMatch(p -> p.contains("is a 'delete'"));
        }
    }

    @Test
    void concurrentWritersNeverChainOntoTheSameEntry() throws Exception {
        try (IcebergAuditLog first = log("setup")) {
            first.append(AuditEvent.of(Actions.MAINTAIN, "base.person"));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int w = 0; w < 3; w++) {
            String user = "writer" + w;
            done.add(pool.submit(() -> {
                try (IcebergAuditLog log = log(user)) {
                    for (int i = 0; i < 4; i++) {
                        log.append(AuditEvent.of(Actions.MAINTAIN, "base.person").withDetail("i", i));
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        try (IcebergAuditLog log = log("reader")) {
            assertThat(log.entries()).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
            assertThat(log.verify().problems()).isEmpty();
        }
    }

    private static DataFile fileOf(Table t, long seq) throws Exception {
        try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (task.file().location().contains(String.format("/%020d-", seq))) {
                    return task.file();
                }
            }
        }
        throw new AssertionError("no file for entry " + seq);
    }
}
