package org.citylake.cli;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.job.BaseLibraryLoad;
import org.citylake.pipelines.job.Progress;
import org.citylake.pipelines.job.TableLoadResult;
import org.citylake.quality.QualityRun;
import org.citylake.quality.gate.PublishGate;
import org.citylake.warehouse.LakeTables;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SqlText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = {"Rows the pipeline rejected, with every reason, the contract rule, the file and line, and the original text.",
                "After fixing a contract or a dictionary, 'replay' re-runs the latest batch from ODS: rows that now",
                "pass leave quarantine and reach the base table through the same quality gate."},
        subcommands = {QuarantineCommand.ListRows.class, QuarantineCommand.Show.class, QuarantineCommand.Replay.class},
        footer = {"", "Examples:", "  citylake quarantine list", "  citylake quarantine show base.person --reason bad_check_digit --limit 5",
                "  citylake quarantine replay base.person"})
final class QuarantineCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static TableContract contract(Profile p, String table) {
        return ContractLoader.loadAll(p.confDir().resolve("contracts")).stream().filter(c -> c.qualifiedName().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No contract for table '" + table + "' (try base.person, base.legal_entity, "
                        + "base.certificate, base.place)"));
    }

    static String quarantineTable(Profile p, TableContract c) {
        return p.get("trino.catalog") + ".quarantine." + c.table();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Quarantined rows per table, batch and reason code.",
            footer = {"", "Example:", "  citylake quarantine list --batch b0668270cb41a4aea"})
    static final class ListRows implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Option(names = "--batch", description = "Only this batch.")
        String batch;

        @Override
        public Integer call() {
            Profile p = profile.load();
            SparkSession spark = QualityCommand.lake(p, "citylake-quarantine-list");
            try {
                for (TableContract c : ContractLoader.loadAll(p.confDir().resolve("contracts"))) {
                    String q = quarantineTable(p, c);
                    if (!spark.catalog().tableExists(q)) {
                        continue;
                    }
                    Dataset<Row> rows = spark.table(q);
                    if (batch != null) {
                        rows = rows.where(rows.col("_batch_id").equalTo(batch));
                    }
                    for (Row r : rows.groupBy("_batch_id", "reason_code").count().orderBy("_batch_id", "reason_code").collectAsList()) {
                        System.out.printf(Locale.ROOT, "%-18s %-20s %-28s %,8d%n", c.qualifiedName(), r.getString(0), r.getString(1), r.getLong(2));
                    }
                }
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Quarantined rows of one table: file:line, all reasons, message, original text.",
            footer = {"", "Example:", "  citylake quarantine show base.person --reason id_sex_mismatch --limit 3"})
    static final class Show implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Parameters(index = "0", paramLabel = "TABLE", description = "e.g. base.person")
        String table;

        @Option(names = "--reason", description = "Only rows with this reason code among their reasons.")
        String reason;

        @Option(names = "--batch", description = "Only this batch.")
        String batch;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            Profile p = profile.load();
            TableContract c = contract(p, table);
            SparkSession spark = QualityCommand.lake(p, "citylake-quarantine-show");
            try {
                StringBuilder where = new StringBuilder(" WHERE true");
                if (reason != null) {
                    where.append(" AND array_contains(reason_codes, ").append(SqlText.literal(reason)).append(")");
                }
                if (batch != null) {
                    where.append(" AND _batch_id = ").append(SqlText.literal(batch));
                }
                for (Row r : spark.sql("SELECT _batch_id, _source_file, _line, reason_codes, rules, message, raw FROM " + quarantineTable(p, c)
                        + where + " ORDER BY _source_file, _line LIMIT " + Math.max(1, limit)).collectAsList()) {
                    System.out.printf(Locale.ROOT, "%s:%d  batch %s%n  reasons: %s  (rules: %s)%n  %s%n  raw: %s%n%n", r.getString(1), r.getLong(2),
                            r.getString(0), r.getList(3), r.getList(4), r.getString(5), r.getString(6));
                }
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Re-run the table's latest batch from ODS with the current contract and dictionaries.",
                    "Rows that now pass move from quarantine to the base table (via the write-audit-publish gate)."},
            footer = {"", "Example:", "  citylake quarantine replay base.person"})
    static final class Replay implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Parameters(index = "0", paramLabel = "TABLE", description = "e.g. base.person")
        String table;

        @Option(names = "--batch", description = "The batch to replay; must be the table's latest (default: the latest).")
        String batch;

        @Override
        public Integer call() throws Exception {
            Profile p = profile.load();
            TableContract c = contract(p, table);
            SparkSession spark = QualityCommand.lake(p, "citylake-quarantine-replay");
            try (org.citylake.warehouse.audit.IcebergAuditLog log = org.citylake.warehouse.audit.IcebergAuditLog.open(p)) {
                return log.record(Audit.event(p, org.citylake.catalog.audit.Actions.QUARANTINE_REPLAY, c.qualifiedName()).withBatch(batch),
                        () -> replay(p, c, spark, log), (e, a) -> Audit.decision(e, a.decision()).withTargets(List.of(c.qualifiedName()))
                                .ok("replayed; base " + a.decision().status().code())) == null ? 1 : 0;
            } finally {
                spark.stop();
            }
        }

        /** The replay and its gate decision (audited as publish.gate, as after a load). */
        private BatchPipeline.Audited replay(Profile p, TableContract c, SparkSession spark, org.citylake.catalog.audit.AuditLog log) {
            {
                String catalog = p.get("trino.catalog");
                Dictionaries dictionaries = Dictionaries.load(p.confDir());
                LocalDate asOf = LocalDate.now(ZoneId.of("Asia/Shanghai"));
                Progress progress = new Progress(System.out);
                BaseLibraryLoad load = new BaseLibraryLoad(spark, new LakeTables(spark, catalog), dictionaries, progress,
                        BatchPipeline.standardContext(p.confDir(), dictionaries, asOf));
                String latest = load.latestBatch(c).orElseThrow(() -> new IllegalArgumentException("No batch of " + table + " in ODS yet"));
                if (batch != null && !batch.equals(latest)) {
                    throw new IllegalArgumentException("Batch " + batch + " is not the latest of " + table + " (" + latest
                            + "); replaying an older full extract would undo later changes");
                }
                String q = quarantineTable(p, c);
                long before = spark.table(q).where(spark.table(q).col("_batch_id").equalTo(latest)).count();
                TableLoadResult r = load.replay(c, latest);
                BatchPipeline.Audited a = BatchPipeline.audit(spark, catalog, QualityRun.inLake(spark, catalog, p.confDir(), dictionaries),
                        new PublishGate(spark, catalog), progress, c, r, asOf);
                log.append(Audit.gate(p, a.decision()));
                System.out.printf(Locale.ROOT, "replayed batch %s of %s: %,d rows were quarantined, %,d still are; %,d moved; base %s%n",
                        latest, table, before, r.quarantined(), before - r.quarantined(), a.decision().status().code());
                return a;
            }
        }
    }
}
