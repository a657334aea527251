package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.pipelines.change.ChangeSequence;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.ChangeSetResult;
import org.citylake.pipelines.job.LoadMode;
import org.citylake.pipelines.job.Progress;
import org.citylake.pipelines.job.TableLoadResult;
import org.citylake.pipelines.standards.ResidentIdNumber;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Incremental and CDC loads on the shared lake: watermarks (a rerun takes nothing and commits
 * nothing), change sets with out-of-order, repeated, late and invalid records, deletes, SCD2
 * history and time travel (Spark and Trino), and a load killed between data write and publish.
 * Runs last: it replaces base.person with its own population.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE)
@ExtendWith(UsesLocalStack.class)
class IncrementalIT {
    static final String HEADER = "变更类型,变更时间,公民身份号码,姓名,性别,民族,出生日期,联系电话,户籍地址,现住址,所属街道代码,所属社区代码,登记日期";
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    LocalStack stack;
    SparkSession spark;
    Path work;
    Path full;
    BatchPipeline.Outcome first;
    Instant firstPublished;
    /** Change times: the future of the full load, so history intervals follow the load's own. */
    Instant t1;
    Instant t2;
    Row moved;
    Row died;
    Row twin;
    Row corrected;
    String bornId;

    @BeforeAll
    void fullLoad(LocalStack stack) throws IOException {
        this.stack = stack;
        spark = stack.spark;
        work = stack.work.resolve("incremental");
        full = work.resolve("full");
        new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(full, Profile.home().resolve("conf"))
                .withPersons(300).withSeed(66).withDefectRate(0.0));
        // Every library, not only persons: the serving views published after each load read them all.
        first = BatchPipeline.run(stack.profile, spark, full, new Progress(System.out), LoadMode.FULL);
        BatchPipeline.printSummary(first, System.out);
        assertThat(first.allPublished()).isTrue();
        firstPublished = Instant.now().plusSeconds(1);   // the formatted time drops fractions: stay after the commit
        t1 = firstPublished.plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        t2 = t1.plusSeconds(60);
        List<Row> people = spark.sql("SELECT * FROM lake.base.person ORDER BY resident_id").collectAsList();
        moved = people.get(10);
        died = people.get(20);
        corrected = people.get(50);
        twin = people.get(30);   // the newborn shares region, birth date and sex with this person, so its ID number is consistent
        String first17 = twin.getString(0).substring(0, 14) + "98" + twin.getString(0).charAt(16);
        bornId = first17 + ResidentIdNumber.checkCharacter(first17);
        assertThat(people).noneMatch(r -> r.getString(0).equals(bornId));
    }

    @Test
    @Order(1)
    void theFullLoadOpensOneCurrentVersionPerPersonAndAWatermarkPerFile() {
        long persons = spark.table("lake.base.person").count();
        assertThat(spark.sql("SELECT count(*) FROM lake.history.person WHERE is_current").first().getLong(0)).isEqualTo(persons);
        assertThat(spark.sql("SELECT count(*) FROM lake.history.person h JOIN lake.base.person b USING (resident_id)"
                + " WHERE h.is_current AND h.residence_address <=> b.residence_address").first().getLong(0)).isEqualTo(persons);
        List<Row> marks = spark.sql("SELECT source, file_name, kind FROM lake.governance.watermarks WHERE batch_id = '" + first.batchId() + "'"
                + " AND table_name = 'base.person' ORDER BY source").collectAsList();
        assertThat(marks).extracting(r -> r.getString(0) + ":" + r.getString(1) + ":" + r.getString(2))
                .containsExactly("grid_residents:grid_residents.csv:file", "population_registry:population_registry.csv:file");
    }

    @Test
    @Order(2)
    void anIncrementalRerunOfTheSameFilesTakesNothingAndCommitsNothing() {
        Map<String, Long> before = snapshots();
        List<Row> content = content("lake.base.person");
        BatchPipeline.Outcome again = BatchPipeline.run(stack.profile, spark, full, new Progress(System.out), LoadMode.INCREMENTAL);
        assertThat(again.loads()).isEmpty();
        assertThat(snapshots()).isEqualTo(before);
        assertThat(content("lake.base.person")).isEqualTo(content);
    }

    @Test
    @Order(3)
    void aChangeSetAppliesTheLatestChangePerKeyDeletesAndQuarantinesBadOps() throws IOException {
        Path in = work.resolve("round2");
        copy(full, in);
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        // Out of order: the later move comes first in the file; the earlier one, and an exact repeat, must lose.
        lines.add(change("U", t2, moved, "residence_address", "瑶海区新址路2号"));
        lines.add(change("U", t1, moved, "residence_address", "瑶海区旧址路1号"));
        lines.add(change("U", t2, moved, "residence_address", "瑶海区新址路2号"));
        // A death: the key is enough, the rest may be empty.
        lines.add("D," + LOCAL.format(LocalDateTime.ofInstant(t1, ChangeSequence.SOURCE_ZONE)) + "," + died.getString(0) + ",,,,,,,,,,");
        // A birth: a new person with a valid ID number.
        lines.add(change("I", t1, twin, "resident_id", bornId));
        // A corrected phone number, and a row whose op nobody knows (quarantined, 1 of 7 rows: under the contract's limit).
        lines.add(change("U", t1, corrected, "phone", "13800002222"));
        lines.add(change("X", t1, moved, "name", "坏操作"));
        Files.write(in.resolve("population_changes_001.csv"), lines, StandardCharsets.UTF_8);

        Map<String, Long> before = snapshots();
        BatchPipeline.Outcome o = BatchPipeline.run(stack.profile, spark, in, new Progress(System.out), LoadMode.INCREMENTAL);
        BatchPipeline.printSummary(o, System.out);
        assertThat(o.loads()).hasSize(1);
        TableLoadResult r = o.loads().get(0);
        assertThat(r.rowsInBySource()).containsOnlyKeys("population_changes");
        assertThat(r.rowsIn()).isEqualTo(7);
        assertThat(r.quarantinedByReason()).containsExactly(Map.entry("bad_change_op", 1L));
        assertThat(r.changes()).isEqualTo(new ChangeSetResult(1, 2, 1, 2, 0));
        assertThat(o.allPublished()).isTrue();
        assertThat(snapshots().get("base")).isNotEqualTo(before.get("base"));

        assertThat(address(moved.getString(0))).isEqualTo("瑶海区新址路2号");
        assertThat(spark.sql("SELECT count(*) FROM lake.base.person WHERE resident_id = '" + died.getString(0) + "'").first().getLong(0)).isZero();
        assertThat(spark.sql("SELECT name FROM lake.base.person WHERE resident_id = '" + bornId + "'").first().getString(0))
                .isEqualTo(twin.getString(1));
        // History: the mover has two versions meeting at t2, the dead person a tombstone, the newborn one version.
        List<Row> versions = spark.sql("SELECT op, residence_address, valid_from, valid_to, is_current FROM lake.history.person"
                + " WHERE resident_id = '" + moved.getString(0) + "' ORDER BY valid_from").collectAsList();
        assertThat(versions).extracting(v -> v.getString(0)).containsExactly("I", "U");
        assertThat(versions.get(0).getString(1)).isEqualTo(moved.getString(7));
        assertThat(versions.get(0).<Instant>getAs("valid_to")).isEqualTo(t2);
        assertThat(versions.get(1).<Instant>getAs("valid_from")).isEqualTo(t2);
        assertThat(versions.get(1).getBoolean(4)).isTrue();
        assertThat(spark.sql("SELECT op, is_current, valid_from = valid_to FROM lake.history.person WHERE resident_id = '" + died.getString(0)
                + "' ORDER BY valid_from, op DESC").collectAsList()).extracting(Row::toString).containsExactly("[I,false,false]", "[D,false,true]");
        // Watermark: only the change file is new.
        assertThat(spark.sql("SELECT file_name FROM lake.governance.watermarks WHERE batch_id = '" + o.batchId() + "'").collectAsList())
                .extracting(x -> x.getString(0)).containsExactly("population_changes_001.csv");
    }

    @Test
    @Order(4)
    void replayedAndLateChangesAreIgnoredCountedAndCommitNothing() throws IOException {
        Path in = work.resolve("replay");
        Files.createDirectories(in);
        List<String> lines = new ArrayList<>(Files.readAllLines(work.resolve("round2/population_changes_001.csv"), StandardCharsets.UTF_8));
        // Late: a move older than the one applied, and an update of the dead person older than the death.
        lines.add(change("U", t1.minusSeconds(30), moved, "residence_address", "瑶海区过时路9号"));
        lines.add(change("U", t1.minusSeconds(30), died, "residence_address", "瑶海区过时路9号"));
        Files.write(in.resolve("population_changes_replay.csv"), lines, StandardCharsets.UTF_8);
        Map<String, Long> before = snapshots();
        List<Row> base = content("lake.base.person");
        List<Row> history = content("lake.history.person");

        BatchPipeline.Outcome o = BatchPipeline.run(stack.profile, spark, in, new Progress(System.out), LoadMode.INCREMENTAL);
        BatchPipeline.printSummary(o, System.out);
        TableLoadResult r = o.loads().get(0);
        // Latest per key: mover (t2), dead (t1 delete), newborn, corrected — all at or below what history holds; 4 lose within the file.
        assertThat(r.changes()).isEqualTo(new ChangeSetResult(0, 0, 0, 4, 4));
        assertThat(snapshots()).as("no new data snapshot on base or history").isEqualTo(before);
        assertThat(content("lake.base.person")).isEqualTo(base);
        assertThat(content("lake.history.person")).isEqualTo(history);
    }

    @Test
    @Order(5)
    void pointInTimeQueriesAnswerFromHistoryAndFromSnapshots() throws Exception {
        TrinoQuery trino = new TrinoQuery(stack.profile);
        String id = moved.getString(0);
        String at = "TIMESTAMP '" + LOCAL.format(LocalDateTime.ofInstant(t2.minusSeconds(30), ChangeSequence.SOURCE_ZONE)) + " Asia/Shanghai'";
        String after = "TIMESTAMP '" + LOCAL.format(LocalDateTime.ofInstant(t2.plusSeconds(1), ChangeSequence.SOURCE_ZONE)) + " Asia/Shanghai'";
        String who = "SELECT resident_id FROM lake.history.person WHERE residence_address = '%s' AND op <> 'D'"
                + " AND valid_from <= %s AND (valid_to IS NULL OR valid_to > %s)";
        assertThat(trino.run(String.format(who, moved.getString(7), at, at), "citylake").rows()).contains(List.of(id));
        assertThat(trino.run(String.format(who, "瑶海区新址路2号", at, at), "citylake").rows()).isEmpty();
        assertThat(trino.run(String.format(who, "瑶海区新址路2号", after, after), "citylake").rows()).containsExactly(List.of(id));
        // Time travel on the base table itself: as committed just after the full load, and at its batch tag.
        String committed = "TIMESTAMP '" + LOCAL.format(LocalDateTime.ofInstant(firstPublished, ChangeSequence.SOURCE_ZONE)) + " Asia/Shanghai'";
        assertThat(trino.run("SELECT residence_address FROM lake.base.person FOR TIMESTAMP AS OF " + committed
                + " WHERE resident_id = '" + id + "'", "citylake").rows()).containsExactly(List.of(moved.getString(7)));
        assertThat(trino.run("SELECT residence_address FROM lake.base.person FOR VERSION AS OF 'batch_" + first.batchId()
                + "' WHERE resident_id = '" + id + "'", "citylake").rows()).containsExactly(List.of(moved.getString(7)));
        assertThat(trino.run("SELECT residence_address FROM lake.base.person WHERE resident_id = '" + id + "'", "citylake").rows())
                .containsExactly(List.of("瑶海区新址路2号"));
        // The history command's reading: every version, or the one valid at a time.
        org.citylake.catalog.contract.TableContract person = QuarantineCommand.contract(stack.profile, "base.person");
        TrinoQuery.Result all = HistoryCommand.versions(trino, "lake", person, id, java.util.Optional.empty());
        assertThat(all.rows()).extracting(v -> v.get(all.columns().indexOf("op"))).containsExactly("I", "U");
        TrinoQuery.Result then = HistoryCommand.versions(trino, "lake", person, id, java.util.Optional.of(t2.minusSeconds(30)));
        assertThat(then.rows()).singleElement().satisfies(v -> assertThat(v.get(then.columns().indexOf("residence_address"))).isEqualTo(moved.getString(7)));
    }

    @Test
    @Order(6)
    void aLoadKilledBetweenDataWriteAndPublishResumesToTheSameContent() throws Exception {
        Path in = work.resolve("round3");
        Files.createDirectories(in);
        Row other = spark.sql("SELECT * FROM lake.base.person ORDER BY resident_id").collectAsList().get(40);
        Instant t3 = t2.plusSeconds(60);
        Files.write(in.resolve("population_changes_002.csv"), List.of(HEADER,
                change("U", t3, other, "residence_address", "瑶海区续传路3号"),
                change("U", t3, moved, "phone", "13900001111")), StandardCharsets.UTF_8);
        Map<String, Long> before = snapshots();
        List<Row> base = content("lake.base.person");

        assertThat(child(in)).isEqualTo(org.citylake.exchange.CrashPoint.EXIT_CODE);
        refresh();
        assertThat(snapshots()).as("main untouched by the killed load").isEqualTo(before);
        assertThat(content("lake.base.person")).isEqualTo(base);
        assertThat(spark.sql("SELECT count(*) FROM lake.governance.watermarks WHERE file_name = 'population_changes_002.csv'").first().getLong(0)).isZero();

        BatchPipeline.Outcome o = BatchPipeline.run(stack.profile, spark, in, new Progress(System.out), LoadMode.INCREMENTAL);
        assertThat(o.loads().get(0).changes()).isEqualTo(new ChangeSetResult(0, 2, 0, 0, 0));
        // Same content as an uninterrupted run: exactly the two changed records differ, each once in history.
        List<Row> gone = spark.sql("SELECT resident_id FROM (SELECT * FROM lake.base.person VERSION AS OF " + before.get("base")
                + " EXCEPT SELECT * FROM lake.base.person) ORDER BY 1").collectAsList();
        assertThat(gone).extracting(x -> x.getString(0)).containsExactlyInAnyOrder(other.getString(0), moved.getString(0));
        assertThat(address(other.getString(0))).isEqualTo("瑶海区续传路3号");
        assertThat(spark.sql("SELECT phone FROM lake.base.person WHERE resident_id = '" + moved.getString(0) + "'").first().getString(0))
                .isEqualTo("13900001111");
        assertThat(spark.sql("SELECT count(*) FROM lake.history.person WHERE resident_id IN ('" + other.getString(0) + "', '"
                + moved.getString(0) + "') AND is_current").first().getLong(0)).isEqualTo(2);
        assertThat(spark.sql("SELECT count(*) FROM lake.history.person WHERE resident_id = '" + moved.getString(0) + "'").first().getLong(0))
                .isEqualTo(3);
        assertThat(spark.sql("SELECT name FROM lake.base.person.refs WHERE name LIKE 'wap_%'").collectAsList()).isEmpty();
    }

    static String change(String op, Instant at, Row p, String column, String value) {
        List<String> cols = List.of("resident_id", "name", "sex", "ethnicity", "birth_date", "phone", "domicile_address", "residence_address",
                "street_code", "community_code", "registered_at");
        StringBuilder b = new StringBuilder(op).append(',').append(LOCAL.format(LocalDateTime.ofInstant(at, ChangeSequence.SOURCE_ZONE)));
        for (String c : cols) {
            Object v = c.equals(column) ? value : p.getAs(c);
            b.append(',').append(v == null ? "" : v.toString());
        }
        return b.toString();
    }

    String address(String id) {
        return spark.sql("SELECT residence_address FROM lake.base.person WHERE resident_id = '" + id + "'").first().getString(0);
    }

    Map<String, Long> snapshots() {
        refresh();
        return Map.of("base", snapshot("lake.base.person"), "history", snapshot("lake.history.person"));
    }

    long snapshot(String table) {
        return spark.sql("SELECT snapshot_id FROM " + table + ".refs WHERE name = 'main'").first().getLong(0);
    }

    List<Row> content(String table) {
        refresh();
        return spark.sql("SELECT * FROM " + table + " ORDER BY resident_id, " + (table.contains("history") ? "valid_from, op" : "name"))
                .collectAsList();
    }

    void refresh() {
        spark.sql("REFRESH TABLE lake.base.person");
        if (spark.catalog().tableExists("lake.history.person")) {
            spark.sql("REFRESH TABLE lake.history.person");
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** Runs one incremental load in a child JVM that halts once the batch is staged; returns its exit code. */
    int child(Path input) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1536m"));
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dcitylake.home=" + Profile.home());
        cmd.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadChild.class.getName(), stack.profile.stateDir().toString(),
                stack.profile.warehouseDir().toString(), stack.profile.get("hms.port"), input.toString()));
        Path log = work.resolve("load-child.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(org.citylake.exchange.CrashPoint.ENV, "load.staged");
        Process p = pb.start();
        assertThat(p.waitFor(6, java.util.concurrent.TimeUnit.MINUTES)).as("child finished, log " + log).isTrue();
        List<String> out = Files.readAllLines(log);
        System.out.println("--- load child, last lines:\n" + String.join("\n", out.subList(Math.max(0, out.size() - 15), out.size())));
        return p.exitValue();
    }
}
