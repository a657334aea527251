package org.citylake.warehouse.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.warehouse.WriteAuditPublish;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Iceberg on a Hadoop catalog in a temporary directory. The clock is moved ten days ahead,
 * so every snapshot is past the 7-day retention and every file past the 3-day orphan age — the
 * harshest case: only references, not youth, can save a file.
 */
class TableMaintenanceTest {
    @TempDir
    static Path warehouse;
    static SparkSession spark;
    static int tableNo;

    String table;
    Clock later;

    @BeforeAll
    static void start() {
        spark = org.citylake.warehouse.TestLakes.hadoopSession("maintenance-test", warehouse, "UTC");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Three small inserts and a merge-on-read delete: three data files, one position delete file. */
    @BeforeEach
    void smallFilesAndDeletes() {
        table = "lake.db.t" + (++tableNo);
        spark.sql("CREATE TABLE " + table + " (id int, name string) USING iceberg TBLPROPERTIES ('format-version'='2',"
                + " 'write.delete.mode'='merge-on-read', 'write.update.mode'='merge-on-read', 'write.merge.mode'='merge-on-read')");
        insertOneFile("(1, 'a'), (2, 'b')");
        insertOneFile("(3, 'c'), (4, 'd')");
        insertOneFile("(5, 'e'), (6, 'f')");
        spark.sql("DELETE FROM " + table + " WHERE id = 2");
        later = Clock.fixed(Instant.now().plus(Duration.ofDays(10)), ZoneOffset.UTC);
    }

    @Test
    void compactsDataAndDeleteFilesAndKeepsRows() {
        long small = count("data_files");
        assertEquals(3, small);
        assertEquals(1, count("delete_files"));

        MaintenanceReport r = maintain(false);

        assertFalse(r.failed(), () -> String.join("\n", r.lines()));
        assertEquals(small, r.dataFilesRewritten());
        assertEquals(1, r.dataFilesAdded());
        assertTrue(r.deleteFilesRewritten() >= 1, () -> String.join("\n", r.lines()));
        assertEquals(1, count("data_files"));
        assertEquals(0, count("delete_files"));
        assertEquals(List.of(1, 3, 4, 5, 6), ids(table));
    }

    @Test
    void expiresOldSnapshotsButNeverATaggedOne() {
        long first = snapshotIds().get(0);
        int before = snapshotIds().size();
        spark.sql("ALTER TABLE " + table + " CREATE TAG keep AS OF VERSION " + first);

        MaintenanceReport r = maintain(false);

        long current = icebergTable().currentSnapshot().snapshotId();
        assertFalse(r.failed(), () -> String.join("\n", r.lines()));
        // compaction added a 5th and a 6th snapshot; all but the current and the tagged one go
        assertEquals(Set.of(first, current), Set.copyOf(snapshotIds()));
        // every original but the tagged one, plus any intermediate compaction snapshot
        assertTrue(r.snapshotsExpired() >= before - 1, () -> String.join("\n", r.lines()));
        assertEquals(List.of(1, 2), ids(table + " VERSION AS OF 'keep'"));
    }

    @Test
    void keepsAtLeastOneSnapshotAndAHeldWapBranch() {
        WriteAuditPublish wap = new WriteAuditPublish(spark, "lake");
        String branch = WriteAuditPublish.branchFor("b1");
        wap.stage(table, branch);
        // two commits on the branch: publishing needs main's head to stay an ancestor of the branch's
        spark.sql("INSERT INTO " + WriteAuditPublish.onBranch(table, branch) + " VALUES (7, 'g')");
        spark.sql("INSERT INTO " + WriteAuditPublish.onBranch(table, branch) + " VALUES (8, 'h')");
        long held = wap.snapshotOf(table, branch);

        MaintenanceReport r = maintain(false);

        assertFalse(r.failed(), () -> String.join("\n", r.lines()));
        assertTrue(wap.branchExists(table, branch));
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("compaction skipped: branch " + branch)), () -> String.join("\n", r.lines()));
        assertEquals(held, wap.snapshotOf(table, branch));
        assertEquals(List.of(1, 3, 4, 5, 6, 7, 8), ids(WriteAuditPublish.onBranch(table, branch)));
        assertTrue(r.orphansRemoved().isEmpty(), () -> "the held batch's files are live: " + r.orphansRemoved());
        // publishing after maintenance still works and brings the held rows to main
        wap.publish(table, branch);
        assertEquals(List.of(1, 3, 4, 5, 6, 7, 8), ids(table));
        assertFalse(snapshotIds().isEmpty());
    }

    @Test
    void removesExactlyTheOldOrphanAndNeverALiveFileSpelledDifferently() throws IOException {
        Path data = tableDir().resolve("data");
        Path live = anyDataFile();
        // A live file the metadata names with the other spelling of the same path (file:/x vs file:///x),
        // committed on a side branch so compaction of main leaves it alone.
        Path alias = Files.copy(live, data.resolve("alias.parquet"));
        String recorded = spark.sql("SELECT file_path FROM " + table + ".data_files LIMIT 1").first().getString(0);
        String otherSpelling = recorded.startsWith("file:///") ? "file:" + alias : "file://" + alias;
        appendOnBranch("side", otherSpelling, alias);
        Path oldOrphan = Files.copy(live, data.resolve("orphan-old.parquet"));
        Path youngOrphan = Files.copy(live, data.resolve("orphan-young.parquet"));
        age(oldOrphan, Duration.ofDays(4));
        age(youngOrphan, Duration.ofDays(1));
        long orphanSize = Files.size(oldOrphan);

        MaintenanceReport r = maintain(false);

        assertFalse(r.failed(), () -> String.join("\n", r.lines()));
        assertEquals(Set.of(oldOrphan.toString()), paths(r.orphansRemoved()));
        assertFalse(Files.exists(oldOrphan));
        assertTrue(Files.exists(youngOrphan), "younger than 3 days: may belong to a running write");
        assertTrue(Files.exists(alias), "live under another spelling");
        assertEquals(orphanSize, r.orphanBytes());
    }

    @Test
    void refusesToGuessWhenAnAuthorityDiffers() throws IOException {
        Path data = tableDir().resolve("data");
        Path live = anyDataFile();
        Path alias = Files.copy(live, data.resolve("alias.parquet"));
        // The same path under another authority: Iceberg cannot tell whether it is this file.
        appendOnBranch("side", "file://nas1" + alias, alias);
        Path oldOrphan = Files.copy(live, data.resolve("orphan-old.parquet"));
        age(oldOrphan, Duration.ofDays(4));

        MaintenanceReport r = maintain(false);

        assertTrue(r.failed(), () -> String.join("\n", r.lines()));
        assertTrue(r.orphansRemoved().isEmpty());
        assertTrue(Files.exists(alias));
        assertTrue(Files.exists(oldOrphan), "nothing is deleted when the check fails");

        MaintenanceReport declared = TableMaintenance.of(spark, table).clock(later)
                .policy(MaintenancePolicy.ofRetentionDays(7).withEqualAuthorities(Map.of("nas1", "")))
                .run();
        assertFalse(declared.failed(), () -> String.join("\n", declared.lines()));
    }

    @Test
    void dryRunChangesNothingAndPredictsTheRealRun() throws IOException {
        Path oldOrphan = Files.copy(anyDataFile(), tableDir().resolve("data").resolve("orphan-old.parquet"));
        age(oldOrphan, Duration.ofDays(4));
        List<Long> snapshotsBefore = snapshotIds();
        Map<String, Long> filesBefore = files();

        MaintenanceReport dry = maintain(true);

        assertFalse(dry.failed(), () -> String.join("\n", dry.lines()));
        assertEquals(snapshotsBefore, snapshotIds());
        assertEquals(filesBefore, files());
        assertEquals(count("data_files"), dry.dataFilesRewritten());
        assertEquals(1, dry.deleteFilesRewritten());
        assertEquals(Set.of(oldOrphan.toString()), paths(dry.orphansRemoved()));
        assertTrue(dry.lines().get(0).contains("dry run"));

        MaintenanceReport real = maintain(false);
        assertEquals(paths(dry.orphansRemoved()), paths(real.orphansRemoved()));
        assertEquals(3, dry.snapshotsExpired(), "the three inserts; the delete is current");
    }

    /** One data file per insert, so a delete of one row writes a position delete instead of dropping a file. */
    private void insertOneFile(String values) {
        spark.sql("INSERT INTO " + table + " SELECT /*+ REPARTITION(1) */ * FROM VALUES " + values + " AS v(id, name)");
    }

    private MaintenanceReport maintain(boolean dryRun) {
        return TableMaintenance.of(spark, table).policy(MaintenancePolicy.ofRetentionDays(7)).clock(later).dryRun(dryRun).run();
    }

    private void appendOnBranch(String branch, String location, Path file) throws IOException {
        Table t = icebergTable();
        if (t.refs().get(branch) == null) {
            t.manageSnapshots().createBranch(branch, t.currentSnapshot().snapshotId()).commit();
        }
        DataFile f = DataFiles.builder(t.spec()).withPath(location).withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(Files.size(file)).withRecordCount(2).build();
        t.newAppend().appendFile(f).toBranch(branch).commit();
    }

    private void age(Path file, Duration age) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(later.instant().minus(age)));
    }

    private Table icebergTable() {
        try {
            return Spark3Util.loadIcebergTable(spark, table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path tableDir() {
        return warehouse.resolve("db").resolve(table.substring(table.lastIndexOf('.') + 1));
    }

    private Path anyDataFile() throws IOException {
        try (Stream<Path> s = Files.list(tableDir().resolve("data"))) {
            return s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
    }

    /** Every file of the table on disk, with its size. */
    private Map<String, Long> files() throws IOException {
        try (Stream<Path> s = Files.walk(tableDir())) {
            return s.filter(Files::isRegularFile).collect(Collectors.toMap(Path::toString, p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, (a, b) -> a, TreeMap::new));
        }
    }

    private static Set<String> paths(List<String> locations) {
        return locations.stream().map(l -> Path.of(java.net.URI.create(l.startsWith("file:/") && !l.startsWith("file://") ? "file://" + l.substring(5) : l)).toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private long count(String metadataTable) {
        return spark.sql("SELECT count(*) FROM " + table + "." + metadataTable).first().getLong(0);
    }

    private List<Long> snapshotIds() {
        List<Long> out = new java.util.ArrayList<>();
        for (Snapshot s : icebergTable().snapshots()) {
            out.add(s.snapshotId());
        }
        return out;
    }

    private static List<Integer> ids(String from) {
        return spark.sql("SELECT id FROM " + from + " ORDER BY id").collectAsList().stream().map(r -> r.getInt(0)).toList();
    }
}
