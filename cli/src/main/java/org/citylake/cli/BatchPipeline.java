package org.citylake.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.collect.SourceEncoding;
import org.citylake.pipelines.collect.SourceHeaders;
import org.citylake.pipelines.job.BaseLibraryLoad;
import org.citylake.pipelines.job.Delivery;
import org.citylake.pipelines.job.LoadMode;
import org.citylake.pipelines.jdbc.JdbcConnection;
import org.citylake.pipelines.jdbc.JdbcDelivery;
import org.citylake.pipelines.jdbc.JdbcSourceReader;
import org.citylake.warehouse.watermark.Watermark;
import org.citylake.warehouse.watermark.WatermarkTable;
import org.citylake.pipelines.standards.CreditCodeAllowList;
import org.citylake.pipelines.standards.StandardContext;
import org.citylake.pipelines.job.BatchId;
import org.citylake.pipelines.job.LineageRecorder;
import org.citylake.pipelines.job.Progress;
import org.citylake.pipelines.job.TableLoadResult;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;
import org.citylake.quality.QualityResultsTable;
import org.citylake.quality.QualityRun;
import org.citylake.quality.gate.Publication;
import org.citylake.quality.gate.PublishGate;
import org.citylake.warehouse.LakeTables;
import org.citylake.warehouse.MainMovedException;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.WriteAuditPublish;
import org.citylake.warehouse.lineage.LineageOutbox;
import org.citylake.warehouse.lineage.LineageTables;

/**
 * Wires one batch through the modules: collect → cleanse → master (pipelines), then verify and
 * record (quality), for every contract with a source file in the input directory.
 */
final class BatchPipeline {
    /** What one batch did, per table. */
    record Outcome(String batchId, List<TableLoadResult> loads, List<QualityReport> reports, List<Publication> publications) {
        boolean balanced() {
            return loads.stream().allMatch(TableLoadResult::balanced);
        }

        boolean qualityPassed() {
            return reports.stream().allMatch(QualityReport::passed);
        }

        boolean allPublished() {
            return publications.stream().allMatch(p -> p.status() == Publication.Status.PUBLISHED);
        }
    }

    /**
     * How often one table's batch is staged when concurrent loads keep publishing the same table first
     * ({@link MainMovedException}); each attempt collects and cleanses the batch again, which at the size
     * of an increment is cheap beside a failed load.
     */
    static final int PUBLISH_ATTEMPTS = 3;

    private BatchPipeline() {
    }

    static Outcome run(Profile profile, SparkSession spark, Path input, Progress progress) {
        return run(profile, spark, input, progress, LoadMode.FULL);
    }

    /**
     * One batch of the files in {@code input}. In {@link LoadMode#INCREMENTAL} only files not yet in
     * {@code governance.watermarks} are taken (nothing new: nothing is written, no snapshot is
     * committed); a table's files become watermarks only once its batch is published (see
     * {@link WatermarkTable} for why that order makes a crashed run resume).
     */
    static Outcome run(Profile profile, SparkSession spark, Path input, Progress progress, LoadMode mode) {
        return run(profile, spark, input, progress, mode, System.getenv()::get);
    }

    /**
     * As {@link #run(Profile, SparkSession, Path, Progress, LoadMode)}, with JDBC sources' URLs,
     * users and passwords looked up through {@code env} (the variables their contracts name). A JDBC
     * source whose URL variable is unset is skipped; one that is set is read above its last
     * published watermark in {@link LoadMode#INCREMENTAL} (everything in {@link LoadMode#FULL}).
     */
    static Outcome run(Profile profile, SparkSession spark, Path input, Progress progress, LoadMode mode,
                       java.util.function.Function<String, String> env) {
        // Audited: the batch as a whole (ok with its tables and rows, or failed with the error) and each
        // table's gate decision as it is made, so a batch that fails later still shows what was published.
        org.citylake.catalog.audit.AuditEvent event = Audit.event(profile, mode == LoadMode.INCREMENTAL
                ? org.citylake.catalog.audit.Actions.LOAD_INCREMENTAL : org.citylake.catalog.audit.Actions.LOAD).withDetail("input", input);
        try (org.citylake.warehouse.audit.IcebergAuditLog log = org.citylake.warehouse.audit.IcebergAuditLog.open(profile)) {
            return log.record(event, () -> load(profile, spark, input, progress, mode, env, d -> log.append(Audit.gate(profile, d))), BatchPipeline::loadEntry);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The load's audit entry: tables, batch, and per table its row accounting and gate decision. */
    static org.citylake.catalog.audit.AuditEvent loadEntry(org.citylake.catalog.audit.AuditEvent e, Outcome o) {
        org.citylake.catalog.audit.AuditEvent out = e.withTargets(o.loads().stream().map(TableLoadResult::table).toList())
                .withBatch(o.loads().isEmpty() ? null : o.batchId());
        for (int i = 0; i < o.loads().size(); i++) {
            TableLoadResult l = o.loads().get(i);
            out = out.withDetail(l.table() + ".rows_in", l.rowsIn()).withDetail(l.table() + ".accepted", l.accepted())
                    .withDetail(l.table() + ".quarantined", l.quarantined()).withDetail(l.table() + ".publish", o.publications().get(i).status().code());
        }
        return out.ok(o.loads().isEmpty() ? "nothing new" : o.loads().size() + " table(s), " + (o.balanced() ? "rows balanced" : "ROWS DO NOT BALANCE")
                + ", " + o.publications().stream().filter(x -> x.status() == Publication.Status.PUBLISHED).count() + " published");
    }

    private static Outcome load(Profile profile, SparkSession spark, Path input, Progress progress, LoadMode mode,
                                java.util.function.Function<String, String> env,
                                java.util.function.Consumer<Publication> decided) {
        Progress.Mark loadStarted = progress.mark();
        Path conf = profile.confDir();
        List<TableContract> contracts = inLoadOrder(ContractLoader.loadAll(conf.resolve("contracts")));
        Dictionaries dictionaries = Dictionaries.load(conf);
        String catalog = profile.get("trino.catalog");
        WatermarkTable watermarks = new WatermarkTable(spark, catalog);
        List<Path> files = new ArrayList<>();
        java.util.Map<Path, java.nio.charset.Charset> encodings = new java.util.HashMap<>();
        java.util.Map<String, List<Delivery>> deliveries = new java.util.LinkedHashMap<>();
        java.util.Map<Path, String> sha256 = new java.util.HashMap<>();
        java.util.Map<String, List<JdbcDelivery>> jdbc = new java.util.LinkedHashMap<>();
        Progress.Section preflight = progress.start("preflight");
        for (TableContract c : contracts) {
            List<Delivery> taken = new ArrayList<>();
            for (Delivery d : Delivery.find(c, input)) {
                List<Path> fresh = new ArrayList<>();
                java.util.Set<String> done = mode == LoadMode.INCREMENTAL ? watermarks.takenFiles(c.qualifiedName(), d.source().name()) : java.util.Set.of();
                for (Path f : d.files()) {
                    String sha = sha256.computeIfAbsent(f, SourceHeaders::sha256);
                    if (done.contains(f.getFileName() + "@" + sha)) {
                        progress.stage("collect", c.qualifiedName() + " · " + f.getFileName() + " already taken (sha256 " + sha.substring(0, 12) + "…) — skipped");
                        continue;
                    }
                    fresh.add(f);
                    files.add(f);
                    // Pre-flight: a file that is not valid in its encoding rejects the batch before any write.
                    encodings.put(f, SourceEncoding.resolve(f, d.source().encoding()));
                }
                if (!fresh.isEmpty()) {
                    taken.add(new Delivery(d.source(), fresh));
                }
            }
            if (!taken.isEmpty()) {
                deliveries.put(c.qualifiedName(), taken);
            }
            List<JdbcDelivery> fromDb = jdbcDeliveries(c, watermarks, mode, env, progress);
            if (!fromDb.isEmpty()) {
                jdbc.put(c.qualifiedName(), fromDb);
            }
        }
        preflight.close();
        if (files.isEmpty() && jdbc.isEmpty()) {
            if (mode == LoadMode.INCREMENTAL) {
                progress.stage("batch", "nothing new in " + input + ": every file is in " + watermarks.name()
                        + " and no JDBC source has rows above its watermark — nothing written");
                return new Outcome("-", List.of(), List.of(), List.of());
            }
            throw new IllegalArgumentException("No source file in " + input + " that a contract expects (e.g. "
                    + contracts.get(0).sources().get(0).origin() + "), and no JDBC source with rows");
        }
        String batchId = BatchId.of(files, jdbc.values().stream().flatMap(List::stream).map(JdbcDelivery::identity).toList());
        LocalDate asOf = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        progress.stage("batch", batchId + " · " + files.size() + " files from " + input
                + (jdbc.isEmpty() ? "" : " · " + jdbc.values().stream().mapToInt(List::size).sum() + " JDBC source(s)"));
        LakeTables tables = new LakeTables(spark, catalog);
        StandardContext context = standardContext(conf, dictionaries, asOf);
        BaseLibraryLoad load = new BaseLibraryLoad(spark, tables, dictionaries, progress, context);
        QualityRun quality = QualityRun.inLake(spark, catalog, conf, dictionaries);
        PublishGate gate = new PublishGate(spark, catalog);
        List<Publication> publications = new ArrayList<>();
        LineageRecorder lineage = new LineageRecorder(tables, new LineageTables(spark, catalog), System.getProperty("user.name"), Clock.systemUTC());
        LineageOutbox outbox = new LineageOutbox(spark, catalog);
        List<TableLoadResult> loads = new ArrayList<>();
        List<QualityReport> reports = new ArrayList<>();
        for (TableContract c : contracts) {
            List<Delivery> delivered = deliveries.getOrDefault(c.qualifiedName(), List.of());
            List<JdbcDelivery> read = jdbc.getOrDefault(c.qualifiedName(), List.of());
            if (delivered.isEmpty() && read.isEmpty()) {
                progress.stage("skip", c.qualifiedName() + " · no " + (mode == LoadMode.INCREMENTAL ? "new " : "") + "source file in this batch");
                continue;
            }
            TableLoadResult r;
            Audited a;
            for (int attempt = 1; ; attempt++) {
                LineageRecorder.Job job = progress.timed("lineage", () -> lineage.started(c, input, batchId, encodings, read));
                try {
                    r = load.run(c, delivered, read, batchId, encodings, mode);
                } catch (RuntimeException e) {
                    lineage.failed(job, e);
                    throw e;
                }
                Progress.Section lineageTime = progress.start("lineage");
                String runId = lineage.succeeded(job, r).run().runId();
                try {
                    outbox.enqueue(runId, Clock.systemUTC().instant());
                } catch (Exception e) { // Spark's AnalysisException is checked, thrown unchecked from Scala
                    // The run's lineage is in the lake already; only its trip to Atlas is lost, and that never fails a load.
                    progress.stage("lineage", "could not queue run " + runId + " for Atlas: " + e.getMessage());
                }
                lineageTime.close();
                // Data written on the batch's branches, nothing published: where a killed load hurts most.
                org.citylake.exchange.CrashPoint.reach("load.staged");
                try {
                    TableLoadResult staged = r;
                    a = progress.timed("verify", () -> audit(spark, catalog, quality, gate, progress, c, staged, asOf));
                    break;
                } catch (MainMovedException e) {
                    // Another load published this table after we staged: stage again on its result (ODS and
                    // quarantine partitions of the batch are overwritten, the branch is replaced), audit again.
                    if (attempt == PUBLISH_ATTEMPTS) {
                        throw e;
                    }
                    progress.stage("retry", c.qualifiedName() + " · main moved while batch " + batchId + " was staged (another load published);"
                            + " staging again on the new main, attempt " + (attempt + 1) + " of " + PUBLISH_ATTEMPTS);
                }
            }
            loads.add(r);
            reports.add(a.report());
            publications.add(a.decision());
            decided.accept(a.decision());
            if (a.decision().status() == Publication.Status.PUBLISHED || a.decision().status() == Publication.Status.HELD) {
                List<Watermark> marks = new ArrayList<>();
                java.time.Instant now = java.time.Instant.now();
                for (Delivery d : delivered) {
                    for (Path f : d.files()) {
                        marks.add(Watermark.file(c.qualifiedName(), d.source().name(), f.getFileName().toString(), sha256.get(f), batchId, now));
                    }
                }
                for (JdbcDelivery d : read) {
                    d.watermark().ifPresent(v -> marks.add(Watermark.jdbc(c.qualifiedName(), d.source().name(), v, batchId, now)));
                }
                if (a.decision().status() == Publication.Status.PUBLISHED) {
                    progress.timed("publish", () -> watermarks.record(marks));
                } else {
                    // Not taken yet: they count once a steward publishes the batch (citylake quality publish).
                    watermarks.recordHeld(marks);
                }
            }
        }
        // serve: views and Trino rules regenerated from the contracts and conf/apps (views only if Trino answers).
        progress.timed("serve", () -> org.citylake.warehouse.serving.ServingPublisher.of(profile, progress.out()).publishIfTrinoUp());
        // record: the runs' lineage to Atlas when atlas.url is set; a failure only leaves them queued.
        progress.timed("lineage", () -> AtlasLineage.publishAfterRun(profile, spark, progress.out()));
        progress.printStageTimes(loadStarted);
        return new Outcome(batchId, loads, reports, publications);
    }

    /**
     * The JDBC sources of {@code c} to read in this batch: those whose URL variable is set and that
     * hold rows above the last published watermark (every row in a full load).
     */
    static List<JdbcDelivery> jdbcDeliveries(TableContract c, WatermarkTable watermarks, LoadMode mode,
                                             java.util.function.Function<String, String> env, Progress progress) {
        List<JdbcDelivery> out = new ArrayList<>();
        for (SourceSpec s : c.sources()) {
            if (!s.readsJdbc()) {
                continue;
            }
            java.util.Optional<JdbcConnection> connection = JdbcConnection.resolve(s.jdbcSource().orElseThrow(), env);
            if (connection.isEmpty()) {
                progress.stage("skip", c.qualifiedName() + " · JDBC source " + s.name() + ": " + s.jdbcSource().orElseThrow().urlEnv()
                        + " is not set, so its database is not read here");
                continue;
            }
            java.util.Optional<String> after = mode == LoadMode.INCREMENTAL ? watermarks.jdbcValue(c.qualifiedName(), s.name())
                    : java.util.Optional.empty();
            java.util.Optional<JdbcDelivery> d = JdbcSourceReader.plan(s, connection.get(), after);
            if (d.isEmpty()) {
                progress.stage("collect", c.qualifiedName() + " · " + s.origin() + " has no row above watermark "
                        + after.orElse("(none)") + " — skipped");
                continue;
            }
            progress.stage("collect", c.qualifiedName() + " · " + s.origin() + " · " + d.get().range().rows() + " row(s) in "
                    + d.get().range().describe(s.jdbcSource().orElseThrow().watermarkColumn()));
            out.add(d.get());
        }
        return out;
    }

    /** A batch's quality report on its branch and what the gate decided. */
    record Audited(QualityReport report, Publication decision) {
    }

    /**
     * Audit and publish one table's batch: verify its branch (metrics with the snapshot they describe
     * and anomaly checks against history, in one scan), then fast-forward main only if no
     * error-level check failed; otherwise hold it for a steward.
     */
    static Audited audit(SparkSession spark, String catalog, QualityRun quality, PublishGate gate, Progress progress,
                         TableContract c, TableLoadResult r, LocalDate asOf) {
        progress.stage("verify", c.qualifiedName() + " · Deequ checks from the contract, on branch " + r.branch());
        String base = catalog + "." + c.qualifiedName();
        String staged = WriteAuditPublish.onBranch(base, r.branch());
        QualityReport verified = quality.verify(spark, spark.table(staged), c, r.batchId(),
                java.util.OptionalLong.of(new WriteAuditPublish(spark, catalog).snapshotOf(base, r.branch())), asOf);
        // The batch as a whole: clean surviving rows do not excuse an extract that lost too many.
        CheckResult rejected = rejectedFraction(c, r);
        new QualityResultsTable(spark, catalog).append(new QualityReport(verified.table(), verified.batchId(), verified.runAt(),
                verified.rowCount(), List.of(rejected)));
        List<CheckResult> all = new ArrayList<>(verified.results());
        all.add(rejected);
        QualityReport report = new QualityReport(verified.table(), verified.batchId(), verified.runAt(), verified.rowCount(), all);
        Publication decision = gate.decide(report, c.qualifiedName(), r.branch());
        // Every failed check or anomaly becomes an alert row (and a webhook POST when conf/quality/alerts.yaml names one).
        quality.alerts().raise(report);
        progress.stage(decision.status().code(), c.qualifiedName() + " · " + decision.reason()
                + (decision.status() == Publication.Status.HELD ? " — main untouched; inspect " + staged
                + ", then: citylake quality publish|discard " + r.batchId() + " --table " + c.qualifiedName() + " --reason ..." : ""));
        for (CheckResult f : report.results()) {
            if (f.failed()) {
                progress.stage("check", String.format(Locale.ROOT, "%s %s %s: %s (threshold %s)", c.qualifiedName(),
                        f.level().code(), f.ruleId(), f.metric().isPresent() ? String.format(Locale.ROOT, "%.4f", f.metric().getAsDouble()) : "n/a",
                        f.threshold()));
            }
        }
        return new Audited(report, decision);
    }

    /** {@code *:rejected_fraction}: the share of the batch's rows quarantined, against the contract's limit (error level). */
    static CheckResult rejectedFraction(TableContract c, TableLoadResult r) {
        double fraction = r.rowsIn() == 0 ? 0.0 : (double) r.quarantined() / r.rowsIn();
        boolean ok = fraction <= c.maxRejectedFraction();
        return new CheckResult("*", "rejected_fraction", org.citylake.catalog.contract.QualityRule.Level.ERROR,
                ok ? CheckResult.Status.PASSED : CheckResult.Status.FAILED, java.util.OptionalDouble.of(fraction),
                "<= " + c.maxRejectedFraction(), String.format(Locale.ROOT, "%,d of %,d rows quarantined = %.4f (contract max_rejected_fraction %s)",
                        r.quarantined(), r.rowsIn(), fraction, c.maxRejectedFraction()));
    }

    /** The run's standards context: dictionaries, the GB 32100 allow-list and today's date in Yaohai. */
    static StandardContext standardContext(Path conf, Dictionaries dictionaries, LocalDate asOf) {
        return StandardContext.of(dictionaries, CreditCodeAllowList.load(conf.resolve(StandardContext.CREDIT_CODE_ALLOW_LIST)), asOf);
    }

    /**
     * Tables that other tables point at (exists_in rules, reference checks) load first, so the
     * cross-library rules see this batch's records; ties and cycles fall back to name order.
     */
    static List<TableContract> inLoadOrder(List<TableContract> contracts) {
        List<TableContract> pending = new ArrayList<>(contracts.stream().sorted(Comparator.comparing(TableContract::qualifiedName)).toList());
        java.util.Set<String> names = new java.util.HashSet<>(pending.stream().map(TableContract::qualifiedName).toList());
        List<TableContract> ordered = new ArrayList<>();
        java.util.Set<String> placed = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            TableContract next = pending.stream()
                    .filter(c -> c.referencedTables().stream().allMatch(t -> placed.contains(t) || !names.contains(t)))
                    .findFirst().orElse(pending.get(0));
            pending.remove(next);
            ordered.add(next);
            placed.add(next.qualifiedName());
        }
        return ordered;
    }

    /** Every quarantined row of the batch as {@code "<file>:<line>"} → its reason codes (for the defect scorecard). */
    static java.util.Map<String, List<String>> quarantinedRows(SparkSession spark, Profile profile, Outcome o) {
        java.util.Map<String, List<String>> out = new java.util.HashMap<>();
        for (TableLoadResult l : o.loads()) {
            String table = profile.get("trino.catalog") + ".quarantine." + l.table().substring(l.table().indexOf('.') + 1);
            for (org.apache.spark.sql.Row r : spark.table(table).where(org.apache.spark.sql.functions.col("_batch_id").equalTo(o.batchId()))
                    .select("_source_file", "_line", "reason_codes").collectAsList()) {
                out.put(r.getString(0) + ":" + r.getLong(1), r.getList(2));
            }
        }
        return out;
    }

    static void printSummary(Outcome o, java.io.PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-20s %9s %9s %11s %7s %9s %7s %-9s %s%n", "table", "rows in", "accepted", "quarantined",
                "merged", "base rows", "checks", "publish", "quality");
        for (int i = 0; i < o.loads().size(); i++) {
            TableLoadResult l = o.loads().get(i);
            QualityReport q = o.reports().get(i);
            long passed = q.results().stream().filter(r -> r.status() == CheckResult.Status.PASSED).count();
            long ran = q.results().stream().filter(r -> r.status() != CheckResult.Status.SKIPPED).count();
            out.printf(Locale.ROOT, "%-20s %,9d %,9d %,11d %,7d %,9d %3d/%-3d %-9s %s%n", l.table(), l.rowsIn(), l.accepted(),
                    l.quarantined(), l.merged(), l.baseRows(), passed, ran, o.publications().get(i).status().code(),
                    q.passed() ? (q.failedWarnings().isEmpty() ? "pass" : "pass, " + q.failedWarnings().size() + " warning(s)")
                            : "FAIL: " + String.join(", ", q.failedErrors().stream().map(CheckResult::ruleId).toList()));
        }
        for (TableLoadResult l : o.loads()) {
            if (l.changes().received() > 0) {
                out.println(l.table() + " changes: " + l.changes());
            }
            out.println(l.table() + " history: " + l.historyRows() + " row(s) written to " + l.table().replace("base.", "history."));
        }
        if (o.loads().isEmpty()) {
            out.println("nothing new: no table changed");
            return;
        }
        out.println("batch " + o.batchId() + (o.balanced() ? " · every row accepted or quarantined (rows in = accepted + quarantined)"
                : " · ROW ACCOUNTING DOES NOT BALANCE"));
    }
}
