package org.citylake.exchange.flow;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.citylake.catalog.contract.TableContract;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.crypto.Pseudonymizer;
import org.citylake.exchange.crypto.Sm4FileCipher;
import org.citylake.exchange.pkg.ExchangePackage;
import org.citylake.exchange.pkg.PackageColumn;
import org.citylake.exchange.pkg.PackageHeader;
import org.citylake.exchange.pkg.PackageManifest;
import org.citylake.exchange.pkg.PackageManifest.ChangeKind;
import org.citylake.exchange.pkg.RowCounter;
import org.citylake.exchange.pkg.SnapshotRange;
import org.citylake.exchange.subscription.Subscription;
import org.citylake.exchange.transport.PeerStore;
import org.citylake.warehouse.SqlText;

/**
 * Builds and uploads one incremental package per table of a push subscription: the changes between the
 * last uploaded snapshot (from the ledger) and the table's current one, read with Iceberg incremental
 * reads, masked per the grant. Package ids are derived from the snapshot range, so a rerun after a crash
 * rebuilds (or resumes uploading) the same package instead of sending a second one.
 */
public final class OutboundExport {
    /** Operation of each exchanged row: I insert, U update (new image), D delete (tombstone: the row as it was). */
    public static final String OP_COLUMN = "_op";

    public record Result(String subscription, String table, String packageId, SnapshotRange range, long rows, String outcome) {
    }

    private final SparkSession spark;
    private final String catalog;
    private final ExchangeLedger ledger;
    private final Path outbox;
    private final Map<String, TableContract> contracts;
    private final String producer;
    private final PrintStream out;
    private final Clock clock;

    public OutboundExport(SparkSession spark, String catalog, ExchangeLedger ledger, Path outbox, Map<String, TableContract> contracts,
                          String producer, PrintStream out, Clock clock) {
        this.spark = spark;
        this.catalog = catalog;
        this.ledger = ledger;
        this.outbox = outbox;
        this.contracts = contracts;
        this.producer = producer;
        this.out = out;
        this.clock = clock;
    }

    public List<Result> run(Subscription s, PeerStore store, ManifestSigner signer, Optional<Sm4FileCipher> cipher) {
        return run(s, store, signer, cipher, Optional.empty());
    }

    /**
     * Exports every table of the subscription. A subscription that pseudonymises a column needs the
     * pseudonymizer; it fails before anything is built or sent without one.
     */
    public List<Result> run(Subscription s, PeerStore store, ManifestSigner signer, Optional<Sm4FileCipher> cipher,
                            Optional<Pseudonymizer> pseudonymizer) {
        if (s.pseudonymises()) {
            MaskingSql.registerPseudonym(spark, pseudonymizer.orElseThrow(() -> new IllegalStateException(
                    "subscription " + s.name() + " pseudonymises a column (hash masking) but no pseudonym key was given")));
        }
        if (s.direction() != Subscription.Direction.PUSH) {
            throw new IllegalArgumentException("subscription " + s.name() + " pulls; it has nothing to export");
        }
        store.ensureBucket();
        List<Result> results = new ArrayList<>();
        for (Subscription.TableGrant grant : s.tables()) {
            results.add(export(s, grant, store, signer, cipher));
        }
        return results;
    }

    private Result export(Subscription s, Subscription.TableGrant grant, PeerStore store, ManifestSigner signer, Optional<Sm4FileCipher> cipher) {
        String table = catalog + "." + grant.table();
        OptionalLong current = currentSnapshot(table);
        if (current.isEmpty()) {
            return new Result(s.name(), grant.table(), null, null, 0, "no snapshot yet");
        }
        OptionalLong last = ledger.lastExported(s.name(), grant.table());
        if (last.isPresent() && last.getAsLong() == current.getAsLong()) {
            out.printf("exchange  %s · %s up to date at snapshot %d%n", s.name(), grant.table(), current.getAsLong());
            return new Result(s.name(), grant.table(), null, null, 0, "up to date");
        }
        SnapshotRange range = new SnapshotRange(last.isPresent() ? last.getAsLong() : null, current.getAsLong());
        String id = s.name() + "." + grant.table().replace('.', '_') + "." + (range.isInitial() ? "start" : range.fromExclusive()) + "-" + range.toInclusive();
        Path dir = outbox.resolve(id);
        ExchangePackage pkg;
        String outcome;
        if (ExchangePackage.isSealed(dir)) {
            // Built by a run that crashed before the upload finished: send the very same bytes again.
            pkg = ExchangePackage.open(dir);
            outcome = "resumed";
            out.printf("exchange  %s · resuming upload of %s%n", s.name(), id);
        } else {
            pkg = build(s, grant, range, id, dir, signer, cipher);
            ledger.record(entry(s, grant, pkg, ExchangeLedger.Status.BUILT, null));
            outcome = "uploaded";
        }
        int sent = store.upload(pkg);
        ledger.record(entry(s, grant, pkg, ExchangeLedger.Status.UPLOADED, null));
        out.printf("exchange  %s · %s → %s · %,d rows · %d file(s) sent%n", s.name(), id, store.location(id), pkg.manifest().totalRows(), sent);
        org.citylake.warehouse.FileTrees.delete(dir);
        return new Result(s.name(), grant.table(), id, range, pkg.manifest().totalRows(), outcome);
    }

    private ExchangeLedger.Entry entry(Subscription s, Subscription.TableGrant g, ExchangePackage p, ExchangeLedger.Status status, String reason) {
        SnapshotRange r = p.manifest().snapshots();
        return new ExchangeLedger.Entry(p.manifest().packageId(), s.name(), "push", s.peer().name(), g.table(), store(s), r.fromExclusive(),
                r.toInclusive(), p.manifest().totalRows(), status, reason, clock.instant());
    }

    private static String store(Subscription s) {
        return "s3://" + s.peer().bucket() + "/" + s.peer().keyPrefix();
    }

    /** The grant's columns, masked, plus the operation of each row. */
    Dataset<Row> changes(Subscription.TableGrant grant, String table, SnapshotRange range) {
        String masked = grant.columns().stream()
                .map(c -> MaskingSql.expression(c.name(), c.masking()) + " AS " + SqlText.identifier(c.name()))
                .collect(Collectors.joining(", "));
        if (range.isInitial()) {
            // The first package carries the table as of the snapshot: every row an insert.
            spark.read().format("iceberg").option("snapshot-id", range.toInclusive()).load(table).createOrReplaceTempView("exchange_increment");
            return spark.sql("SELECT " + masked + ", 'I' AS " + OP_COLUMN + " FROM exchange_increment");
        }
        if (grant.change() == ChangeKind.APPEND) {
            // Iceberg's incremental read takes appended files only and silently skips overwrites and deletes:
            // sending such a range as 'append' would lose the peer those changes without a word.
            List<String> rewrites = nonAppends(table, range);
            if (!rewrites.isEmpty()) {
                throw new IllegalStateException(grant.table() + " changed by more than appends in " + range + " (" + String.join(", ", rewrites)
                        + "), but subscription grants it with change: append, which carries new rows only. Grant it with change: changelog"
                        + " so updates and deletes travel too; nothing was sent.");
            }
            spark.read().format("iceberg").option("start-snapshot-id", range.fromExclusive()).option("end-snapshot-id", range.toInclusive())
                    .load(table).createOrReplaceTempView("exchange_increment");
            return spark.sql("SELECT " + masked + ", 'I' AS " + OP_COLUMN + " FROM exchange_increment");
        }
        // MERGE-written tables: the changelog view carries inserts, updates (pre/post images) and deletes.
        // Iceberg's changelog scan refuses delete files, and citylake's base tables are merge-on-read: when
        // the range added any, the changes are computed by diffing the two snapshots by the contract key.
        TableContract contract = contracts.get(grant.table());
        if (addsDeleteFiles(table, range)) {
            if (contract == null) {
                throw new IllegalStateException(grant.table() + " has delete files in " + range + " and no contract key to diff its snapshots by");
            }
            out.printf("exchange  %s %s meets merge-on-read delete files: diffing the snapshots by key %s%n", grant.table(), range,
                    String.join(",", contract.key()));
            return snapshotDiff(grant, table, range, contract.key(), masked);
        }
        String identifiers = contract == null ? "" : ", identifier_columns => array("
                + contract.key().stream().map(SqlText::literal).collect(Collectors.joining(", ")) + ")";
        spark.sql("CALL " + catalog + ".system.create_changelog_view(table => " + SqlText.literal(grant.table())
                + ", options => map('start-snapshot-id', '" + range.fromExclusive() + "', 'end-snapshot-id', '" + range.toInclusive() + "')"
                + ", changelog_view => 'exchange_changelog'" + (contract == null ? "" : ", compute_updates => true") + identifiers + ")");
        return spark.sql("SELECT " + masked + ", CASE _change_type WHEN 'INSERT' THEN 'I' WHEN 'UPDATE_AFTER' THEN 'U' WHEN 'DELETE' THEN 'D' END AS "
                + OP_COLUMN + " FROM exchange_changelog WHERE _change_type <> 'UPDATE_BEFORE'");
    }

    /** The snapshots of {@code table}'s main history in the range that are not appends, as "id operation". */
    private List<String> nonAppends(String table, SnapshotRange range) {
        return spark.sql("SELECT s.snapshot_id, s.operation FROM " + table + ".snapshots s JOIN " + table + ".history h ON s.snapshot_id = h.snapshot_id"
                + " WHERE h.is_current_ancestor AND s.operation <> 'append'"
                + " AND s.committed_at > (SELECT committed_at FROM " + table + ".snapshots WHERE snapshot_id = " + range.fromExclusive() + ")"
                + " AND s.committed_at <= (SELECT committed_at FROM " + table + ".snapshots WHERE snapshot_id = " + range.toInclusive() + ")"
                + " ORDER BY s.committed_at").collectAsList().stream().map(r -> "snapshot " + r.getLong(0) + " " + r.getString(1)).toList();
    }

    /**
     * Whether the changelog scan would meet delete files: the table holds live ones at {@code to}, or a
     * snapshot in the range added some. Either makes Iceberg refuse the scan.
     */
    private boolean addsDeleteFiles(String table, SnapshotRange range) {
        Row r = spark.sql("SELECT coalesce(sum(CAST(coalesce(summary['added-delete-files'], '0') AS BIGINT)), 0),"
                + " max(CASE WHEN snapshot_id = " + range.toInclusive() + " THEN CAST(coalesce(summary['total-delete-files'], '0') AS BIGINT) END)"
                + " FROM " + table + ".snapshots"
                + " WHERE committed_at > (SELECT committed_at FROM " + table + ".snapshots WHERE snapshot_id = " + range.fromExclusive() + ")"
                + " AND committed_at <= (SELECT committed_at FROM " + table + ".snapshots WHERE snapshot_id = " + range.toInclusive() + ")").first();
        return r.getLong(0) > 0 || (!r.isNullAt(1) && r.getLong(1) > 0);
    }

    /**
     * The changes between two snapshots by table key, read by time travel: a key only in the newer
     * snapshot is an insert, only in the older one a delete (tombstone with the old values), in both with
     * a different value in any granted column an update. Columns the peer does not receive do not make
     * an update, so a change it cannot see is not sent.
     */
    Dataset<Row> snapshotDiff(Subscription.TableGrant grant, String table, SnapshotRange range, List<String> key, String masked) {
        spark.read().format("iceberg").option("snapshot-id", range.fromExclusive()).load(table).createOrReplaceTempView("exchange_before");
        spark.read().format("iceberg").option("snapshot-id", range.toInclusive()).load(table).createOrReplaceTempView("exchange_after");
        String on = key.stream().map(k -> "a." + SqlText.identifier(k) + " = b." + SqlText.identifier(k)).collect(Collectors.joining(" AND "));
        String same = grant.columns().stream().map(c -> "a." + SqlText.identifier(c.name()) + " <=> b." + SqlText.identifier(c.name()))
                .collect(Collectors.joining(" AND "));
        String firstKey = SqlText.identifier(key.get(0));
        spark.sql("SELECT " + prefixed("a", grant) + ", CASE WHEN b." + firstKey + " IS NULL THEN 'I' ELSE 'U' END AS " + OP_COLUMN
                + " FROM exchange_after a LEFT JOIN exchange_before b ON " + on + " WHERE b." + firstKey + " IS NULL OR NOT (" + same + ")"
                + " UNION ALL SELECT " + prefixed("b", grant) + ", 'D' AS " + OP_COLUMN
                + " FROM exchange_before b LEFT ANTI JOIN exchange_after a ON " + on).createOrReplaceTempView("exchange_diff");
        return spark.sql("SELECT " + masked + ", " + OP_COLUMN + " FROM exchange_diff");
    }

    private static String prefixed(String alias, Subscription.TableGrant grant) {
        return grant.columns().stream().map(c -> alias + "." + SqlText.identifier(c.name()) + " AS " + SqlText.identifier(c.name()))
                .collect(Collectors.joining(", "));
    }

    private ExchangePackage build(Subscription s, Subscription.TableGrant grant, SnapshotRange range, String id, Path dir,
                                  ManifestSigner signer, Optional<Sm4FileCipher> cipher) {
        try {
            org.citylake.warehouse.FileTrees.delete(dir);
            Files.createDirectories(dir);
            Dataset<Row> rows = changes(grant, catalog + "." + grant.table(), range);
            Map<String, String> masking = grant.columns().stream()
                    .collect(Collectors.toMap(Subscription.ColumnGrant::name, c -> c.masking().describe()));
            List<PackageColumn> schema = new ArrayList<>();
            for (StructField f : rows.schema().fields()) {
                schema.add(new PackageColumn(f.name(), f.dataType().simpleString(), masking.getOrDefault(f.name(), "none")));
            }
            Path sparkOut = dir.resolve("spark-out");
            var writer = rows.coalesce(1).write().mode(SaveMode.Overwrite);
            if (s.format() == PackageManifest.DataFormat.PARQUET) {
                writer.parquet(sparkOut.toString());
            } else {
                writer.option("header", "true").option("encoding", "GBK").option("lineSep", "\n").csv(sparkOut.toString());
            }
            Map<String, Long> files = new LinkedHashMap<>();
            int n = 0;
            try (Stream<Path> parts = Files.list(sparkOut)) {
                for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                    String name = String.format("part-%05d%s", n++, s.format().extension());
                    Path target = dir.resolve(name);
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                    files.put(name, RowCounter.count(target, s.format()));
                }
            }
            org.citylake.warehouse.FileTrees.delete(sparkOut);
            PackageHeader header = new PackageHeader(id, s.name(), grant.table(), range.isInitial() ? ChangeKind.APPEND : grant.change(),
                    s.format(), schema, range, producer);
            return ExchangePackage.seal(dir, header, files, signer, cipher, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build package " + id + " in " + dir, e);
        }
    }

    private OptionalLong currentSnapshot(String table) {
        List<Row> rows = spark.sql("SELECT snapshot_id FROM " + table + ".snapshots ORDER BY committed_at DESC LIMIT 1").collectAsList();
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(rows.get(0).getLong(0));
    }
}
