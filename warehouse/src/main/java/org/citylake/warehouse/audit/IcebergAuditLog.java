package org.citylake.warehouse.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.BaseTransaction;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.hive.HiveCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.citylake.catalog.audit.AuditChain;
import org.citylake.catalog.audit.AuditEntry;
import org.citylake.catalog.audit.AuditEvent;
import org.citylake.catalog.audit.AuditLog;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.S3Settings;

/**
 * The audit log as the Iceberg table {@code governance.audit_log}, written through the Iceberg API on the Hive
 * Metastore (no Spark session: {@code apps grant} audits without starting one).
 *
 * <p>Append-only by construction: this class only ever adds files — one Parquet file per entry, in the
 * same transaction as the table property {@code citylake.audit.head = "<seq> <hash>"} — and has no update
 * or delete. Each commit is a compare-and-swap of the table metadata the head
 * was read from: a concurrent writer makes it fail, and this class re-reads the head and re-chains the
 * entry, so two commands never chain onto the same predecessor.
 *
 * <p>How tampering shows in {@link #verify()}: an entry edited or removed through any other writer (Spark
 * {@code UPDATE}/{@code DELETE}, a rewritten data file) no longer hashes to its stored hash or breaks the
 * next entry's {@code prev_hash}; entries dropped from the end leave the chain shorter than the head; and
 * any snapshot of the table that is not an {@code append} is reported, since citylake makes none. Someone
 * who can rewrite the whole table, recompute every hash and set the head can forge a consistent log: keep
 * a copy of the head ({@code citylake audit --verify} prints it) elsewhere to catch that.
 */
public final class IcebergAuditLog implements AuditLog, AutoCloseable {
    public static final TableIdentifier TABLE = TableIdentifier.of("governance", "audit_log");
    /** {@code "<seq> <hash>"} of the newest entry, committed with it. */
    public static final String HEAD = "citylake.audit.head";
    private static final int ATTEMPTS = 20;

    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "seq", Types.LongType.get(), "position in the hash chain, from 1"),
            Types.NestedField.required(2, "at", Types.TimestampType.withZone(), "when the entry was written"),
            Types.NestedField.optional(3, "os_user", Types.StringType.get(), "the OS account that ran the command"),
            Types.NestedField.optional(4, "actor", Types.StringType.get(), "the user the command acted for (steward --user, audit.user), if any"),
            Types.NestedField.required(5, "action", Types.StringType.get(), "what was done: load, publish.steward, apps.grant, export.exchange, …"),
            Types.NestedField.optional(6, "targets", Types.ListType.ofRequired(14, Types.StringType.get()),
                    "tables, subscription:<name> or app:<name> the action touched"),
            Types.NestedField.optional(7, "batch_id", Types.StringType.get(), "the batch the action is about"),
            Types.NestedField.optional(8, "package_id", Types.StringType.get(), "the exchange package the action wrote or applied"),
            Types.NestedField.required(9, "outcome", Types.StringType.get(), "ok or failed"),
            Types.NestedField.optional(10, "message", Types.StringType.get(), "what happened, or why it failed"),
            Types.NestedField.optional(11, "details", Types.StringType.get(), "facts of the action as a JSON object"),
            Types.NestedField.required(12, "prev_hash", Types.StringType.get(), "hash of the entry before (64 zeros for the first)"),
            Types.NestedField.required(13, "hash", Types.StringType.get(), "SHA-256 of this entry's canonical JSON, prev_hash included"));

    private final Catalog catalog;
    private final boolean ownsCatalog;
    private final Clock clock;
    private final String osUser;

    IcebergAuditLog(Catalog catalog, boolean ownsCatalog, Clock clock, String osUser) {
        this.catalog = catalog;
        this.ownsCatalog = ownsCatalog;
        this.clock = clock;
        this.osUser = osUser;
    }

    /** The profile's audit log, through a Hive catalog of its own; close it when done. */
    public static IcebergAuditLog open(Profile profile) {
        return new IcebergAuditLog(hiveCatalog(profile), true, Clock.systemUTC(), System.getProperty("user.name"));
    }

    /** The same Iceberg catalog Spark and Trino use: the metastore and warehouse of the profile. */
    public static HiveCatalog hiveCatalog(Profile profile) {
        Map<String, String> props = new HashMap<>();
        props.put(CatalogProperties.URI, profile.hmsUri());
        props.put(CatalogProperties.WAREHOUSE_LOCATION, profile.warehouseUri());
        if (profile.s3Warehouse()) {
            S3Settings s3 = S3Settings.of(profile);
            props.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
            props.put("s3.endpoint", s3.endpoint());
            props.put("s3.path-style-access", String.valueOf(s3.pathStyle()));
            props.put("s3.access-key-id", s3.accessKey());
            props.put("s3.secret-access-key", s3.secretKey());
            props.put("client.region", s3.region());
        }
        HiveCatalog c = new HiveCatalog();
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        conf.set("hive.metastore.uris", profile.hmsUri());
        c.setConf(conf);
        c.initialize(profile.get("trino.catalog"), props);
        return c;
    }

    public String name() {
        return TABLE.toString();
    }

    @Override
    public AuditEntry append(AuditEvent event) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            // The head is read from the very metadata the commit will be checked against, and the commit is a
            // compare-and-swap of that metadata (the metastore refuses it if anything was committed since).
            // Transaction.commitTransaction() would instead re-apply the append onto a newer table — it did,
            // in a test with three writers — chaining two entries onto one predecessor.
            BaseTransaction tx = (BaseTransaction) table().newTransaction();
            TableMetadata base = tx.startMetadata();
            long seq = 0;
            String prev = AuditEntry.GENESIS;
            String head = base.properties().get(HEAD);
            if (head != null) {
                String[] parts = head.split(" ");
                seq = Long.parseLong(parts[0]);
                prev = parts[1];
            }
            AuditEntry entry = AuditEntry.next(seq, prev, event, clock.instant(), osUser);
            DataFile file = write(tx.table(), entry);
            tx.newFastAppend().appendFile(file).set("citylake.audit.seq", String.valueOf(entry.seq())).commit();
            tx.updateProperties().set(HEAD, entry.seq() + " " + entry.hash()).commit();
            try {
                tx.underlyingOps().commit(base, tx.currentMetadata());
                return entry;
            } catch (CommitFailedException e) {
                // Another command appended first: its entry is now the predecessor. The unreferenced file goes.
                tx.table().io().deleteFile(file.location());
                last = e;
                try {
                    Thread.sleep(20L * attempt + (long) (Math.random() * 50));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while appending to " + TABLE, ie);
                }
            }
        }
        throw new IllegalStateException("Could not append to " + TABLE + " after " + ATTEMPTS + " concurrent commits", last);
    }

    static DataFile write(Table t, AuditEntry e) {
        GenericRecord r = GenericRecord.create(t.schema());
        r.setField("seq", e.seq());
        r.setField("at", OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
        r.setField("os_user", e.osUser());
        r.setField("actor", e.actor());
        r.setField("action", e.action());
        r.setField("targets", e.targets());
        r.setField("batch_id", e.batchId());
        r.setField("package_id", e.packageId());
        r.setField("outcome", e.outcome().code());
        r.setField("message", e.message());
        r.setField("details", e.details());
        r.setField("prev_hash", e.prevHash());
        r.setField("hash", e.hash());
        String location = t.locationProvider().newDataLocation(String.format("%020d-%s.parquet", e.seq(), UUID.randomUUID()));
        try {
            DataWriter<Record> w = Parquet.writeData(t.io().newOutputFile(location)).schema(t.schema())
                    .createWriterFunc(type -> GenericParquetWriter.create(t.schema(), type)).withSpec(t.spec()).overwrite().build();
            try (w) {
                w.write(r);
            }
            return w.toDataFile();
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the audit entry to " + location, ex);
        }
    }

    @Override
    public List<AuditEntry> entries() {
        if (!catalog.tableExists(TABLE)) {
            return List.of();
        }
        List<AuditEntry> out = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(TABLE)).build()) {
            for (Record r : rows) {
                @SuppressWarnings("unchecked")
                List<String> targets = (List<String>) r.getField("targets");
                out.add(new AuditEntry((Long) r.getField("seq"), ((OffsetDateTime) r.getField("at")).toInstant(), (String) r.getField("os_user"),
                        (String) r.getField("actor"), (String) r.getField("action"), targets == null ? List.of() : targets,
                        (String) r.getField("batch_id"), (String) r.getField("package_id"), AuditEntry.Outcome.ofCode((String) r.getField("outcome")),
                        (String) r.getField("message"), (String) r.getField("details"), (String) r.getField("prev_hash"), (String) r.getField("hash")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TABLE, e);
        }
        out.sort(Comparator.comparingLong(AuditEntry::seq));
        return out;
    }

    /** The hash chain, the head committed with the newest entry, and the table's snapshot history. */
    @Override
    public AuditChain.Verification verify() {
        List<AuditEntry> entries = entries();
        AuditChain.Verification v = AuditChain.verify(entries);
        if (!catalog.tableExists(TABLE)) {
            return v;
        }
        Table t = catalog.loadTable(TABLE);
        List<String> more = new ArrayList<>();
        String head = t.properties().get(HEAD);
        AuditEntry newest = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        String stored = newest == null ? null : newest.seq() + " " + newest.hash();
        if (head != null && !head.equals(stored)) {
            more.add("the newest entry is " + (newest == null ? "none" : "seq " + newest.seq()) + " but the log's head (" + HEAD + ") is seq "
                    + head.split(" ")[0] + ": entries were removed or replaced at the end");
        }
        for (Snapshot s : t.snapshots()) {
            if (!onlyAdds(s)) {
                more.add("snapshot " + s.snapshotId() + " at " + Instant.ofEpochMilli(s.timestampMillis()) + " is a '" + s.operation()
                        + "' (" + count(s, "deleted-records") + " records removed, " + count(s, "added-records")
                        + " added): citylake only ever adds entries to " + TABLE);
            }
        }
        return v.plus(more);
    }

    /**
     * Whether a snapshot only added data, as citylake's appends do. A compaction ({@code replace}) that rewrote
     * files with the same records also passes: the chain checks their content.
     */
    static boolean onlyAdds(Snapshot s) {
        long deleted = count(s, "deleted-records");
        boolean deleteFiles = count(s, "added-delete-files") + count(s, "removed-delete-files") > 0;
        if (DataOperations.REPLACE.equals(s.operation())) {
            return !deleteFiles && deleted == count(s, "added-records");
        }
        return !DataOperations.DELETE.equals(s.operation()) && deleted == 0 && count(s, "deleted-data-files") == 0 && !deleteFiles;
    }

    private static long count(Snapshot s, String key) {
        return s.summary() == null ? 0 : Long.parseLong(s.summary().getOrDefault(key, "0"));
    }

    /** {@code "<seq> <hash>"} of the newest entry as committed, or null before the first. */
    public String head() {
        return catalog.tableExists(TABLE) ? catalog.loadTable(TABLE).properties().get(HEAD) : null;
    }

    private Table table() {
        if (catalog.tableExists(TABLE)) {
            return catalog.loadTable(TABLE);
        }
        if (catalog instanceof SupportsNamespaces ns && !ns.namespaceExists(Namespace.of(TABLE.namespace().levels()))) {
            try {
                ns.createNamespace(TABLE.namespace());
            } catch (AlreadyExistsException e) {
                // created by a concurrent command
            }
        }
        try {
            return catalog.createTable(TABLE, SCHEMA, PartitionSpec.unpartitioned(), Map.of(
                    TableProperties.FORMAT_VERSION, "2",
                    TableProperties.COMMIT_NUM_RETRIES, "0",
                    "comment", "append-only audit log of every job, publish decision, export and access-rule change; "
                            + "each entry hash-chained to the one before (citylake audit --verify)",
                    "citylake.layer", "governance",
                    "citylake.append-only", "true"));
        } catch (AlreadyExistsException e) {
            return catalog.loadTable(TABLE);
        }
    }

    @Override
    public void close() {
        if (ownsCatalog && catalog instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close the catalog of " + TABLE, e);
            }
        }
    }
}
