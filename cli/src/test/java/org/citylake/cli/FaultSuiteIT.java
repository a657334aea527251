package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.pipelines.change.ChangeSequence;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.LoadMode;
import org.citylake.pipelines.job.Progress;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.ServiceKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault suite (docs/faults.md): every case starts from the same published lake (S0), breaks one
 * incremental load on purpose, reruns it, and must end row for row — base and history — and snapshot
 * for snapshot where it matters, where an uninterrupted run of the same files ends. The reference runs
 * once, uninterrupted, before the cases; after each case the lake is set back to S0 (main of both tables
 * to S0's snapshots, the batches' watermarks deleted), so every case replays the same delivery.
 *
 * <p>Faults are injected by {@link FaultInjectingFileIO}, named as the catalog's {@code io-impl} only in
 * the faulty JVM or Spark session. The kill cases freeze a child JVM ({@link LoadChild}) at a known write
 * and send it a real {@code kill -9}. The exchange upload kill is {@code
 * ExchangeRoundTripIT.aProcessKilledBetweenDataUploadAndManifestResumesAndTheCityAppliesOnce}, not
 * repeated here.
 *
 * <p>Runs after ExchangeRoundTripIT and before IncrementalIT (which replaces base.person again): it
 * replaces base.person with its own small population and restarts the shared metastore once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE - 2)
@ExtendWith(UsesLocalStack.class)
class FaultSuiteIT {
    static final String BASE = "lake.base.person";
    static final String HISTORY = "lake.history.person";
    static final String IO_IMPL = "spark.sql.catalog.lake.io-impl";
    static final String FAULT = "spark.sql.catalog.lake.";

    /** Main of base and history: what "no partial commit" is checked against. */
    record Snapshots(long base, long history) {
    }

    /** Every row of base and history, as text, sorted: equal lists mean the same multiset of rows. */
    record Content(List<String> base, List<String> history) {
    }

    LocalStack stack;
    SparkSession spark;
    Path work;
    Path inA;
    Path inB;
    String batchA;
    String batchB;
    Snapshots s0;
    Content c0;
    /** What an uninterrupted run of A, and of A then B, leaves. */
    Content afterA;
    Content afterAB;

    @BeforeAll
    void startFromOnePublishedLake(LocalStack stack) throws IOException {
        this.stack = stack;
        spark = stack.spark;
        work = stack.work.resolve("faults");
        Path generated = work.resolve("generated");
        new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(generated, Profile.home().resolve("conf"))
                .withPersons(200).withSeed(91).withDefectRate(0.0));
        // Only the person library: the faults are about one table's load, and fewer tables keep the suite short.
        Path full = Files.createDirectories(work.resolve("full"));
        for (String f : List.of("population_registry.csv", "grid_residents.csv")) {
            Files.copy(generated.resolve(f), full.resolve(f));
        }
        BatchPipeline.Outcome o = BatchPipeline.run(stack.profile, spark, full, new Progress(System.out), LoadMode.FULL);
        assertThat(o.allPublished()).isTrue();

        List<Row> people = spark.sql("SELECT * FROM " + BASE + " ORDER BY resident_id").collectAsList();
        Instant t1 = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        // Two deliveries on disjoint keys: moves, a corrected phone and a death each.
        inA = delivery("a", List.of(
                IncrementalIT.change("U", t1, people.get(5), "residence_address", "瑶海区故障路1号"),
                IncrementalIT.change("U", t1, people.get(6), "residence_address", "瑶海区故障路2号"),
                IncrementalIT.change("U", t1, people.get(8), "phone", "13900009999"),
                death(t1, people.get(7))));
        inB = delivery("b", List.of(
                IncrementalIT.change("U", t1.plusSeconds(5), people.get(15), "residence_address", "瑶海区并发路1号"),
                IncrementalIT.change("U", t1.plusSeconds(5), people.get(16), "phone", "13700007777"),
                death(t1.plusSeconds(5), people.get(17))));

        s0 = snapshots();
        c0 = content();
        BatchPipeline.Outcome a = load(spark, inA);
        batchA = a.batchId();
        afterA = content();
        BatchPipeline.Outcome b = load(spark, inB);
        batchB = b.batchId();
        afterAB = content();
        assertThat(afterA).isNotEqualTo(c0);
        assertThat(afterAB).isNotEqualTo(afterA);
        assertThat(afterAB.base()).hasSize(c0.base().size() - 2);
    }

    /** Every case starts from S0: main of both tables set back, the batches' watermarks and branches gone. */
    @BeforeEach
    void backToS0() {
        refresh();
        for (String t : List.of(BASE, HISTORY)) {
            long s = t.equals(BASE) ? s0.base() : s0.history();
            spark.sql("CALL lake.system.set_current_snapshot(table => '" + t.substring("lake.".length()) + "', snapshot_id => " + s + ")");
            for (Row r : spark.sql("SELECT name FROM " + t + ".refs WHERE type = 'BRANCH' AND name LIKE 'wap_%'").collectAsList()) {
                spark.sql("ALTER TABLE " + t + " DROP BRANCH " + r.getString(0));
            }
        }
        spark.sql("DELETE FROM lake.governance.watermarks WHERE batch_id IN ('" + batchA + "', '" + batchB + "')");
        assertThat(snapshots()).isEqualTo(s0);
        assertThat(content()).isEqualTo(c0);
    }

    @Test
    @Order(1)
    void killedMidDataFileTheRerunEndsWhereAnUninterruptedRunEnds() throws Exception {
        Child killed = killChildAt(Map.of("citylake.fault.path", "/base.db/person/data/", "citylake.fault.when", "write",
                "citylake.fault.id", "data-write"));
        assertThat(killed.exitCode()).isEqualTo(137);
        // A data file was half written on disk, and nothing points at it: main is S0, no watermark.
        Path half = Path.of(java.net.URI.create(killed.file()).getPath());
        assertThat(half).exists();
        assertNothingPublished();
        assertThat(spark.sql("SELECT count(*) FROM " + BASE + ".all_files WHERE file_path LIKE '%" + half.getFileName() + "'")
                .first().getLong(0)).isZero();

        assertRerunMatchesUninterrupted();
    }

    @Test
    @Order(2)
    void killedInsideThePublishCommitTheRerunEndsWhereAnUninterruptedRunEnds() throws Exception {
        // The history table's fast-forward: its new metadata file is on disk, not yet swapped into the metastore.
        // Base was published a moment before (Iceberg commits one table at a time; WriteAuditPublish#publish).
        Child killed = killChildAt(Map.of("citylake.fault.path", "/history.db/person/metadata/", "citylake.fault.when", "close",
                "citylake.fault.caller", "FastForwardBranchProcedure", "citylake.fault.id", "commit"));
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(killed.file()).endsWith(".metadata.json");
        refresh();
        assertThat(snapshots().history()).as("history main: the half-done commit is not visible").isEqualTo(s0.history());
        assertThat(content().history()).isEqualTo(c0.history());
        assertThat(content().base()).as("base was published just before the kill").isEqualTo(afterA.base());
        assertThat(watermarks(batchA)).as("no watermark: the rerun takes the files again").isZero();

        assertRerunMatchesUninterrupted();
    }

    @Test
    @Order(3)
    void aMetastoreRestartMidLoadIsSurvivedOrFailsClearlyAndTheRerunMatches() throws Exception {
        SparkSession faulty = withFault(Map.of("citylake.fault.action", "pause", "citylake.fault.path", "/history.db/person/data/",
                "citylake.fault.id", "hms-restart"));
        CompletableFuture<BatchPipeline.Outcome> run = CompletableFuture.supplyAsync(() -> load(faulty, inA));
        assertThat(FaultInjectingFileIO.awaitReached("hms-restart", 240)).as("the load reached its history write").isTrue();
        long started = System.nanoTime();
        stack.services.down(EnumSet.of(ServiceKind.HMS));
        stack.services.up(EnumSet.of(ServiceKind.HMS));
        System.out.printf("metastore restarted in %.1f s while the load was paused%n", (System.nanoTime() - started) / 1e9);
        FaultInjectingFileIO.release("hms-restart");
        Throwable failed = catchThrowable(() -> run.get(5, TimeUnit.MINUTES));
        if (failed != null) {
            // Failing is allowed, failing silently is not: the user must read what broke.
            System.out.println("load failed across the metastore restart: " + Main.describe(failed));
            assertThat(Main.describe(failed)).containsPattern("(?i)meta ?store");
            refresh();
            assertThat(snapshots().base()).isEqualTo(s0.base());
            assertRerunMatchesUninterrupted();
        } else {
            System.out.println("load survived the metastore restart");
            assertThat(run.get().allPublished()).isTrue();
            assertThat(content()).isEqualTo(afterA);
            assertThat(watermarks(batchA)).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void aLoadThatMeetsTheMetastoreDownFailsNamingItPublishesNothingAndTheRerunMatches() throws Exception {
        SparkSession faulty = withFault(Map.of("citylake.fault.action", "pause", "citylake.fault.path", "/history.db/person/data/",
                "citylake.fault.id", "hms-down"));
        CompletableFuture<BatchPipeline.Outcome> run = CompletableFuture.supplyAsync(() -> load(faulty, inA));
        assertThat(FaultInjectingFileIO.awaitReached("hms-down", 240)).as("the load reached its history write").isTrue();
        Throwable failed;
        stack.services.down(EnumSet.of(ServiceKind.HMS));
        try {
            FaultInjectingFileIO.release("hms-down");
            failed = catchThrowable(() -> run.get(5, TimeUnit.MINUTES));
        } finally {
            stack.services.up(EnumSet.of(ServiceKind.HMS));
        }
        assertThat(failed).as("a load cannot commit without its metastore").isNotNull();
        String shown = Main.describe(failed);
        System.out.println("what the user reads: " + shown);
        assertThat(shown).containsPattern("(?i)meta ?store");
        assertNothingPublished();

        assertRerunMatchesUninterrupted();
    }

    @Test
    @Order(5)
    void aWriteErrorFailsTheJobNamingItLeavesMainUntouchedAndTheRerunMatches() {
        SparkSession faulty = withFault(Map.of("citylake.fault.action", "fail", "citylake.fault.path", "/base.db/person/data/",
                "citylake.fault.id", "write-error"));
        Throwable failed = catchThrowable(() -> load(faulty, inA));
        assertThat(failed).isNotNull();
        String shown = Main.describe(failed);
        System.out.println("what the user reads: " + shown);
        assertThat(shown).contains(FaultInjectingFileIO.INJECTED, "/base.db/person/data/");
        assertNothingPublished();

        assertRerunMatchesUninterrupted();
    }

    @Test
    @Order(6)
    void twoConcurrentWritersOnOneTableLoseNoRow() throws Exception {
        // B stages its batch and pauses in its audit; A loads and publishes meanwhile; then B goes on to publish.
        SparkSession writerB = withFault(Map.of("citylake.fault.action", "pause", "citylake.fault.path", "/governance.db/quality_results/data/",
                "citylake.fault.id", "race"));
        ByteArrayOutputStream bOut = new ByteArrayOutputStream();
        CompletableFuture<BatchPipeline.Outcome> b = CompletableFuture.supplyAsync(() -> BatchPipeline.run(stack.profile, writerB, inB,
                new Progress(new PrintStream(bOut, true, StandardCharsets.UTF_8)), LoadMode.INCREMENTAL));
        assertThat(FaultInjectingFileIO.awaitReached("race", 240)).as("writer B staged and paused").isTrue();
        BatchPipeline.Outcome a = load(spark.newSession(), inA);
        assertThat(a.allPublished()).isTrue();
        FaultInjectingFileIO.release("race");
        BatchPipeline.Outcome second = b.get(5, TimeUnit.MINUTES);
        String log = bOut.toString(StandardCharsets.UTF_8);
        System.out.println("--- writer B:\n" + log);
        // B's fast-forward found main moved (A's batch on it), staged again on A's result and published.
        assertThat(log).contains("main moved while batch " + batchB + " was staged", "attempt 2 of " + BatchPipeline.PUBLISH_ATTEMPTS);
        assertThat(second.allPublished()).isTrue();
        // Row for row what A then B, one after the other, give: the union of both change sets.
        assertSameRows(content(), afterAB);
        assertThat(watermarks(batchA)).isEqualTo(1);
        assertThat(watermarks(batchB)).isEqualTo(1);
    }

    // --- helpers

    Path delivery(String name, List<String> changes) throws IOException {
        Path dir = Files.createDirectories(work.resolve("delivery-" + name));
        List<String> lines = new ArrayList<>();
        lines.add(IncrementalIT.HEADER);
        lines.addAll(changes);
        Files.write(dir.resolve("population_changes_fault_" + name + ".csv"), lines, StandardCharsets.UTF_8);
        return dir;
    }

    static String death(Instant at, Row p) {
        return "D," + IncrementalIT.LOCAL.format(LocalDateTime.ofInstant(at, ChangeSequence.SOURCE_ZONE)) + "," + p.getString(0) + ",,,,,,,,,,";
    }

    BatchPipeline.Outcome load(SparkSession session, Path input) {
        BatchPipeline.Outcome o = BatchPipeline.run(stack.profile, session, input, new Progress(System.out), LoadMode.INCREMENTAL);
        BatchPipeline.printSummary(o, System.out);
        return o;
    }

    /** A session of its own whose lake catalog writes through {@link FaultInjectingFileIO} with these settings. */
    SparkSession withFault(Map<String, String> fault) {
        FaultInjectingFileIO.reset(fault.get("citylake.fault.id"));
        SparkSession s = spark.newSession();
        s.conf().set(IO_IMPL, FaultInjectingFileIO.class.getName());
        fault.forEach((k, v) -> s.conf().set(FAULT + k, v));
        return s;
    }

    /** The rerun, in this JVM and without faults, must end exactly where the uninterrupted reference ended. */
    void assertRerunMatchesUninterrupted() {
        BatchPipeline.Outcome rerun = load(spark, inA);
        assertThat(rerun.batchId()).isEqualTo(batchA);
        assertThat(rerun.allPublished()).isTrue();
        assertSameRows(content(), afterA);
        assertThat(watermarks(batchA)).isEqualTo(1);
        assertThat(spark.sql("SELECT count(*) FROM lake.ods.population_changes WHERE _batch_id = '" + batchA + "'").first().getLong(0))
                .as("ODS holds the batch once").isEqualTo(4);
        for (String t : List.of(BASE, HISTORY)) {
            assertThat(spark.sql("SELECT name FROM " + t + ".refs WHERE name LIKE 'wap_%'").collectAsList()).as("no branch left on " + t).isEmpty();
        }
    }

    void assertNothingPublished() {
        refresh();
        assertThat(snapshots()).as("main of base and history untouched").isEqualTo(s0);
        assertThat(content()).isEqualTo(c0);
        assertThat(watermarks(batchA)).isZero();
    }

    /** Both ways: rows the reference has and the lake lacks, and rows the lake has that the reference lacks. */
    static void assertSameRows(Content actual, Content expected) {
        for (boolean base : new boolean[] {true, false}) {
            List<String> a = base ? actual.base() : actual.history();
            List<String> e = base ? expected.base() : expected.history();
            List<String> missing = new ArrayList<>(e);
            a.forEach(missing::remove);
            List<String> extra = new ArrayList<>(a);
            e.forEach(extra::remove);
            assertThat(missing).as((base ? BASE : HISTORY) + ": rows of the uninterrupted run missing").isEmpty();
            assertThat(extra).as((base ? BASE : HISTORY) + ": rows the uninterrupted run does not have").isEmpty();
        }
    }

    long watermarks(String batch) {
        spark.sql("REFRESH TABLE lake.governance.watermarks");
        return spark.sql("SELECT count(*) FROM lake.governance.watermarks WHERE batch_id = '" + batch + "'").first().getLong(0);
    }

    Snapshots snapshots() {
        refresh();
        return new Snapshots(snapshot(BASE), snapshot(HISTORY));
    }

    long snapshot(String table) {
        return spark.sql("SELECT snapshot_id FROM " + table + ".refs WHERE name = 'main'").first().getLong(0);
    }

    Content content() {
        refresh();
        return new Content(rows(BASE), rows(HISTORY));
    }

    List<String> rows(String table) {
        return spark.table(table).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    void refresh() {
        for (String t : List.of(BASE, HISTORY, "lake.governance.watermarks")) {
            spark.sql("REFRESH TABLE " + t);
        }
    }

    /** A killed child: its exit code and the file it was writing when frozen. */
    record Child(int exitCode, String file) {
    }

    /**
     * Runs delivery A in a child JVM that freezes at the given write, then sends it {@code kill -9}: no
     * shutdown hook, no finally block, no Spark cleanup runs.
     */
    Child killChildAt(Map<String, String> fault) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dcitylake.home=" + Profile.home());
        cmd.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile"));
        // SparkConf reads spark.* system properties: the child's lake catalog gets the faulty FileIO.
        Map<String, String> all = new HashMap<>(fault);
        all.put("citylake.fault.action", "freeze");
        cmd.add("-D" + IO_IMPL + "=" + FaultInjectingFileIO.class.getName());
        all.forEach((k, v) -> cmd.add("-D" + FAULT + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadChild.class.getName(), stack.profile.stateDir().toString(),
                stack.profile.warehouseDir().toString(), stack.profile.get("hms.port"), inA.toString()));
        Path log = work.resolve("child-" + fault.get("citylake.fault.id") + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String frozen = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (frozen == null && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            frozen = Files.readAllLines(log).stream().filter(l -> l.startsWith(FaultInjectingFileIO.FROZEN)).findFirst().orElse(null);
        }
        List<String> out = Files.readAllLines(log);
        System.out.println("--- load child, last lines:\n" + String.join("\n", out.subList(Math.max(0, out.size() - 15), out.size())));
        assertThat(frozen).as("the child reached its fault point, log " + log).isNotNull();
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        // "FAULT-FROZEN freeze at <moment> of <location> (fault 'id')"
        String file = frozen.substring(frozen.indexOf(" of ") + 4, frozen.lastIndexOf(" (fault"));
        return new Child(p.exitValue(), file);
    }
}
