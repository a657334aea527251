package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.pipelines.generate.DefectScorecard;
import org.citylake.pipelines.generate.GenerationResult;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.pipelines.job.TableLoadResult;
import org.citylake.quality.QualityReport;
import org.citylake.quality.gate.Publication;
import org.citylake.quality.gate.PublishGate;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The integration tier: real Hive Metastore and Trino, started once, on private ports and
 * directories; a small generated delivery; the whole batch end to end, checked against the
 * generator's ground truth (defects.jsonl).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(UsesLocalStack.class)
class WalkingSkeletonIT {
    /** Defect kinds this stage must quarantine: standards, required fields and row-local contract rules. */
    static final Set<String> QUARANTINED_KINDS = Set.of("bad_check_digit", "impossible_birth_date", "future_birth_date",
            "unknown_region", "lossy_gbk_name", "missing_required_field", "bad_credit_code_check",
            "coordinate_outside_district", "unknown_street_code", "bad_date");
    /** Defects that are only written differently: they must be normalised and accepted, never quarantined. */
    static final Set<String> FIXED_KINDS = Set.of("fullwidth_digits", "stray_spaces", "lowercase_x", "legacy_15_digit_id", "lowercase_credit_code");

    Path work;
    Profile profile;
    LocalServices services;
    SparkSession spark;
    GenerationResult generated;
    BatchPipeline.Outcome first;
    List<JsonNode> defects;

    @BeforeAll
    void loadOneBatch(LocalStack stack) throws IOException {
        work = stack.work;
        profile = stack.profile;
        services = stack.services;
        spark = stack.spark;
        Path input = work.resolve("input");
        generated = new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(input, Profile.home().resolve("conf"))
                .withPersons(2000).withSeed(7).withDefectRate(0.1));
        defects = readJsonLines(input.resolve(SourceDataGenerator.DEFECTS_FILE));
        first = BatchPipeline.run(profile, spark, input, new Progress(System.out));
        BatchPipeline.printSummary(first, System.out);
    }

    @AfterAll
    void servicesAnswerStatus() {
        // LocalStack stops the services when the whole run ends; here they must still be up.
        assertThat(services.status()).allMatch(ServiceStatus::running);
    }

    @Test
    @Order(1)
    void everyRowOfEveryFileIsAcceptedOrQuarantined() {
        assertThat(first.loads()).extracting(TableLoadResult::table)
                .containsExactlyInAnyOrder("base.person", "base.legal_entity", "base.certificate", "base.place");
        for (TableLoadResult l : first.loads()) {
            assertThat(l.rowsIn()).as(l.table()).isEqualTo(l.accepted() + l.quarantined());
            assertThat(l.quarantined()).as(l.table()).isEqualTo(count("quarantine." + l.table().substring(5), first.batchId()));
        }
        // Per file: what the generator wrote is what landed in ODS, line for line.
        Map<String, Long> odsByFile = new HashMap<>();
        for (String ods : List.of("population_registry", "grid_residents", "market_registry", "certificate_registry", "address_registry")) {
            for (Row r : spark.sql("SELECT _source_file, count(*), count(DISTINCT _line) FROM lake.ods." + ods
                    + " WHERE _batch_id = '" + first.batchId() + "' GROUP BY 1").collectAsList()) {
                assertThat(r.getLong(1)).isEqualTo(r.getLong(2));
                odsByFile.put(r.getString(0), r.getLong(1));
            }
        }
        assertThat(odsByFile).isEqualTo(generated.rowsByFile());
    }

    @Test
    @Order(2)
    void eachDefectThisStageHandlesLandsInQuarantineAndFixableOnesDoNot() {
        Set<String> quarantined = new HashSet<>();
        for (String t : List.of("person", "legal_entity", "certificate", "place")) {
            for (Row r : spark.sql("SELECT _source_file, _line FROM lake.quarantine." + t).collectAsList()) {
                quarantined.add(r.getString(0) + ":" + r.getLong(1));
            }
        }
        Set<String> kindsSeen = new HashSet<>();
        for (JsonNode d : defects) {
            String kind = d.get("kind").asText();
            String at = d.get("file").asText() + ":" + d.get("line").asLong();
            if (QUARANTINED_KINDS.contains(kind)) {
                assertThat(quarantined).as(kind + " at " + at + " (" + d.get("detail") + ")").contains(at);
                kindsSeen.add(kind);
            } else if (FIXED_KINDS.contains(kind)) {
                assertThat(quarantined).as(kind + " at " + at + " must be normalised, not quarantined").doesNotContain(at);
                kindsSeen.add(kind);
            }
        }
        // The set is small but the rate is high: every handled kind must actually have been exercised.
        // (lowercase_credit_code is only drawn as a stand-in and may not occur in a small set.)
        assertThat(kindsSeen).containsAll(QUARANTINED_KINDS)
                .contains("fullwidth_digits", "stray_spaces", "lowercase_x", "legacy_15_digit_id");
        // And nothing without a defect was rejected.
        Set<String> defective = new HashSet<>();
        defects.forEach(d -> defective.add(d.get("file").asText() + ":" + d.get("line").asLong()));
        assertThat(quarantined).allMatch(defective::contains);
    }

    @Test
    @Order(2)
    void theDefectScorecardIsEntirelyOnTheDiagonal() {
        DefectScorecard card = DefectScorecard.score(work.resolve("input").resolve(SourceDataGenerator.DEFECTS_FILE),
                BatchPipeline.quarantinedRows(spark, profile, first));
        card.print(System.out);
        assertThat(card.lines()).filteredOn(l -> !l.onDiagonal()).isEmpty();
        assertThat(card.quarantinedWithoutDefect()).isZero();
        assertThat(card.lines().stream().mapToLong(DefectScorecard.Line::injected).sum()).isEqualTo(defects.size());
    }

    @Test
    @Order(3)
    void baseTablesHoldOneRecordPerKeyAndTrinoAgreesWithSpark() throws Exception {
        TrinoQuery trino = new TrinoQuery(profile);
        for (TableLoadResult l : first.loads()) {
            String key = switch (l.table()) {
                case "base.person" -> "resident_id";
                case "base.legal_entity" -> "credit_code";
                case "base.certificate" -> "certificate_id";
                default -> "place_id";
            };
            List<String> row = trino.run("SELECT count(*), count(DISTINCT " + key + ") FROM lake." + l.table(), "citylake").rows().get(0);
            assertThat(Long.parseLong(row.get(0))).as(l.table()).isEqualTo(l.baseRows()).isEqualTo(Long.parseLong(row.get(1)));
            assertThat(l.baseRows()).isEqualTo(l.accepted() - l.merged());
        }
        // Every published batch is tagged, so it stays queryable as it was after later batches.
        assertThat(trino.run("SELECT count(*) FROM lake.base.person FOR VERSION AS OF 'batch_" + first.batchId() + "'", "citylake")
                .rows().get(0).get(0)).isEqualTo(String.valueOf(first.loads().stream().filter(l -> l.table().equals("base.person"))
                .findFirst().orElseThrow().baseRows()));
        // Duplicates across the two person sources were folded, and the registry won survivorship.
        TableLoadResult person = first.loads().stream().filter(l -> l.table().equals("base.person")).findFirst().orElseThrow();
        assertThat(person.merged()).isGreaterThan(0);
        List<String> sources = trino.run("SELECT count_if(_source = 'population_registry'), count_if(_source = 'grid_residents') FROM lake.base.person", "citylake").rows().get(0);
        assertThat(Long.parseLong(sources.get(0))).isGreaterThan(Long.parseLong(sources.get(1)));
    }

    @Test
    @Order(4)
    void qualityResultsAreRecordedAndNoErrorCheckFails() {
        for (QualityReport r : first.reports()) {
            assertThat(r.failedErrors()).as(r.table()).isEmpty();
        }
        long recorded = spark.sql("SELECT count(*) FROM lake.governance.quality_results WHERE batch_id = '" + first.batchId() + "'").first().getLong(0);
        assertThat(recorded).isEqualTo(first.reports().stream().mapToLong(r -> r.results().size()).sum());
    }

    @Test
    @Order(5)
    void rerunningTheSameDeliveryChangesNoRecord() {
        long snapshotsBefore = spark.sql("SELECT count(*) FROM lake.base.person.snapshots").first().getLong(0);
        BatchPipeline.Outcome again = BatchPipeline.run(profile, spark, work.resolve("input"), new Progress(System.out));
        assertThat(again.batchId()).isEqualTo(first.batchId());
        for (int i = 0; i < first.loads().size(); i++) {
            TableLoadResult a = first.loads().get(i);
            TableLoadResult b = again.loads().get(i);
            assertThat(b.rowsIn()).isEqualTo(a.rowsIn());
            assertThat(b.quarantined()).isEqualTo(a.quarantined());
            assertThat(b.baseRows()).isEqualTo(a.baseRows());
            assertThat(count("quarantine." + a.table().substring(5), null)).isEqualTo(a.quarantined());
        }
        assertThat(spark.sql("SELECT count(*) FROM lake.ods.population_registry").first().getLong(0))
                .isEqualTo(generated.rowsByFile().get("population_registry.csv"));
        // The MERGE matched every record unchanged: no row of base.person was rewritten.
        Row last = spark.sql("SELECT summary FROM lake.base.person.snapshots ORDER BY committed_at DESC LIMIT 1").first();
        long snapshotsAfter = spark.sql("SELECT count(*) FROM lake.base.person.snapshots").first().getLong(0);
        if (snapshotsAfter > snapshotsBefore) {
            Map<String, String> summary = last.getJavaMap(0);
            assertThat(summary.getOrDefault("added-records", "0")).isEqualTo("0");
            assertThat(summary.getOrDefault("deleted-records", "0")).isEqualTo("0");
        }
    }

    @Test
    @Order(6)
    void anEmptyExtractIsHeldOnItsBranchAndMainIsUntouchedUntilAStewardDecides() throws Exception {
        // A registry extract with only its header would delete every person: the row_count error
        // check must hold it on its branch instead of publishing an empty base library.
        Path empty = work.resolve("empty-extract");
        Files.createDirectories(empty);
        Files.copy(work.resolve("input/population_registry.csv"), empty.resolve("population_registry.csv"));
        List<String> header = Files.readAllLines(empty.resolve("population_registry.csv"), java.nio.charset.Charset.forName("GBK")).subList(0, 1);
        Files.write(empty.resolve("population_registry.csv"), header, java.nio.charset.Charset.forName("GBK"));
        TrinoQuery trino = new TrinoQuery(profile);
        String before = trino.run("SELECT count(*) FROM lake.base.person", "citylake").rows().get(0).get(0);

        BatchPipeline.Outcome held = BatchPipeline.run(profile, spark, empty, new Progress(System.out));

        assertThat(held.loads()).extracting(TableLoadResult::table).containsExactly("base.person");
        assertThat(held.loads().get(0).baseRows()).isZero();
        Publication decision = held.publications().get(0);
        assertThat(decision.status()).isEqualTo(Publication.Status.HELD);
        assertThat(decision.failedChecks()).contains("*:row_count");
        assertThat(trino.run("SELECT count(*) FROM lake.base.person", "citylake").rows().get(0).get(0)).isEqualTo(before);
        PublishGate gate = new PublishGate(spark, "lake");
        assertThat(gate.held()).extracting(Publication::batchId).contains(held.batchId());

        assertThatThrownBy(() -> gate.discard(held.batchId(), "base.person", "steward", " "))
                .hasMessageContaining("A reason is required");
        Publication discarded = gate.discard(held.batchId(), "base.person", "steward", "header-only extract from 公安, asked for a resend");
        assertThat(discarded.status()).isEqualTo(Publication.Status.DISCARDED);
        assertThat(gate.held()).extracting(Publication::batchId).doesNotContain(held.batchId());
        assertThat(trino.run("SELECT count(*) FROM lake.base.person", "citylake").rows().get(0).get(0)).isEqualTo(before);
        assertThat(spark.sql("SELECT status, decided_by, reason FROM lake.governance.publications WHERE batch_id = '" + held.batchId()
                + "' ORDER BY decided_at").collectAsList()).extracting(r -> r.getString(0) + "/" + r.getString(1))
                .containsExactly("held/quality gate", "discarded/steward");
    }

    @Test
    @Order(7)
    void replayAfterAnAllowListFixMovesTheRowFromQuarantineToTheBaseTable() throws Exception {
        // A steward confirms that a code failing the GB 32100 check is a real early pilot code, adds
        // it to the allow-list, and replays: exactly that row leaves quarantine and reaches the base table.
        Row rejected = spark.sql("SELECT o.credit_code, q._line FROM lake.quarantine.legal_entity q JOIN lake.ods.market_registry o "
                + "ON o._batch_id = q._batch_id AND o._source_file = q._source_file AND o._line = q._line "
                + "WHERE q._batch_id = '" + first.batchId() + "' AND array_contains(q.reason_codes, 'bad_check_digit') "
                + "AND size(q.reason_codes) = 1 ORDER BY q._line LIMIT 1").first();
        String code = rejected.getString(0).strip();
        Path conf = work.resolve("conf");
        copyTree(Profile.home().resolve("conf"), conf);
        Files.writeString(conf.resolve("standards/gb32100-allowlist.txt"), "# confirmed pilot code\n" + code + "\n");
        Profile fixed = profile.with(Map.of("conf.dir", conf.toString()));
        org.citylake.catalog.contract.TableContract entity = QuarantineCommand.contract(fixed, "base.legal_entity");
        org.citylake.catalog.dictionary.Dictionaries dictionaries = org.citylake.catalog.dictionary.Dictionaries.load(conf);
        java.time.LocalDate asOf = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        org.citylake.pipelines.job.BaseLibraryLoad load = new org.citylake.pipelines.job.BaseLibraryLoad(spark,
                new org.citylake.warehouse.LakeTables(spark, "lake"), dictionaries, new Progress(System.out),
                BatchPipeline.standardContext(conf, dictionaries, asOf));
        assertThat(load.latestBatch(entity)).contains(first.batchId());
        long before = count("quarantine.legal_entity", first.batchId());

        TableLoadResult replayed = load.replay(entity, first.batchId());
        BatchPipeline.Audited audited = BatchPipeline.audit(spark, "lake",
                org.citylake.quality.QualityRun.inLake(spark, "lake", conf, dictionaries), new PublishGate(spark, "lake"),
                new Progress(System.out), entity, replayed, asOf);

        assertThat(audited.decision().status()).isEqualTo(Publication.Status.PUBLISHED);
        assertThat(replayed.quarantined()).isEqualTo(before - 1);
        assertThat(count("quarantine.legal_entity", first.batchId())).isEqualTo(before - 1);
        assertThat(new TrinoQuery(profile).run("SELECT count(*) FROM lake.base.legal_entity WHERE credit_code = '" + code + "'", "citylake")
                .rows().get(0).get(0)).isEqualTo("1");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    @Order(8)
    void aDeliveryWithTooManyBadRowsFailsTheGateAndLeavesMainUnchanged() throws Exception {
        // Raise the defect rate far above the contract's max_rejected_fraction (15 %): every bad row is
        // quarantined as usual, but the batch itself is held and main keeps the last good places.
        Path noisy = work.resolve("noisy");
        new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(noisy, Profile.home().resolve("conf"))
                .withPersons(400).withSeed(11).withDefectRate(0.5));
        for (String f : List.of("population_registry.csv", "grid_residents.csv", "market_registry.jsonl", "certificates.csv")) {
            Files.delete(noisy.resolve(f));
        }
        TrinoQuery trino = new TrinoQuery(profile);
        String before = trino.run("SELECT count(*) FROM lake.base.place", "citylake").rows().get(0).get(0);

        BatchPipeline.Outcome noisyRun = BatchPipeline.run(profile, spark, noisy, new Progress(System.out));

        assertThat(noisyRun.balanced()).isTrue();
        Publication decision = noisyRun.publications().get(0);
        assertThat(decision.status()).isEqualTo(Publication.Status.HELD);
        assertThat(decision.failedChecks()).containsExactly("*:rejected_fraction");
        assertThat(trino.run("SELECT count(*) FROM lake.base.place", "citylake").rows().get(0).get(0)).isEqualTo(before);
        assertThat(spark.sql("SELECT status FROM lake.governance.quality_results WHERE batch_id = '" + noisyRun.batchId()
                + "' AND rule = 'rejected_fraction'").first().getString(0)).isEqualTo("FAILED");
        new PublishGate(spark, "lake").discard(noisyRun.batchId(), "base.place", "steward", "most rows bad: asked the bureau to resend");
    }

    private long count(String table, String batchId) {
        return spark.sql("SELECT count(*) FROM lake." + table + (batchId == null ? "" : " WHERE _batch_id = '" + batchId + "'")).first().getLong(0);
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).map(l -> {
                try {
                    return json.readTree(l);
                } catch (IOException e) {
                    throw new IllegalStateException(file + ": " + l, e);
                }
            }).toList();
        }
    }
}
