package org.citylake.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.quality.gate.Publication;
import org.citylake.quality.gate.PublishGate;
import org.citylake.quality.report.QualityHistory;
import org.citylake.quality.report.QualityReportJson;
import org.citylake.quality.report.QualityReportPage;
import org.citylake.quality.report.QuarantineReason;
import org.citylake.quality.report.QuarantineReasons;
import org.citylake.quality.report.TableHistory;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.ScoreWeights;
import org.citylake.quality.status.QualityStatus;
import org.citylake.quality.status.QualityStatusText;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"Data quality for stewards: the HTML report, and decisions on batches the quality gate held.",
                "A batch whose error-level checks fail stays on its Iceberg branch (main untouched) until a",
                "steward publishes or discards it here, with a reason that is kept in governance.publications."},
        subcommands = {QualityCommand.Report.class, QualityCommand.Status.class, QualityCommand.Held.class, QualityCommand.Publish.class, QualityCommand.Discard.class},
        footer = {"", "Examples:", "  citylake quality report --out /tmp/q    # index.html + report.json",
                "  citylake quality status", "  citylake quality held", "  citylake quality publish b0668270cb41a4aea --table base.person --reason \"checked with 公安分局\"",
                "  citylake quality discard b0668270cb41a4aea --table base.person --reason \"wrong extract, resent\""})
final class QualityCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * A Spark session on the lake that {@link #close} stops only if this command started it: a command run
     * in-process (an integration test, the demo) must not stop its caller's session.
     */
    record Lake(SparkSession spark, boolean owned) implements AutoCloseable {
        static Lake open(Profile p, String app) {
            boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
            return new Lake(lake(p, app), !existed);
        }

        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    /** Starts the metastore (local profile) and a Spark session on the lake. */
    static SparkSession lake(Profile p, String app) {
        if (p.name().equals("local")) {
            new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS));
        }
        return LakeSession.open(p, app);
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Write a self-contained HTML page (inline SVG charts, no network) with scores, checks, trends, anomalies and quarantine,",
                    "and report.json beside it with the same content for machines."},
            footer = {"", "Examples:", "  citylake quality report", "  citylake quality report --table base.person --out /tmp/q"})
    static final class Report implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Option(names = "--table", description = "Only this table, e.g. base.person (default: all).")
        String table;

        @Option(names = "--out", description = "Output directory (default: .citylake/reports/quality).")
        Path out;

        @Override
        public Integer call() {
            Profile p = profile.load();
            try (Lake lake = Lake.open(p, "citylake-quality-report")) {
                SparkSession spark = lake.spark();
                String catalog = p.get("trino.catalog");
                List<TableHistory> history = new QualityHistory(spark, catalog).read(Optional.ofNullable(table));
                if (history.isEmpty()) {
                    throw new IllegalStateException("No quality results in " + catalog + ".governance.quality_results"
                            + (table == null ? "" : " for " + table) + " yet: run 'citylake load' or 'citylake demo' first");
                }
                QualityScorer scorer = new QualityScorer(ScoreWeights.load(p.confDir().resolve("quality/scores.yaml")));
                Path dir = out != null ? out : p.stateDir().resolve("reports/quality");
                Map<String, List<QuarantineReason>> quarantine = quarantineByReason(spark, p, history);
                Instant now = Instant.now();
                // An export of masked samples and scores: audited with where it went.
                List<Path> written = Audit.recordUnchecked(p, Audit.event(p, org.citylake.catalog.audit.Actions.EXPORT_QUALITY_REPORT,
                                history.stream().map(TableHistory::table).toList()).withDetail("out", dir.toAbsolutePath()),
                        () -> List.of(new QualityReportPage(scorer).write(dir.toAbsolutePath(), history, quarantine, now),
                                new QualityReportJson(scorer).write(dir.toAbsolutePath(), history, quarantine, now)),
                        (e, files) -> e.withDetail("files", files.stream().map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.joining(",")))
                                .ok("quality report written to " + dir.toAbsolutePath()));
                written.forEach(f -> System.out.println("wrote " + f));
                return 0;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Print a terminal summary: per table the latest verified batch, its publish status",
                    "(governance.publications), score, failed error/warning checks and anomalies; then the district score."},
            footer = {"", "Example:", "  citylake quality status --table base.person",
                    "  TABLE            BATCH              PUBLISH   SCORE ERR WARN ANOM  VERIFIED",
                    "  base.person      b0668270cb41a4aea  held       66.7   1    0    1  2026-11-25…",
                    "      error: name:completeness", "      anomaly: *:row_count_anomaly", "  district score 66.7 over 1 table(s)"})
    static final class Status implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Option(names = "--table", description = "Only this table, e.g. base.person (default: all).")
        String table;

        @Override
        public Integer call() {
            Profile p = profile.load();
            try (Lake lake = Lake.open(p, "citylake-quality-status")) {
                SparkSession spark = lake.spark();
                String catalog = p.get("trino.catalog");
                QualityScorer scorer = new QualityScorer(ScoreWeights.load(p.confDir().resolve("quality/scores.yaml")));
                PublishGate gate = new PublishGate(spark, catalog);
                QualityStatus status = QualityStatus.of(new QualityHistory(spark, catalog).read(Optional.ofNullable(table)), scorer, gate::latest);
                System.out.print(QualityStatusText.render(status));
                return 0;
            }
        }
    }

    /** table → its latest verified batch's quarantine reasons with masked samples, over the tables the report covers. */
    static Map<String, List<QuarantineReason>> quarantineByReason(SparkSession spark, Profile p, List<TableHistory> history) {
        Map<String, List<QuarantineReason>> out = new LinkedHashMap<>();
        QuarantineReasons reasons = new QuarantineReasons(spark, p.get("trino.catalog"));
        for (TableContract c : ContractLoader.loadAll(p.confDir().resolve("contracts"))) {
            history.stream().filter(h -> h.table().equals(c.qualifiedName())).findFirst().flatMap(TableHistory::latest)
                    .ifPresent(latest -> out.put(c.qualifiedName(), reasons.read(c, latest.batchId())));
        }
        return out;
    }

    @Command(name = "held", mixinStandardHelpOptions = true, description = "List batches the quality gate held on their branch.",
            footer = {"", "Example:", "  citylake quality held"})
    static final class Held implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Override
        public Integer call() {
            Profile p = profile.load();
            SparkSession spark = lake(p, "citylake-quality-held");
            try {
                List<Publication> held = new PublishGate(spark, p.get("trino.catalog")).held();
                if (held.isEmpty()) {
                    System.out.println("no batch is held: every audited batch was published or discarded");
                }
                for (Publication h : held) {
                    System.out.printf(Locale.ROOT, "%s  %-18s branch %-24s failed: %s%n", h.batchId(), h.table(), h.branch(),
                            String.join(", ", h.failedChecks()));
                }
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    abstract static class Decision implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Parameters(index = "0", paramLabel = "BATCH", description = "The batch id, as the load printed it.")
        String batchId;

        @Option(names = "--table", required = true, description = "The base table, e.g. base.person.")
        String table;

        @Option(names = "--reason", required = true, description = "Why; kept in governance.publications for auditors.")
        String reason;

        @Option(names = "--user", defaultValue = "${sys:user.name}", description = "Who decides (default: the OS user).")
        String user;

        abstract Publication decide(PublishGate gate, org.citylake.warehouse.watermark.WatermarkTable watermarks);

        abstract String action();

        @Override
        public Integer call() throws Exception {
            Profile p = profile.load();
            try (Lake lake = Lake.open(p, "citylake-quality-decision")) {
                org.citylake.catalog.audit.AuditEvent event = Audit.event(p, action(), table).withActor(user).withBatch(batchId)
                        .withDetail("reason", reason);
                Publication d = Audit.record(p, event, () -> decide(new PublishGate(lake.spark(), p.get("trino.catalog")),
                        new org.citylake.warehouse.watermark.WatermarkTable(lake.spark(), p.get("trino.catalog"))), Audit::decision);
                System.out.println(d.status().code() + " " + d.table() + " batch " + d.batchId() + " (snapshot " + d.snapshotId() + ") by "
                        + d.decidedBy() + ": " + d.reason());
                return 0;
            }
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish a held batch anyway (fast-forward main to its branch).",
            footer = {"", "Example:", "  citylake quality publish b0668270cb41a4aea --table base.person --reason \"reviewed, source confirmed\""})
    static final class Publish extends Decision {
        @Override
        Publication decide(PublishGate gate, org.citylake.warehouse.watermark.WatermarkTable watermarks) {
            return publishHeld(gate, watermarks, batchId, table, user, reason);
        }

        @Override
        String action() {
            return org.citylake.catalog.audit.Actions.PUBLISH_STEWARD;
        }
    }

    /**
     * A steward publishes a held batch: main is fast-forwarded to its branch, then the watermarks
     * the load kept for it are committed, so the next incremental run does not take the batch's
     * files or rows again (in that order: a crash between leaves them untaken, which only repeats work).
     */
    static Publication publishHeld(PublishGate gate, org.citylake.warehouse.watermark.WatermarkTable watermarks, String batchId,
                                   String table, String user, String reason) {
        Publication p = gate.publish(batchId, table, user, reason);
        int committed = watermarks.commitHeld(table, batchId, java.time.Instant.now());
        if (committed > 0) {
            System.out.println(committed + " source watermark(s) of batch " + batchId + " committed to " + watermarks.name());
        }
        return p;
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Discard a held batch (drop its branch; main untouched).",
            footer = {"", "Example:", "  citylake quality discard b0668270cb41a4aea --table base.person --reason \"wrong extract\""})
    static final class Discard extends Decision {
        @Override
        Publication decide(PublishGate gate, org.citylake.warehouse.watermark.WatermarkTable watermarks) {
            // The batch's kept watermarks stay held_* rows that nothing counts: its sources are taken again next time.
            return gate.discard(batchId, table, user, reason);
        }

        @Override
        String action() {
            return org.citylake.catalog.audit.Actions.DISCARD_STEWARD;
        }
    }
}
