package org.citylake.exchange.flow;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.citylake.exchange.CrashPoint;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.crypto.Sm4FileCipher;
import org.citylake.exchange.pkg.ManifestVerifier;
import org.citylake.exchange.pkg.PackageColumn;
import org.citylake.exchange.pkg.PackageManifest;
import org.citylake.exchange.subscription.Subscription;
import org.citylake.exchange.transport.PeerStore;
import org.citylake.warehouse.SqlText;

/**
 * Polls a pull subscription's prefix and applies each new package to its ODS table exactly once.
 *
 * <p>Why a crash cannot duplicate rows: a package's rows carry its id as {@code _batch_id}, the ODS
 * table is partitioned by it, and the write replaces that partition in one Iceberg commit. Rerunning a
 * package that was committed but not yet recorded in the ledger rewrites the same partition with the
 * same rows; the ledger then only saves work. A package that fails verification is moved to the
 * dead-letter prefix with its reason and nothing of it is written.
 */
public final class InboundApply {
    public enum Outcome { APPLIED, ALREADY_APPLIED, REJECTED }

    public record Result(String packageId, Outcome outcome, String target, long rows, String reason) {
    }

    private final SparkSession spark;
    private final String catalog;
    private final ExchangeLedger ledger;
    private final Path inbox;
    private final PrintStream out;
    private final Clock clock;

    public InboundApply(SparkSession spark, String catalog, ExchangeLedger ledger, Path inbox, PrintStream out, Clock clock) {
        this.spark = spark;
        this.catalog = catalog;
        this.ledger = ledger;
        this.inbox = inbox;
        this.out = out;
        this.clock = clock;
    }

    public List<Result> run(Subscription s, PeerStore store, ManifestSigner signer, Optional<Sm4FileCipher> cipher) {
        if (s.direction() != Subscription.Direction.PULL) {
            throw new IllegalArgumentException("subscription " + s.name() + " pushes; it has nothing to pull");
        }
        ManifestVerifier verifier = new ManifestVerifier(signer, cipher);
        List<Result> results = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (String id : store.packageIds()) {
            if (ledger.reached(id, ExchangeLedger.Status.APPLIED)) {
                results.add(new Result(id, Outcome.ALREADY_APPLIED, null, 0, null));
            } else {
                pending.add(id);
            }
        }
        // Ids sort by their random snapshot ids, not by time: apply in the order the producer sealed the
        // packages, so a change feed in ods replays in order (an unreadable manifest sorts first and is rejected).
        Map<String, Instant> sealed = new HashMap<>();
        pending.forEach(id -> sealed.put(id, store.createdAt(id).orElse(Instant.MIN)));
        pending.sort(Comparator.<String, Instant>comparing(sealed::get).thenComparing(Comparator.<String>naturalOrder()));
        for (String id : pending) {
            Path dir = store.download(id, inbox);
            ManifestVerifier.Verification v = verifier.verify(dir);
            String reason = v.ok() ? grantProblem(s, v.manifest()) : v.reason();
            if (reason != null) {
                store.deadLetter(id, reason);
                PackageManifest m = v.manifest();
                ledger.record(new ExchangeLedger.Entry(id, s.name(), "pull", s.peer().name(), m == null ? null : m.table(), null,
                        m == null ? null : m.snapshots().fromExclusive(), m == null ? -1 : m.snapshots().toInclusive(), 0,
                        ExchangeLedger.Status.REJECTED, reason, clock.instant()));
                out.printf("exchange  %s · %s REJECTED → %s: %s%n", s.name(), id, PeerStore.DEAD_LETTER, reason);
                org.citylake.warehouse.FileTrees.delete(dir);
                results.add(new Result(id, Outcome.REJECTED, null, 0, reason));
                continue;
            }
            PackageManifest m = v.manifest();
            String target = catalog + "." + s.table(m.table()).orElseThrow().into();
            long rows = apply(s, m, v, target, store.location(id));
            CrashPoint.reach("after-ods-commit");
            ledger.record(new ExchangeLedger.Entry(id, s.name(), "pull", s.peer().name(), m.table(), target, m.snapshots().fromExclusive(),
                    m.snapshots().toInclusive(), rows, ExchangeLedger.Status.APPLIED, null, clock.instant()));
            out.printf("exchange  %s · %s applied to %s · %,d rows · digests verified (SHA-256 + SM3, %s)%n", s.name(), id, target, rows,
                    m.signature().algorithm());
            org.citylake.warehouse.FileTrees.delete(dir);
            results.add(new Result(id, Outcome.APPLIED, target, rows, null));
        }
        return results;
    }

    private static String grantProblem(Subscription s, PackageManifest m) {
        if (s.table(m.table()).isEmpty()) {
            return "table " + m.table() + " is not granted by subscription " + s.name();
        }
        return null;
    }

    private long apply(Subscription s, PackageManifest m, ManifestVerifier.Verification v, String target, String location) {
        String[] paths = v.plainFiles().values().stream().map(Path::toString).sorted().toArray(String[]::new);
        if (paths.length == 0) {
            return 0;
        }
        Dataset<Row> rows;
        if (m.format() == PackageManifest.DataFormat.PARQUET) {
            rows = spark.read().parquet(paths);
        } else {
            // CSV carries text only: the manifest's schema gives each column back its type.
            Dataset<Row> text = spark.read().option("header", "true").option("encoding", "GBK").option("inferSchema", "false").csv(paths);
            List<Column> typed = new ArrayList<>();
            for (PackageColumn c : m.schema()) {
                typed.add(col(SqlText.identifier(c.name())).cast(c.type()).as(c.name()));
            }
            rows = text.select(typed.toArray(Column[]::new));
        }
        Dataset<Row> withMeta = rows
                .withColumn("_batch_id", lit(m.packageId()))
                .withColumn("_source", lit(s.peer().name()))
                .withColumn("_source_file", lit(location))
                .withColumn("_ingested_at", current_timestamp());
        ensureTable(target, withMeta);
        try {
            withMeta.writeTo(target).option("snapshot-property.citylake.package-id", m.packageId()).overwritePartitions();
        } catch (NoSuchTableException e) {
            throw new IllegalStateException(target + " vanished after it was created", e);
        }
        return spark.table(target).where(col("_batch_id").equalTo(m.packageId())).count();
    }

    private void ensureTable(String target, Dataset<Row> shape) {
        String ns = target.substring(0, target.lastIndexOf('.'));
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + ns);
        if (spark.catalog().tableExists(target)) {
            return;
        }
        try {
            shape.limit(0).writeTo(target).partitionedBy(col("_batch_id")).tableProperty("format-version", "2")
                    .tableProperty("citylake.layer", "ods").create();
        } catch (TableAlreadyExistsException e) {
            // created concurrently: fine, it has the same shape
        }
    }
}
